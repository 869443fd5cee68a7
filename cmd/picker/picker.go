// Package picker is kindly's interactive reply picker for a terminal: a
// bubbletea model that searches the library as the agent types (through
// snippets/search), moves with the arrow keys, previews the highlighted reply
// with its placeholders ({{…}}, $|$) shown as written, and ends with the reply
// chosen (Enter) or none (Esc, Ctrl-C).
//
// `kindly pick` runs it; the daemon's search hotkey opens it in a terminal
// window. Either call [Run], or embed [Model] in a bigger bubbletea program
// and read [Model.Chosen] once it quits. [Reply] is the text to insert for a
// chosen snippet.
//
//	> ref▏
//	▸ ;refund    Refund on its way       │ Refund on its way · chat, billing
//	  ;;refund   Refund on its way (em…  │
//	  ;ref       Reference number        │ Your refund of $|$ is on its way.
//	3 of 8 · ↑↓ move · enter pick · esc quit
package picker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/search"
)

// ErrCancelled is returned by Run when the agent leaves without picking.
var ErrCancelled = errors.New("picker: cancelled")

// Options set up a picker.
type Options struct {
	// Uses maps a trigger to how often the agent used it (see
	// search.Options.Uses); nil for none.
	Uses map[string]int
	// Tag keeps only the replies with this tag; "" keeps all.
	Tag string
	// Query is typed in at the start.
	Query string
	// Limit is the most replies listed for a query (default 100).
	Limit int
	// Renderer styles the output (colours only when it supports them); nil
	// for lipgloss's default, which looks at standard output.
	Renderer *lipgloss.Renderer
}

// Model is the picker as a bubbletea model.
type Model struct {
	ix      *search.Index
	o       Options
	input   textinput.Model
	results []search.Result
	cursor  int // the highlighted result
	top     int // the first result shown
	width   int
	height  int
	chosen  *snippets.Snippet
	done    bool
	st      styles
}

type styles struct {
	match, cursorRow, dim, placeholder, sep, label lipgloss.Style
}

// New returns a picker over ix (the library to pick from), sized 80×24 until
// the terminal tells it its size.
func New(ix *search.Index, o Options) Model {
	if o.Limit <= 0 {
		o.Limit = 100
	}
	r := o.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "type to search: trigger, label, tag or words of the reply"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = r.NewStyle().Reverse(true)
	in.PromptStyle = r.NewStyle().Bold(true)
	in.PlaceholderStyle = r.NewStyle().Faint(true)
	in.SetValue(o.Query)
	in.Focus()
	m := Model{
		ix: ix, o: o, input: in, width: 80, height: 24,
		st: styles{
			match:       r.NewStyle().Bold(true).Foreground(lipgloss.Color("3")),
			cursorRow:   r.NewStyle().Bold(true),
			dim:         r.NewStyle().Faint(true),
			placeholder: r.NewStyle().Foreground(lipgloss.Color("6")),
			sep:         r.NewStyle().Faint(true),
			label:       r.NewStyle().Bold(true),
		},
	}
	m.search()
	return m
}

// Init starts nothing: the picker waits for keys.
func (m Model) Init() tea.Cmd { return nil }

// Chosen is the snippet picked with Enter; false while none is (or when the
// agent left with Esc or Ctrl-C).
func (m Model) Chosen() (*snippets.Snippet, bool) { return m.chosen, m.chosen != nil }

// Done reports whether the picker has finished (picked or cancelled).
func (m Model) Done() bool { return m.done }

// Query is what the agent has typed.
func (m Model) Query() string { return m.input.Value() }

// Results are the replies listed for the query, best first.
func (m Model) Results() []search.Result { return m.results }

// Cursor is the index in Results of the highlighted reply.
func (m Model) Cursor() int { return m.cursor }

// search runs the query and puts the cursor back on the first result.
func (m *Model) search() {
	m.results = m.ix.Search(m.input.Value(), search.Options{Tag: m.o.Tag, Uses: m.o.Uses, Limit: m.o.Limit})
	m.cursor, m.top = 0, 0
}

