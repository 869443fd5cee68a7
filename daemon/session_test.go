package daemon

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/daemon/control"
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/hookstest"
	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets"
)

// fakeRecorder counts what the session tells the stats file.
type fakeRecorder struct {
	mu       sync.Mutex
	keys     int
	expanded []string
	flushed  int
}

func (r *fakeRecorder) Key(time.Time, bool) { r.mu.Lock(); r.keys++; r.mu.Unlock() }
func (r *fakeRecorder) Expanded(t string, _ int, _ time.Time) {
	r.mu.Lock()
	r.expanded = append(r.expanded, t)
	r.mu.Unlock()
}
func (r *fakeRecorder) Flush() error { r.flushed++; return nil }

var testLib = &snippets.Library{Snippets: []snippets.Snippet{
	{Triggers: []string{";ty"}, Replace: "thank you"},
	{Triggers: []string{";hi"}, Replace: "Hi {{customer}}!", Label: "Greeting"},
	{Triggers: []string{";sig"}, Replace: "{{agent}}"},
}}

var t0 = time.Unix(1000, 0)

func newTestSession(t *testing.T, be hooks.Backend, lib *snippets.Library, profile map[string]string) (*session, *fakeRecorder) {
	t.Helper()
	rec := &fakeRecorder{}
	var logMu sync.Mutex
	logf := func(format string, args ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		t.Logf(format, args...)
	}
	s := newSession(be, reply.Compile(lib, profile), config.Config{}, hooks.TitleDefaults, rec,
		func() time.Time { return t0 }, logf, logf)
	return s, rec
}

// typeKeys types s into the observer's app, one key at a time, each read by
// the session at once (no lag).
func typeKeys(t *testing.T, s *session, o *hookstest.Observer, text string, at time.Time) {
	t.Helper()
	keys, err := expander.ParseKeys(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		k.At = at
		o.User(k)
		pump(t, s, o)
	}
}

