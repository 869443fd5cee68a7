package expander_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	. "github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/expander/exptest"
)

func keysOf(s string) []Key {
	ks, err := ParseKeys(s)
	if err != nil {
		panic(err)
	}
	return ks
}

// run types keys with the conductor lagging behind: before each stream item
// it consumes, the user may type up to lag more keys.
func run(t *testing.T, w *exptest.World, idx *Index, keys []Key, rng *rand.Rand, lag int) {
	c := NewConductor(NewCore(NewEngine(idx)), w)
	next := 0
	w.During = func() {
		for n := rng.IntN(lag + 1); n > 0 && next < len(keys); n-- {
			w.User(keys[next])
			next++
		}
	}
	for next < len(keys) || len(w.Stream) > 0 {
		if next < len(keys) && (len(w.Stream) == 0 || rng.IntN(lag+1) > 0) {
			w.User(keys[next])
			next++
			continue
		}
		k := w.Stream[0]
		w.Stream = w.Stream[1:]
		c.Step(k)
	}
	if c.Busy() {
		t.Fatalf("conductor still busy at the end")
	}
	if w.Held {
		t.Fatalf("keyboard still held at the end")
	}
}

var conductorRules = []Rule{
	{Triggers: []string{";ty"}, Replace: "thank you"},
	{Triggers: []string{";sorry"}, Replace: "I'm sorry about that."},
	{Triggers: []string{";;sorry"}, Replace: "Hi there,\n\nI'm sorry.\n\nBest regards,"},
	{Triggers: []string{";cur"}, Replace: "a$|$b"},
	{Triggers: []string{"brb"}, Replace: "be right back", Word: true},
}

func TestConductorMatchesIdealTyping(t *testing.T) {
	idx := NewIndex(conductorRules)
	inputs := []string{
		"hello ;ty world",
		";ty;ty;ty",
		"a;sorryb;;sorry c",
		"x ;cur yz",
		"brb now and brb, ok",
		"typo ;tx{Backspace}y done",
		"no trigger here at all",
		";t;ty",
	}
	for _, in := range inputs {
		want := Play(idx, keysOf(in)).Text()
		for _, lag := range []int{0, 1, 3, 10, 100} {
			for seed := range uint64(30) {
				w := &exptest.World{}
				run(t, w, idx, keysOf(in), rand.New(rand.NewPCG(seed, 7)), lag)
				if got := w.Screen.Text(); got != want {
					t.Fatalf("%q lag %d seed %d:\n got %q\nwant %q", in, lag, seed, got, want)
				}
			}
		}
	}
}

func TestConductorLeavesTextWhenTheUserMovedOn(t *testing.T) {
	idx := NewIndex(conductorRules)
	// Enter reached the app before the keyboard was held: the message may be
	// sent already, so the expansion is dropped and nothing is lost.
	w := &exptest.World{}
	c := NewConductor(NewCore(NewEngine(idx)), w)
	for _, k := range keysOf(";ty{Enter}ok") {
		w.User(k)
	}
	for len(w.Stream) > 0 {
		k := w.Stream[0]
		w.Stream = w.Stream[1:]
		c.Step(k)
	}
	if got, want := w.Screen.Text(), ";ty\nok"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if w.Held || c.Busy() {
		t.Fatal("still holding")
	}
}

func TestConductorSkipAndFallback(t *testing.T) {
	idx := NewIndex(conductorRules)
	w := &exptest.World{Skip: true}
	run(t, w, idx, keysOf("a ;ty b"), rand.New(rand.NewPCG(1, 2)), 0)
	if got := w.Screen.Text(); got != "a ;ty b" {
		t.Fatalf("skip: got %q", got)
	}
	w = &exptest.World{Broken: true}
	run(t, w, idx, keysOf("a ;ty b"), rand.New(rand.NewPCG(1, 2)), 0)
	if got := w.Screen.Text(); got != "a thank you b" {
		t.Fatalf("fallback: got %q", got)
	}
}

func TestConductorTimeoutReleases(t *testing.T) {
	idx := NewIndex(conductorRules)
	w := &exptest.World{}
	c := NewConductor(NewCore(NewEngine(idx)), w)
	for _, k := range keysOf(";ty") {
		w.User(k)
		c.Step(k)
	}
	w.Stream = nil // the hook lost everything, marker included
	if !c.Busy() || c.Deadline().IsZero() {
		t.Fatal("expected an expansion waiting for its marker")
	}
	c.Timeout()
	if c.Busy() || w.Held {
		t.Fatal("timeout must let go of the keyboard")
	}
}

