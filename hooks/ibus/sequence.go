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
//
// A turn ends only once the call's reply is sent: godbus would send it
// after the handler returns, when the next handler may already have sent
// signals, and a key's "not handled" must reach the client before what
// the next key commits. So the interceptor marks ticketed calls as wanting
// no reply (godbus then sends none) and the handler replies itself, in its
// turn.
type sequencer struct {
	mu      sync.Mutex
	cond    *sync.Cond
	issued  uint64            // tickets handed out
	turn    uint64            // the ticket whose turn it is
	tickets map[callID]ticket // calls waiting for their handler
}

type ticket struct {
	n     uint64
	reply bool // the caller waits for a reply
}

type callID struct {
	sender string
	serial uint32
}

func newSequencer() *sequencer {
	s := &sequencer{tickets: map[callID]ticket{}}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func idOf(msg *dbus.Message) callID {
	sender, _ := msg.Headers[dbus.FieldSender].Value().(string)
	return callID{sender, msg.Serial()}
}

// issue gives the call msg the next ticket; from now on the handler, not
// godbus, replies to it.
func (s *sequencer) issue(msg *dbus.Message) {
	s.mu.Lock()
	s.tickets[idOf(msg)] = ticket{s.issued, msg.Flags&dbus.FlagNoReplyExpected == 0}
	s.issued++
	s.mu.Unlock()
	msg.Flags |= dbus.FlagNoReplyExpected
}

// turn is one call's turn.
type turn struct {
	conn  *dbus.Conn
	msg   dbus.Message
	reply bool
	done  func()
}

// call waits until it is msg's turn. A call that was given no ticket runs
// at once (and godbus replies to it).
func (s *sequencer) call(conn *dbus.Conn, msg dbus.Message) *turn {
	s.mu.Lock()
	t, ok := s.tickets[idOf(&msg)]
	if !ok {
		s.mu.Unlock()
		return &turn{done: func() {}}
	}
	delete(s.tickets, idOf(&msg))
	s.mu.Unlock()
	return &turn{conn: conn, msg: msg, reply: t.reply, done: s.wait(t.n)}
}

// end replies with values (when the caller waits for a reply) and ends
// the turn.
func (t *turn) end(values ...any) {
	if t.reply {
		m := t.replyTo(dbus.TypeMethodReply)
		m.Body = values
		if len(values) > 0 {
			m.Headers[dbus.FieldSignature] = dbus.MakeVariant(dbus.SignatureOf(values...))
		}
		t.conn.Send(m, nil)
	}
	t.done()
}

// fail replies with an error and ends the turn.
func (t *turn) fail(err error) {
	if t.reply {
		m := t.replyTo(dbus.TypeError)
		m.Headers[dbus.FieldErrorName] = dbus.MakeVariant("org.freedesktop.DBus.Error.Failed")
		m.Headers[dbus.FieldSignature] = dbus.MakeVariant(dbus.SignatureOf(""))
		m.Body = []any{err.Error()}
		t.conn.Send(m, nil)
	}
	t.done()
}

func (t *turn) replyTo(typ dbus.Type) *dbus.Message {
	m := &dbus.Message{Type: typ, Headers: map[dbus.HeaderField]dbus.Variant{
		dbus.FieldReplySerial: dbus.MakeVariant(t.msg.Serial()),
	}}
	if sender, ok := t.msg.Headers[dbus.FieldSender]; ok {
		m.Headers[dbus.FieldDestination] = sender
	}
	return m
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
