package expander_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	. "github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/expander/exptest"
)

// soak types n synthetic keys (text with triggers, typos, Backspace, clicks)
// through a Conductor whose injector is the simulated display, swapping in a
// freshly built index every reloadEvery keys, as the daemon does on reload.
func soak(tb testing.TB, n, reloadEvery int) (expansions int) {
	rules := make([]Rule, 0, 200)
	for i := range 200 {
		rules = append(rules, Rule{Triggers: []string{fmt.Sprintf(";r%03d", i)}, Replace: strings.Repeat("reply ", 1+i%40)})
	}
	rules = append(rules, conductorRules...)
	idx := NewIndex(rules)
	eng := NewEngine(idx)
	w := &exptest.World{}
	c := NewConductor(NewCore(eng), w)
	c.Core().IdleReset = 5 * time.Second
	c.Core().Expanded = func(Fired) { expansions++ }
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"hello ", "order ", ";ty ", ";r042 ", "refund ", ";sorry", "brb, ", ";;sorry "}
	at := time.Unix(0, 0)
	var keys []Key
	for typed := 0; typed < n; {
		if len(keys) == 0 {
			keys = keysOf(words[rng.IntN(len(words))])
			if rng.IntN(20) == 0 {
				keys = append(keys, Key{Special: Backspace})
			}
			if rng.IntN(50) == 0 {
				keys = append(keys, Key{Special: Click})
			}
		}
		k := keys[0]
		keys = keys[1:]
		at = at.Add(time.Duration(20+rng.IntN(200)) * time.Millisecond)
		k.At = at
		w.User(k)
		typed++
		for len(w.Stream) > 0 {
			k := w.Stream[0]
			w.Stream = w.Stream[1:]
			c.Step(k)
		}
		if typed%reloadEvery == 0 {
			eng.SetIndex(NewIndex(rules))
		}
		if w.Screen.Caret() > 4096 { // keep the simulated text field small
			w.Screen = Screen{}
		}
	}
	return expansions
}

// TestSoakShort is the soak in short form: memory and goroutines stay flat
// over 200,000 keys with a reload every 2,000.
func TestSoakShort(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	soak(t, 5_000, 1_000) // warm up
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	g := runtime.NumGoroutine()
	expansions := soak(t, n, 2_000)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 1<<20 {
		t.Errorf("heap grew by %d bytes over %d keys", grown, n)
	}
	if expansions < n/100 {
		t.Errorf("only %d expansions in %d keys", expansions, n)
	}
	if d := runtime.NumGoroutine() - g; d != 0 {
		t.Errorf("goroutines changed by %d", d)
	}
}

// BenchmarkSoak is the full soak: a million keys, a reload every 5,000.
// It reports the live heap after the run (flat memory means it does not
// depend on the number of keys).
func BenchmarkSoak(b *testing.B) {
	for b.Loop() {
		b.ReportMetric(float64(soak(b, 1_000_000, 5_000)), "expansions")
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(runtime.NumGoroutine()), "goroutines")
}