// Update handles a key or a resize.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.done {
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.scroll()
		return m, nil
	case tea.KeyMsg:
		switch msg.Type {
		case tea.KeyEsc, tea.KeyCtrlC:
			m.done = true
			return m, tea.Quit
		case tea.KeyEnter:
			if len(m.results) == 0 {
				return m, nil
			}
			m.chosen = m.results[m.cursor].Snippet
			m.done = true
			return m, tea.Quit
		case tea.KeyUp, tea.KeyCtrlP, tea.KeyShiftTab:
			m.move(-1)
			return m, nil
		case tea.KeyDown, tea.KeyCtrlN, tea.KeyTab:
			m.move(1)
			return m, nil
		case tea.KeyPgUp:
			m.move(-m.listHeight())
			return m, nil
		case tea.KeyPgDown:
			m.move(m.listHeight())
			return m, nil
		}
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m.search()
	}
	return m, cmd
}

// move moves the cursor by n, within the results.
func (m *Model) move(n int) {
	m.cursor = max(0, min(len(m.results)-1, m.cursor+n))
	m.scroll()
}

// scroll keeps the cursor in view.
func (m *Model) scroll() {
	h := m.listHeight()
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	m.top = max(0, m.top)
}

// listHeight is how many results fit: the screen less the query line and the
// footer (and, on a narrow screen, the preview below the list).
func (m Model) listHeight() int {
	h := m.height - 2
	if m.narrow() {
		h = h / 2
	}
	return max(1, h)
}

// narrow screens put the preview under the list instead of beside it.
func (m Model) narrow() bool { return m.width < 70 }

// View draws the query line, the list beside (or above) the preview, and a
// footer.
func (m Model) View() string {
	if m.done {
		return ""
	}
	m.input.Width = max(10, m.width-len(m.input.Prompt)-1)
	listW := m.width
	previewW := m.width
	if !m.narrow() {
		listW = max(30, m.width*45/100)
		previewW = m.width - listW - 3
	}
	h := m.listHeight()
	list := m.viewList(listW, h)
	var body string
	if m.narrow() {
		preview := m.viewPreview(previewW, m.height-2-h-1)
		body = list + "\n" + m.st.sep.Render(strings.Repeat("─", m.width)) + "\n" + preview
	} else {
		preview := m.viewPreview(previewW, h)
		sep := strings.TrimSuffix(strings.Repeat(m.st.sep.Render(" │ ")+"\n", h), "\n")
		body = lipgloss.JoinHorizontal(lipgloss.Top,
			lipgloss.NewStyle().Width(listW).Height(h).Render(list), sep, preview)
	}
	return m.input.View() + "\n" + body + "\n" + m.viewFooter()
}

func (m Model) viewFooter() string {
	var s string
	switch {
	case m.ix.Len() == 0:
		s = "the library is empty: run 'kindly init' or 'kindly add'"
	case len(m.results) == 0:
		s = "no reply matches"
	default:
		s = fmt.Sprintf("%d of %d", m.cursor+1, len(m.results))
		if len(m.results) == m.o.Limit {
			s += "+"
		}
	}
	return m.st.dim.Render(truncate(s+" · ↑↓ move · enter pick · esc quit", m.width))
}

