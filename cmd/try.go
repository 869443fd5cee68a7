package cmd

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets"
)

type tryOptions struct {
	Keys    string
	KeysSet bool
	HTML    bool // print the HTML of the formatted replies the keys fired
}

func newTryCmd(d *Deps) *cobra.Command {
	var o tryOptions
	c := &cobra.Command{
		Use:   "try",
		Short: "Try your snippets in a playground",
		Long: `Type into a playground that expands triggers exactly as the daemon does, using
your library (or the starter pack while your library is empty).

With --keys, type the given keys and print the resulting text: plain text
stands for itself, special keys go in braces ({Backspace}, {Left}, {Enter},
{Tab}, {Escape}, {Click}, {Ctrl+a}...), "{{" is a literal "{".
Without --keys on a terminal, a live line editor: Ctrl-C or Ctrl-D quits.
Without --keys and not on a terminal, each line of standard input is a key
string and its result is printed.

A formatted reply (markdown:, html:) shows as its plain twin, as a plain
text field gets it; --html with --keys prints instead the HTML of each
formatted reply the keys fired, as a help-desk editor gets it.`,
		Example: `  kindly try --keys 'Hello ;ty '
  kindly try --keys ';sorry'
  kindly try --keys ';;reset' --html`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.KeysSet = c.Flags().Changed("keys")
			return runTry(d, o)
		},
	}
	c.Flags().StringVar(&o.Keys, "keys", "", "keys to type (see above); prints the resulting text")
	c.Flags().BoolVar(&o.HTML, "html", false, "with --keys: print the HTML of each formatted reply the keys fired instead")
	return c
}

// playground is a library ready to play with.
type playground struct {
	lib *snippets.Library
	idx *expander.Index
}

// tryLibrary picks the library the playground uses: the user's, or the
// starter pack when that is empty or missing (saying so on stderr).
func tryLibrary(d *Deps) (playground, error) {
	lib, ps, err := d.LoadLibrary()
	if err != nil {
		return playground{}, fmt.Errorf("try: %w", err)
	}
	if errs := countErrors(ps); errs > 0 {
		fmt.Fprintf(d.IO.Err, "your library has %s ('kindly check' shows them); trying the snippets that load\n", plural(errs, "error"))
	}
	if len(lib.Snippets) == 0 {
		if lib, err = StarterLibrary(); err != nil {
			return playground{}, fmt.Errorf("try: %w", err)
		}
		fmt.Fprintf(d.IO.Err, "your library (%s) is empty; trying the starter pack ('kindly init' copies it into your library)\n",
			d.display(d.SnippetsDir()))
	}
	return playground{lib: lib, idx: expander.NewIndex(d.previewRules(lib))}, nil
}

func countErrors(ps []snippets.Problem) int {
	n := 0
	for _, p := range ps {
		if p.Severity == snippets.Error {
			n++
		}
	}
	return n
}

func runTry(d *Deps, o tryOptions) error {
	var keys []expander.Key
	if o.KeysSet {
		var err error
		if keys, err = expander.ParseKeys(o.Keys); err != nil {
			return withCode(ExitUsage, fmt.Errorf("try: --keys: %w", err))
		}
	}
	pg, err := tryLibrary(d)
	if err != nil {
		return err
	}
	switch {
	case o.HTML && !o.KeysSet:
		return withCode(ExitUsage, fmt.Errorf("try: --html needs --keys"))
	case o.HTML:
		return tryHTML(d, pg, keys)
	case o.KeysSet:
		text := expander.Play(pg.idx, keys).Text()
		fmt.Fprintln(d.IO.Out, text)
		noteUnsetProfile(d, text)
		return nil
	case d.IO.InTTY && d.IO.OutTTY:
		return tryLive(d, pg)
	}
	return tryLines(d, pg)
}

// tryLines plays each line of standard input as a key string.
func tryLines(d *Deps, pg playground) error {
	sc := bufio.NewScanner(d.IO.In)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	failed := false
	for n := 1; sc.Scan(); n++ {
		keys, err := expander.ParseKeys(strings.TrimSuffix(sc.Text(), "\r"))
		if err != nil {
			fmt.Fprintf(d.IO.Err, "kindly: try: line %d: %v\n", n, err)
			failed = true
			continue
		}
		fmt.Fprintln(d.IO.Out, expander.Play(pg.idx, keys).Text())
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("try: read keys: %w", err)
	}
	if failed {
		return silent(ExitError)
	}
	return nil
}

