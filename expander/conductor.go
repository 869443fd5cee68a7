package expander

import (
	"errors"
	"time"
)

// Batch is one atomic step for the injector. While the daemon expands a
// trigger it holds the keyboard: the user's keys go nowhere but into the key
// stream, and the conductor types them again, in order, after the reply.
// Every batch runs as one uninterruptible unit on the display:
//
//  1. stop holding the keyboard (if held),
//  2. apply Edit (delete, insert by typing or paste, move the caret),
//  3. type Replay (the user's own keys, verbatim),
//  4. if Hold, hold the keyboard again,
//  5. if Mark, put a marker into the key stream. The marker reaches no app:
//     without Hold the injector holds the keyboard just for the marker.
//
// The marker tells the conductor where the batch sits among the keys the
// hook reports, so it can tell which user keys reached the app before the
// batch, which were held, and which keys are the batch's own echo.
type Batch struct {
	Edit   Edit
	Replay []Key
	Hold   bool
	Mark   bool
	// Next is the text the following batch will insert, when known: the
	// injector may get ready for it (take the clipboard) while the conductor
	// waits for the marker.
	Next string
}

// Injector applies batches to the focused app. It returns once the app has
// received the whole batch (for a paste: once the app has fetched the text).
//
// A batch may put several markers into the stream (a paste holds the
// keyboard while the app fetches the text and marks that point too). Inject
// returns one Mark for each marker in order: the id the marker will carry
// in the key stream (Key.Marker) and how many keys of the batch's own echo
// come right before it (one per non-modifier key press; markers excluded).
// The user's held keys come before the echo in each segment.
type Injector interface {
	Inject(Batch) ([]Mark, error)
}

// Mark is one marker a batch put into the key stream.
type Mark struct {
	ID   uint32 // what the marker's Key.Marker will say
	Echo int    // echo keys of the batch right before it
}

// ErrSkip is returned by an Injector that will not expand here (kindly is
// off for the focused app, or another program holds the keyboard). The
// conductor then drops the expansion and leaves the text as typed.
var ErrSkip = errors.New("expansion skipped")

// MarkerTimeout is how long the conductor waits for a marker before it gives
// up on an expansion and releases the keyboard.
const MarkerTimeout = 750 * time.Millisecond

type phase uint8

const (
	idle    phase = iota
	asking        // a fill-in dialog is open (Prepared.Ask); keys are kept until it answers
	taking        // holding; waiting for the first marker to learn which keys reached the app early
	applied       // the edit went out; waiting for its marker to learn which keys were held
	release       // the held keys went out and the keyboard is free; waiting for the last marker
)

// Conductor runs one Engine against a live key stream and an Injector. It is
// the only owner of the engine's state: one goroutine calls Step for every
// Key the source delivers, and Timeout when Deadline passes.
//
// For each expansion it (1) holds the keyboard and marks the stream, (2) when
// the mark arrives, folds the keys that reached the app meanwhile into the
// edit and applies it, holding again, (3) types the held keys after the reply
// and lets go, and (4) feeds the user's keys to the engine as typed text, so
// a trigger typed during an expansion still expands. Its own echo never
// reaches the engine.
type Conductor struct {
	core *Core
	inj  Injector

	phase    phase
	edit     Edit   // the expansion being applied
	early    []Key  // user keys between the trigger and the first marker (reached the app)
	between  []Key  // keys since the last marker (held user keys, then our echo)
	marks    []Mark // markers still to come, in order
	held     []Key  // user keys held by the current batch so far
	user     []Key  // user keys typed during the expansion, in order, to feed the engine
	pre      []Key  // repair: swallowed keys to type before the early ones
	asked    []Key  // keys typed while a fill-in dialog was being opened or was open
	fired    Fired  // the rule being expanded
	expanded bool   // the edit went out (false when early keys made it moot)
	deadline time.Time

	// StartAsk runs ask (a fill-in dialog) off the engine's goroutine and
	// hands its result to Answer on that goroutine (the session loop does
	// this). nil: ask runs at once, blocking (tests, playgrounds).
	StartAsk func(ask func() Answered)
	// Errorf reports injector failures (never with typed text).
	Errorf func(format string, args ...any)
	// Debugf, when set, says why an expansion did not happen (trigger
	// names and key names only, never typed text).
	Debugf func(format string, args ...any)
}

// NewConductor returns a conductor for core and inj.
func NewConductor(core *Core, inj Injector) *Conductor {
	return &Conductor{core: core, inj: inj}
}

// Core returns the core the conductor drives.
func (c *Conductor) Core() *Core { return c.core }

// Busy reports whether an expansion is in progress.
func (c *Conductor) Busy() bool { return c.phase != idle }

