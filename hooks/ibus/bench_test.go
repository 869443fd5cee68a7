package ibus

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
	"golang.org/x/sys/unix"
)

// BenchmarkTriggerToReply times a reply through IBus in a real GTK 3 text
// view: the kindly daemon (--backend ibus), a private ibus-daemon, Xvfb.
// Each iteration types the trigger but its last key (xdotool) and waits
// until the window shows it; t0 is taken just before the last key is sent
// with XTest from here, t1 is the window's own stamp of the change that
// completed the reply (both CLOCK_MONOTONIC). It reports the median and
// p95 of the iterations, in ms:
//
//	go test -run '^$' -bench TriggerToReply -benchtime 30x ./hooks/ibus/
func BenchmarkTriggerToReply(b *testing.B) {
	disp := startXvfb(b)
	env := startIBus(b, "DISPLAY="+disp)
	env.startDaemon(b)
	app := env.startIMApp(b)
	wid := xdoOut(b, env, "search", "--sync", "--onlyvisible", "--classname", "kindly-ibus-test")
	xdo(b, env, "windowfocus", "--sync", strings.TrimSpace(wid))
	env.setGlobalEngine(b, EngineName)
	waitFor(b, "the engine", func() bool {
		app.clear()
		xdo(b, env, typ(12, ";zz")...)
		time.Sleep(100 * time.Millisecond)
		return app.text() == "Hello ✓ world"
	}, 10*time.Second)
	x, err := xgb.NewConnDisplay(disp)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	if err := xtest.Init(x); err != nil {
		b.Fatal(err)
	}
	r := testRules()
	for _, c := range []struct{ name, trigger, reply string }{
		{"300 chars", ";long", r[2].Replace},
		{"2000 chars", ";huge", r[3].Replace},
	} {
		b.Run(c.name, func(b *testing.B) {
			last := c.trigger[len(c.trigger)-1:]
			code := keycode(b, x, uint32(last[0]))
			root := xproto.Setup(x).DefaultScreen(x).Root
			var ms []float64
			for range b.N {
				app.clear()
				xdo(b, env, typ(5, c.trigger[:len(c.trigger)-1])...)
				waitFor(b, "the trigger but its last key", func() bool { return app.text() == c.trigger[:len(c.trigger)-1] }, 5*time.Second)
				logged := logLines(b, app)
				t0 := monotonic()
				xtest.FakeInput(x, xproto.KeyPress, byte(code), 0, root, 0, 0, 0)
				xtest.FakeInput(x, xproto.KeyRelease, byte(code), 0, root, 0, 0, 0)
				x.Sync()
				app.waitText(c.reply, 10*time.Second)
				// The window writes its text, then the log line.
				t1 := -1.0
				n := len([]rune(c.reply))
				for deadline := time.Now().Add(time.Second); t1 < 0 && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
					for _, l := range readLog(b, app)[logged:] {
						if l.length == n {
							t1 = l.at
						}
					}
				}
				if t1 < 0 {
					b.Fatalf("the window's log has no change to %d characters", n)
				}
				ms = append(ms, (t1-t0)*1000)
			}
			slices.Sort(ms)
			b.ReportMetric(ms[len(ms)/2], "ms-median")
			b.ReportMetric(ms[min(len(ms)-1, (len(ms)*95+99)/100-1)], "ms-p95")
			b.ReportMetric(0, "ns/op")
		})
	}
}

func monotonic() float64 {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return float64(ts.Sec) + float64(ts.Nsec)/1e9
}

// keycode finds the key that types keysym ks unshifted.
func keycode(b testing.TB, x *xgb.Conn, ks uint32) xproto.Keycode {
	s := xproto.Setup(x)
	m, err := xproto.GetKeyboardMapping(x, s.MinKeycode, byte(s.MaxKeycode-s.MinKeycode+1)).Reply()
	if err != nil {
		b.Fatal(err)
	}
	per := int(m.KeysymsPerKeycode)
	for i := 0; i*per < len(m.Keysyms); i++ {
		if uint32(m.Keysyms[i*per]) == ks {
			return s.MinKeycode + xproto.Keycode(i)
		}
	}
	b.Fatalf("no key types keysym %#x", ks)
	return 0
}

type logLine struct {
	at     float64
	length int
}

// readLog reads the window's change log (see testdata/imapp.py).
func readLog(b testing.TB, a *imApp) []logLine {
	f, err := os.Open(filepath.Join(a.dir, "app.out.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []logLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		at, n, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		t, err1 := strconv.ParseFloat(at, 64)
		l, err2 := strconv.Atoi(n)
		if err1 == nil && err2 == nil {
			out = append(out, logLine{t, l})
		}
	}
	return out
}

func logLines(b testing.TB, a *imApp) int { return len(readLog(b, a)) }
