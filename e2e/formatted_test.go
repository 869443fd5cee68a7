package e2e

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// formattedHome starts the daemon on testdata/formatted with a profile
// whose agent name holds markup: it must arrive as text, never as markup.
func formattedHome(t testing.TB, apps string) *env {
	e := startX(t)
	need(t, "chromium", "xclip", python())
	e.home = filepath.Join(e.dir, "home")
	writeFile(t, filepath.Join(e.home, "config.yml"),
		"profile:\n  agent: \"Sam <b>*Lee*</b>\"\n  help_center: https://help.example.com\n"+apps)
	e.startDaemon("testdata/formatted")
	return e
}

// The plain twin of ;steps, as every field that takes only text must get it.
const stepsTwin = "Hi there,\n\nPlease sign out first, then follow our guide [https://help.example.com/reset]:\n\n" +
	"1. Clear the cache.\n2. Sign in again.\n\nBest,\nSam <b>*Lee*</b>"

// ;steps as the help-desk editor must hold it (Chromium keeps the pasted
// HTML as it is), with what was typed right after the trigger.
const stepsHTML = "<p>Hi there,</p>\n<p>Please <strong>sign out</strong> first, then follow " +
	"<a href=\"https://help.example.com/reset\">our guide</a>:</p>\n<ol>\n<li>Clear the cache.</li>\n<li>Sign in again.</li>\n</ol>\n" +
	"<p>Best,<br>\nSam &lt;b&gt;*Lee*&lt;/b&gt; Thanks</p>"

// A formatted reply reaches a help-desk style editor (contenteditable in a
// real Chromium) as HTML: bold, a link with its address, numbered steps, the
// profile's markup as text; typing goes on right after it; the caret lands
// where the reply puts it; an image reply lands as an image; the HTML the
// user had on the clipboard is back byte for byte. The same replies in a
// <textarea> land as the exact plain twin.
func TestFormattedReplyChromium(t *testing.T) {
	e := formattedHome(t, "")
	b := e.startChromium()
	rich, plain := b.field("rich"), b.field("plain")

	t.Run("help-desk editor gets HTML", func(t *testing.T) {
		e.t = t
		saved := []byte("<meta charset=\"utf-8\"><b>Order 12345</b> — the customer’s <i>words</i>\n")
		setClip := e.command("xclip", "-selection", "clipboard", "-t", "text/html")
		setClip.Stdin = bytes.NewReader(saved)
		if err := setClip.Run(); err != nil {
			t.Fatalf("xclip: %v", err)
		}
		rich.clear()
		e.xdo("type", "--delay", "5", "--", ";steps Thanks")
		b.wait(`document.getElementById("rich").innerText.endsWith(" Thanks")`, 5*time.Second)
		time.Sleep(50 * time.Millisecond) // nothing may arrive late
		if got := rich.html(); got != stepsHTML {
			t.Fatalf("editor HTML:\n got %q\nwant %q", got, stepsHTML)
		}
		var dom struct {
			Bold, Link, Href string
			Steps            []string
			Tags             int
		}
		b.eval(`(() => {
			const r = document.getElementById("rich");
			return {
				Bold: r.querySelector("strong").textContent,
				Link: r.querySelector("a").textContent,
				Href: r.querySelector("a").href,
				Steps: [...r.querySelectorAll("ol > li")].map(li => li.textContent),
				Tags: r.querySelectorAll("b, script, img").length,
			};
		})()`, &dom)
		if dom.Bold != "sign out" || dom.Link != "our guide" || dom.Href != "https://help.example.com/reset" ||
			strings.Join(dom.Steps, "|") != "Clear the cache.|Sign in again." || dom.Tags != 0 {
			t.Errorf("editor DOM: %+v", dom)
		}
		waitFor(t, 3*time.Second, "the user's HTML clipboard back byte for byte", func() bool {
			out, _ := e.command("xclip", "-o", "-selection", "clipboard", "-t", "text/html").Output()
			return bytes.Equal(out, saved)
		})
	})

	t.Run("one paragraph goes in inline", func(t *testing.T) {
		e.t = t
		rich.clear()
		e.xdo("type", "--delay", "5", "--", "Hello ;inline ok")
		b.wait(`document.getElementById("rich").innerText.endsWith("guide. ok")`, 5*time.Second)
		want := "Hello Thanks, <strong>Sam &lt;b&gt;*Lee*&lt;/b&gt;</strong> here: see <a href=\"https://help.example.com/a\">the guide</a>. ok"
		if got := rich.html(); got != want {
			t.Fatalf("editor HTML:\n got %q\nwant %q", got, want)
		}
	})

	t.Run("caret inside a list item", func(t *testing.T) {
		e.t = t
		rich.clear()
		e.xdo("type", "--delay", "5", "--", ";caret")
		b.wait(`document.getElementById("rich").querySelectorAll("li").length === 2`, 5*time.Second)
		e.xdo("type", "--delay", "5", "--", "Billing")
		b.wait(`document.getElementById("rich").innerText.includes("Billing")`, 5*time.Second)
		time.Sleep(50 * time.Millisecond)
		var steps []string
		b.eval(`[...document.querySelectorAll("#rich ol > li")].map(li => li.innerHTML)`, &steps)
		if want := "Open <strong>Settings</strong>.|Choose Billing and save."; strings.Join(steps, "|") != want {
			t.Fatalf("steps %q, want %q (editor HTML %q)", steps, want, rich.html())
		}
	})

	t.Run("image reply lands as an image", func(t *testing.T) {
		e.t = t
		rich.clear()
		e.xdo("type", "--delay", "5", "--", "Logo: ;logo")
		b.wait(`(() => { const i = document.querySelector("#rich img"); return i && i.complete && i.naturalWidth > 0; })()`, 5*time.Second)
		var img struct {
			W, H int
			Text string
		}
		b.eval(`(() => { const i = document.querySelector("#rich img"); return {W: i.naturalWidth, H: i.naturalHeight, Text: document.getElementById("rich").innerText}; })()`, &img)
		if img.W != 23 || img.H != 17 || strings.TrimSpace(img.Text) != "Logo:" {
			t.Errorf("image in the editor: %+v", img)
		}
	})

	t.Run("textarea gets the twin", func(t *testing.T) {
		e.t = t
		e.play(plain, e2eCase{"steps", []step{typed(";steps Thanks", 5)}, stepsTwin + " Thanks"})
		e.play(plain, e2eCase{"caret", []step{typed(";caretBilling", 5)}, "1. Open Settings.\n2. Choose Billing and save."})
	})
	e.t = t
}