// viewList draws the results from m.top, h lines of width w.
func (m Model) viewList(w, h int) string {
	var lines []string
	tw := 0
	for _, r := range m.results[m.top:min(len(m.results), m.top+h)] {
		tw = max(tw, len([]rune(shownTrigger(r))))
	}
	tw = min(tw, 16)
	for i := m.top; i < len(m.results) && i < m.top+h; i++ {
		r := m.results[i]
		mark := "  "
		if i == m.cursor {
			mark = "▸ "
		}
		trig, tpos := triggerHit(r)
		label, lpos := labelHit(r)
		trig, tpos = cut(trig, tpos, tw)
		pad := strings.Repeat(" ", tw-len([]rune(trig))+2)
		label, lpos = cut(label, lpos, max(0, w-2-tw-2))
		line := m.highlight(trig, tpos) + pad + m.highlight(label, lpos)
		if i == m.cursor {
			line = m.st.cursorRow.Render(mark) + line
		} else {
			line = mark + line
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// viewPreview draws the highlighted reply: its label and tags, then the
// reply wrapped to w columns, placeholders marked, at most h lines.
func (m Model) viewPreview(w, h int) string {
	if len(m.results) == 0 || h <= 0 || w <= 0 {
		return ""
	}
	s := m.results[m.cursor].Snippet
	head := strings.Join(s.Triggers, ", ")
	if s.Label != "" {
		head = s.Label + " · " + head
	}
	if len(s.Tags) > 0 {
		head += " · " + strings.Join(s.Tags, ", ")
	}
	var lines []string
	lines = append(lines, m.st.label.Render(truncate(termtext.Line(head), w)), "")
	for _, l := range strings.Split(wrap(termtext.Visible(s.Text()), w), "\n") {
		lines = append(lines, m.markPlaceholders(l))
	}
	if len(lines) > h {
		lines = append(lines[:h-1], m.st.dim.Render("…"))
	}
	return strings.Join(lines, "\n")
}

// placeholderRE finds what is shown marked in the preview: {{…}} fill-ins and
// the caret marker.
var placeholderRE = regexp.MustCompile(`\{\{[^{}\n]*\}\}|\$\|\$`)

func (m Model) markPlaceholders(line string) string {
	return placeholderRE.ReplaceAllStringFunc(line, func(p string) string { return m.st.placeholder.Render(p) })
}

// highlight styles the matched characters of text.
func (m Model) highlight(text string, pos []int) string {
	var b strings.Builder
	for _, s := range search.Spans(text, pos) {
		if s.Matched {
			b.WriteString(m.st.match.Render(termtext.Line(s.Text)))
		} else {
			b.WriteString(termtext.Line(s.Text))
		}
	}
	return b.String()
}

// shownTrigger is the trigger listed for r: the one the query matched, else
// the first.
func shownTrigger(r search.Result) string {
	t, _ := triggerHit(r)
	return t
}

func triggerHit(r search.Result) (string, []int) {
	for _, h := range r.Hits {
		if h.Field == search.FieldTrigger {
			return h.Text, h.Positions
		}
	}
	return r.Snippet.Triggers[0], nil
}

func labelHit(r search.Result) (string, []int) {
	for _, h := range r.Hits {
		if h.Field == search.FieldLabel {
			return h.Text, h.Positions
		}
	}
	if r.Snippet.Label != "" {
		return r.Snippet.Label, nil
	}
	// No label: the start of the reply, on one line.
	text, _ := search.Hit{Text: r.Snippet.Text()}.Excerpt(60)
	return text, nil
}

// cut shortens text to at most n characters, ending with "…" when cut, and
// drops the positions past the cut.
func cut(text string, pos []int, n int) (string, []int) {
	rs := []rune(text)
	if len(rs) <= n {
		return text, pos
	}
	if n <= 0 {
		return "", nil
	}
	keep := string(rs[:n-1])
	var out []int
	for _, p := range pos {
		if p < len(keep) {
			out = append(out, p)
		}
	}
	return keep + "…", out
}

func truncate(s string, n int) string {
	t, _ := cut(s, nil, n)
	return t
}

// wrap breaks text into lines of at most w characters, at spaces when it can;
// the text's own line breaks stay.
func wrap(text string, w int) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := []rune{}
		for _, word := range strings.SplitAfter(para, " ") {
			rw := []rune(word)
			for len(rw) > 0 {
				if len(line)+len(strings.TrimRight(string(rw), " ")) <= w {
					line = append(line, rw...)
					rw = nil
					continue
				}
				if len(line) > 0 {
					out = append(out, strings.TrimRight(string(line), " "))
					line = line[:0]
					continue
				}
				line = append(line, rw[:w]...) // a word longer than the line
				rw = rw[w:]
			}
		}
		out = append(out, strings.TrimRight(string(line), " "))
	}
	return strings.Join(out, "\n")
}

// Reply is the text a picked snippet puts in: its reply (a formatted one's
// plain twin) without the caret marker; {{…}} placeholders are left as
// written.
func Reply(s *snippets.Snippet) string {
	return strings.Replace(s.Text(), snippets.CaretMarker, "", 1)
}

// Run shows the picker on a terminal (reading keys from in, drawing on out,
// in the alternate screen) until the agent picks a reply, and returns it;
// ErrCancelled when they leave with Esc or Ctrl-C.
func Run(ctx context.Context, ix *search.Index, o Options, in io.Reader, out io.Writer) (*snippets.Snippet, error) {
	if o.Renderer == nil {
		o.Renderer = lipgloss.NewRenderer(out)
	}
	p := tea.NewProgram(New(ix, o), tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithAltScreen())
	final, err := p.Run()
	if err != nil {
		return nil, fmt.Errorf("picker: %w", err)
	}
	if s, ok := final.(Model).Chosen(); ok {
		return s, nil
	}
	return nil, ErrCancelled
}
