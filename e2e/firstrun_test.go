package e2e

import (
	"bufio"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// notifications is a stand-in org.freedesktop.Notifications server on a
// private session bus: it records every notification it is sent.
type notifications struct {
	mu    sync.Mutex
	got   []notice
	addr  string
	conn  *dbus.Conn
	bus   *exec.Cmd
	count uint32
}

type notice struct{ app, summary, body string }

// Notify is the org.freedesktop.Notifications method.
func (n *notifications) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	// The body is markup (the specification's subset of HTML): what the
	// agent reads is its text.
	n.got = append(n.got, notice{app, summary, html.UnescapeString(body)})
	n.count++
	return n.count, nil
}

// GetServerInformation names the stand-in (what `kindly doctor` asks).
func (n *notifications) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "kindly-e2e", "kindly", "1", "1.2", nil
}

// GetCapabilities is part of the interface.
func (n *notifications) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

func (n *notifications) notices() []notice {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]notice(nil), n.got...)
}

// startNotifications runs a private dbus-daemon and the stand-in server on it.
func startNotifications(t *testing.T) *notifications {
	t.Helper()
	need(t, "dbus-daemon")
	n := &notifications{}
	n.bus = exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1")
	out, err := n.bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	n.bus.Stderr = os.Stderr
	if err := n.bus.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.bus.Process.Kill(); n.bus.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	n.addr = strings.TrimSpace(line)
	n.conn, err = dbus.Connect(n.addr)
	if err != nil {
		t.Fatalf("connect to the private bus: %v", err)
	}
	t.Cleanup(func() { n.conn.Close() })
	if err := n.conn.Export(n, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	reply, err := n.conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own org.freedesktop.Notifications: %v (%v)", err, reply)
	}
	return n
}

// sorryReply is the starter pack's ;sorry for customer and agent.
func sorryReply(customer, agent string) string {
	return "Hi " + customer + ", I'm really sorry about this. I know it's frustrating when something doesn't work " +
		"the way it should. Let me sort it out for you right now. – " + agent
}

const sorryDialog = "Fill in ;sorry (Apologize for a problem (chat))"

// The first day: a fresh home with no profile; the first start asks the
// name once (in the dialog: a service has no terminal); ;sorry in a GTK
// window then lands personal and whole while the agent types on at 0, 40
// and 100 ms a key; with the name gone, a blocked ;sorry raises a desktop
// notification naming the fix; the fill-in's Remember box puts it back.
func TestFirstRun(t *testing.T) {
	e := startX(t)
	need(t, python(), "yad")
	bus := startNotifications(t)
	e.home = filepath.Join(e.dir, "fresh-home")

	e.daemon = e.command(e.bin, "run")
	e.daemon.Env = append(e.daemon.Env, "DBUS_SESSION_BUS_ADDRESS="+bus.addr)
	e.daemon.Stdout, e.daemon.Stderr = e.log, e.log
	if err := e.daemon.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		e.stopDaemon()
		if t.Failed() {
			t.Logf("daemon log:\n%s", e.log)
		}
	})
	e.waitWindow("--name", "^Welcome to kindly$")
	time.Sleep(300 * time.Millisecond) // the dialog takes the focus
	e.xdo("type", "--delay", "10", "Sam Lee")
	e.xdo("key", "Tab")
	e.xdo("type", "--delay", "10", "Acme")
	e.xdo("key", "Return")
	waitFor(t, 10*time.Second, "daemon ready", func() bool { _, err := e.kindly("status"); return err == nil })
	config := func() string { b, _ := os.ReadFile(filepath.Join(e.home, "config.yml")); return string(b) }
	if got := config(); got != "profile:\n  agent: Sam Lee\n  company: Acme\n" {
		t.Fatalf("config.yml after the first start: %q", got)
	}

	gtk := e.startApp("gtk")
	defer gtk.close()
	typedOn := " Let me check"
	for _, delay := range []int{0, 40, 100} {
		t.Run(fmt.Sprintf("%dms", delay), func(t *testing.T) {
			gtk.clear()
			e.xdo("type", "--delay", fmt.Sprint(delay), "--", ";sorry"+typedOn)
			// The dialog's title names the reply in words, nothing else.
			e.waitWindow("--name", "^"+regexp.QuoteMeta(sorryDialog)+"$")
			// What went into the dialog is the agent's to fix there; the
			// dialog asks only for the customer now.
			e.dialog(";sorry", press("ctrl+a"), typed("Maria", 0), press("Return"))
			want := sorryReply("Maria", "Sam Lee")
			var got string
			waitFor(t, 5*time.Second, "the reply", func() bool {
				got = gtk.text()
				return strings.HasPrefix(got, want)
			})
			time.Sleep(500 * time.Millisecond) // keys held during the reply come after it
			got = gtk.text()
			rest, ok := strings.CutPrefix(got, want)
			if !ok || !strings.HasPrefix(typedOn, rest) {
				t.Fatalf("at %d ms a key: got %q\nwant %q followed by the start of %q", delay, got, want, typedOn)
			}
			t.Logf("at %d ms a key, %q was typed before the dialog took the keyboard", delay, rest)
		})
	}

	// The name removed: ;sorry asks for it; left empty, the reply is
	// blocked and the agent is told by a desktop notification.
	if out, err := e.kindly("profile", "unset", "agent"); err != nil {
		t.Fatalf("profile unset: %v\n%s", err, out)
	}
	if out, err := e.kindly("reload"); err != nil {
		t.Fatalf("reload: %v\n%s", err, out)
	}
	gtk.clear()
	e.xdo("type", "--delay", "10", ";sorry")
	e.dialog(";sorry", press("Return"))
	waitFor(t, 5*time.Second, "a notification", func() bool { return len(bus.notices()) > 0 })
	ns := bus.notices()
	want := notice{"kindly", "kindly: ;sorry not expanded", `;sorry (Apologize for a problem (chat)) needs your name ({{agent}}), ` +
		`which your profile does not have. Fix: run kindly profile set agent "Your name", or fill it in and tick Remember.`}
	if len(ns) != 1 || ns[0] != want {
		t.Fatalf("notifications %q\nwant %q", ns, want)
	}
	waitText(t, gtk, ";sorry", 3*time.Second)

	// Filled in with Remember ticked (the default): the reply goes out and
	// the name is in the profile again.
	gtk.clear()
	e.xdo("type", "--delay", "10", ";sorry")
	e.dialog(";sorry", press("ctrl+a"), typed("Li", 0), press("Tab"), typed("Sam Lee", 0), press("Return"))
	waitText(t, gtk, sorryReply("Li", "Sam Lee"), 5*time.Second)
	waitFor(t, 5*time.Second, "the name remembered", func() bool { return config() == "profile:\n  company: Acme\n  agent: Sam Lee\n" })
	if _, err := os.Stat(filepath.Join(e.home, "snippets", "starter")); err != nil {
		t.Fatalf("starter pack not written: %v", err)
	}

	// The pause hotkey says so where the agent looks, and doctor shows a
	// paused kindly with the fix.
	e.xdo("key", "ctrl+alt+shift+p")
	paused := notice{"kindly", "kindly paused", "Triggers are not expanded until you press ctrl+alt+shift+p again (or run kindly resume)."}
	waitFor(t, 5*time.Second, "a pause notice", func() bool { ns := bus.notices(); return ns[len(ns)-1] == paused })
	doctor := e.command(e.bin, "doctor")
	doctor.Env = append(doctor.Env, "DBUS_SESSION_BUS_ADDRESS="+bus.addr)
	out, err := doctor.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "paused: triggers are not expanded") || !strings.Contains(string(out), "fix: kindly resume") {
		t.Fatalf("doctor while paused: %v\n%s", err, out)
	}
	e.xdo("key", "ctrl+alt+shift+p")
	resumed := notice{"kindly", "kindly resumed", "Triggers expand again."}
	waitFor(t, 5*time.Second, "a resume notice", func() bool { ns := bus.notices(); return ns[len(ns)-1] == resumed })
}

