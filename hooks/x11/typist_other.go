//go:build !linux

package x11

import "time"

// Typist presses keys as a keyboard does; X11 is Linux only here.
type Typist struct{}

// NewTypist fails on this system.
func NewTypist(string) (*Typist, error) { return nil, ErrNoDisplay }

// Close does nothing on this system.
func (t *Typist) Close() {}

// Type fails on this system.
func (t *Typist) Type(string, time.Duration) error { return ErrNoDisplay }

// Chord fails on this system.
func (t *Typist) Chord(...uint32) error { return ErrNoDisplay }
