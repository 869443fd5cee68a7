// Package hookstest has stand-in backends for testing the daemon's session
// loop without a desktop: an observer over the simulated display of
// expander/exptest, and a backend in the key path over an expander.Screen.
// The real backends are tested under their real servers (Xvfb, wine, a
// private ibus-daemon); these test what the session decides.
package hookstest

import (
	"os/exec"
	"sync"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/expander/exptest"
	"github.com/kindly-support/kindly/hooks"
)

// Observer is an observer backend over a simulated display.
type Observer struct {
	*exptest.World
	Ch chan hooks.Event

	mu      sync.Mutex
	Apps    *hooks.Apps
	Grabbed []string
	// Answer plays the fill-in dialog (nil: no dialog capability is used
	// by the test).
	Answer func(title string, fields []hooks.Field) (hooks.Answer, error)
	// Clip is the clipboard's text.
	Clip    string
	Notices []string
	// Picked is what the search picker returns.
	Picked string
}

// NewObserver returns an observer with an empty text field.
func NewObserver() *Observer {
	return &Observer{World: &exptest.World{}, Ch: make(chan hooks.Event, 1024)}
}

func (o *Observer) Name() string               { return "test" }
func (o *Observer) Events() <-chan hooks.Event { return o.Ch }
func (o *Observer) Close() error               { return nil }

// GrabHotkey records the hotkey.
func (o *Observer) GrabHotkey(name, spec string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Grabbed = append(o.Grabbed, name+"="+spec)
	return nil
}

// Ask plays the dialog through Answer.
func (o *Observer) Ask(title string, fields []hooks.Field) (hooks.Answer, error) {
	return o.Answer(title, fields)
}

// ClipboardText returns Clip.
func (o *Observer) ClipboardText() (string, error) { return o.Clip, nil }

// SetApps records the app rules.
func (o *Observer) SetApps(a *hooks.Apps) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Apps = a
}

// Notify records a notice.
func (o *Observer) Notify(title, body string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Notices = append(o.Notices, title+": "+body)
	return nil
}

// RunFocused pretends the picker ran.
func (o *Observer) RunFocused(*exec.Cmd, string) error { return nil }

// Pending turns the key stream into events, oldest first, and empties it.
func (o *Observer) Pending() []hooks.Event {
	var evs []hooks.Event
	for len(o.Stream) > 0 {
		evs = append(evs, hooks.Event{Kind: hooks.KeyEvent, Key: o.Next()})
	}
	return evs
}

// KeyPath is a backend in the key path over a text field: it asks a verdict
// for every key and applies it as an input method would.
type KeyPath struct {
	Screen  expander.Screen
	Ch      chan hooks.Event
	Commits []expander.Edit
}

// NewKeyPath returns a key-path backend with an empty text field.
func NewKeyPath() *KeyPath { return &KeyPath{Ch: make(chan hooks.Event, 16)} }

func (k *KeyPath) Name() string               { return "test-im" }
func (k *KeyPath) Events() <-chan hooks.Event { return k.Ch }
func (k *KeyPath) Close() error               { return nil }

// Commit applies an edit decided later (a dialog answered).
func (k *KeyPath) Commit(e expander.Edit) error {
	k.Commits = append(k.Commits, e)
	k.Screen.Apply(e)
	return nil
}

// Key asks decide (the session) for a verdict on key and applies it: the
// edit first, then the key unless consumed.
func (k *KeyPath) Key(key expander.Key, decide func(hooks.Event)) hooks.Verdict {
	ch := make(chan hooks.Verdict, 1)
	decide(hooks.Event{Kind: hooks.KeyEvent, Key: key, Verdict: ch})
	v := <-ch
	if !v.Edit.Empty() {
		k.Screen.Apply(v.Edit)
	}
	if !v.Consume {
		k.Screen.Type(key)
	}
	return v
}