// tryLive runs the live playground, in raw mode when standard input is a
// real terminal.
func tryLive(d *Deps, pg playground) error {
	if f, ok := d.IO.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		old, err := term.MakeRaw(int(f.Fd()))
		if err != nil {
			return fmt.Errorf("try: %w", err)
		}
		defer term.Restore(int(f.Fd()), old)
	}
	width := 80
	if f, ok := d.IO.Out.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			width = w
		}
	}
	l := newLive(d.IO.Out, pg, width)
	if err := l.run(d.IO.In); err != nil {
		return fmt.Errorf("try: %w", err)
	}
	return nil
}

// live is the live playground: it reads raw terminal bytes, types them into
// a Screen through an Engine, and redraws the text after every read. It
// writes for a terminal in raw mode ("\r\n" line ends, ANSI cursor moves)
// and wraps long lines itself so it always knows where the caret is.
type live struct {
	out      io.Writer
	pg       playground
	width    int
	screen   expander.Screen
	eng      *expander.Engine
	caretRow int // terminal row of the caret, from the top of the frame
	status   string
	dec      keyDecoder
}

func newLive(out io.Writer, pg playground, width int) *live {
	return &live{out: out, pg: pg, width: max(width, 10), eng: expander.NewEngine(pg.idx),
		status: fmt.Sprintf("%s loaded; Ctrl-C or Ctrl-D quits", plural(len(pg.lib.Snippets), "snippet"))}
}

func (l *live) run(in io.Reader) error {
	fmt.Fprint(l.out, "kindly try: type as you would in any app; triggers expand as the daemon expands them.\r\n")
	l.draw()
	buf := make([]byte, 1024)
	for {
		n, err := in.Read(buf)
		keys, quit := l.dec.feed(buf[:n], err != nil)
		for _, k := range keys {
			l.step(k)
		}
		if n > 0 || quit {
			l.draw()
		}
		if quit || err == io.EOF {
			l.finish()
			return nil
		}
		if err != nil {
			l.finish()
			return err
		}
	}
}

func (l *live) step(k expander.Key) {
	l.screen.Type(k)
	if ed, fired, ok := l.eng.Step(k); ok {
		l.screen.Apply(ed)
		s := l.pg.lib.Snippets[fired.Rule]
		l.status = "expanded " + termtext.Line(snippets.VisibleTrigger(fired.Trigger))
		if s.Label != "" {
			l.status += ": " + termtext.Line(s.Label)
		}
	}
}

// frame renders the screen text as terminal rows, and where the caret is.
func (l *live) frame() (rows []string, caretRow, caretCol int) {
	text := []rune(l.screen.Text())
	caret := l.screen.Caret()
	var row []rune
	col := 0
	flush := func() {
		rows = append(rows, string(row))
		row, col = row[:0], 0
	}
	for i := 0; i <= len(text); i++ {
		if i == caret {
			caretRow, caretCol = len(rows), col
		}
		if i == len(text) {
			break
		}
		r := text[i]
		if r == '\n' {
			flush()
			continue
		}
		cells := []rune{r}
		switch {
		case r == '\t':
			cells = []rune("    ")
		default:
			cells = []rune(termtext.Visible(string(r))) // ESC shows as \x1b, never acts
		}
		for _, c := range cells {
			row = append(row, c)
			col++
			if col == l.width {
				flush()
			}
		}
	}
	flush()
	return rows, caretRow, caretCol
}

// draw replaces the previous frame with the current text and status line
// and puts the terminal cursor at the caret.
func (l *live) draw() {
	var b strings.Builder
	if l.caretRow > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", l.caretRow)
	}
	b.WriteString("\r\x1b[J")
	rows, cr, cc := l.frame()
	b.WriteString(strings.Join(rows, "\r\n"))
	status := []rune(l.status)
	if len(status) > l.width-1 {
		status = append(status[:l.width-2], '…')
	}
	b.WriteString("\r\n\x1b[2m" + string(status) + "\x1b[0m")
	if up := len(rows) - cr; up > 0 { // from the status row to the caret's
		fmt.Fprintf(&b, "\x1b[%dA", up)
	}
	b.WriteString("\r")
	if cc > 0 {
		fmt.Fprintf(&b, "\x1b[%dC", cc)
	}
	l.caretRow = cr
	io.WriteString(l.out, b.String())
}

// finish leaves the cursor below the frame.
func (l *live) finish() {
	rows, _, _ := l.frame()
	var b strings.Builder
	if down := len(rows) - l.caretRow; down > 0 {
		fmt.Fprintf(&b, "\x1b[%dB", down)
	}
	b.WriteString("\r\n")
	io.WriteString(l.out, b.String())
}

// keyDecoder turns raw terminal input into Keys. It keeps an incomplete
// UTF-8 character or escape sequence for the next read.
type keyDecoder struct {
	pending []byte
}

