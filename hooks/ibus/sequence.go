package ibus

import (
	"sync"

	"github.com/godbus/dbus/v5"
)

// sequencer runs the engine's method calls one at a time, in the order
// they arrived. godbus calls every handler on a goroutine of its own, so
// without it two keys typed in a row could be handled the other way round.
// The incoming interceptor (which godbus runs on its reading goroutine, in
// arrival order) issues a ticket to each call the engine will handle; the
// handler waits for its ticket's turn. Work that is not a D-Bus call (a
// timer) takes a ticket of its own.
type sequencer struct {
	mu      sync.Mutex
	cond    *sync.Cond
	issued  uint64            // tickets handed out
	turn    uint64            // the ticket whose turn it is
	tickets map[callID]uint64 // calls waiting for their handler
}

type callID struct {
	sender string
	serial uint32
}

func newSequencer() *sequencer {
	s := &sequencer{tickets: map[callID]uint64{}}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func idOf(msg *dbus.Message) callID {
	sender, _ := msg.Headers[dbus.FieldSender].Value().(string)
	return callID{sender, msg.Serial()}
}

// issue gives the call msg the next ticket.
func (s *sequencer) issue(msg *dbus.Message) {
	s.mu.Lock()
	s.tickets[idOf(msg)] = s.issued
	s.issued++
	s.mu.Unlock()
}

// call waits until it is msg's turn and returns the function that ends it.
// A call that was given no ticket runs at once.
func (s *sequencer) call(msg dbus.Message) (done func()) {
	s.mu.Lock()
	t, ok := s.tickets[idOf(&msg)]
	if !ok {
		s.mu.Unlock()
		return func() {}
	}
	delete(s.tickets, idOf(&msg))
	s.mu.Unlock()
	return s.wait(t)
}

// internal takes a ticket for work that is not a D-Bus call and waits for
// its turn, after every call that arrived before it.
func (s *sequencer) internal() (done func()) {
	s.mu.Lock()
	t := s.issued
	s.issued++
	s.mu.Unlock()
	return s.wait(t)
}

func (s *sequencer) wait(t uint64) func() {
	s.mu.Lock()
	for s.turn != t {
		s.cond.Wait()
	}
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.turn++
		s.cond.Broadcast()
		s.mu.Unlock()
	}
}
