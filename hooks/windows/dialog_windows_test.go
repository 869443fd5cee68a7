//go:build windows

package windows

import (
	"testing"
	"time"
	"unsafe"

	"github.com/kindly-support/kindly/hooks"
)

// pointAt clicks the first field of the dialog. Under Xvfb there is no
// window manager to give wine's foreground window the X keyboard focus
// (wine asks the window manager for it), so the test does what the window
// manager would, once wine has the dialog in front.
func pointAt(ty *typist, hwnd uintptr) {
	v, ok := dialogs.Load(hwnd)
	if !ok {
		ty.t.Fatalf("window %x is no kindly dialog", hwnd)
	}
	var r struct{ l, t, r, b int32 }
	procGetWindowRect.Call(v.(*dialog).ctrls[0], uintptr(unsafe.Pointer(&r)))
	ty.click(int(r.l+r.r)/2, int(r.t+r.b)/2)
}

func TestDialogAnswers(t *testing.T) {
	ty := newTypist(t)
	b, _ := openBackend(t)
	n := startNotepad(t)
	n.clear(ty)
	fields := []hooks.Field{
		{Name: "name", Label: "Customer name"},
		{Name: "plan", Label: "Plan", Choices: []string{"Basic", "Pro", "Team"}, Default: "Basic"},
		{Name: "note", Label: "Note", Multiline: true},
		{Name: "refund", Label: "Offer a refund", Check: true},
	}
	type res struct {
		a   hooks.Answer
		err error
	}
	done := make(chan res, 1)
	go func() {
		a, err := b.Ask("kindly: fill in", fields)
		done <- res{a, err}
	}()
	// The dialog must take the keyboard by itself.
	deadline := time.Now().Add(5 * time.Second)
	for className(foregroundWindow()) != dialogClassName {
		if time.Now().After(deadline) {
			t.Fatalf("the dialog did not come to the front (foreground: %q)", className(foregroundWindow()))
		}
		time.Sleep(20 * time.Millisecond)
	}
	pointAt(ty, foregroundWindow())
	time.Sleep(100 * time.Millisecond)
	ty.typeText("Ada Lovelace", 0)
	ty.key("Tab")
	ty.key("Down") // Pro
	ty.key("Tab")
	ty.typeText("line one\nline two", 0)
	ty.key("Tab")
	ty.typeText(" ", 0) // tick
	ty.key("Return")
	var r res
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the dialog did not close on Enter")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := map[string]string{"name": "Ada Lovelace", "plan": "Pro", "note": "line one\nline two", "refund": "true"}
	if !r.a.OK {
		t.Fatalf("the dialog was cancelled")
	}
	for k, v := range want {
		if r.a.Values[k] != v {
			t.Errorf("%s = %q, want %q", k, r.a.Values[k], v)
		}
	}
	// The focus is back in notepad.
	deadline = time.Now().Add(3 * time.Second)
	for foregroundWindow() != n.hwnd {
		if time.Now().After(deadline) {
			t.Fatalf("the focus did not go back to notepad")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestDialogEscCancels(t *testing.T) {
	ty := newTypist(t)
	b, _ := openBackend(t)
	done := make(chan hooks.Answer, 1)
	go func() {
		a, _ := b.Ask("kindly: fill in", []hooks.Field{{Name: "x"}})
		done <- a
	}()
	deadline := time.Now().Add(5 * time.Second)
	for className(foregroundWindow()) != dialogClassName {
		if time.Now().After(deadline) {
			t.Fatal("the dialog did not come to the front")
		}
		time.Sleep(20 * time.Millisecond)
	}
	dlg := foregroundWindow()
	pointAt(ty, dlg)
	ty.typeText("abc", 0)
	// The keys reach the dialog's field (else the click came too early:
	// click again).
	v, _ := dialogs.Load(dlg)
	field := v.(*dialog).ctrls[0]
	for i := 0; windowText(field) != "abc"; i++ {
		if i == 3 {
			t.Fatalf("typing does not reach the dialog: its field has %q", windowText(field))
		}
		time.Sleep(300 * time.Millisecond)
		if windowText(field) == "abc" {
			break
		}
		sendMessage(field, wmSetText, 0, uintptr(unsafe.Pointer(&[]uint16{0}[0])))
		pointAt(ty, dlg)
		ty.typeText("abc", 0)
	}
	ty.key("Escape")
	select {
	case a := <-done:
		if a.OK {
			t.Errorf("Esc answered %v", a.Values)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Esc did not close the dialog")
	}
}