func TestConductorExpandedCallback(t *testing.T) {
	idx := NewIndex(conductorRules)
	w := &exptest.World{}
	c := NewConductor(NewCore(NewEngine(idx)), w)
	var fired []string
	c.Core().Expanded = func(f Fired) { fired = append(fired, f.Trigger) }
	for _, k := range keysOf("x;ty ;;sorry") {
		w.User(k)
		for len(w.Stream) > 0 {
			k := w.Stream[0]
			w.Stream = w.Stream[1:]
			c.Step(k)
		}
	}
	if fmt.Sprint(fired) != "[;ty ;;sorry]" {
		t.Fatalf("fired %v", fired)
	}
}

func FuzzConductorMatchesIdealTyping(f *testing.F) {
	f.Add("hello ;ty world", uint64(1), uint8(3))
	f.Add(";ty;sorry;;sorry", uint64(2), uint8(50))
	idx := NewIndex(conductorRules)
	f.Fuzz(func(t *testing.T, in string, seed uint64, lag uint8) {
		var keys []Key
		for _, r := range in {
			if r == '\b' {
				keys = append(keys, Key{Special: Backspace})
			} else if r >= ' ' && r != 0x7f {
				keys = append(keys, Key{Rune: r})
			}
		}
		if len(keys) > 200 {
			keys = keys[:200]
		}
		// Backspaces among the keys that reach the app before the hold may
		// drop an expansion (leaving text as typed), so compare only runs
		// without them.
		for _, k := range keys {
			if k.Special == Backspace {
				return
			}
		}
		want := Play(idx, keys).Text()
		w := &exptest.World{}
		run(t, w, idx, keys, rand.New(rand.NewPCG(seed, 9)), int(lag))
		if got := w.Screen.Text(); got != want {
			t.Fatalf("got %q want %q", got, want)
		}
	})
}

func TestConductorIdleResetAndForget(t *testing.T) {
	idx := NewIndex(conductorRules)
	base := time.Unix(100, 0)
	type typed struct {
		s     string
		after time.Duration
	}
	run := func(idle time.Duration, forgetAfter int, seq ...typed) string {
		w := &exptest.World{}
		c := NewConductor(NewCore(NewEngine(idx)), w)
		c.Core().IdleReset = idle
		at := base
		n := 0
		for _, part := range seq {
			at = at.Add(part.after)
			for _, k := range keysOf(part.s) {
				k.At = at
				w.User(k)
				n++
				if n == forgetAfter {
					c.Forget()
				}
				for len(w.Stream) > 0 {
					k := w.Stream[0]
					w.Stream = w.Stream[1:]
					c.Step(k)
				}
			}
		}
		return w.Screen.Text()
	}
	if got := run(5*time.Second, 0, typed{";t", 0}, typed{"y", 6 * time.Second}); got != ";ty" {
		t.Errorf("after 6 s idle: %q, want the trigger forgotten", got)
	}
	if got := run(5*time.Second, 0, typed{";t", 0}, typed{"y", 4 * time.Second}); got != "thank you" {
		t.Errorf("after 4 s: %q, want an expansion", got)
	}
	if got := run(0, 0, typed{";t", 0}, typed{"y", time.Hour}); got != "thank you" {
		t.Errorf("no idle reset: %q", got)
	}
	if got := run(0, 2, typed{";ty", 0}); got != ";ty" {
		t.Errorf("Forget mid-trigger: %q", got)
	}
}

func drain(w *exptest.World, c *Conductor) { w.Drain(c) }

// Prepare can render the reply anew, or refuse it; a fill-in dialog runs
// off the engine's goroutine, and keys typed before it took the keyboard are
// typed after the reply while keys typed into it are dropped.
func TestConductorPrepare(t *testing.T) {
	idx := NewIndex(conductorRules)
	base := time.Unix(100, 0)
	at := func(ms int) time.Time { return base.Add(time.Duration(ms) * time.Millisecond) }
	for _, tc := range []struct {
		name string
		ask  bool
		ok   bool
		want string
	}{
		{"rendered", false, true, "x Hi Maria! Let y"},
		{"refused", false, false, "x ;ty Let y"},
		{"asked", true, true, "x Hi Maria! Let y"},
		{"cancelled", true, false, "x ;ty Let y"},
	} {
		w := &exptest.World{}
		core := NewCore(NewEngine(idx))
		var pending func() Answered
		core.Prepare = func(e Edit, f Fired) Prepared {
			e.Insert = f.Case.Shape("Hi Maria!")
			if !tc.ask {
				return Prepared{Edit: e, Skip: !tc.ok}
			}
			return Prepared{Ask: func() Answered {
				// The dialog: the agent types "Maria" into it (not into the app).
				for i, k := range keysOf("Maria{Enter}") {
					k.At = at(500 + i)
					w.Stream = append(w.Stream, k)
				}
				return Answered{Edit: e, OK: tc.ok, Focused: at(400), Closed: at(1000)}
			}}
		}
		c := NewConductor(core, w)
		c.StartAsk = func(ask func() Answered) { pending = ask }
		for _, k := range keysOf("x ;ty") {
			k.At = base
			w.User(k)
		}
		drain(w, c)
		// Typed on before the dialog shows: these reach the app.
		for i, k := range keysOf(" Let") {
			k.At = at(100 + i)
			w.User(k)
		}
		drain(w, c)
		if tc.ask {
			if !c.Busy() || c.Deadline() != (time.Time{}) {
				t.Fatalf("%s: asking: busy %v deadline %v", tc.name, c.Busy(), c.Deadline())
			}
			a := pending()
			drain(w, c) // the dialog's keys reach the key stream
			c.Answer(a)
			drain(w, c)
		}
		for _, k := range keysOf(" y") { // typed after the dialog closed
			k.At = at(2000)
			w.User(k)
			drain(w, c)
		}
		if got := w.Screen.Text(); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
		if c.Busy() || w.Held {
			t.Errorf("%s: busy %v held %v at the end", tc.name, c.Busy(), w.Held)
		}
	}
}

