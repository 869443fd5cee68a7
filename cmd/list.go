package cmd

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets/format"
)

type listOptions struct {
	JSON bool
	Tag  string
}

func newListCmd(d *Deps) *cobra.Command {
	var o listOptions
	c := &cobra.Command{
		Use:   "list",
		Short: "List the snippets in your library",
		Long: `List every snippet, team packs included: its triggers, label, tags and where
it is defined (paths relative to the kindly home; packs/NAME/... for a pack). A table on a terminal, tab-separated
values with a header line when piped, a JSON array with --json.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runList(d, o) },
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "print a JSON array (triggers, label, tags, word, propagate_case, replace, file, line, pack)")
	c.Flags().StringVar(&o.Tag, "tag", "", "only snippets with this tag")
	return c
}

// listEntry is one snippet in `kindly list --json`. Field names are stable.
type listEntry struct {
	Triggers      []string `json:"triggers"`
	Label         string   `json:"label"`
	Tags          []string `json:"tags"`
	Word          bool     `json:"word"`
	PropagateCase bool     `json:"propagate_case"`
	Replace       string   `json:"replace"`              // as written under Format's key
	Format        string   `json:"format,omitempty"`     // "markdown" or "html" for a formatted reply
	ImagePath     string   `json:"image_path,omitempty"` // an image reply
	File          string   `json:"file"`                 // relative to the kindly home, slash-separated
	Line          int      `json:"line"`
	Pack          string   `json:"pack,omitempty"` // the team pack it comes from
}

func runList(d *Deps, o listOptions) error {
	dir := d.SnippetsDir()
	lib, ps, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("list: %w", err)
	}
	entries := []listEntry{}
	for _, s := range lib.Snippets {
		if o.Tag != "" && !hasTag(s.Tags, o.Tag) {
			continue
		}
		tags := s.Tags
		if tags == nil {
			tags = []string{}
		}
		packName, _ := packOf(&s)
		entries = append(entries, listEntry{
			Triggers: s.Triggers, Label: s.Label, Tags: tags, Word: s.Word,
			PropagateCase: s.PropagateCase, Replace: s.Replace, Format: formatName(s.Format), ImagePath: s.ImagePath,
			File: d.display(filepath.Join(dir, filepath.FromSlash(s.Pos.File))), Line: s.Pos.Line, Pack: packName,
		})
	}

	switch {
	case o.JSON:
		err = writeJSON(d.IO.Out, entries)
	case len(entries) == 0 && d.IO.OutTTY:
		switch {
		case o.Tag != "" && len(lib.Snippets) > 0:
			fmt.Fprintf(d.IO.Err, "no snippet has the tag %q\n", o.Tag)
		case len(lib.Snippets) == 0 && len(ps) == 0:
			fmt.Fprintf(d.IO.Err, "your library (%s) is empty: run 'kindly init' for the starter pack, or 'kindly add'\n", d.display(dir))
		}
	default:
		header := []string{"trigger", "label", "tags", "file"}
		rows := make([][]string, len(entries))
		tsv := make([][]string, len(entries))
		for i, e := range entries {
			rows[i] = []string{strings.Join(visibleTriggers(e.Triggers), ", "), e.Label, strings.Join(e.Tags, ","), e.File + ":" + strconv.Itoa(e.Line)}
			tsv[i] = append([]string{strings.Join(visibleTriggers(e.Triggers), ",")}, rows[i][1:]...)
		}
		err = d.writeRows(header, rows, tsv)
	}
	if err != nil {
		return fmt.Errorf("list: %w", err)
	}
	if len(ps) > 0 {
		errs, _ := printProblems(d.IO.Err, newProblemFormatter(d, dir, lib.Files), ps)
		if errs > 0 {
			fmt.Fprintf(d.IO.Err, "the library has %s; snippets with errors are not listed\n", plural(errs, "error"))
			return silent(ExitError)
		}
	}
	return nil
}

// formatName is the JSON name of a reply's format ("" for plain).
func formatName(k format.Kind) string {
	if k == format.Plain {
		return ""
	}
	return k.String()
}

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}