// Fields that take only text get the exact twin: xterm, Tk and GTK (a formatted
// reply is offered as HTML and text, and they take the text).
func TestFormattedReplyPlainApps(t *testing.T) {
	e := formattedHome(t, "")
	for _, tg := range []target{e.startXterm(), e.startApp("tk"), e.startApp("gtk")} {
		t.Run(tg.name(), func(t *testing.T) {
			e.t = t
			e.play(tg, e2eCase{"steps", []step{typed(";steps Thanks", 5)}, stepsTwin + " Thanks"})
			e.play(tg, e2eCase{"inline", []step{typed("Hello ;inline ok", 5)},
				"Hello Thanks, Sam <b>*Lee*</b> here: see the guide [https://help.example.com/a]. ok"})
		})
		e.t = t
		tg.close()
	}
}

// An app set `rich: false` gets the twin even in a rich editor (Chromium
// puts each line of pasted text in a <div> of its own, an empty one holding
// a <br>).
func TestFormattedReplyRichFalse(t *testing.T) {
	e := formattedHome(t, "apps:\n  - class: chromium\n    rich: false\n")
	b := e.startChromium()
	rich := b.field("rich")
	rich.clear()
	e.xdo("type", "--delay", "5", "--", ";steps Thanks")
	b.wait(`document.getElementById("rich").innerText.endsWith(" Thanks")`, 5*time.Second)
	var dom struct {
		Text string
		Tags int
	}
	b.eval(`(() => {
		const r = document.getElementById("rich");
		return {Text: [...r.children].map(d => d.textContent).join("\n"), Tags: r.querySelectorAll("strong, a, ol, li").length};
	})()`, &dom)
	if dom.Text != stepsTwin+" Thanks" || dom.Tags != 0 {
		t.Errorf("rich: false editor got %q with %d formatting elements, want the twin; HTML %q", dom.Text, dom.Tags, rich.html())
	}
}

// BenchmarkFormattedReplyChromium measures, in the page's own clock, from
// the last key of the trigger reaching Chromium to the complete formatted
// reply in the editor; and the same for a plain reply of the same text.
// Run it 30 times: go test ./e2e -run '^$' -bench FormattedReplyChromium -benchtime 30x
func BenchmarkFormattedReplyChromium(bm *testing.B) {
	e := formattedHome(bm, "")
	b := e.startChromium()
	rich := b.field("rich")
	for _, c := range []struct{ name, trigger string }{{"markdown", ";steps"}, {"plain", ";plainsteps"}} {
		bm.Run(c.name, func(bm *testing.B) {
			e.t = bm
			var ms []float64
			for i := 0; i < bm.N; i++ {
				rich.clear()
				var ok bool
				b.eval(`(() => { Object.assign(window.kindly, {keyAt: 0, doneAt: 0, lastKey: "s", want: "Sam <b>*Lee*</b>"}); return true; })()`, &ok)
				e.xdo("type", "--delay", "5", "--", c.trigger)
				b.wait(`window.kindly.doneAt > 0`, 5*time.Second)
				var d float64
				b.eval(`window.kindly.doneAt - window.kindly.keyAt`, &d)
				ms = append(ms, d)
				time.Sleep(300 * time.Millisecond) // the clipboard is given back
			}
			sort.Float64s(ms)
			median, p95 := ms[len(ms)/2], ms[min(len(ms)-1, (len(ms)*95+99)/100-1)]
			bm.ReportMetric(median, "median-ms")
			bm.ReportMetric(p95, "p95-ms")
			bm.ReportMetric(0, "ns/op")
			bm.Logf("%s: %d runs, median %.1f ms, p95 %.1f ms, all %s", c.name, len(ms), median, p95, fmt.Sprint(ms))
		})
	}
}
