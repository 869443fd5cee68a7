package e2e

import (
	"path/filepath"
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
	e.startDaemon("testdata/library")
	if !h.WaitItem(10 * time.Second) {
		t.Fatalf("the daemon registered no tray icon; log:\n%s", e.log)
	}
	if got := h.Tooltip(); got != "kindly is running" {
		t.Errorf("tooltip %q", got)
	}
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
}

// TestTrayAbsentOrOff: with no tray host the daemon says so once and
// works; with `tray: false` it says nothing and shows no icon.
func TestTrayAbsentOrOff(t *testing.T) {
	t.Run("no host", func(t *testing.T) {
		e := startX(t)
		traytest.PrivateBus(t)
		e.startDaemon("testdata/library")
		x := e.startXterm()
		defer x.close()
		e.typeInto(x, "a ;ty b", "a thank you b")
		if n := strings.Count(e.log.String(), "tray icon: no tray host: nothing on the session bus shows tray icons"); n != 1 {
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
