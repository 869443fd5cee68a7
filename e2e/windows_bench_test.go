package e2e

import (
	"bufio"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
)

// BenchmarkWindowsReply measures, under wine, the time from the key that
// completes a trigger to the whole reply in wine's notepad, for the 300-
// and 2,000-character replies; and, as the floor, xdotool typing the same
// text. Each iteration is one measurement; run with -benchtime 30x:
//
//	go test -run XXX -bench WindowsReply -benchtime 30x ./e2e/
//
// The end is seen inside wine (testdata/wintext wait polls the edit
// control), the start is when xdotool has sent the last key.
func BenchmarkWindowsReply(b *testing.B) {
	r := replies(b)
	for _, c := range []struct{ name, trigger string }{{"300", ";long"}, {"2000", ";huge"}} {
		want := r[c.trigger]
		b.Run("kindly-"+c.name, func(b *testing.B) {
			w, n := benchWine(b)
			samples := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				samples = append(samples, w.measure(n, want, func() {
					w.xdo("type", "--delay", "5", c.trigger[:len(c.trigger)-1])
				}, func() {
					w.keyNow(rune(c.trigger[len(c.trigger)-1]))
				}))
			}
			report(b, samples)
		})
		b.Run("xdotool-"+c.name, func(b *testing.B) {
			w, n := benchWine(b)
			samples := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				samples = append(samples, w.measure(n, want, nil, func() {
					w.xdo("type", "--delay", "0", "--", want)
				}))
			}
			report(b, samples)
		})
	}
}

// xgb would print its connection chatter ("Could not get authority info").
func init() { xgb.Logger = log.New(io.Discard, "", 0) }

// benchWine starts wine, the daemon and notepad for a benchmark.
func benchWine(b *testing.B) (*wineEnv, *notepad) {
	b.Helper()
	need(b, "wine", "wineserver", "x86_64-w64-mingw32-gcc", "Xvfb", "xdotool", "xterm")
	e := startX(b)
	wineOnce.Do(buildWine)
	if wineErr != nil {
		b.Fatal(wineErr)
	}
	w := &wineEnv{env: e}
	w.wineserver("-w")
	b.Cleanup(func() {
		w.wineserver("-k")
		w.wineserver("-w")
	})
	w.startDaemon("testdata/library", "")
	return w, w.startNotepad()
}

// measure clears notepad, runs before, then starts the clock and runs
// last, and returns how long until notepad holds exactly want.
func (w *wineEnv) measure(n *notepad, want string, before, last func()) time.Duration {
	w.t.Helper()
	n.clear()
	file := filepath.Join(w.dir, "want.txt")
	if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
		w.t.Fatal(err)
	}
	if before != nil {
		before()
	}
	c := w.wine(wintextExe, "wait", "Notepad", winPath(file))
	out, err := c.StdoutPipe()
	if err != nil {
		w.t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		w.t.Fatal(err)
	}
	defer c.Wait()
	rd := bufio.NewReader(out)
	if line, err := rd.ReadString('\n'); err != nil || strings.TrimSpace(line) != "ready" {
		w.t.Fatalf("wintext wait: %q %v", line, err)
	}
	start := time.Now()
	last()
	line, err := rd.ReadString('\n')
	if err != nil {
		w.t.Fatalf("wintext wait: %v (text now %q)", err, n.text())
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(line), 10, 64)
	if err != nil {
		w.t.Fatalf("wintext wait: %q", line)
	}
	return time.Unix(0, ns).Sub(start)
}

// keyNow presses and releases the key of ASCII letter r through XTEST and
// returns once the X server has it (xdotool would add its start-up time).
func (w *wineEnv) keyNow(r rune) {
	c, err := xgb.NewConnDisplay(w.display)
	if err != nil {
		w.t.Fatal(err)
	}
	defer c.Close()
	if err := xtest.Init(c); err != nil {
		w.t.Fatal(err)
	}
	s := xproto.Setup(c)
	km, err := xproto.GetKeyboardMapping(c, s.MinKeycode, byte(s.MaxKeycode-s.MinKeycode+1)).Reply()
	if err != nil {
		w.t.Fatal(err)
	}
	per := int(km.KeysymsPerKeycode)
	code := byte(0)
	for i := 0; i*per < len(km.Keysyms); i++ {
		if km.Keysyms[i*per] == xproto.Keysym(r) {
			code = byte(int(s.MinKeycode) + i)
			break
		}
	}
	if code == 0 {
		w.t.Fatalf("no key for %q", r)
	}
	root := s.DefaultScreen(c).Root
	xtest.FakeInput(c, xproto.KeyPress, code, 0, root, 0, 0, 0)
	xtest.FakeInput(c, xproto.KeyRelease, code, 0, root, 0, 0, 0)
	xproto.GetInputFocus(c).Reply()
}

// report adds the median and 95th percentile in milliseconds.
func report(b *testing.B, samples []time.Duration) {
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	pct := func(p float64) float64 {
		i := int(p*float64(len(samples))+0.5) - 1
		i = max(0, min(i, len(samples)-1))
		return float64(samples[i]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.5), "ms-median")
	b.ReportMetric(pct(0.95), "ms-p95")
	b.ReportMetric(0, "ns/op")
}
