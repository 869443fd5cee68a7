package cmd

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/convert"
)

type exportOptions struct {
	Format string
	Out    string
	Tag    string
}

func newExportCmd(d *Deps) *cobra.Command {
	var o exportOptions
	c := &cobra.Command{
		Use:   "export --format csv|textexpander|json|espanso",
		Short: "Export your library for TextExpander (csv), espanso, or as JSON",
		Long: `Write the library to standard output (or --out FILE): csv is a TextExpander
group (abbreviation, content, label; placeholders become TextExpander
macros), espanso a match file (placeholders become espanso variables), json
everything kindly knows ('kindly import json' reads it back). What a format
cannot hold (tags in espanso, business-day offsets…) is listed on standard
error.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runExport(d, o) },
	}
	c.Flags().StringVar(&o.Format, "format", "json", "csv (textexpander: the same TextExpander CSV), json or espanso")
	c.Flags().StringVar(&o.Out, "out", "", "write to this file instead of standard output")
	c.Flags().StringVar(&o.Tag, "tag", "", "only snippets with this tag")
	return c
}

func runExport(d *Deps, o exportOptions) error {
	lib, ps, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if snippets.HasErrors(ps) {
		printProblems(d.IO.Err, newProblemFormatter(d, d.SnippetsDir(), lib.Files), ps)
		return errors.New("export: the library has errors; fix them first ('kindly check')")
	}
	var snips []snippets.Snippet
	for _, s := range lib.Snippets {
		if o.Tag == "" || hasTag(s.Tags, o.Tag) {
			if s.ImagePath != "" {
				// Other tools read the image where the library keeps it.
				s.ImagePath = filepath.Join(d.SnippetsDir(), filepath.FromSlash(path.Dir(s.Pos.File)), filepath.FromSlash(s.ImagePath))
			}
			s.Pos.File = d.display(filepath.Join(d.SnippetsDir(), filepath.FromSlash(s.Pos.File)))
			snips = append(snips, s)
		}
	}
	var data []byte
	var notes []convert.Note
	switch o.Format {
	case "json":
		data, err = convert.ToJSON(snips)
	case "csv", "textexpander": // the name `kindly import` uses for it
		data, notes, err = convert.ToTextExpander(snips)
	case "espanso":
		data, notes, err = convert.ToEspanso(snips)
	default:
		return withCode(ExitUsage, fmt.Errorf("export: unknown format %q (csv or textexpander, json, espanso)", o.Format))
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, n := range notes {
		fmt.Fprintln(d.IO.Err, n)
	}
	if o.Out == "" {
		_, err = d.IO.Out.Write(data)
	} else {
		err = os.WriteFile(o.Out, data, 0o644)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
