package expander

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// world simulates the display: an app's text field, the key stream the hook
// reports (in server order), and the keyboard hold. User keys reach the app
// unless the keyboard is held; either way they enter the stream. The
// conductor reads the stream with a lag the test controls.
type world struct {
	t      *testing.T
	screen Screen
	stream []Key
	held   bool
	skip   bool   // the app is off-limits (Inject says ErrSkip)
	during func() // the user typing while a paste is being fetched
	broken bool   // holding fails
}

func (w *world) user(k Key) {
	if !w.held {
		w.screen.Type(k)
	}
	w.stream = append(w.stream, k)
}

func (w *world) Inject(b Batch) ([]int, error) {
	if b.Hold && !w.held && b.Edit.Empty() && len(b.Replay) == 0 {
		if w.skip {
			return nil, ErrSkip
		}
		if w.broken {
			return nil, fmt.Errorf("cannot hold")
		}
	}
	w.held = false
	var echo []Key
	var echoes []int
	for range b.Edit.Delete {
		echo = append(echo, Key{Special: Backspace})
	}
	w.screen.Apply(Edit{Delete: b.Edit.Delete, Insert: b.Edit.Insert})
	if len([]rune(b.Edit.Insert)) > 10 {
		// A paste: the keyboard stays held while the app fetches the text,
		// and the user may type meanwhile.
		echo = append(echo, Key{Special: Insert, Mods: Shift})
		w.stream = append(w.stream, echo...)
		echo = nil
		w.held = true
		if b.Mark {
			w.stream = append(w.stream, Key{Special: Marker})
			echoes = append(echoes, b.Edit.Delete+1)
		}
		if w.during != nil {
			w.during()
		}
		w.held = false
	} else {
		for _, r := range b.Edit.Insert {
			echo = append(echo, Key{Rune: r})
		}
	}
	w.screen.Apply(Edit{Left: b.Edit.Left})
	for range b.Edit.Left {
		echo = append(echo, Key{Special: Left})
	}
	for _, k := range b.Replay {
		w.screen.Type(k)
		echo = append(echo, k)
	}
	w.stream = append(w.stream, echo...)
	w.held = b.Hold
	if b.Mark {
		w.stream = append(w.stream, Key{Special: Marker})
		echoes = append(echoes, len(echo))
	}
	return echoes, nil
}

func keysOf(s string) []Key {
	ks, err := ParseKeys(s)
	if err != nil {
		panic(err)
	}
	return ks
}

