package picker_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kindly-support/kindly/cmd/picker"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/search"
)

const libYML = `snippets:
  - trigger: ";refund"
    label: Refund on its way
    tags: [chat, billing]
    replace: Your refund of $|$ is on its way.
  - trigger: ";late"
    label: Order delayed
    tags: [chat, shipping]
    replace: I'm sorry your order is late; it is now due on {{date}}.
  - trigger: ";track"
    label: Tracking link
    tags: [chat, shipping]
    replace: "You can follow your parcel here: {{link}}"
  - trigger: ";bye"
    label: Closing
    tags: [chat]
    replace: Thanks for contacting us, have a great day!
`

func index(t *testing.T) *search.Index {
	t.Helper()
	snips, ps := snippets.Decode("lib.yml", []byte(libYML))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return search.New(&snippets.Library{Snippets: snips})
}

// plain renders without colours, whatever the test's terminal.
func plain() *lipgloss.Renderer { return lipgloss.NewRenderer(io.Discard) }

func newModel(t *testing.T, o picker.Options) picker.Model {
	t.Helper()
	o.Renderer = plain()
	return picker.New(index(t), o)
}

// send feeds messages to the model, as bubbletea would, and returns the
// model and the last command.
func send(m picker.Model, msgs ...tea.Msg) (picker.Model, tea.Cmd) {
	var cmd tea.Cmd
	for _, msg := range msgs {
		var tm tea.Model
		tm, cmd = m.Update(msg)
		m = tm.(picker.Model)
	}
	return m, cmd
}

func typed(s string) tea.Msg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var (
	down  = tea.KeyMsg{Type: tea.KeyDown}
	up    = tea.KeyMsg{Type: tea.KeyUp}
	enter = tea.KeyMsg{Type: tea.KeyEnter}
	esc   = tea.KeyMsg{Type: tea.KeyEsc}
	bksp  = tea.KeyMsg{Type: tea.KeyBackspace}
	ctrlC = tea.KeyMsg{Type: tea.KeyCtrlC}
)

func triggers(m picker.Model) []string {
	var out []string
	for _, r := range m.Results() {
		out = append(out, r.Snippet.Triggers[0])
	}
	return out
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestStartsWithEverything(t *testing.T) {
	m := newModel(t, picker.Options{Uses: map[string]int{";bye": 5}})
	if got := strings.Join(triggers(m), " "); got != ";bye ;refund ;late ;track" {
		t.Errorf("first list: %s", got)
	}
}

func TestFiltersAsYouType(t *testing.T) {
	m := newModel(t, picker.Options{})
	m, _ = send(m, typed("s"), typed("h"), typed("i"), typed("p"))
	if got := strings.Join(triggers(m), " "); m.Query() != "ship" || got != ";late ;track" {
		t.Errorf("query %q: %s", m.Query(), got)
	}
	m, _ = send(m, bksp, bksp, bksp, bksp, typed("parcl"))
	if got := strings.Join(triggers(m), " "); got != ";track" {
		t.Errorf("query %q: %s", m.Query(), got)
	}
}

func TestArrowsMoveAndEnterPicks(t *testing.T) {
	m := newModel(t, picker.Options{Query: "chat"})
	m, _ = send(m, down, down, down, down, down, up) // stops at the last, then back one
	if m.Cursor() != 2 {
		t.Fatalf("cursor %d, want 2", m.Cursor())
	}
	m, cmd := send(m, enter)
	s, ok := m.Chosen()
	if !ok || !isQuit(cmd) || !m.Done() || s.Triggers[0] != triggers(m)[2] {
		t.Errorf("enter: chosen %v %v, quit %v", s, ok, isQuit(cmd))
	}
	if m.View() != "" {
		t.Errorf("view after picking: %q", m.View())
	}
}

func TestTypingResetsTheCursor(t *testing.T) {
	m := newModel(t, picker.Options{})
	m, _ = send(m, down, down, typed("o"))
	if m.Cursor() != 0 {
		t.Errorf("cursor %d after typing", m.Cursor())
	}
}

func TestEscAndCtrlCCancel(t *testing.T) {
	for _, k := range []tea.KeyMsg{esc, ctrlC} {
		m, cmd := send(newModel(t, picker.Options{}), k)
		if _, ok := m.Chosen(); ok || !m.Done() || !isQuit(cmd) {
			t.Errorf("%s: chosen %v, done %v, quit %v", k, ok, m.Done(), isQuit(cmd))
		}
	}
}

func TestEnterWithNoResultsWaits(t *testing.T) {
	m, cmd := send(newModel(t, picker.Options{}), typed("xylophone"), enter)
	if m.Done() || cmd != nil {
		t.Errorf("enter on nothing ended the picker")
	}
	if v := m.View(); !strings.Contains(v, "no reply matches") {
		t.Errorf("view:\n%s", v)
	}
}

func TestViewShowsListAndPreview(t *testing.T) {
	m := newModel(t, picker.Options{})
	m, _ = send(m, tea.WindowSizeMsg{Width: 90, Height: 10}, typed("late"))
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) != 10 {
		t.Errorf("%d lines, want 10:\n%s", len(lines), v)
	}
	for _, want := range []string{
		"> late",
		"▸ ;late  Order delayed",
		"│ Order delayed · ;late · chat, shipping",
		"{{date}}", // placeholders as written
		"1 of 1 · ↑↓ move · enter pick · esc quit",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	for _, l := range lines {
		if w := lipgloss.Width(l); w > 90 {
			t.Errorf("line %d wide: %q", w, l)
		}
	}
}

func TestNarrowViewPutsPreviewBelow(t *testing.T) {
	m := newModel(t, picker.Options{})
	m, _ = send(m, tea.WindowSizeMsg{Width: 40, Height: 16}, typed("refund"))
	v := m.View()
	if !strings.Contains(v, "────") || !strings.Contains(v, "Your refund of $|$ is on") {
		t.Errorf("narrow view:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 40 {
			t.Errorf("line %d wide: %q", w, l)
		}
	}
}

func TestScrollsToKeepTheCursorInView(t *testing.T) {
	m := newModel(t, picker.Options{})
	m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 4}, down, down, down) // 2 list lines
	v := m.View()
	if !strings.Contains(v, "▸ ;bye") || !strings.Contains(v, "  ;track") || strings.Contains(v, ";refund ") {
		t.Errorf("scrolled view:\n%s", v)
	}
}

func TestTagOption(t *testing.T) {
	m := newModel(t, picker.Options{Tag: "shipping"})
	if got := strings.Join(triggers(m), " "); got != ";late ;track" {
		t.Errorf("tag shipping: %s", got)
	}
}

func TestReply(t *testing.T) {
	s := &snippets.Snippet{Replace: "Hi {{name}}, your refund of $|$ is on its way."}
	if got, want := picker.Reply(s), "Hi {{name}}, your refund of  is on its way."; got != want {
		t.Errorf("Reply = %q, want %q", got, want)
	}
}

// Run drives a real bubbletea program; keys come from a reader here.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out bytes.Buffer
	s, err := picker.Run(ctx, index(t), picker.Options{Renderer: plain()}, strings.NewReader("trak\x1b[B\x1b[A\r"), &out)
	if err != nil || s == nil || s.Triggers[0] != ";track" {
		t.Fatalf("Run = %v, %v", s, err)
	}
	_, err = picker.Run(ctx, index(t), picker.Options{Renderer: plain()}, strings.NewReader("tr\x03"), &out)
	if !errors.Is(err, picker.ErrCancelled) {
		t.Errorf("ctrl-c: %v", err)
	}
}