// Started from a terminal (make run), the first start asks there, not in a
// dialog, and only once.
func TestFirstRunAsksOnTheTerminal(t *testing.T) {
	e := startX(t)
	need(t, "tmux")
	e.home = filepath.Join(e.dir, "fresh-home")
	socket := fmt.Sprintf("kindly-firstrun-%d", os.Getpid())
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-L", socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	logFile := filepath.Join(e.dir, "run.log")
	tmux("new-session", "-d", "-x", "120", "-y", "20", "-e", "DISPLAY="+e.display, "-e", "KINDLY_HOME="+e.home,
		"sh", "-c", e.bin+" run 2>&1 | tee "+logFile+"; sleep 60")
	t.Cleanup(func() {
		exec.Command(e.bin, "--home", e.home, "stop").Run()
		exec.Command("tmux", "-L", socket, "kill-server").Run()
	})
	screen := func(want string) {
		t.Helper()
		waitFor(t, 10*time.Second, "the terminal to show "+want, func() bool {
			return strings.Contains(tmux("capture-pane", "-p"), want)
		})
	}
	screen("Your name (it signs your replies):")
	tmux("send-keys", "-l", "Sam Lee")
	tmux("send-keys", "Enter")
	screen("Your company (optional):")
	tmux("send-keys", "Enter")
	waitFor(t, 10*time.Second, "daemon ready", func() bool {
		_, err := exec.Command(e.bin, "--home", e.home, "status").Output()
		return err == nil
	})
	b, _ := os.ReadFile(filepath.Join(e.home, "config.yml"))
	if string(b) != "profile:\n  agent: Sam Lee\n" {
		t.Fatalf("config.yml %q", b)
	}
	if out, err := e.command("xdotool", "search", "--name", "Welcome to kindly").Output(); err == nil && len(out) > 0 {
		t.Fatalf("a dialog asked too: %s", out)
	}
	if log, _ := os.ReadFile(logFile); strings.Count(string(log), "Welcome to kindly") != 1 {
		t.Fatalf("asked %d times:\n%s", strings.Count(string(log), "Welcome to kindly"), log)
	}
}