// run types keys with the conductor lagging behind: before each stream item
// it consumes, the user may type up to lag more keys.
func run(t *testing.T, w *world, idx *Index, keys []Key, rng *rand.Rand, lag int) {
	c := NewConductor(NewEngine(idx), w)
	next := 0
	w.during = func() {
		for n := rng.IntN(lag + 1); n > 0 && next < len(keys); n-- {
			w.user(keys[next])
			next++
		}
	}
	for next < len(keys) || len(w.stream) > 0 {
		if next < len(keys) && (len(w.stream) == 0 || rng.IntN(lag+1) > 0) {
			w.user(keys[next])
			next++
			continue
		}
		k := w.stream[0]
		w.stream = w.stream[1:]
		c.Step(k)
	}
	if c.Busy() {
		t.Fatalf("conductor still busy at the end")
	}
	if w.held {
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
				w := &world{t: t}
				run(t, w, idx, keysOf(in), rand.New(rand.NewPCG(seed, 7)), lag)
				if got := w.screen.Text(); got != want {
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
	w := &world{t: t}
	c := NewConductor(NewEngine(idx), w)
	for _, k := range keysOf(";ty{Enter}ok") {
		w.user(k)
	}
	for len(w.stream) > 0 {
		k := w.stream[0]
		w.stream = w.stream[1:]
		c.Step(k)
	}
	if got, want := w.screen.Text(), ";ty\nok"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if w.held || c.Busy() {
		t.Fatal("still holding")
	}
}

func TestConductorSkipAndFallback(t *testing.T) {
	idx := NewIndex(conductorRules)
	w := &world{t: t, skip: true}
	run(t, w, idx, keysOf("a ;ty b"), rand.New(rand.NewPCG(1, 2)), 0)
	if got := w.screen.Text(); got != "a ;ty b" {
		t.Fatalf("skip: got %q", got)
	}
	w = &world{t: t, broken: true}
	run(t, w, idx, keysOf("a ;ty b"), rand.New(rand.NewPCG(1, 2)), 0)
	if got := w.screen.Text(); got != "a thank you b" {
		t.Fatalf("fallback: got %q", got)
	}
}

func TestConductorTimeoutReleases(t *testing.T) {
	idx := NewIndex(conductorRules)
	w := &world{t: t}
	c := NewConductor(NewEngine(idx), w)
	for _, k := range keysOf(";ty") {
		w.user(k)
		c.Step(k)
	}
	w.stream = nil // the hook lost everything, marker included
	if !c.Busy() || c.Deadline().IsZero() {
		t.Fatal("expected an expansion waiting for its marker")
	}
	c.Timeout()
	if c.Busy() || w.held {
		t.Fatal("timeout must let go of the keyboard")
	}
}

func TestConductorExpandedCallback(t *testing.T) {
	idx := NewIndex(conductorRules)
	w := &world{t: t}
	c := NewConductor(NewEngine(idx), w)
	var fired []string
	c.Expanded = func(f Fired) { fired = append(fired, f.Trigger) }
	for _, k := range keysOf("x;ty ;;sorry") {
		w.user(k)
		for len(w.stream) > 0 {
			k := w.stream[0]
			w.stream = w.stream[1:]
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
		w := &world{t: t}
		run(t, w, idx, keys, rand.New(rand.NewPCG(seed, 9)), int(lag))
		if got := w.screen.Text(); got != want {
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
		w := &world{t: t}
		c := NewConductor(NewEngine(idx), w)
		c.IdleReset = idle
		at := base
		n := 0
		for _, part := range seq {
			at = at.Add(part.after)
			for _, k := range keysOf(part.s) {
				k.At = at
				w.user(k)
				n++
				if n == forgetAfter {
					c.Forget()
				}
				for len(w.stream) > 0 {
					k := w.stream[0]
					w.stream = w.stream[1:]
					c.Step(k)
				}
			}
		}
		return w.screen.Text()
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

// Prepare can render the reply anew, cancel it, and swallow the keys typed
// into its dialog.
func TestConductorPrepare(t *testing.T) {
	idx := NewIndex(conductorRules)
	base := time.Unix(100, 0)
	for _, tc := range []struct {
		name string
		ok   bool
		want string
	}{{"rendered", true, "x Hi Maria! y"}, {"cancelled", false, "x ;ty y"}} {
		w := &world{t: t}
		c := NewConductor(NewEngine(idx), w)
		c.Prepare = func(e Edit, f Fired) (Edit, bool, time.Time) {
			// The dialog: the agent types "Maria" into it (not into the app).
			for i, k := range keysOf("Maria{Enter}") {
				k.At = base.Add(time.Duration(10+i) * time.Millisecond)
				w.stream = append(w.stream, k)
			}
			e.Insert = f.Case.Shape("Hi Maria!")
			return e, tc.ok, base.Add(time.Second)
		}
		for _, k := range keysOf("x ;ty") {
			k.At = base
			w.user(k)
		}
		for len(w.stream) > 0 {
			k := w.stream[0]
			w.stream = w.stream[1:]
			c.Step(k)
		}
		for _, k := range keysOf(" y") { // typed after the dialog closed
			k.At = base.Add(2 * time.Second)
			w.user(k)
			for len(w.stream) > 0 {
				k := w.stream[0]
				w.stream = w.stream[1:]
				c.Step(k)
			}
		}
		if got := w.screen.Text(); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestConductorInsert(t *testing.T) {
	w := &world{t: t}
	c := NewConductor(NewEngine(NewIndex(conductorRules)), w)
	for _, k := range keysOf("Dear customer, ") {
		w.user(k)
		c.Step(k)
	}
	w.stream = nil
	c.Insert(Edit{Insert: "thank you"}, Fired{Rule: 0, Trigger: ";ty"}, time.Time{})
	for len(w.stream) > 0 {
		k := w.stream[0]
		w.stream = w.stream[1:]
		c.Step(k)
	}
	if got := w.screen.Text(); got != "Dear customer, thank you" || c.Busy() || w.held {
		t.Fatalf("got %q busy %v held %v", got, c.Busy(), w.held)
	}
}
