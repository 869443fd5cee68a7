package cmd

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
)

type addOptions struct {
	Trigger       string
	Replace       string
	ReplaceSet    bool // --replace was given (possibly empty)
	Label         string
	Tags          []string
	Word          bool
	PropagateCase bool
	File          string
	Markdown      bool // the reply is markdown (a formatted reply)
}

func newAddCmd(d *Deps) *cobra.Command {
	var o addOptions
	c := &cobra.Command{
		Use:   "add TRIGGER",
		Short: "Add a snippet to your library",
		Long: `Add a snippet: typing TRIGGER anywhere replaces it with the reply. The reply
comes from --replace, or from standard input (type it, then Ctrl-D). "$|$" in
the reply marks where the caret ends. The snippet is appended to
snippets/personal.yml (or --file, relative to the snippets folder); comments
and layout in the file are kept.

With --markdown the reply is markdown (written as markdown: in the library):
**bold**, [links](https://…), numbered steps. Help-desk editors get it
formatted, plain text fields its plain twin (docs/library.md).`,
		Example: `  kindly add ';thx' --replace 'Thanks so much for your patience!' --tags chat
  kindly add ';reset' --markdown --replace 'See [how to reset your password]({{help_center|https://help.example.com}}/reset).'
  kindly add ';;sig' --label 'Email sign-off' < signature.txt`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Trigger = args[0]
			o.ReplaceSet = c.Flags().Changed("replace")
			return runAdd(d, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.Replace, "replace", "", "the reply (default: read it from standard input)")
	f.StringVar(&o.Label, "label", "", "a short title shown by list and search")
	f.StringSliceVar(&o.Tags, "tags", nil, "comma-separated tags (chat,email,...)")
	f.BoolVar(&o.Word, "word", false, "expand only as a whole word (when followed by a space or punctuation)")
	f.BoolVar(&o.PropagateCase, "propagate-case", false, "match any case and shape the reply like the typed trigger")
	f.BoolVar(&o.Markdown, "markdown", false, "the reply is markdown: bold, links and steps reach help-desk editors formatted")
	f.StringVar(&o.File, "file", snippets.DefaultFile, "library file to add to, relative to the snippets folder")
	return c
}

func runAdd(d *Deps, o addOptions) error {
	dir := d.SnippetsDir()
	reply := o.Replace
	if !o.ReplaceSet {
		if d.IO.InTTY {
			fmt.Fprintln(d.IO.Err, "Type the reply, end with Ctrl-D:")
		}
		data, err := io.ReadAll(d.IO.In)
		if err != nil {
			return fmt.Errorf("add: read reply: %w", err)
		}
		reply = strings.TrimRight(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	}
	if strings.TrimSpace(reply) == "" {
		return withCode(ExitUsage, fmt.Errorf("add: the reply is empty; give --replace TEXT or type the reply on standard input"))
	}

	lib, before, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("add: %w", err)
	}
	if s, ok := lib.Find(o.Trigger); ok {
		pos := s.Pos
		for i, t := range s.Triggers {
			if t == o.Trigger && i < len(s.TriggerPos) {
				pos = s.TriggerPos[i]
			}
		}
		f := newProblemFormatter(d, dir, lib.Files)
		return fmt.Errorf("add: trigger %s already exists at %s; change it there ('kindly edit %s') or remove it first ('kindly rm %s')",
			snippets.QuoteTrigger(o.Trigger), f.pos(pos), shellQuote(o.Trigger), shellQuote(o.Trigger))
	}

	var tags []string
	for _, t := range o.Tags {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	s := snippets.Snippet{
		Triggers: []string{o.Trigger}, Replace: reply, Label: o.Label, Tags: tags,
		Word: o.Word, PropagateCase: o.PropagateCase,
	}
	if o.Markdown {
		s.Format = format.Markdown
		if ms := format.Check(format.Markdown, reply); len(ms) > 0 {
			return withCode(ExitUsage, fmt.Errorf("add: the markdown reply has a mistake: %s", ms[0].Msg))
		}
	}
	p, err := snippets.Add(dir, filepath.FromSlash(o.File), s)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.IO.Out, "added %s to %s\n", o.Trigger, d.display(p))
	warnRiskyTrigger(d, s)

	// Say what the new snippet changed: a trigger it shadows, or that shadows it.
	lib, after, err := d.LoadLibrary()
	if err == nil {
		printProblems(d.IO.Err, newProblemFormatter(d, dir, lib.Files), newProblems(before, after))
	}
	return nil
}

// newProblems returns the problems in after that before did not have,
// comparing file, severity and message (lines move when a file is edited).
func newProblems(before, after []snippets.Problem) []snippets.Problem {
	key := func(p snippets.Problem) string { return p.Pos.File + "\x00" + p.Severity.String() + "\x00" + p.Msg }
	seen := map[string]int{}
	for _, p := range before {
		seen[key(p)]++
	}
	var out []snippets.Problem
	for _, p := range after {
		if seen[key(p)] > 0 {
			seen[key(p)]--
			continue
		}
		out = append(out, p)
	}
	return out
}
