//go:build linux

package tray

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/tray/traytest"
)

// TestTrayOnAPrivateBus: with no tray host Start says so; with a stand-in
// StatusNotifierWatcher the item registers, its menu shows the state, and
// clicking its entries runs the callbacks.
func TestTrayOnAPrivateBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if _, err := Start(Callbacks{}, false); !errors.Is(err, ErrNoHost) || !strings.Contains(err.Error(), "no D-Bus session bus") {
		t.Fatalf("Start without a session bus: %v", err)
	}
	addr := traytest.PrivateBus(t)
	calls := make(chan string, 8)
	cb := Callbacks{
		Pause: func() { calls <- "pause" }, Resume: func() { calls <- "resume" },
		Search: func() { calls <- "search" }, OpenManager: func() { calls <- "manager" }, Quit: func() { calls <- "quit" },
	}
	// No tray host yet (a panel that starts after kindly): Start says so and
	// the icon appears when one starts.
	tr, err := Start(cb, false)
	if !errors.Is(err, ErrNoHost) || tr == nil ||
		!strings.Contains(err.Error(), "no tray host yet: nothing on the session bus shows tray icons") ||
		!strings.Contains(err.Error(), "the icon appears when one starts") {
		t.Fatalf("Start without a tray host: %v", err)
	}
	defer tr.Close()
	tr.SetPaused(true) // before it is shown: remembered
	tr.SetPaused(false)

	h := traytest.NewHost(t, addr)
	if !h.WaitItem(10 * time.Second) {
		t.Fatal("no item registered with the watcher")
	}
	if h.Path != "/StatusNotifierItem" {
		t.Errorf("registered %s %s", h.Sender, h.Path)
	}
	// A host reads the tooltip again on NewToolTip: it may come just after
	// the item registered.
	for deadline := time.Now().Add(5 * time.Second); h.Tooltip() != "kindly is running"; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("tooltip %q", h.Tooltip())
		}
	}
	ids, enabled := h.Menu()
	for _, l := range []string{"kindly is running", LabelPause, LabelSearch, LabelManager, LabelQuit} {
		if _, ok := ids[l]; !ok {
			t.Errorf("menu lacks %q: %v", l, ids)
		}
	}
	if enabled["kindly is running"] {
		t.Error("the status line is clickable")
	}
	want := func(what string) {
		t.Helper()
		select {
		case got := <-calls:
			if got != what {
				t.Fatalf("callback %q, want %q", got, what)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %s callback", what)
		}
	}
	h.Click(LabelPause)
	want("pause")
	running := fmt.Sprint(h.Prop("IconPixmap").Value())
	tr.SetPaused(true) // the daemon confirms
	if paused := fmt.Sprint(h.Prop("IconPixmap").Value()); paused == running || len(paused) < 1000 {
		t.Error("the icon does not change when paused")
	}
	if got := h.Tooltip(); got != "kindly is paused: replies do not expand" {
		t.Errorf("tooltip when paused %q", got)
	}
	ids, _ = h.Menu()
	if _, ok := ids[LabelPause]; ok {
		t.Errorf("paused, the menu still offers %q", LabelPause)
	}
	h.Click(LabelResume)
	want("resume")
	tr.SetPaused(false)
	h.Click(LabelPause)
	want("pause")
	h.Click(LabelSearch)
	want("search")
	h.Click(LabelManager)
	want("manager")
	h.Click(LabelQuit)
	want("quit")
}
