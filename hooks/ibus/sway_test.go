package ibus

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// swaySession is testdata/sway.sh running: a headless sway with kindly's
// IBus engine and the GTK window on it.
type swaySession struct {
	t   testing.TB
	dir string
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

// nobody is the unprivileged user the Wayland set runs as when the test
// runs as root (sway refuses root).
const nobody = 65534

func startSway(t testing.TB) *swaySession {
	t.Helper()
	need(t, "sway", "wtype", "dbus-daemon", "ibus-daemon", "ibus", "unshare", "setpriv", "mkfifo", python())
	bin := kindly(t)
	root := os.Getuid() == 0
	// Outside /tmp: the session gets a /tmp of its own, and (as root) this
	// machine's /tmp may be closed to others.
	base := "/var/tmp"
	if !root {
		base = ""
	}
	dir, err := os.MkdirTemp(base, "kindly-sway")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, d := range []string{"home", "run", "khome"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	writeLibrary(t, filepath.Join(dir, "khome"))
	for _, f := range [][2]string{{bin, "kindly"}, {"testdata/imapp.py", "imapp.py"}, {"testdata/sway.sh", "sway.sh"}} {
		b, err := os.ReadFile(f[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f[1]), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s := &swaySession{t: t, dir: dir}
	script := fmt.Sprintf("sh %s/sway.sh %s %s/kindly", dir, dir, dir)
	if root {
		// A private mount namespace with a world-writable /tmp (wtype
		// writes its keymap there), as nobody.
		err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return os.Lchown(p, nobody, nobody)
		})
		if err != nil {
			t.Fatal(err)
		}
		os.Chmod(dir, 0o755)
		s.cmd = exec.Command("unshare", "-m", "sh", "-c",
			"mount -t tmpfs -o mode=1777 tmpfs /tmp && exec setpriv --reuid=65534 --regid=65534 --clear-groups "+script)
	} else {
		s.cmd = exec.Command("sh", "-c", script)
	}
	s.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}
	stderr := &lockedBuffer{}
	s.cmd.Stderr = stderr
	s.in, _ = s.cmd.StdinPipe()
	stdout, _ := s.cmd.StdoutPipe()
	s.out = bufio.NewReader(stdout)
	// Its own process group, so that every program of the session ends
	// with it.
	s.cmd.SysProcAttr = sysProcAttrGroup()
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.in.Close()
		killGroup(s.cmd)
		s.cmd.Wait()
		if t.Failed() {
			t.Logf("sway.sh said: %s", stderr.String())
			for _, l := range []string{"kindly.log", "sway.log", "app.log", "ibus.log"} {
				b, _ := os.ReadFile(filepath.Join(dir, l))
				t.Logf("%s:\n%s", l, tail(string(b), 3000))
			}
		}
	})
	s.expect("ready", 30*time.Second)
	return s
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func (s *swaySession) expect(want string, within time.Duration) {
	s.t.Helper()
	got := make(chan string, 1)
	go func() {
		l, _ := s.out.ReadString('\n')
		got <- strings.TrimSpace(l)
	}()
	select {
	case l := <-got:
		if l != want {
			s.t.Fatalf("sway.sh said %q, want %q", l, want)
		}
	case <-time.After(within):
		s.t.Fatalf("sway.sh did not say %q in %v", want, within)
	}
}

func (s *swaySession) do(line string) {
	s.t.Helper()
	fmt.Fprintln(s.in, line)
	s.expect("done", 60*time.Second)
}

func (s *swaySession) text() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "app.out"))
	return string(b)
}

// The Wayland set: the GTK window on a headless sway, kindly's daemon with
// --backend ibus, wtype typing through sway's virtual keyboard (see
// testdata/sway.sh for the key each wtype run starts with).
func TestSway(t *testing.T) {
	s := startSway(t)
	for run := range runs() {
		for _, c := range swayCases() {
			t.Run(fmt.Sprintf("%s/run %d", c.name, run+1), func(t *testing.T) {
				s.t = t
				s.do("C")
				waitFor(t, "an empty window", func() bool { return s.text() == "" }, 5*time.Second)
				for _, l := range c.lines {
					s.do(l)
				}
				deadline := time.Now().Add(10 * time.Second)
				for s.text() != c.want {
					if time.Now().After(deadline) {
						b, _ := os.ReadFile(filepath.Join(s.dir, "kindly.log"))
						t.Fatalf("text:\n got %q\nwant %q\nkindly --verbose said, last:\n%s", s.text(), c.want, tail(string(b), 1500))
					}
					time.Sleep(20 * time.Millisecond)
				}
			})
		}
	}
}

type swayCase struct {
	name  string
	lines []string // sway.sh commands
	want  string
}

func swayCases() []swayCase {
	r := testRules()
	long300, big := r[2].Replace, r[3].Replace
	return []swayCase{
		{"trigger inside a sentence", []string{"T 12 Hi, ;sorry Bye."}, "Hi, Sorry for the wait, we are on it. Bye."},
		{"300 characters, multi-line", []string{"T 12 Dear Sam, ;long"}, "Dear Sam, " + long300},
		{"2,000 characters", []string{"T 12 ;huge end"}, big + " end"},
		{"non-ASCII typed and replied", []string{"T 12 é’— ;uni ok"}, "é’— Café — it’s “fine” 😀 ✓ ok"},
		// One wtype run: a second run's keyboard map would change the key
		// GTK reads for the BackSpace it has not handled yet.
		{"typo fixed with Backspace", []string{"W -d 12 'x ;sorrx' -k BackSpace 'y!'"}, "x Sorry for the wait, we are on it.!"},
		{"word trigger", []string{"T 12 I brb now, abrb stays"}, "I be right back now, abrb stays"},
		{"propagate case", []string{"T 12 ;Ty and ;TY and ;ty"}, "Thank you and THANK YOU and thank you"},
		{"typing straight on at 5 ms", []string{"T 5 a ;zz and straight on typing after it"}, "a Hello ✓ world and straight on typing after it"},
		{"no pause", []string{"T 0 a ;zz and straight on typing after it"}, "a Hello ✓ world and straight on typing after it"},
		{"caret $|$", []string{"T 12 ;sigAlex"}, "Best,\nAlex\nThe team"},
	}
}
