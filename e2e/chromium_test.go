package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdptarget "github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// browser is a real, non-headless Chromium on the test's Xvfb display
// (headless Chromium keeps a private clipboard), showing
// testdata/editor.html: a contenteditable editor like a help desk's and a
// plain <textarea>. The test reads their content through the DevTools
// protocol (chromedp); everything it types goes through X like a user's.
type browser struct {
	e      *env
	cmd    *exec.Cmd
	ctx    context.Context
	cancel func()
	wid    string
}

func (e *env) startChromium() *browser {
	e.t.Helper()
	need(e.t, "chromium")
	dir := filepath.Join(e.dir, "chromium")
	page, _ := filepath.Abs("testdata/editor.html")
	b := &browser{e: e}
	b.cmd = e.command("chromium", "--no-sandbox", "--user-data-dir="+dir, "--no-first-run",
		"--no-default-browser-check", "--disable-gpu", "--disable-dev-shm-usage", "--password-store=basic",
		"--disable-features=Translate,MediaRouter", "--disable-background-networking", "--disable-sync",
		"--remote-debugging-port=0", "--remote-allow-origins=*", "--window-position=0,0", "--window-size=1000,900",
		"file://"+page)
	if err := b.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(b.close)
	// Chromium writes the port it listens on into its profile folder.
	var port, path string
	deadline := time.Now().Add(30 * time.Second)
	for {
		data, err := os.ReadFile(filepath.Join(dir, "DevToolsActivePort"))
		if lines := strings.Split(string(data), "\n"); err == nil && len(lines) >= 2 && lines[1] != "" {
			port, path = lines[0], lines[1]
			break
		}
		if time.Now().After(deadline) {
			e.t.Fatal("chromium did not open its DevTools port within 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	id := pageTarget(e.t, port)
	alloc, cancelAlloc := remote.NewAllocator(context.Background(), "ws://127.0.0.1:"+port+path)
	ctx, cancelCtx := chromedp.NewContext(alloc, chromedp.WithTargetID(cdptarget.ID(id)))
	b.ctx, b.cancel = ctx, func() { cancelCtx(); cancelAlloc() }
	// The first Run attaches to the page for the life of ctx (a context
	// with a timeout here would detach, and close the page, when it ends).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("true")); err != nil {
		e.t.Fatalf("attach to chromium: %v", err)
	}
	b.wait(`document.readyState === "complete" && !!document.getElementById("rich")`, 15*time.Second)
	// Chromium may map its window more than once while it starts: take
	// the one that accepts the focus.
	deadline = time.Now().Add(15 * time.Second)
	for {
		b.wid = e.waitWindow("--name", "kindly e2e editor")
		if e.command("xdotool", "windowfocus", "--sync", b.wid).Run() == nil {
			break
		}
		if time.Now().After(deadline) {
			e.t.Fatal("chromium's window does not take the focus")
		}
		time.Sleep(100 * time.Millisecond)
	}
	return b
}

// pageTarget finds the editor page among Chromium's DevTools targets.
func pageTarget(t testing.TB, port string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get("http://127.0.0.1:" + port + "/json/list")
		if err == nil {
			var ts []struct{ ID, Type, URL string }
			json.NewDecoder(resp.Body).Decode(&ts)
			resp.Body.Close()
			for _, tg := range ts {
				if tg.Type == "page" && strings.HasSuffix(tg.URL, "editor.html") {
					return tg.ID
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no editor page among chromium's targets: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *browser) close() {
	if b.cancel != nil {
		b.cancel()
	}
	if b.cmd != nil && b.cmd.Process != nil {
		b.cmd.Process.Kill()
		b.cmd.Wait()
		b.cmd = nil
	}
}

// eval runs JavaScript in the page and stores its result in out.
func (b *browser) eval(js string, out any) {
	b.e.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js))
	if err == nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		b.e.t.Fatalf("chromium: %s: %v", js, err)
	}
}

// wait polls a JavaScript condition until it holds.
func (b *browser) wait(cond string, within time.Duration) {
	b.e.t.Helper()
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.e.t.Fatalf("chromium: %s did not hold within %s (%v)", cond, within, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// field is one of the page's two fields as a target for the shared cases.
type field struct {
	b  *browser
	id string // "rich" or "plain"
}

func (b *browser) field(id string) *field { return &field{b: b, id: id} }

func (f *field) name() string { return "chromium " + f.id }
func (f *field) clear() {
	f.b.e.focus(f.b.wid)
	var ok bool
	f.b.eval(fmt.Sprintf(`(() => {
		const el = document.getElementById(%q);
		if (el.tagName === "TEXTAREA") el.value = ""; else el.innerHTML = "";
		el.focus();
		return document.activeElement === el;
	})()`, f.id), &ok)
	if !ok {
		f.b.e.t.Fatalf("could not focus #%s", f.id)
	}
}

// text is the field's text: a textarea's value, the editor's innerText.
func (f *field) text() string {
	var s string
	f.b.eval(fmt.Sprintf(`(() => { const el = document.getElementById(%q); return el.tagName === "TEXTAREA" ? el.value : el.innerText; })()`, f.id), &s)
	return s
}

// html is the editor's content as Chromium serialises it.
func (f *field) html() string {
	var s string
	f.b.eval(fmt.Sprintf(`document.getElementById(%q).innerHTML`, f.id), &s)
	return s
}
func (f *field) finish() string { return "" }
func (f *field) close()         {}