// A trigger typed while another expansion is in flight goes through Prepare
// too: the daemon never types the raw template of a reply with placeholders.
func TestConductorPreparesTriggersTypedDuringAnExpansion(t *testing.T) {
	w := &exptest.World{}
	core := NewCore(NewEngine(NewIndex(conductorRules)))
	prepared := 0
	core.Prepare = func(e Edit, f Fired) Prepared {
		prepared++
		e.Insert = "[" + f.Trigger + "]"
		return Prepared{Edit: e}
	}
	c := NewConductor(core, w)
	// ";ty;ty" with the conductor lagging: the second trigger is typed before
	// the first expansion's first marker is read.
	for _, k := range keysOf(";ty") {
		w.User(k)
	}
	for len(w.Stream) > 0 && !c.Busy() {
		k := w.Stream[0]
		w.Stream = w.Stream[1:]
		c.Step(k) // the first fires, holding the keyboard
	}
	for _, k := range keysOf(";ty") {
		w.User(k) // held: these are typed again after the reply
	}
	drain(w, c)
	if prepared != 2 {
		t.Errorf("Prepare ran %d times, want 2", prepared)
	}
	if got := w.Screen.Text(); got != "[;ty][;ty]" {
		t.Errorf("got %q, want %q", got, "[;ty][;ty]")
	}
}

// A marker that arrives after its expansion timed out is not taken for the
// next expansion's marker.
func TestConductorIgnoresALateMarker(t *testing.T) {
	w := &exptest.World{}
	c := NewConductor(NewCore(NewEngine(NewIndex(conductorRules))), w)
	for _, k := range keysOf("a ;t") {
		w.User(k)
		drain(w, c)
	}
	// The user types on faster than the conductor reads: the first ";ty"
	// and another one reach the app before the first hold.
	for _, k := range keysOf("y ;ty") {
		w.User(k)
	}
	k := w.Stream[0]
	w.Stream = w.Stream[1:]
	c.Step(k) // the first trigger fires; its marker follows " ;ty" in the stream
	// The conductor is too slow: it times out and lets go before reading on.
	c.Timeout()
	for _, k := range keysOf(" b") {
		w.User(k) // not held: these reach the app after the second ";ty"
	}
	// Reading on, the second trigger fires (its hold and marker go in after
	// " b"); the first marker arrives after that, and must be ignored.
	drain(w, c)
	if got := w.Screen.Text(); got != "a ;ty thank you b" {
		t.Errorf("got %q, want %q", got, "a ;ty thank you b")
	}
	if c.Busy() || w.Held {
		t.Errorf("busy %v held %v at the end", c.Busy(), w.Held)
	}
}

func TestConductorInsert(t *testing.T) {
	w := &exptest.World{}
	c := NewConductor(NewCore(NewEngine(NewIndex(conductorRules))), w)
	for _, k := range keysOf("Dear customer, ") {
		w.User(k)
		c.Step(k)
	}
	w.Stream = nil
	c.Insert(Edit{Insert: "thank you"}, Fired{Rule: 0, Trigger: ";ty"}, time.Time{})
	for len(w.Stream) > 0 {
		k := w.Stream[0]
		w.Stream = w.Stream[1:]
		c.Step(k)
	}
	if got := w.Screen.Text(); got != "Dear customer, thank you" || c.Busy() || w.Held {
		t.Fatalf("got %q busy %v held %v", got, c.Busy(), w.Held)
	}
}
