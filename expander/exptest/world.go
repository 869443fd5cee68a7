// Package exptest is the simulated display the conductor and the daemon's
// session are tested against: an app's text field, the key stream a hook
// reports (in server order) and the keyboard hold, with an Injector that
// applies batches as a display would. User keys reach the app unless the
// keyboard is held; either way they enter the stream, which the code under
// test reads with whatever lag a test chooses.
package exptest

import (
	"fmt"

	. "github.com/kindly-support/kindly/expander"
)

// World simulates the display: an app's text field, the key stream the hook
// reports (in server order), and the keyboard hold. User keys reach the app
// unless the keyboard is held; either way they enter the stream. The
// conductor reads the stream with a lag the test controls.
type World struct {
	Screen Screen
	Stream []Key
	Held   bool
	Skip   bool   // the app is off-limits (Inject says ErrSkip)
	During func() // the user typing while a paste is being fetched
	Broken bool   // holding fails
	NextID uint32 // the id of the next marker
}

// Marker puts a marker into the stream and returns its Mark.
func (w *World) Marker(echo int) Mark {
	w.NextID++
	w.Stream = append(w.Stream, Key{Special: Marker, Marker: w.NextID})
	return Mark{ID: w.NextID, Echo: echo}
}

// User types k: it reaches the app unless the keyboard is held, and
// enters the key stream either way.
func (w *World) User(k Key) {
	if !w.Held {
		w.Screen.Type(k)
	}
	w.Stream = append(w.Stream, k)
}

// Inject applies b like a display would (a reply over ten runes is
// "pasted": the keyboard stays held while the app fetches it).
func (w *World) Inject(b Batch) ([]Mark, error) {
	if b.Hold && !w.Held && b.Edit.Empty() && len(b.Replay) == 0 {
		if w.Skip {
			return nil, ErrSkip
		}
		if w.Broken {
			return nil, fmt.Errorf("cannot hold")
		}
	}
	w.Held = false
	var echo []Key
	var marks []Mark
	for range b.Edit.Delete {
		echo = append(echo, Key{Special: Backspace})
	}
	w.Screen.Apply(Edit{Delete: b.Edit.Delete, Insert: b.Edit.Insert})
	if len([]rune(b.Edit.Insert)) > 10 {
		// A paste: the keyboard stays held while the app fetches the text,
		// and the user may type meanwhile.
		echo = append(echo, Key{Special: Insert, Mods: Shift})
		w.Stream = append(w.Stream, echo...)
		echo = nil
		w.Held = true
		if b.Mark {
			marks = append(marks, w.Marker(b.Edit.Delete+1))
		}
		if w.During != nil {
			w.During()
		}
		w.Held = false
	} else {
		for _, r := range b.Edit.Insert {
			echo = append(echo, Key{Rune: r})
		}
	}
	w.Screen.Apply(Edit{Left: b.Edit.Left})
	for range b.Edit.Left {
		echo = append(echo, Key{Special: Left})
	}
	for _, k := range b.Replay {
		w.Screen.Type(k)
		echo = append(echo, k)
	}
	w.Stream = append(w.Stream, echo...)
	w.Held = b.Hold
	if b.Mark {
		marks = append(marks, w.Marker(len(echo)))
	}
	return marks, nil
}

// Next pops the oldest item of the key stream.
func (w *World) Next() Key {
	k := w.Stream[0]
	w.Stream = w.Stream[1:]
	return k
}

// Drain steps c through everything in the stream (and what it injects
// meanwhile). It panics if c never stops injecting.
func (w *World) Drain(c interface{ Step(Key) }) {
	for n := 0; len(w.Stream) > 0; n++ {
		if n > 100000 {
			panic("the conductor never stops injecting")
		}
		c.Step(w.Next())
	}
}
