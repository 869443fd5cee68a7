package expander

import "time"

// Core is the one place where a trigger fires, whatever the desktop: it owns
// the Engine (one goroutine calls it), forgets what was typed after a pause
// (IdleReset), prepares the reply of a trigger that fired (Prepare: render
// placeholders, maybe ask the agent first) and reports each expansion
// (Expanded, for stats).
//
// Two ways out lead from it to the app. Observers (X11, Windows), which see a
// key after the app got it, go through a Conductor. Backends in the key path
// (input methods) call Step and Prepare themselves for each key and apply the
// edit before the app sees the key.
type Core struct {
	eng *Engine

	// IdleReset makes the engine forget what was typed after this long
	// without a key (0: never). What was typed is kept in memory only, and
	// only as long as it can still be the start of a trigger.
	IdleReset time.Duration
	last      time.Time

	// Prepare, when set, turns the edit of a trigger that fired into the
	// reply to apply: it may render the reply anew (placeholders), refuse it
	// (a value is missing), or ask the agent first. It runs on the engine's
	// goroutine and must not block: asking is handed out as Prepared.Ask.
	Prepare func(Edit, Fired) Prepared
	// Expanded is called after each expansion with the rule that fired
	// (for stats; it never sees typed text).
	Expanded func(Fired)
}

// Prepared is the reply for a trigger that fired.
type Prepared struct {
	Edit Edit
	// Skip leaves the text as typed (the agent has been told why).
	Skip bool
	// Ask, when set, must run off the engine's goroutine: it asks the agent
	// for fill-ins (a dialog) and returns the reply to apply.
	Ask func() Answered
}

// Answered is the result of Prepared.Ask.
type Answered struct {
	Edit Edit
	OK   bool // false: cancelled or refused; the text stays as typed
	// Focused is when the dialog took the keyboard (keys typed before went
	// to the app), Closed when it let go. Zero Focused: it never did.
	Focused, Closed time.Time
}

// NewCore returns a Core over eng.
func NewCore(eng *Engine) *Core { return &Core{eng: eng} }

// Engine returns the engine the core owns.
func (c *Core) Engine() *Engine { return c.eng }

// SetIndex swaps in a new index (a reload).
func (c *Core) SetIndex(idx *Index) { c.eng.SetIndex(idx) }

// Reset forgets what was typed.
func (c *Core) Reset() { c.eng.Reset() }

// Step feeds one key the user typed to the engine, after forgetting what was
// typed before an idle pause, and returns the edit when a trigger completes.
func (c *Core) Step(k Key) (Edit, Fired, bool) {
	if k.Special != Marker {
		if c.IdleReset > 0 && !c.last.IsZero() && k.At.Sub(c.last) > c.IdleReset {
			c.eng.Reset()
		}
		c.last = k.At
	}
	return c.eng.Step(k)
}

// Prepared returns the reply to apply for e, the edit of f (through Prepare
// when set).
func (c *Core) Prepared(e Edit, f Fired) Prepared {
	if c.Prepare == nil {
		return Prepared{Edit: e}
	}
	return c.Prepare(e, f)
}

// Done reports an expansion of f.
func (c *Core) Done(f Fired) {
	if c.Expanded != nil {
		c.Expanded(f)
	}
}
