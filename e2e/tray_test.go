package e2e

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/tray"
	"github.com/kindly-support/kindly/tray/traytest"
)

// TestTrayPausesTheDaemon: `kindly run` on a private session bus with a
// stand-in tray host registers its icon; the menu's pause item pauses the
// daemon (status, icon, and no expansion), resume resumes it.
func TestTrayPausesTheDaemon(t *testing.T) {
	e := startX(t)
	addr := traytest.PrivateBus(t)
	h := traytest.NewHost(t, addr)
	// The default browser, as xdg-open finds it: a desktop entry set as the
	// handler of web pages in mimeapps.list (the freedesktop way). It keeps
	// what it was asked to open.
	opened := filepath.Join(e.dir, "opened")
	browser := filepath.Join(e.dir, "browser")
	writeFile(t, browser, "#!/bin/sh\necho \"$1\" > "+opened+".tmp; cp \"$1\" "+opened+".page; mv "+opened+".tmp "+opened+"\n")
	os.Chmod(browser, 0o755)
	xdg := filepath.Join(e.dir, "xdg")
	writeFile(t, filepath.Join(xdg, "config", "mimeapps.list"), "[Default Applications]\n"+
		"text/html=kindly-test-browser.desktop\nx-scheme-handler/http=kindly-test-browser.desktop\n")
	writeFile(t, filepath.Join(xdg, "data", "applications", "kindly-test-browser.desktop"),
		"[Desktop Entry]\nType=Application\nName=Test browser\nExec="+browser+" %f\nMimeType=text/html;x-scheme-handler/http;\n")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(xdg, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(xdg, "data"))
	e.startDaemon("testdata/library")
	if !h.WaitItem(10 * time.Second) {
		t.Fatalf("the daemon registered no tray icon; log:\n%s", e.log)
	}
	// A tray host reads the tooltip again when the item signals a new one:
	// it may be set just after the item registered.
	waitFor(t, 5*time.Second, "the running tooltip", func() bool { return h.Tooltip() == "kindly is running" })
	x := e.startXterm()
	defer x.close()
	e.typeInto(x, "a ;ty b", "a thank you b")

	h.Click(tray.LabelPause)
	waitFor(t, 5*time.Second, "paused by the tray", func() bool {
		out, _ := e.kindly("status")
		return strings.Contains(out, "paused")
	})
	if got := h.Tooltip(); got != "kindly is paused: replies do not expand" {
		t.Errorf("tooltip when paused %q", got)
	}
	if !strings.Contains(e.log.String(), "paused (tray icon)") {
		t.Errorf("log:\n%s", e.log)
	}
	e.typeInto(x, "c ;ty d", "c ;ty d")

	h.Click(tray.LabelResume)
	waitFor(t, 5*time.Second, "resumed by the tray", func() bool {
		out, _ := e.kindly("status")
		return !strings.Contains(out, "paused")
	})
	e.typeInto(x, "e ;ty f", "e thank you f")

	// `kindly pause` shows on the icon too.
	if out, err := e.kindly("pause"); err != nil {
		t.Fatalf("kindly pause: %v %s", err, out)
	}
	waitFor(t, 5*time.Second, "the icon follows kindly pause", func() bool {
		return h.Tooltip() == "kindly is paused: replies do not expand"
	})

	// "Open the reply manager" starts kindly ui, which opens the browser on a
	// private launcher file leading to its one-time address (the secret is on
	// no command line); the page answers there.
	h.Click(tray.LabelManager)
	var arg string
	waitFor(t, 10*time.Second, "the browser opened", func() bool {
		b, err := os.ReadFile(opened)
		arg = strings.TrimSpace(string(b))
		return err == nil && arg != ""
	})
	if strings.Contains(arg, "token") || !strings.HasSuffix(arg, "open-kindly.html") {
		t.Fatalf("the browser was asked to open %q", arg)
	}
	page, _ := os.ReadFile(opened + ".page")
	m := regexp.MustCompile(`content="0;url=(http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("launcher page:\n%s", page)
	}
	url := string(m[1])
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	base := strings.SplitN(url, "/?", 2)[0]
	res, err = c.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `<script src="app.js" defer></script>`) {
		t.Fatalf("the manager's page: %d %s", res.StatusCode, body)
	}
	if _, err := os.Stat(arg); !os.IsNotExist(err) {
		t.Errorf("the launcher file outlived its use: %v", err)
	}
	if res, err := c.Post(base+"/api/quit", "application/json", nil); err != nil || res.StatusCode != 200 {
		t.Errorf("quit the manager: %v %v", err, res)
	}

	// "Quit kindly" stops the daemon.
	h.Click(tray.LabelQuit)
	waitFor(t, 5*time.Second, "the daemon stopped", func() bool {
		_, err := e.kindly("status")
		return err != nil
	})
	if !strings.Contains(e.log.String(), "stopping (tray icon)") {
		t.Errorf("log:\n%s", e.log)
	}
}

// TestTrayAbsentOrOff: with no tray host the daemon says so once, works,
// and shows the icon once a host starts; without a session bus it says so
// once; with `tray: false` it says nothing and shows no icon.
func TestTrayAbsentOrOff(t *testing.T) {
	t.Run("no host yet", func(t *testing.T) {
		e := startX(t)
		addr := traytest.PrivateBus(t)
		e.startDaemon("testdata/library")
		x := e.startXterm()
		defer x.close()
		e.typeInto(x, "a ;ty b", "a thank you b")
		if n := strings.Count(e.log.String(), "tray icon: no tray host yet: nothing on the session bus shows tray icons"); n != 1 {
			t.Errorf("said %d times; log:\n%s", n, e.log)
		}
		// The panel starts after kindly (at login): the icon appears.
		h := traytest.NewHost(t, addr)
		if !h.WaitItem(10 * time.Second) {
			t.Fatalf("no icon once a tray host started; log:\n%s", e.log)
		}
		waitFor(t, 5*time.Second, "the running tooltip", func() bool { return h.Tooltip() == "kindly is running" })
		h.Click(tray.LabelPause)
		waitFor(t, 5*time.Second, "paused by the late icon", func() bool {
			out, _ := e.kindly("status")
			return strings.Contains(out, "paused")
		})
	})
	t.Run("no session bus", func(t *testing.T) {
		e := startX(t)
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
		t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
		e.startDaemon("testdata/library")
		x := e.startXterm()
		defer x.close()
		e.typeInto(x, "a ;ty b", "a thank you b")
		if n := strings.Count(e.log.String(), "tray icon: no tray host: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); kindly runs without it"); n != 1 {
			t.Errorf("said %d times; log:\n%s", n, e.log)
		}
	})
	t.Run("tray: false", func(t *testing.T) {
		e := startX(t)
		h := traytest.NewHost(t, traytest.PrivateBus(t))
		e.home = filepath.Join(e.dir, "home")
		writeFile(t, filepath.Join(e.home, "config.yml"), "tray: false\n")
		e.startDaemon("testdata/library")
		if h.WaitItem(time.Second) {
			t.Error("an icon registered with tray: false")
		}
		if strings.Contains(e.log.String(), "tray icon") {
			t.Errorf("log mentions the tray:\n%s", e.log)
		}
	})
}