// Forget makes the engine forget what was typed (a window change, kindly
// paused or off in the focused app). It does nothing during an expansion.
func (c *Conductor) Forget() {
	if c.phase == idle {
		c.core.Reset()
	}
}

// Deadline returns when Timeout should be called (zero when idle or while
// the agent answers a dialog).
func (c *Conductor) Deadline() time.Time {
	if c.phase == idle || c.phase == asking {
		return time.Time{}
	}
	return c.deadline
}

func (c *Conductor) debugf(format string, args ...any) {
	if c.Debugf != nil {
		c.Debugf(format, args...)
	}
}

func (c *Conductor) errorf(format string, args ...any) {
	if c.Errorf != nil {
		c.Errorf(format, args...)
	}
}

// Step handles one key from the source.
func (c *Conductor) Step(k Key) {
	if k.Special == Marker && (c.phase == idle || c.phase == asking || len(c.marks) == 0 || k.Marker != c.marks[0].ID) {
		return // a late marker from an abandoned expansion
	}
	switch c.phase {
	case idle:
		c.type1(k)
	case asking:
		c.asked = append(c.asked, k)
	case taking:
		if k.Special != Marker {
			c.early = append(c.early, k)
			return
		}
		c.marks = c.marks[1:]
		c.afterTake(k.At)
	case applied, release:
		if k.Special != Marker {
			c.between = append(c.between, k)
			return
		}
		echo := c.marks[0].Echo
		c.marks = c.marks[1:]
		c.held = append(c.held, c.between[:max(len(c.between)-echo, 0)]...)
		c.between = c.between[:0]
		if len(c.marks) > 0 {
			return // more markers of this batch to come
		}
		held := c.held
		c.held = nil
		if c.phase == applied {
			c.afterApply(held, k.At)
		} else {
			c.afterRelease(held, k.At)
		}
	}
}

// type1 feeds a key the user typed to the engine and starts an expansion
// when a trigger completes.
func (c *Conductor) type1(k Key) {
	e, f, ok := c.core.Step(k)
	if !ok {
		return
	}
	c.fire(e, f, k.At, nil)
}

// fire expands e, the edit of f, through the core's Prepare: every trigger
// that fires, typed or found among keys typed during an expansion, comes
// here. early are keys already in the app after the trigger.
func (c *Conductor) fire(e Edit, f Fired, at time.Time, early []Key) {
	p := c.core.Prepared(e, f)
	switch {
	case p.Ask != nil:
		c.phase, c.edit, c.fired = asking, e, f
		c.asked = append(c.asked[:0], early...)
		if c.StartAsk == nil {
			c.Answer(p.Ask())
			return
		}
		c.StartAsk(p.Ask)
	case p.Skip:
		c.core.Reset()
		c.user = early
		c.finish(at)
	default:
		c.begin(p.Edit, f, nil, at, early)
	}
}

// Answer takes the result of a fill-in dialog (Prepared.Ask). Keys typed
// before the dialog took the keyboard, and after it let go, reached the app
// after the trigger: like early keys, they are deleted and typed again after
// the reply. Keys typed into the dialog are dropped.
func (c *Conductor) Answer(a Answered) {
	if c.phase != asking {
		return
	}
	var inApp []Key
	for _, k := range c.asked {
		if k.Special == Marker {
			continue
		}
		if a.Focused.IsZero() || k.At.Before(a.Focused) || k.At.After(a.Closed) {
			inApp = append(inApp, k)
		}
	}
	c.asked = c.asked[:0]
	c.phase = idle
	at := a.Closed
	if at.IsZero() {
		at = time.Now()
	}
	if !a.OK {
		c.core.Reset() // the abbreviation stays as typed
		c.user = inApp
		c.finish(at)
		return
	}
	c.begin(a.Edit, c.fired, nil, at, inApp)
}

// Insert expands a reply that no typed trigger asked for (the search
// hotkey's pick): e usually deletes nothing. It goes through the core's
// Prepare and the same hold as a typed trigger. It does nothing during an
// expansion.
func (c *Conductor) Insert(e Edit, f Fired, at time.Time) {
	if c.phase != idle {
		return
	}
	c.core.Reset()
	c.fire(e, f, at, nil)
}

// begin starts holding the keyboard for edit e (an expansion of f), or, for
// a repair (e empty), to type pre: keys the hold swallowed just before it let
// go, which belong before whatever the user typed since.
func (c *Conductor) begin(e Edit, f Fired, pre []Key, at time.Time, early []Key) {
	marks, err := c.inj.Inject(Batch{Hold: true, Mark: true, Next: e.Insert})
	if err != nil {
		if len(pre) > 0 {
			if _, err := c.inj.Inject(Batch{Replay: pre}); err != nil {
				c.errorf("replay keys: %v", err)
			}
			return
		}
		if errors.Is(err, ErrSkip) {
			c.debugf("%s not expanded: kindly is off in this app", f.Trigger)
		}
		if !errors.Is(err, ErrSkip) && len(early) == 0 {
			// Could not hold the keyboard: expand without the safety net.
			if _, err := c.inj.Inject(Batch{Edit: e}); err != nil {
				c.errorf("expand: %v", err)
				return
			}
			c.core.Done(f)
		}
		c.core.Reset()
		return
	}
	c.phase, c.edit, c.fired, c.pre = taking, e, f, pre
	c.early, c.between, c.marks, c.held = append(c.early[:0], early...), nil, marks, nil
	c.deadline = at.Add(MarkerTimeout)
}

