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
// returns, for each marker in order, how many keys of the batch's own echo
// come right before it (one per non-modifier key press; markers excluded).
// The user's held keys come before the echo in each segment.
type Injector interface {
	Inject(Batch) (echo []int, err error)
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
	eng *Engine
	inj Injector

	phase    phase
	edit     Edit  // the expansion being applied
	early    []Key // user keys between the trigger and the first marker (reached the app)
	between  []Key // keys since the last marker (held user keys, then our echo)
	echoes   []int // per marker still to come: echo keys right before it
	held     []Key // user keys held by the current batch so far
	user     []Key // user keys typed during the expansion, in order, to feed the engine
	pre      []Key // repair: swallowed keys to type before the early ones
	fired    Fired // the rule being expanded
	expanded bool  // the edit went out (false when early keys made it moot)
	deadline time.Time

	// IdleReset makes the engine forget what was typed after this long
	// without a key (0: never). What was typed is kept in memory only, and
	// only as long as it can still be the start of a trigger.
	IdleReset time.Duration
	last      time.Time

	// Prepare, when set, is called when a trigger fires, before anything is
	// injected: it may render the reply again (placeholders) and ask the
	// agent for values in a dialog. It returns the edit to apply, false to
	// leave the text as typed, and the time until which keys went to the
	// dialog rather than the app (they are dropped).
	Prepare   func(Edit, Fired) (e Edit, ok bool, skipUntil time.Time)
	skipUntil time.Time

	// Expanded is called after each expansion with the rule that fired
	// (for stats; it never sees typed text).
	Expanded func(Fired)
	// Errorf reports injector failures (never with typed text).
	Errorf func(format string, args ...any)
}

// NewConductor returns a conductor for eng and inj.
func NewConductor(eng *Engine, inj Injector) *Conductor {
	return &Conductor{eng: eng, inj: inj}
}

// Busy reports whether an expansion is in progress.
func (c *Conductor) Busy() bool { return c.phase != idle }

// Forget makes the engine forget what was typed (a window change, kindly
// paused or off in the focused app). It does nothing during an expansion.
func (c *Conductor) Forget() {
	if c.phase == idle {
		c.eng.Reset()
	}
}

// Deadline returns when Timeout should be called (zero when idle).
func (c *Conductor) Deadline() time.Time {
	if c.phase == idle {
		return time.Time{}
	}
	return c.deadline
}

func (c *Conductor) errorf(format string, args ...any) {
	if c.Errorf != nil {
		c.Errorf(format, args...)
	}
}

