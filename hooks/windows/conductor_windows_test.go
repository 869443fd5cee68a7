//go:build windows

package windows

import (
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// session runs the expander's Conductor over the backend, as the daemon's
// session loop does: one goroutine owns the engine; keys, timeouts and
// focus changes go to the conductor.
type session struct {
	t        *testing.T
	b        *Backend
	cond     *expander.Conductor
	stop     chan struct{}
	done     chan struct{}
	expanded chan string
}

func startSession(t *testing.T, b *Backend, rules []expander.Rule) *session {
	t.Helper()
	s := &session{t: t, b: b, stop: make(chan struct{}), done: make(chan struct{}), expanded: make(chan string, 100)}
	core := expander.NewCore(expander.NewEngine(expander.NewIndex(rules)))
	core.Expanded = func(f expander.Fired) { s.expanded <- f.Trigger }
	s.cond = expander.NewConductor(core, logInj{t, b})
	s.cond.Errorf = t.Logf
	go s.loop()
	t.Cleanup(func() { close(s.stop); <-s.done })
	return s
}

func (s *session) loop() {
	defer close(s.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed := time.Time{}
	var app hooks.App
	for {
		if d := s.cond.Deadline(); !d.Equal(armed) {
			timer.Stop()
			armed = d
			if !d.IsZero() {
				timer.Reset(time.Until(d))
			}
		}
		select {
		case <-s.stop:
			return
		case e, ok := <-s.b.Events():
			if !ok {
				return
			}
			switch e.Kind {
			case hooks.KeyEvent:
				s.t.Logf("key %q %v %d %s", e.Key.Rune, e.Key.Special, e.Key.Mods, e.Key.At.Format("05.000"))
				if !s.cond.Busy() && e.Key.Special != expander.Marker && s.b.apps.For(app).Off {
					s.cond.Forget()
					continue
				}
				s.cond.Step(e.Key)
			case hooks.FocusEvent:
				if e.App.ID != app.ID {
					s.cond.Step(expander.Key{Special: expander.Window, At: time.Now()})
				}
				app = e.App
			}
		case <-timer.C:
			armed = time.Time{}
			s.cond.Timeout()
		}
	}
}

func (s *session) waitExpanded(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		select {
		case <-s.expanded:
		case <-time.After(5 * time.Second):
			t.Fatalf("expansion %d of %d did not happen", i+1, n)
		}
	}
}

var testRules = []expander.Rule{
	{Triggers: []string{";sig"}, Replace: "Best regards,\nAda"},
	{Triggers: []string{";uni"}, Replace: "café ’quoted’ — 😀 done"},
	{Triggers: []string{";long"}, Replace: strings.Repeat("The quick brown fox jumps over the lazy dog. ", 6) + "\n" + strings.Repeat("Line two: 0123456789 ", 7)},
	{Triggers: []string{";big"}, Replace: strings.Repeat("x", 1990) + " 2000 end"},
	{Triggers: []string{"brb"}, Replace: "be right back", Word: true},
	{Triggers: []string{";ty"}, Replace: "thank you", PropagateCase: true},
	{Triggers: []string{";cur"}, Replace: "Dear $|$,"},
}

// logInj logs each batch's shape (test text only).
type logInj struct {
	t *testing.T
	b *Backend
}

func (l logInj) Inject(b expander.Batch) ([]expander.Mark, error) {
	start := time.Now()
	echo, err := l.b.Inject(b)
	l.t.Logf("batch: delete %d insert %d left %d replay %d hold %v mark %v: %s", b.Edit.Delete, len(b.Edit.Insert), b.Edit.Left, len(b.Replay), b.Hold, b.Mark, time.Since(start))
	return echo, err
}

func newSession(t *testing.T) (*typist, *Backend, *session, *notepad) {
	t.Helper()
	ty := newTypist(t)
	b, err := open(hooks.Options{Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	s := startSession(t, b, testRules)
	n := startNotepad(t)
	return ty, b, s, n
}

func TestExpansions(t *testing.T) {
	ty, _, s, n := newSession(t)
	long := testRules[2].Replace
	big := testRules[3].Replace
	cases := []struct {
		name, typed, want string
		delay             time.Duration
		expansions        int
	}{
		{"in a sentence", "Thanks ;sig", "Thanks Best regards,\nAda", 0, 1},
		{"non-ASCII", "a;uni", "acafé ’quoted’ — 😀 done", 0, 1},
		{"300 characters pasted", ";long", long, 0, 1},
		{"2000 characters", ";big", big, 0, 1},
		{"backspace fixes a typo", ";sih\bg", "Best regards,\nAda", 0, 1},
		{"word trigger", "I brb now brbx", "I be right back now brbx", 0, 1},
		{"propagate case", ";Ty ;TY", "Thank you THANK YOU", 0, 2},
		{"caret", ";curAda", "Dear Ada,", 0, 1},
		{"typing straight on at 5 ms", "x;sig and more words typed on", "xBest regards,\nAda and more words typed on", 5 * time.Millisecond, 1},
		{"typing straight on without pause", "x;long then more text right away", "x" + long + " then more text right away", 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n.t = t
			n.clear(ty)
			for _, part := range strings.Split(c.typed, "\b") {
				if part != c.typed[:len(part)] {
					ty.key("BackSpace")
				}
				ty.typeText(part, c.delay)
			}
			s.waitExpanded(t, c.expansions)
			n.waitText(c.want, 10*time.Second)
		})
	}
}