// afterTake: the keyboard is held. Keys in early reached the app after the
// insertion point. If they are plain text (and Backspaces within it) the
// batch deletes them and types them again after the reply, so they end up
// where the user meant them. Otherwise the text moved on (Enter may have sent
// the message): the expansion is dropped and the text stays as typed; a repair
// still types its swallowed keys, late rather than never.
func (c *Conductor) afterTake(at time.Time) {
	e, pre := c.edit, c.pre
	after := 0 // runes the early keys left after the insertion point
	plain := true
	for _, k := range c.early {
		switch {
		case k.Text():
			after++
		case k.Special == Backspace && !k.Mods.Shortcut() && after > 0:
			after--
		default:
			if plain {
				c.debugf("%s dropped: a %s key (mods %d) reached the app before the keyboard was held", c.fired.Trigger, k.Special, k.Mods)
			}
			plain = false
		}
	}
	var replay []Key
	if plain {
		e.Delete += after
		replay = append(append(replay, pre...), c.early...)
	} else {
		e, replay = Edit{}, pre
	}
	c.user = append(c.user, c.early...)
	c.pre = nil
	marks, err := c.inj.Inject(Batch{Edit: e, Replay: replay, Hold: true, Mark: true})
	if err != nil {
		c.errorf("expand: %v", err)
		c.abandon()
		return
	}
	if plain && len(pre) == 0 && !c.edit.Empty() {
		c.expanded = true
	}
	c.phase, c.marks, c.deadline = applied, marks, at.Add(MarkerTimeout)
}

// afterApply: the reply is in; held are the user's keys since the first
// marker. Type them and let go of the keyboard.
func (c *Conductor) afterApply(held []Key, at time.Time) {
	c.user = append(c.user, held...)
	marks, err := c.inj.Inject(Batch{Replay: held, Mark: true})
	if err != nil {
		c.errorf("replay keys: %v", err)
		c.abandon()
		return
	}
	c.phase, c.marks, c.deadline = release, marks, at.Add(MarkerTimeout)
}

// afterRelease: the keyboard is free again. Keys the hold swallowed in the
// instant between the previous marker and the release (swallowed) must still
// be typed, before anything the user typed since: a repair round does that.
func (c *Conductor) afterRelease(swallowed []Key, at time.Time) {
	c.phase = idle
	if c.expanded {
		// Counted now: a repair round below takes c.fired's place.
		c.core.Done(c.fired)
		c.expanded = false
	}
	if len(swallowed) > 0 {
		c.user = append(c.user, swallowed...)
		c.begin(Edit{}, Fired{}, append([]Key(nil), swallowed...), at, nil)
		if c.phase != idle {
			return
		}
	}
	c.finish(at)
}

// finish resets the engine after an expansion and feeds it the user's keys
// that now follow the reply in the app.
func (c *Conductor) finish(at time.Time) {
	if c.expanded {
		c.core.Done(c.fired)
	}
	c.expanded = false
	c.core.Reset()
	user := c.user
	c.user = nil
	for i, k := range user {
		e, f, ok := c.core.Step(k)
		if ok {
			// A trigger among the keys typed meanwhile: they are all in the
			// app already, so expand it now (through Prepare, like any
			// trigger); the keys after it are text after its insertion
			// point, just like early keys.
			c.fire(e, f, at, user[i+1:])
			return
		}
	}
}

// abandon lets go of the keyboard after a failure, typing what was held.
func (c *Conductor) abandon() {
	held := c.held
	if len(c.marks) > 0 {
		held = append(held, c.between[:max(len(c.between)-c.marks[0].Echo, 0)]...)
	}
	c.between, c.held, c.marks = nil, nil, nil
	c.phase = idle
	if _, err := c.inj.Inject(Batch{Replay: held}); err != nil {
		c.errorf("release keyboard: %v", err)
	}
	c.expanded = false
	c.user = nil
	c.core.Reset()
}

// Timeout is called when Deadline has passed without the expected marker
// (the key source lost it): the conductor lets go of the keyboard.
func (c *Conductor) Timeout() {
	if c.phase == idle {
		return
	}
	c.errorf("expansion timed out waiting for the key stream")
	c.abandon()
}
