package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const uiLibrary = `# Team replies, kept by hand. Keep this comment!
snippets:
  # thanks
  - trigger: ";ty"
    label: Thanks
    replace: "thank you"

  # apologies
  - trigger: ";sorry"   # the short one
    label: Sorry
    replace: I'm sorry about the delay.

  - trigger: ";late"
    label: Order late
    tags: [email]
    replace: |-
      Hi {{customer|there}},
      your order is late.
# end
`

// TestUIInChromium drives `kindly ui` in Debian's Chromium (not headless,
// on the test's Xvfb) through the tokened URL: search, add a reply, edit
// one (the lint finding shows before saving; fixed; saved), delete one. After
// each step the library file's bytes are checked and `kindly list` agrees;
// the running daemon expands the added reply in a browser text field without
// a restart. KINDLY_UI_SCREENSHOTS=DIR saves the main screens there (docs/).
func TestUIInChromium(t *testing.T) {
	e := startX(t)
	need(t, "chromium", "yad", "git")
	e.home = filepath.Join(e.dir, "home")
	personal := filepath.Join(e.home, "snippets", "personal.yml")
	writeFile(t, personal, uiLibrary)
	writeFile(t, filepath.Join(e.home, "config.yml"), "profile:\n  agent: Sam\n")
	writeFile(t, filepath.Join(e.home, "stats.json"), `{"version":1,"since":"2026-11-16T09:00:00Z","updated":"2026-11-27T16:00:00Z",
"triggers":{";ty":{"expansions":41,"undone":2,"chars_saved":400,"last_used":"2026-11-27T16:00:00Z"},";late":{"expansions":12,"undone":0,"chars_saved":560,"last_used":"2026-11-26T10:00:00Z"}},
"days":{"2026-11-16":{"expansions":4,"chars_saved":90},"2026-11-17":{"expansions":7,"chars_saved":160},"2026-11-18":{"expansions":5,"chars_saved":120},
"2026-11-19":{"expansions":9,"chars_saved":210},"2026-11-20":{"expansions":3,"chars_saved":60},"2026-11-23":{"expansions":8,"chars_saved":190},
"2026-11-24":{"expansions":6,"chars_saved":130},"2026-11-25":{"expansions":10,"chars_saved":250},"2026-11-26":{"expansions":5,"chars_saved":120},"2026-11-27":{"expansions":4,"chars_saved":100}}}`)
	e.startDaemonIn(e.home)

	// kindly ui --no-open: the URL is the first line of standard output.
	ui := e.command(e.bin, "ui", "--no-open")
	stdout, err := ui.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	ui.Stderr = e.log
	if err := ui.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.Process.Kill(); ui.Wait() })
	url, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.Contains(url, "/?token=") {
		t.Fatalf("first line of kindly ui --no-open: %q %v", url, err)
	}
	url = strings.TrimSpace(url)

	t.Setenv("DISPLAY", e.display) // Chromium's own check; its environment gets it below too
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()),
		chromedp.VisibleWindow, // a real window on the test's Xvfb, not headless
		chromedp.NoSandbox,     // the tests may run as root // the tests may run as root
		chromedp.UserDataDir(filepath.Join(e.dir, "chromium")),
		chromedp.WindowSize(1400, 1020),
		chromedp.Env("DISPLAY="+e.display),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()
	run := func(what string, as ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, as...); err != nil {
			t.Fatalf("%s: %v\ndaemon and ui log:\n%s", what, err, e.log)
		}
	}
	poll := func(what, expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("%s: %v\ndaemon and ui log:\n%s", what, err, e.log)
		}
	}
	shots := os.Getenv("KINDLY_UI_SCREENSHOTS")
	shot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		run("scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		time.Sleep(300 * time.Millisecond)
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	listed := func() []string {
		t.Helper()
		out, err := e.kindly("list", "--json")
		if err != nil {
			t.Fatalf("kindly list: %v %s", err, out)
		}
		var entries []struct {
			Triggers []string `json:"triggers"`
			File     string   `json:"file"`
		}
		if err := jsonUnmarshal(out, &entries); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, x := range entries {
			got = append(got, strings.Join(x.Triggers, ",")+"@"+x.File)
		}
		sort.Strings(got)
		return got
	}
	file := func(want string) {
		t.Helper()
		b, err := os.ReadFile(personal)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Fatalf("personal.yml:\n%s\nwant:\n%s", b, want)
		}
	}
	waitText := func(sel, want string) {
		t.Helper()
		defer func() {
			if t.Failed() {
				msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("msg").textContent`))
				t.Logf("the page says: %q", msg)
			}
		}()
		poll("wait for "+sel+" to say "+want, `document.querySelector(`+jsString(sel)+`) && document.querySelector(`+jsString(sel)+`).textContent.includes(`+jsString(want)+`)`)
	}
	setValue := func(sel, value string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector(` + jsString(sel) + `); e.value = ` + jsString(value) +
			`; e.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	}

	// The tokened URL opens the manager and sets the cookie; every reply listed.
	run("open", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#list li[data-trigger=";late"]`)))
	waitText("#list-title", "All replies · 3")
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(loc, "token") {
		t.Errorf("the token stays in the address bar: %s", loc)
	}

	// Search as you type: the same ranking as kindly search.
	run("search", chromedp.SendKeys(chromedp.CSS("#search"), "late"))
	out, _ := e.kindly("search", "late")
	n := len(strings.Split(strings.TrimSpace(out), "\n")) - 1 // TSV header
	waitText("#list-title", "Matching “late”")
	poll("the results", `document.querySelectorAll("#list li").length == `+strconv.Itoa(n))
	first, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#list li"), "data-trigger"))
	if err != nil || first.Value != ";late" {
		t.Errorf("first result %q", first.Value)
	}
	run("open ;late", chromedp.Click(chromedp.CSS(`#list li[data-trigger=";late"]`)))
	waitText("#preview", "Hi there,\nyour order is late.")
	shot("ui-search.png")
	run("clear the search", setValue("#search", ""))
	waitText("#list-title", "All replies · 3")

	// Add a reply with a profile value: preview filled, no finding, saved.
	run("new", chromedp.Click(chromedp.CSS("#new")), setValue("#f-triggers", ";thx"), setValue("#f-label", "Thanks with my name"),
		setValue("#f-replace", "Hi {{customer|there}}, thanks! – {{agent}}"))
	waitText("#preview", "Hi there, thanks! – Sam")
	waitText("#findings", "none: ready to save")
	run("save", chromedp.Click(chromedp.CSS("#save")))
	waitText("#msg", "added ;thx to snippets/personal.yml")
	afterAdd := strings.Replace(uiLibrary, "# end\n", "  - trigger: \";thx\"\n    label: Thanks with my name\n    replace: Hi {{customer|there}}, thanks! – {{agent}}\n# end\n", 1)
	file(afterAdd)
	if got, want := listed(), []string{";late@snippets/personal.yml", ";sorry@snippets/personal.yml", ";thx@snippets/personal.yml", ";ty@snippets/personal.yml"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("kindly list after adding: %v", got)
	}

	// Edit ;ty: the lint finding shows before saving; fixed; saved.
	run("edit ;ty", chromedp.Click(chromedp.CSS(`#list li[data-trigger=";ty"]`)))
	waitText("#editor-title", "Edit ;ty")
	run("a blaming reply", setValue("#f-replace", "Hello, as I said before, restart it."))
	waitText(`#findings li[data-rule="tone-blame"]`, `blaming phrase "as I said"`)
	file(afterAdd) // nothing saved yet
	shot("ui-editor-lint.png")
	run("fix it", setValue("#f-replace", "Thank you so much, {{customer|there}}!"))
	waitText("#findings", "none: ready to save")
	run("save the edit", chromedp.Click(chromedp.CSS("#save")))
	waitText("#msg", "saved ;ty in snippets/personal.yml")
	afterEdit := strings.Replace(afterAdd, "    replace: \"thank you\"\n", "    replace: Thank you so much, {{customer|there}}!\n", 1)
	file(afterEdit)

	// Delete ;sorry (two clicks), its comment lines with it.
	run("delete ;sorry", chromedp.Click(chromedp.CSS(`#list li[data-trigger=";sorry"]`)))
	waitText("#editor-title", "Edit ;sorry")
	run("delete", chromedp.Click(chromedp.CSS("#delete")))
	waitText("#delete", "Really delete?")
	file(afterEdit)
	run("really", chromedp.Click(chromedp.CSS("#delete")))
	waitText("#msg", "removed ;sorry")
	afterDelete := strings.Replace(afterEdit, "  # apologies\n  - trigger: \";sorry\"   # the short one\n    label: Sorry\n    replace: I'm sorry about the delay.\n\n", "", 1)
	file(afterDelete)
	if got, want := listed(), []string{";late@snippets/personal.yml", ";thx@snippets/personal.yml", ";ty@snippets/personal.yml"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("kindly list after deleting: %v", got)
	}
	waitText("#list-title", "All replies · 3")

	// Pause and resume the running daemon from the page.
	waitText("#daemon-state", "running")
	run("pause", chromedp.Click(chromedp.CSS("#pause")))
	waitText("#daemon-state", "paused")
	if out, _ := e.kindly("status"); !strings.Contains(out, "paused") {
		t.Errorf("kindly status after Pause in the page:\n%s", out)
	}
	waitText("#pause", "Resume")
	run("resume", chromedp.Click(chromedp.CSS("#pause")))
	waitText("#daemon-state", "running")
	if out, _ := e.kindly("status"); strings.Contains(out, "paused") {
		t.Errorf("kindly status after Resume in the page:\n%s", out)
	}

	// Team packs: add one by its git address, look at an update's diff, install it.
	src := filepath.Join(e.dir, "acme-pack")
	gitIn := func(args ...string) {
		t.Helper()
		c := exec.Command("git", args...)
		c.Dir = src
		c.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=Lead",
			"GIT_AUTHOR_EMAIL=lead@example.com", "GIT_COMMITTER_NAME=Lead", "GIT_COMMITTER_EMAIL=lead@example.com")
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	writeFile(t, filepath.Join(src, "pack.yml"), "name: acme\ntitle: Acme support\ndescription: Replies the whole Acme team shares\nversion: 1.0.0\n")
	writeFile(t, filepath.Join(src, "snippets", "replies.yml"), "snippets:\n  - trigger: \";refund\"\n    label: Refund issued\n"+
		"    replace: Hi {{customer|there}}, your refund is on its way. – {{agent}}\n  - trigger: \";promo\"\n    replace: Use code THANKS10 for 10% off.\n")
	gitIn("init", "-q", "-b", "main")
	gitIn("add", "-A")
	gitIn("commit", "-qm", "v1")
	run("packs", chromedp.Click(chromedp.CSS(`nav [data-view="packs"]`)), setValue("#pack-source", src),
		chromedp.Click(chromedp.CSS("#pack-add")))
	waitText("#msg", "added acme (2 replies)")
	waitText("#packs", "Replies the whole Acme team shares")
	writeFile(t, filepath.Join(src, "snippets", "replies.yml"), "snippets:\n  - trigger: \";refund\"\n    label: Refund issued\n"+
		"    replace: Hi {{customer|there}}, your refund is on its way and shows within 5 days. – {{agent}}\n  - trigger: \";vip\"\n    replace: Thank you for being with us for so long!\n")
	gitIn("add", "-A")
	gitIn("commit", "-qm", "v2")
	run("check for update", chromedp.Click(chromedp.CSS("#packs button")))
	waitText("#pack-diff-title", "3 replies change")
	waitText("#pack-changes", "removed ;promo")
	shot("ui-packs.png")
	if out, _ := e.kindly("list", "--json"); strings.Contains(out, ";vip") {
		t.Fatal("the update was installed before Install was pressed")
	}
	run("install", chromedp.Click(chromedp.CSS("#pack-apply")))
	waitText("#msg", "acme is now at")
	if out, _ := e.kindly("list", "--json"); !strings.Contains(out, `"pack": "acme"`) || !strings.Contains(out, ";vip") {
		t.Fatalf("kindly list after installing the update:\n%s", out)
	}

	run("stats", chromedp.Click(chromedp.CSS(`nav [data-view="stats"]`)))
	waitText("#stats-summary", "53 replies used since 2026-11-16")
	shot("ui-stats.png")
	poll("ten days charted", `document.querySelectorAll("#chart rect").length == 10`)
	run("per week, minutes", chromedp.Click(chromedp.CSS("#per-week")), chromedp.Click(chromedp.CSS("#show-minutes")))
	poll("two weeks charted", `document.querySelectorAll("#chart rect").length == 2 && document.querySelector("#chart rect title").textContent == "2026-W47: 28 replies, 3.2 minutes saved"`)
	run("profile", chromedp.Click(chromedp.CSS(`nav [data-view="profile"]`)), chromedp.WaitVisible(chromedp.CSS("#profile input")))
	shot("ui-profile.png")

	// Settings: the tray icon switched off, config.yml keeps the rest.
	run("settings", chromedp.Click(chromedp.CSS(`nav [data-view="settings"]`)), chromedp.WaitVisible(chromedp.CSS("#set-tray")),
		chromedp.Click(chromedp.CSS("#set-tray")), chromedp.Click(chromedp.CSS(`#settings button[data-key="tray"]`)))
	waitText("#msg", "saved tray: false")
	run("a per-app rule", setValue("#app-class", "keepassxc"), chromedp.Click(chromedp.CSS("#app-off")),
		chromedp.Click(chromedp.CSS("#app-add")))
	waitText("#msg", "added the rule")
	waitText("#apps", "class keepassxc")
	if b, _ := os.ReadFile(filepath.Join(e.home, "config.yml")); string(b) != "profile:\n  agent: Sam\ntray: false\napps:\n  - class: keepassxc\n    off: true\n" {
		t.Errorf("config.yml after the settings page:\n%s", b)
	}
	shot("ui-settings.png")

	// The running daemon expands the new reply, fill-in asked, in a browser
	// text field.
	run("a text field", chromedp.Navigate(`data:text/html,<title>field</title><textarea id="t" rows="5" cols="60"></textarea>`),
		chromedp.WaitVisible(chromedp.CSS("#t")), chromedp.Click(chromedp.CSS("#t")))
	wid := e.waitWindow("--name", "field")
	e.focus(wid)
	run("click the field", chromedp.Click(chromedp.CSS("#t")))
	e.xdo("type", "--delay", "20", "--", "Hello! ;thx")
	e.dialog(";thx", press("ctrl+a"), typed("Maria", 0), press("Return"))
	poll("the expansion", `document.getElementById("t").value == "Hello! Hi Maria, thanks! – Sam"`)
	time.Sleep(300 * time.Millisecond) // the focus is back in Chromium
	e.xdo("type", "--delay", "20", "--", " ok")
	poll("typing goes on", `document.getElementById("t").value == "Hello! Hi Maria, thanks! – Sam ok"`)
}