// pump hands the session every event the observer has.
func pump(t *testing.T, s *session, o *hookstest.Observer) {
	t.Helper()
	for n := 0; len(o.Stream) > 0; n++ {
		if n > 10000 {
			t.Fatal("the session never stops injecting")
		}
		for _, ev := range o.Pending() {
			if err := s.event(ev); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestSessionExpandsAndCounts(t *testing.T) {
	o := hookstest.NewObserver()
	s, rec := newTestSession(t, o, testLib, nil)
	typeKeys(t, s, o, "Dear ;ty", t0)
	if got := o.Screen.Text(); got != "Dear thank you" {
		t.Fatalf("got %q", got)
	}
	if rec.keys != 8 || len(rec.expanded) != 1 || rec.expanded[0] != ";ty" || s.status.Expanded != 1 {
		t.Fatalf("recorder %d keys %v, status %d", rec.keys, rec.expanded, s.status.Expanded)
	}
	if o.Held {
		t.Fatal("keyboard still held")
	}
}

func TestSessionPauseAndOffApps(t *testing.T) {
	o := hookstest.NewObserver()
	s, rec := newTestSession(t, o, testLib, nil)
	reply := make(chan string, 1)
	if err := s.request(control.Request{Cmd: "pause", Reply: reply}); err != nil || <-reply != "ok paused" {
		t.Fatal("pause failed")
	}
	typeKeys(t, s, o, "a ;ty", t0)
	if err := s.request(control.Request{Cmd: "resume", Reply: reply}); err != nil || <-reply != "ok running" {
		t.Fatal("resume failed")
	}
	for _, want := range []string{"ok paused", "ok running"} {
		if err := s.request(control.Request{Cmd: "toggle", Reply: reply}); err != nil || <-reply != want {
			t.Fatalf("toggle did not answer %q", want)
		}
	}
	typeKeys(t, s, o, " ;ty", t0)
	if got := o.Screen.Text(); got != "a ;ty thank you" {
		t.Fatalf("paused: got %q", got)
	}
	if rec.keys != 4 {
		t.Fatalf("counted %d keys; paused keys must not be counted", rec.keys)
	}
	// A private browser window: kindly keeps no buffer there, even for a
	// trigger typed across the switch.
	typeKeys(t, s, o, " ;t", t0)
	s.event(hooks.Event{Kind: hooks.FocusEvent, App: hooks.App{ID: "2", Class: "firefox", Title: "Mozilla Firefox Private Browsing"}})
	typeKeys(t, s, o, "y ;ty", t0)
	s.event(hooks.Event{Kind: hooks.FocusEvent, App: hooks.App{ID: "3", Class: "gedit", Title: "notes"}})
	typeKeys(t, s, o, " ;ty", t0)
	if got := o.Screen.Text(); got != "a ;ty thank you ;ty ;ty thank you" {
		t.Fatalf("off app: got %q", got)
	}
	// A password field (an input method says so): off too.
	s.event(hooks.Event{Kind: hooks.FocusEvent, App: hooks.App{ID: "4", Class: "gedit", Password: true}})
	o.Screen = expander.Screen{}
	typeKeys(t, s, o, ";ty", t0)
	if got := o.Screen.Text(); got != ";ty" {
		t.Fatalf("password field: got %q", got)
	}
}

// The fill-in dialog runs off the session's goroutine; keys typed before it
// took the keyboard land after the reply, keys typed into it do not reach
// the app.
func TestSessionFillInKeepsKeysTypedBeforeTheDialog(t *testing.T) {
	o := hookstest.NewObserver()
	s, _ := newTestSession(t, o, testLib, nil)
	release := make(chan struct{})
	var title string
	o.Answer = func(ttl string, fields []hooks.Field) (hooks.Answer, error) {
		title = ttl
		<-release
		if len(fields) != 1 || fields[0].Name != "customer" {
			t.Errorf("fields %+v", fields)
		}
		return hooks.Answer{Values: map[string]string{"customer": "Maria"}, OK: true,
			Focused: t0.Add(200 * time.Millisecond), Closed: t0.Add(time.Second)}, nil
	}
	typeKeys(t, s, o, "x ;hi", t0)
	if !s.busy() {
		t.Fatal("not asking")
	}
	// The agent types on before the dialog shows: these reach the app.
	typeKeys(t, s, o, " Let", t0.Add(100*time.Millisecond))
	// Then into the dialog: in the key stream, not in the app.
	keys, _ := expander.ParseKeys("Maria{Enter}")
	for _, k := range keys {
		k.At = t0.Add(500 * time.Millisecond)
		o.Stream = append(o.Stream, k)
	}
	pump(t, s, o)
	close(release)
	r := <-s.asks
	s.cond.Answer(r.a)
	pump(t, s, o)
	typeKeys(t, s, o, " me", t0.Add(2*time.Second))
	if got := o.Screen.Text(); got != "x Hi Maria! Let me" {
		t.Fatalf("got %q", got)
	}
	if title != "Fill in ;hi (Greeting)" {
		t.Fatalf("dialog title %q", title)
	}
}

// A reply that cannot be filled in is not typed: the abbreviation stays and
// the agent is told why, by name.
func TestSessionMissingProfileValueIsNotTyped(t *testing.T) {
	o := hookstest.NewObserver()
	s, _ := newTestSession(t, o, testLib, nil)
	s.rend.notify = func(title, msg string) { o.Notify(title, msg) }
	o.Answer = func(string, []hooks.Field) (hooks.Answer, error) {
		return hooks.Answer{Values: map[string]string{"agent": ""}, OK: true}, nil // left empty
	}
	typeKeys(t, s, o, "a ;sig", t0)
	r := <-s.asks
	s.cond.Answer(r.a)
	typeKeys(t, s, o, " b", t0)
	if got := o.Screen.Text(); got != "a ;sig b" {
		t.Fatalf("got %q", got)
	}
	want := `kindly: ;sig not expanded: ;sig needs your name ({{agent}}), which your profile does not have. ` +
		`Fix: run kindly profile set agent "Your name", or fill it in and tick Remember.`
	if len(o.Notices) != 1 || o.Notices[0] != want {
		t.Fatalf("notices %q", o.Notices)
	}
}

func TestSessionReloadKeepsTheLastGoodLibrary(t *testing.T) {
	o := hookstest.NewObserver()
	s, _ := newTestSession(t, o, testLib, nil)
	msg := s.applyReload(reloadResult{set: reply.Compile(&snippets.Library{Snippets: []snippets.Snippet{
		{Triggers: []string{";ty"}, Replace: "thanks a lot"}}}, nil)})
	if msg != "ok reloaded 1 snippets" {
		t.Fatalf("reload: %q", msg)
	}
	msg = s.applyReload(reloadResult{err: errors.New("the library has errors (1 problems)"),
		problems: []string{"snippets/a.yml:3:5: error: bad"}})
	if !strings.Contains(msg, "snippets/a.yml:3:5") || s.status.Snippets != 1 {
		t.Fatalf("broken reload: %q (%d snippets)", msg, s.status.Snippets)
	}
	typeKeys(t, s, o, ";ty", t0)
	if got := o.Screen.Text(); got != "thanks a lot" {
		t.Fatalf("got %q", got)
	}
	// A bad config keeps the previous settings.
	s.applyReload(reloadResult{set: s.rend.set, cfgErr: errors.New("config.yml:1:1: unknown setting")})
	if s.apps == nil {
		t.Fatal("apps dropped")
	}
}

// The loop ends with an error when the desktop goes away, and on `kindly
// stop` without one.
func TestSessionRunEnds(t *testing.T) {
	o := hookstest.NewObserver()
	s, _ := newTestSession(t, o, testLib, nil)
	o.Ch <- hooks.Event{Kind: hooks.LostEvent, Err: errors.New("lost the X connection")}
	if err := s.run(context.Background()); err == nil || !strings.Contains(err.Error(), "lost the X connection; exiting") {
		t.Fatalf("lost: %v", err)
	}
	done := make(chan error)
	go func() { done <- s.run(context.Background()) }()
	reply := make(chan string, 1)
	s.reqs <- control.Request{Cmd: "status", Reply: reply}
	if st := <-reply; !strings.Contains(st, `"backend":""`) && !strings.HasPrefix(st, "ok {") {
		t.Fatalf("status %q", st)
	}
	s.reqs <- control.Request{Cmd: "stop", Reply: reply}
	<-reply
	if err := <-done; err != nil {
		t.Fatalf("stop: %v", err)
	}
}

func TestSessionSearchPickInserts(t *testing.T) {
	o := hookstest.NewObserver()
	s, _ := newTestSession(t, o, testLib, nil)
	s.pick = func() (string, error) { return ";ty", nil }
	typeKeys(t, s, o, "Dear ", t0)
	s.event(hooks.Event{Kind: hooks.HotkeyEvent, Hotkey: "search"})
	s.picked(<-s.picks)
	pump(t, s, o)
	if got := o.Screen.Text(); got != "Dear thank you" {
		t.Fatalf("got %q", got)
	}
}

// A backend in the key path gets each key's verdict synchronously: the key
// that completes a trigger is consumed and the edit applied; a fill-in is
// committed once answered.
func TestSessionKeyPath(t *testing.T) {
	k := hookstest.NewKeyPath()
	s, rec := newTestSession(t, k, testLib, nil)
	if s.cond != nil {
		t.Fatal("a key-path backend got a conductor")
	}
	decide := func(ev hooks.Event) {
		if err := s.event(ev); err != nil {
			t.Fatal(err)
		}
	}
	keys, _ := expander.ParseKeys("a ;tx{Backspace}y b")
	for _, key := range keys {
		k.Key(key, decide)
	}
	if got := k.Screen.Text(); got != "a thank you b" {
		t.Fatalf("got %q", got)
	}
	if len(rec.expanded) != 1 {
		t.Fatalf("expanded %v", rec.expanded)
	}
	k.Screen = expander.Screen{}
	ans := make(chan struct{})
	s.rend.ask = func(string, []hooks.Field) (hooks.Answer, error) {
		<-ans
		return hooks.Answer{Values: map[string]string{"customer": "Maria"}, OK: true}, nil
	}
	keys, _ = expander.ParseKeys(";hi")
	for _, key := range keys {
		k.Key(key, decide)
	}
	if got := k.Screen.Text(); got != ";hi" {
		t.Fatalf("while asking: %q", got)
	}
	close(ans)
	s.answered(<-s.asks)
	if got := k.Screen.Text(); got != "Hi Maria!" {
		t.Fatalf("after the answer: %q", got)
	}
}

// The daemon's log shows escapes from a library as text.
func TestLogEscapesControlCharacters(t *testing.T) {
	var b strings.Builder
	v := visibleWriter{&b}
	v.Write([]byte("snippets/a.yml:1:1: error: \x1b[8mhidden\r\n"))
	if got := b.String(); got != `snippets/a.yml:1:1: error: \x1b[8mhidden\r`+"\n" {
		t.Fatalf("got %q", got)
	}
}
