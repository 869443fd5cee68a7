package cmd

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets/search"
	"github.com/kindly-support/kindly/stats"
	"github.com/spf13/cobra"
)

type searchOptions struct {
	Query string
	Tag   string
	JSON  bool
	Limit int
}

func newSearchCmd(d *Deps) *cobra.Command {
	var o searchOptions
	c := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Find replies by trigger, label, tag or text",
		Long: `Search the library: the exact trigger first, then replies whose trigger,
label or tags hold the words of the query, then fuzzy matches (typos
tolerated) anywhere, reply text included; replies you use often rank higher.
On a terminal the matched characters are highlighted; tab-separated values
with a header line when piped; a JSON array with --json.`,
		Example: `  kindly search refund
  kindly search late order --tag email
  kindly search ';;ref' --json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Query = strings.Join(args, " ")
			if o.Limit < 0 {
				return withCode(ExitUsage, fmt.Errorf("search: --limit must be 0 (no limit) or more, got %d", o.Limit))
			}
			return runSearch(d, o)
		},
	}
	c.Flags().StringVar(&o.Tag, "tag", "", "only replies with this tag")
	c.Flags().BoolVar(&o.JSON, "json", false, "print a JSON array (triggers, label, tags, replace, file, line, score, exact, hits)")
	c.Flags().IntVar(&o.Limit, "limit", 20, "show at most this many replies (0: all)")
	return c
}

// searchEntry is one result of `kindly search --json`. Field names are stable.
type searchEntry struct {
	Triggers []string    `json:"triggers"`
	Label    string      `json:"label"`
	Tags     []string    `json:"tags"`
	Replace  string      `json:"replace"`
	File     string      `json:"file"` // relative to the kindly home, slash-separated
	Line     int         `json:"line"`
	Score    int         `json:"score"` // higher is better; only comparable within one search
	Exact    bool        `json:"exact"` // a trigger equals the query
	Hits     []searchHit `json:"hits"`  // where the query matched, best first
}

// searchHit is where a query matched, in `kindly search --json`.
type searchHit struct {
	Field string `json:"field"` // "trigger", "label", "tag" or "reply"
	Text  string `json:"text"`  // the whole trigger, label, tag or reply
	// Positions are the matched characters of text, counted in Unicode code
	// points from 0.
	Positions []int `json:"positions"`
}

// usageCounts is how often the agent kept each trigger's expansion, from the
// stats file, for ranking. A stats file that cannot be read only costs the
// ranking its usage boost, with a warning.
func usageCounts(d *Deps) map[string]int {
	f, err := stats.Load(stats.Path(d.Home()))
	if err != nil {
		fmt.Fprintf(d.IO.Err, "kindly: warning: ranking without usage counts: %v\n", err)
		return nil
	}
	uses := make(map[string]int, len(f.Triggers))
	for t, c := range f.Triggers {
		if n := c.Expansions - c.Undone; n > 0 {
			uses[t] = n
		}
	}
	return uses
}

func runSearch(d *Deps, o searchOptions) error {
	dir := d.SnippetsDir()
	lib, ps, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	rs := search.New(lib).Search(o.Query, search.Options{Tag: o.Tag, Uses: usageCounts(d), Limit: o.Limit})

	switch {
	case o.JSON:
		entries := make([]searchEntry, len(rs))
		for i, r := range rs {
			entries[i] = newSearchEntry(d, dir, r)
		}
		err = writeJSON(d.IO.Out, entries)
	case len(rs) == 0:
		if d.IO.OutTTY {
			switch {
			case len(lib.Snippets) == 0 && len(ps) == 0:
				fmt.Fprintf(d.IO.Err, "your library (%s) is empty: run 'kindly init' for the starter pack, or 'kindly add'\n", d.display(dir))
			case o.Tag != "":
				fmt.Fprintf(d.IO.Err, "no reply with the tag %q matches %q\n", o.Tag, o.Query)
			default:
				fmt.Fprintf(d.IO.Err, "no reply matches %q\n", o.Query)
			}
		} else {
			err = writeTSV(d.IO.Out, searchHeader, nil)
		}
	case d.IO.OutTTY:
		err = writeSearchTable(d.IO.Out, rs)
	default:
		rows := make([][]string, len(rs))
		for i, r := range rs {
			field, text, _ := shownHit(r)
			rows[i] = []string{strings.Join(visibleTriggers(r.Snippet.Triggers), ","), r.Snippet.Label, field, text}
		}
		err = writeTSV(d.IO.Out, searchHeader, rows)
	}
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if len(ps) > 0 {
		errs, _ := printProblems(d.IO.Err, newProblemFormatter(d, dir, lib.Files), ps)
		if errs > 0 {
			fmt.Fprintf(d.IO.Err, "the library has %s; snippets with errors are not searched\n", plural(errs, "error"))
			return silent(ExitError)
		}
	}
	return nil
}

var searchHeader = []string{"trigger", "label", "in", "match"}

// matchWidth is how many characters of a matching reply are shown.
const matchWidth = 60

// shownHit is the best hit of r as shown in a table: its field, a one-line
// excerpt and the matched byte offsets in it.
func shownHit(r search.Result) (field, text string, pos []int) {
	if len(r.Hits) == 0 {
		h := search.Hit{Field: search.FieldReply, Text: r.Snippet.Text()}
		text, _ := h.Excerpt(matchWidth)
		return h.Field.String(), text, nil
	}
	h := r.Hits[0]
	text, pos = h.Excerpt(matchWidth)
	return h.Field.String(), text, pos
}

// Highlighting on a terminal: bold yellow.
const (
	hlOn  = "\x1b[1;33m"
	hlOff = "\x1b[0m"
)

// highlight wraps the matched characters of text in ANSI bold and colour.
func highlight(text string, pos []int) string {
	var b strings.Builder
	for _, s := range search.Spans(text, pos) {
		if s.Matched {
			b.WriteString(hlOn + termtext.Line(s.Text) + hlOff)
		} else {
			b.WriteString(termtext.Line(s.Text))
		}
	}
	return b.String()
}

// writeSearchTable writes results as aligned columns, the matched characters
// highlighted (tabwriter would count the escape codes as text, so columns are
// padded here).
func writeSearchTable(w io.Writer, rs []search.Result) error {
	type row struct{ trigger, label, field, match, shown string }
	rows := make([]row, len(rs))
	wt, wl, wf := len("TRIGGER"), len("LABEL"), len("IN")
	for i, r := range rs {
		field, text, pos := shownHit(r)
		rows[i] = row{termtext.Line(strings.Join(visibleTriggers(r.Snippet.Triggers), ", ")), cell(r.Snippet.Label), field, text, highlight(text, pos)}
		wt = max(wt, utf8.RuneCountInString(rows[i].trigger))
		wl = max(wl, utf8.RuneCountInString(rows[i].label))
		wf = max(wf, len(field))
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", n-utf8.RuneCountInString(s)+2) }
	var b strings.Builder
	b.WriteString(pad("TRIGGER", wt) + pad("LABEL", wl) + pad("IN", wf) + "MATCH\n")
	for _, r := range rows {
		b.WriteString(pad(r.trigger, wt) + pad(r.label, wl) + pad(r.field, wf) + r.shown + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func newSearchEntry(d *Deps, dir string, r search.Result) searchEntry {
	s := r.Snippet
	tags := s.Tags
	if tags == nil {
		tags = []string{}
	}
	hits := make([]searchHit, len(r.Hits))
	for i, h := range r.Hits {
		hits[i] = searchHit{Field: h.Field.String(), Text: h.Text, Positions: h.RunePositions()}
	}
	return searchEntry{
		Triggers: s.Triggers, Label: s.Label, Tags: tags, Replace: s.Replace,
		File: d.display(filepath.Join(dir, filepath.FromSlash(s.Pos.File))), Line: s.Pos.Line,
		Score: r.Score, Exact: r.Exact, Hits: hits,
	}
}