func chromiumPath() string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "chromium"
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestUILauncherFileInChromium: without --no-open, kindly ui hands the
// browser a private file:// page leading to the one-time address (the secret
// is on no command line). In Chromium that cross-site start still ends on the
// manager with its session cookie working, and the file is gone.
func TestUILauncherFileInChromium(t *testing.T) {
	e := startX(t)
	need(t, "chromium")
	e.home = filepath.Join(e.dir, "home")
	writeFile(t, filepath.Join(e.home, "snippets", "personal.yml"), uiLibrary)
	// The default browser for web pages (mimeapps.list): keeps the file it
	// is asked to open, which the test then opens in Chromium.
	opened := filepath.Join(e.dir, "opened")
	browser := filepath.Join(e.dir, "browser")
	writeFile(t, browser, "#!/bin/sh\ncp \"$1\" "+opened+".html; echo \"$1\" > "+opened+".tmp; mv "+opened+".tmp "+opened+"\n")
	os.Chmod(browser, 0o755)
	xdg := filepath.Join(e.dir, "xdg")
	writeFile(t, filepath.Join(xdg, "config", "mimeapps.list"), "[Default Applications]\ntext/html=kindly-test-browser.desktop\n")
	writeFile(t, filepath.Join(xdg, "data", "applications", "kindly-test-browser.desktop"),
		"[Desktop Entry]\nType=Application\nName=Test browser\nExec="+browser+" %f\nMimeType=text/html;\n")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(xdg, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(xdg, "data"))

	ui := e.command(e.bin, "ui")
	ui.Stdout, ui.Stderr = e.log, e.log
	if err := ui.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.Process.Kill(); ui.Wait() })
	waitFor(t, 10*time.Second, "the browser opened", func() bool {
		_, err := os.Stat(opened)
		return err == nil
	})
	arg, _ := os.ReadFile(opened)
	if strings.Contains(string(arg), "token") {
		t.Fatalf("the secret is on the browser's command line: %s", arg)
	}

	t.Setenv("DISPLAY", e.display)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromiumPath()), chromedp.VisibleWindow,
		chromedp.NoSandbox, chromedp.UserDataDir(filepath.Join(e.dir, "chromium")), chromedp.Env("DISPLAY="+e.display))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	// The copy the stand-in browser kept (the original is removed once used).
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+opened+".html"),
		chromedp.WaitVisible(chromedp.CSS(`#list li[data-trigger=";late"]`))); err != nil {
		t.Fatalf("the manager did not open from the launcher file: %v\n%s", err, e.log)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || strings.Contains(loc, "token") || !strings.HasPrefix(loc, "http://127.0.0.1:") {
		t.Errorf("location %q %v", loc, err)
	}
	// The session works for the API too (a same-origin fetch with the cookie).
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/api/snippets").then(r => r.json()).then(a => a.length)`, chromedp.EvalAwaitPromise))
	if err != nil || n != 3 {
		t.Errorf("GET /api/snippets from the page: %d %v", n, err)
	}
	if _, err := os.Stat(strings.TrimSpace(string(arg))); !os.IsNotExist(err) {
		t.Errorf("the launcher file outlived its use: %v", err)
	}
}
