package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/lint"
	"github.com/kindly-support/kindly/snippets/pack"
)

type lintOptions struct {
	Paths []string
	JSON  bool
	Rules bool
}

func newLintCmd(d *Deps) *cobra.Command {
	var o lintOptions
	c := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check replies against the bar for good customer replies",
		Long: `Lint the library (or the folders and files given, taken together, so
duplicates across packs are found) against the bar for a good customer reply:
triggers that clash or fire by accident, greetings without a name or a
fallback, missing sign-offs, blame, dismissive phrases and jargon, apologies
that come after the fix, replies too long or too hard to read for their
channel, and replies that never say what happens next.

Each finding is printed as path:line:col: severity: message [rule-id] with a
suggestion below it. Switch rules off or tune them under 'lint:' in
<home>/config.yml (see docs/lint.md); 'kindly lint --rules' lists them.
Exits 1 when there are errors, 0 with warnings only.`,
		Example: `  kindly lint
  kindly lint team-pack/ personal.yml --json
  kindly lint --rules`,
		RunE: func(c *cobra.Command, args []string) error {
			o.Paths = args
			return runLint(d, o)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "print the findings as JSON")
	c.Flags().BoolVar(&o.Rules, "rules", false, "list the rules, with their severity as configured, and exit")
	return c
}

// lintFinding is one finding in `kindly lint --json`. Field names are stable.
type lintFinding struct {
	Rule       string `json:"rule"`
	Severity   string `json:"severity"`
	File       string `json:"file"` // as shown: relative to the kindly home when inside it
	Line       int    `json:"line"`
	Col        int    `json:"col"`
	Trigger    string `json:"trigger"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion"`
}

