package e2e

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

const (
	clipText = "the customer's order number 12345"
	clipHTML = "<p>the customer's <b>order</b> number 12345</p>"
)

// clipSetter is python's Tk owning the CLIPBOARD with text and HTML, as a
// browser does after a copy. It runs until killed.
const clipSetter = `import sys, tkinter
root = tkinter.Tk()
root.withdraw()
root.clipboard_clear()
root.clipboard_append(sys.argv[1], type='UTF8_STRING')
root.clipboard_append(sys.argv[2], type='text/html')
root.update()
print("ready", flush=True)
root.mainloop()
`

// copyTextAndHTML puts text and HTML on the clipboard and returns the
// process serving it.
func (e *env) copyTextAndHTML(t *testing.T) *exec.Cmd {
	t.Helper()
	c := e.command(python(), "-c", clipSetter, clipText, clipHTML)
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Process.Kill(); c.Wait() })
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("clipboard setter: %q %v", line, err)
	}
	return c
}

// clip reads the clipboard in one format.
func (e *env) clip(target string) string {
	out, _ := e.command("xclip", "-o", "-selection", "clipboard", "-t", target).Output()
	return string(out)
}

// keepers lists the clipboard keeper processes on this display.
func (e *env) keepers() []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	for _, d := range ents {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", d.Name(), "environ"))
		if err != nil {
			continue
		}
		vars := bytes.Split(env, []byte{0})
		keeper, display := false, false
		for _, v := range vars {
			keeper = keeper || bytes.HasPrefix(v, []byte("KINDLY_CLIPBOARD_KEEPER="))
			display = display || string(v) == "DISPLAY="+e.display
		}
		if keeper && display {
			pids = append(pids, pid)
		}
	}
	return pids
}

// pasteThenOwn types a reply that is pasted, so kindly ends up owning the
// clipboard with the user's text and HTML, and stops the app that copied
// them: from then on only kindly has them.
func (e *env) pasteThenOwn(t *testing.T) {
	t.Helper()
	setter := e.copyTextAndHTML(t)
	gtk := e.startApp("gtk")
	defer gtk.close()
	r := replies(t)
	e.typeInto(gtk, ";huge", r[";huge"])
	waitFor(t, 3*time.Second, "clipboard restored after the paste", func() bool {
		return e.clip("text/html") == clipHTML && e.clip("UTF8_STRING") == clipText
	})
	setter.Process.Kill()
	setter.Wait()
	if got := e.clip("text/html"); got != clipHTML {
		t.Fatalf("kindly does not serve the saved HTML: %q", got)
	}
}

// After `kindly stop` the user's clipboard, text and HTML, is still there:
// with no clipboard manager a keeper process holds it, until the next copy.
func TestClipboardSurvivesStop(t *testing.T) {
	e := startX(t)
	need(t, python(), "xclip")
	e.startDaemon("testdata/library")
	e.pasteThenOwn(t)

	if out, err := e.kindly("stop"); err != nil {
		t.Fatalf("stop: %v\n%s", err, out)
	}
	d := e.daemon
	e.daemon = nil
	done := make(chan error, 1)
	go func() { done <- d.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		d.Process.Kill()
		t.Fatal("the daemon did not stop")
	}
	if got := e.clip("text/html"); got != clipHTML {
		t.Fatalf("HTML after kindly stop: %q", got)
	}
	if got := e.clip("UTF8_STRING"); got != clipText {
		t.Fatalf("text after kindly stop: %q", got)
	}
	if len(e.keepers()) != 1 {
		t.Fatalf("keepers: %v", e.keepers())
	}
	// The next copy takes over, and the keeper goes.
	set := e.command("xclip", "-selection", "clipboard")
	set.Stdin = strings.NewReader("a new copy")
	if err := set.Run(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 3*time.Second, "the keeper exits after the next copy", func() bool { return len(e.keepers()) == 0 })
	if got := e.clip("UTF8_STRING"); got != "a new copy" {
		t.Fatalf("after the next copy: %q", got)
	}
}

// When kindly's X connection is killed (xkill, a crashed client library),
// the daemon exits and its keeper gives the clipboard back on a new
// connection.
func TestClipboardSurvivesLostConnection(t *testing.T) {
	e := startX(t)
	need(t, python(), "xclip")
	e.startDaemon("testdata/library")
	e.pasteThenOwn(t)

	c, err := xgb.NewConnDisplay(e.display)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	a, err := xproto.InternAtom(c, false, uint16(len("CLIPBOARD")), "CLIPBOARD").Reply()
	if err != nil {
		t.Fatal(err)
	}
	o, err := xproto.GetSelectionOwner(c, a.Atom).Reply()
	if err != nil || o.Owner == xproto.WindowNone {
		t.Fatalf("no clipboard owner: %v", err)
	}
	d := e.daemon
	e.daemon = nil
	done := make(chan error, 1)
	go func() { done <- d.Wait() }()
	xproto.KillClient(c, uint32(o.Owner))
	xproto.GetInputFocus(c).Reply()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		d.Process.Kill()
		t.Fatalf("the daemon did not exit after losing its connection:\n%s", e.log)
	}
	waitFor(t, 3*time.Second, "text and HTML back after the lost connection", func() bool {
		return e.clip("text/html") == clipHTML && e.clip("UTF8_STRING") == clipText
	})
}

// With a clipboard manager running, `kindly stop` still leaves text and HTML
// on the clipboard. kindly first asks the manager to save it (SAVE_TARGETS,
// the freedesktop clipboard manager protocol); xfce4-clipman, the manager
// Debian has that runs here, owns CLIPBOARD_MANAGER but does not answer that
// request (it copies the clipboard on every owner change instead), so after a
// second without an answer the keeper takes over, and the manager, which
// copies from the keeper, must not lose the HTML either.
func TestClipboardWithManager(t *testing.T) {
	e := startX(t)
	need(t, python(), "xclip", "xfce4-clipman", "dbus-run-session")
	mgr := e.command("dbus-run-session", "--", "xfce4-clipman")
	mgr.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := mgr.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-mgr.Process.Pid, syscall.SIGKILL) // the manager and its session bus, by our group id
		mgr.Wait()
	})
	c, err := xgb.NewConnDisplay(e.display)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	owner := func(name string) xproto.Window {
		a, err := xproto.InternAtom(c, false, uint16(len(name)), name).Reply()
		if err != nil {
			return 0
		}
		o, err := xproto.GetSelectionOwner(c, a.Atom).Reply()
		if err != nil {
			return 0
		}
		return o.Owner
	}
	waitFor(t, 10*time.Second, "the clipboard manager runs", func() bool { return owner("CLIPBOARD_MANAGER") != 0 })

	e.startDaemon("testdata/library")
	e.pasteThenOwn(t)
	if out, err := e.kindly("stop"); err != nil {
		t.Fatalf("stop: %v\n%s", err, out)
	}
	d := e.daemon
	e.daemon = nil
	d.Wait()
	waitFor(t, 3*time.Second, "text and HTML back with a clipboard manager", func() bool {
		return e.clip("text/html") == clipHTML && e.clip("UTF8_STRING") == clipText
	})
}