// Step handles one key from the source.
func (c *Conductor) Step(k Key) {
	if k.Special != Marker && !c.skipUntil.IsZero() && !k.At.After(c.skipUntil) {
		return // typed into Prepare's dialog
	}
	switch c.phase {
	case idle:
		if k.Special == Marker {
			return // a late marker from an abandoned expansion
		}
		if c.IdleReset > 0 && !c.last.IsZero() && k.At.Sub(c.last) > c.IdleReset {
			c.eng.Reset()
		}
		c.last = k.At
		c.type1(k)
	case taking:
		if k.Special != Marker {
			c.early = append(c.early, k)
			return
		}
		c.afterTake(k.At)
	case applied, release:
		if k.Special != Marker {
			c.between = append(c.between, k)
			return
		}
		echo := 0
		if len(c.echoes) > 0 {
			echo, c.echoes = c.echoes[0], c.echoes[1:]
		}
		c.held = append(c.held, c.between[:max(len(c.between)-echo, 0)]...)
		c.between = c.between[:0]
		if len(c.echoes) > 0 {
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
	e, f, ok := c.eng.Step(k)
	if !ok {
		return
	}
	at := k.At
	if c.Prepare != nil {
		var until time.Time
		e, ok, until = c.Prepare(e, f)
		if until.After(c.skipUntil) {
			c.skipUntil = until
		}
		if !ok {
			c.eng.Reset()
			return
		}
		if until.After(at) {
			at = until // deadlines count from when the dialog closed
		}
	}
	c.begin(e, f, nil, at)
}

// Insert expands a reply that no typed trigger asked for (the search
// hotkey's pick): e usually deletes nothing. It goes through Prepare and the
// same hold as a typed trigger. It does nothing during an expansion.
func (c *Conductor) Insert(e Edit, f Fired, at time.Time) {
	if c.phase != idle {
		return
	}
	c.eng.Reset()
	if c.Prepare != nil {
		var until time.Time
		var ok bool
		e, ok, until = c.Prepare(e, f)
		if until.After(c.skipUntil) {
			c.skipUntil = until
		}
		if !ok {
			return
		}
		if until.After(at) {
			at = until
		}
	}
	c.begin(e, f, nil, at)
}

// begin starts holding the keyboard for edit e (an expansion of f), or, for
// a repair (e empty), to type pre: keys the hold swallowed just before it let
// go, which belong before whatever the user typed since.
func (c *Conductor) begin(e Edit, f Fired, pre []Key, at time.Time) {
	echo, err := c.inj.Inject(Batch{Hold: true, Mark: true, Next: e.Insert})
	if err != nil {
		if len(pre) > 0 {
			if _, err := c.inj.Inject(Batch{Replay: pre}); err != nil {
				c.errorf("replay keys: %v", err)
			}
			return
		}
		if !errors.Is(err, ErrSkip) {
			// Could not hold the keyboard: expand without the safety net.
			if _, err := c.inj.Inject(Batch{Edit: e}); err != nil {
				c.errorf("expand: %v", err)
				return
			}
			c.done(f)
		}
		return
	}
	c.phase, c.edit, c.fired, c.pre = taking, e, f, pre
	c.early, c.between, c.echoes, c.held = c.early[:0], nil, echo, nil
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
	echo, err := c.inj.Inject(Batch{Edit: e, Replay: replay, Hold: true, Mark: true})
	if err != nil {
		c.errorf("expand: %v", err)
		c.abandon()
		return
	}
	if plain && len(pre) == 0 && !c.edit.Empty() {
		c.expanded = true
	}
	c.phase, c.echoes, c.deadline = applied, echo, at.Add(MarkerTimeout)
}

// afterApply: the reply is in; held are the user's keys since the first
// marker. Type them and let go of the keyboard.
func (c *Conductor) afterApply(held []Key, at time.Time) {
	c.user = append(c.user, held...)
	echo, err := c.inj.Inject(Batch{Replay: held, Mark: true})
	if err != nil {
		c.errorf("replay keys: %v", err)
		c.abandon()
		return
	}
	c.phase, c.echoes, c.deadline = release, echo, at.Add(MarkerTimeout)
}

// afterRelease: the keyboard is free again. Keys the hold swallowed in the
// instant between the previous marker and the release (swallowed) must still
// be typed, before anything the user typed since: a repair round does that.
func (c *Conductor) afterRelease(swallowed []Key, at time.Time) {
	c.phase = idle
	if len(swallowed) > 0 {
		c.user = append(c.user, swallowed...)
		c.begin(Edit{}, Fired{}, append([]Key(nil), swallowed...), at)
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
		c.done(c.fired)
	}
	c.expanded = false
	c.eng.Reset()
	user := c.user
	c.user = nil
	for i, k := range user {
		e, f, ok := c.eng.Step(k)
		if ok {
			// A trigger among the keys typed meanwhile: they are all in the
			// app already, so expand it now; the keys after it are text
			// after its insertion point, just like early keys.
			c.begin(e, f, nil, at)
			if c.phase != idle {
				c.early = append(c.early, user[i+1:]...)
			}
			return
		}
	}
}

func (c *Conductor) done(f Fired) {
	if c.Expanded != nil {
		c.Expanded(f)
	}
}

// abandon lets go of the keyboard after a failure, typing what was held.
func (c *Conductor) abandon() {
	held := c.held
	if len(c.echoes) > 0 {
		held = append(held, c.between[:max(len(c.between)-c.echoes[0], 0)]...)
	}
	c.between, c.held, c.echoes = nil, nil, nil
	c.phase = idle
	if _, err := c.inj.Inject(Batch{Replay: held}); err != nil {
		c.errorf("release keyboard: %v", err)
	}
	c.expanded = false
	c.user = nil
	c.eng.Reset()
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