type lintReport struct {
	Findings []lintFinding `json:"findings"`
	Snippets int           `json:"snippets"`
	Files    int           `json:"files"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
}

// lintConfig reads the `lint:` key of <home>/config.yml.
func (d *Deps) lintConfig() (lint.Config, error) {
	c, _ := d.config()
	if err := c.Section("lint"); err != nil {
		return lint.Config{}, err
	}
	return c.Lint, nil
}

func runLint(d *Deps, o lintOptions) error {
	cfg, err := d.lintConfig()
	if err != nil {
		return fmt.Errorf("lint: %w", err)
	}
	if o.Rules {
		return printLintRules(d, cfg, o.JSON)
	}
	paths := o.Paths
	if len(paths) == 0 {
		paths = []string{d.SnippetsDir()}
	}
	var (
		all      []snippets.Snippet
		files    = map[string]string{} // file as shown -> path on disk
		findings []lint.Finding
		nfiles   int
	)
	for _, p := range paths {
		snips, ps, shown, err := loadForLint(d, p, len(o.Paths) == 0)
		if err != nil {
			return fmt.Errorf("lint: %w", err)
		}
		for k, v := range shown {
			files[k] = v
		}
		nfiles += len(shown)
		// Duplicate and shadowed triggers come from the lint rules (across
		// every path); other load problems are reported as they are.
		clash := map[snippets.Pos]bool{}
		for _, k := range snippets.Conflicts(snips) {
			clash[k.Pos] = true
		}
		for _, pr := range ps {
			if clash[pr.Pos] {
				continue
			}
			findings = append(findings, lint.Finding{Rule: "check", Severity: pr.Severity, Pos: pr.Pos,
				Msg: pr.Msg, Suggestion: "fix it first: see 'kindly check' and docs/library.md"})
		}
		all = append(all, snips...)
	}
	if len(o.Paths) == 0 && nfiles == 0 {
		fmt.Fprintf(d.IO.Err, "no library files in %s: run 'kindly init' for the starter pack, or 'kindly add'\n", d.display(paths[0]))
	}
	src := func(file string) ([]byte, bool) {
		p, ok := files[file]
		if !ok {
			return nil, false
		}
		b, err := os.ReadFile(p)
		return b, err == nil
	}
	findings = append(findings, lint.Run(all, cfg, src)...)

	rep := lintReport{Findings: []lintFinding{}, Snippets: len(all), Files: nfiles}
	for _, f := range findings {
		if f.Severity == snippets.Error {
			rep.Errors++
		} else {
			rep.Warnings++
		}
		rep.Findings = append(rep.Findings, lintFinding{Rule: f.Rule, Severity: f.Severity.String(), File: f.Pos.File,
			Line: f.Pos.Line, Col: f.Pos.Col, Trigger: f.Trigger, Message: f.Msg, Suggestion: f.Suggestion})
	}
	if o.JSON {
		if err := writeJSON(d.IO.Out, rep); err != nil {
			return fmt.Errorf("lint: %w", err)
		}
	} else {
		for _, f := range findings {
			fmt.Fprintf(d.IO.Out, "%s\n    %s\n", termtext.Visible(f.String()), termtext.Visible(f.Suggestion))
		}
		summary := "no findings"
		if len(findings) > 0 {
			summary = plural(rep.Errors, "error") + ", " + plural(rep.Warnings, "warning")
		}
		fmt.Fprintf(d.IO.Out, "%s in %s: %s\n", plural(rep.Snippets, "snippet"), plural(rep.Files, "file"), summary)
	}
	if rep.Errors > 0 {
		return silent(ExitError)
	}
	return nil
}

// loadForLint loads a folder or a file. Positions are rewritten to paths as
// shown (relative to the home when inside it), so several paths can be
// linted together; shown maps each shown file name to its path on disk.
func loadForLint(d *Deps, p string, isLibrary bool) (snips []snippets.Snippet, ps []snippets.Problem, shown map[string]string, err error) {
	shown = map[string]string{}
	fi, err := os.Stat(p)
	switch {
	case isLibrary && errors.Is(err, fs.ErrNotExist):
		return nil, nil, shown, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, nil, fmt.Errorf("%s does not exist", p)
	case err != nil:
		return nil, nil, nil, err
	case !fi.IsDir():
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, nil, err
		}
		name := d.display(p)
		shown[name] = p
		// Decode's own duplicate checks stay: lint filters them by position.
		snips, ps = snippets.Decode(name, data)
		return snips, ps, shown, nil
	}
	var lib *snippets.Library
	if isPack(p) {
		// A team pack: pack.yml is its manifest, the replies are in
		// snippets/, as `kindly check` and `pack add` read it.
		c, err := pack.Check(p)
		if err != nil {
			return nil, nil, nil, err
		}
		lib, ps = c.Library, c.Problems
	} else if lib, ps, err = snippets.Load(p); err != nil {
		return nil, nil, nil, err
	}
	rename := func(pos *snippets.Pos) {
		if pos.File != "" {
			pos.File = d.display(filepath.Join(p, filepath.FromSlash(pos.File)))
		}
	}
	for _, f := range lib.Files {
		shown[d.display(filepath.Join(p, filepath.FromSlash(f)))] = filepath.Join(p, filepath.FromSlash(f))
	}
	for i := range lib.Snippets {
		s := &lib.Snippets[i]
		rename(&s.Pos)
		s.TriggerPos = append([]snippets.Pos(nil), s.TriggerPos...)
		for j := range s.TriggerPos {
			rename(&s.TriggerPos[j])
		}
	}
	for i := range ps {
		rename(&ps[i].Pos)
	}
	return lib.Snippets, ps, shown, nil
}

func printLintRules(d *Deps, cfg lint.Config, asJSON bool) error {
	type ruleRow struct {
		ID       string `json:"id"`
		Category string `json:"category"`
		Severity string `json:"severity"` // as configured: error, warning or off
		Default  string `json:"default"`
		Summary  string `json:"summary"`
	}
	var rows []ruleRow
	for _, r := range lint.Rules() {
		sev := r.Default.String()
		if v, ok := cfg.Rules[r.ID]; ok {
			sev = v
		}
		rows = append(rows, ruleRow{r.ID, string(r.Category), sev, r.Default.String(), r.Summary})
	}
	if asJSON {
		return writeJSON(d.IO.Out, rows)
	}
	header := []string{"rule", "category", "severity", "what it finds"}
	var cells [][]string
	for _, r := range rows {
		cells = append(cells, []string{r.ID, r.Category, r.Severity, r.Summary})
	}
	return d.writeRows(header, cells, nil)
}
