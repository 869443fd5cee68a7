package cmd

import (
	"encoding/json"
	"github.com/kindly-support/kindly/cmd/termtext"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/kindly-support/kindly/snippets"
)

// Output formats shared by the commands: an aligned table for people at a
// terminal, TSV with a header line for pipes, JSON for scripts.

// cell flattens a value to one line: tabs and line breaks become spaces, so a
// multi-line reply never breaks a row, and control characters and escapes
// are made visible (termtext.Visible), so a reply cannot hide text or drive
// the terminal.
func cell(s string) string {
	s = termtext.Visible(s)
	if !strings.ContainsAny(s, "\t\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// writeRows is the one choice between the two: an aligned table for a
// person at a terminal, TSV for a pipe. tsv, when not nil, are the rows for
// a pipe where they differ (a list joined without spaces for scripts).
func (d *Deps) writeRows(header []string, rows, tsv [][]string) error {
	if d.IO.OutTTY {
		return writeTable(d.IO.Out, header, rows)
	}
	if tsv == nil {
		tsv = rows
	}
	return writeTSV(d.IO.Out, header, tsv)
}

// writeTable writes rows as aligned columns under an upper-case header.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(vals []string, upper bool) {
		for i, v := range vals {
			if i > 0 {
				io.WriteString(tw, "\t")
			}
			v = cell(v)
			if upper {
				v = strings.ToUpper(v)
			}
			io.WriteString(tw, v)
		}
		io.WriteString(tw, "\n")
	}
	line(header, true)
	for _, r := range rows {
		line(r, false)
	}
	return tw.Flush()
}

// writeTSV writes a header line and rows, tab-separated.
func writeTSV(w io.Writer, header []string, rows [][]string) error {
	var b strings.Builder
	line := func(vals []string) {
		for i, v := range vals {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(cell(v))
		}
		b.WriteByte('\n')
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeJSON writes v as indented JSON and a newline, without HTML escaping
// (replies are full of & and <).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// visibleTriggers spells triggers for a listing, their whitespace visible
// ("\fr␠", "abil\t").
func visibleTriggers(ts []string) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = snippets.VisibleTrigger(t)
	}
	return out
}