// feed decodes b. quit reports Ctrl-C or Ctrl-D (keys after it are dropped).
// At the end of input (eof), whatever is pending is decoded as far as it goes.
func (kd *keyDecoder) feed(b []byte, eof bool) (keys []expander.Key, quit bool) {
	buf := append(kd.pending, b...)
	kd.pending = nil
	i := 0
	for i < len(buf) {
		c := buf[i]
		switch {
		case c == 0x03 || c == 0x04:
			return keys, true
		case c == '\r' || c == '\n':
			keys = append(keys, expander.Key{Special: expander.Enter})
			i++
		case c == '\t':
			keys = append(keys, expander.Key{Special: expander.Tab})
			i++
		case c == 0x7f || c == 0x08:
			keys = append(keys, expander.Key{Special: expander.Backspace})
			i++
		case c == 0x1b:
			k, n, complete := escape(buf[i:])
			if !complete && !eof {
				kd.pending = append([]byte(nil), buf[i:]...)
				return keys, false
			}
			keys = append(keys, k)
			i += n
		case c < 0x20:
			keys = append(keys, expander.Key{Rune: rune('a' + c - 1), Mods: expander.Ctrl})
			i++
		default:
			if !utf8.FullRune(buf[i:]) && !eof {
				kd.pending = append([]byte(nil), buf[i:]...)
				return keys, false
			}
			r, size := utf8.DecodeRune(buf[i:])
			if r == utf8.RuneError && size <= 1 {
				keys = append(keys, expander.Key{Special: expander.OtherKey})
			} else {
				keys = append(keys, expander.Key{Rune: r})
			}
			i += max(size, 1)
		}
	}
	return keys, false
}

// escape decodes the escape sequence at the start of b (b[0] is ESC): the
// key, how many bytes it took, and whether it was complete. A lone ESC at the
// end of a read is the Escape key (terminals send sequences in one write).
func escape(b []byte) (expander.Key, int, bool) {
	if len(b) == 1 {
		return expander.Key{Special: expander.Escape}, 1, true
	}
	if b[1] != '[' && b[1] != 'O' {
		if b[1] == 0x1b {
			return expander.Key{Special: expander.Escape}, 1, true
		}
		r, size := utf8.DecodeRune(b[1:])
		if r == utf8.RuneError && size <= 1 {
			return expander.Key{Special: expander.Escape}, 1, true
		}
		return expander.Key{Rune: r, Mods: expander.Alt}, 1 + size, true
	}
	// CSI or SS3: parameters, then a final byte in 0x40..0x7e.
	j := 2
	for j < len(b) && (b[j] < 0x40 || b[j] > 0x7e) {
		j++
	}
	if j == len(b) {
		return expander.Key{Special: expander.OtherKey}, len(b), false
	}
	params, final := string(b[2:j]), b[j]
	var mods expander.Mods
	if _, m, ok := strings.Cut(params, ";"); ok {
		switch m {
		case "3":
			mods = expander.Alt
		case "5":
			mods = expander.Ctrl
		}
		params, _, _ = strings.Cut(params, ";")
	}
	sp := expander.OtherKey
	switch final {
	case 'A':
		sp = expander.Up
	case 'B':
		sp = expander.Down
	case 'C':
		sp = expander.Right
	case 'D':
		sp = expander.Left
	case 'H':
		sp = expander.Home
	case 'F':
		sp = expander.End
	case '~':
		switch params {
		case "1", "7":
			sp = expander.Home
		case "4", "8":
			sp = expander.End
		case "2":
			sp = expander.Insert
		case "3":
			sp = expander.Delete
		case "5":
			sp = expander.PageUp
		case "6":
			sp = expander.PageDown
		}
	}
	return expander.Key{Special: sp, Mods: mods}, j + 1, true
}

// tryHTML types keys and prints, for each formatted reply (markdown:,
// html:) they fire, its HTML as a help-desk editor gets it, one per line.
func tryHTML(d *Deps, pg playground, keys []expander.Key) error {
	prof, _ := d.profile()
	set := reply.Compile(pg.lib, prof)
	eng := expander.NewEngine(pg.idx)
	n := 0
	for _, k := range keys {
		if _, f, ok := eng.Step(k); ok {
			if h, ok := set.PreviewHTML(f.Rule, d.Now); ok {
				fmt.Fprintln(d.IO.Out, h)
				n++
			}
		}
	}
	if n == 0 {
		return fmt.Errorf("try: no formatted reply fired (the text is %q)", expander.Play(pg.idx, keys).Text())
	}
	return nil
}
