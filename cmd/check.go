package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets"
)

func init() { commands = append(commands, newCheckCmd) }

func newCheckCmd(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "check [PATH]",
		Short: "Check your library (or a snippet folder or file) for mistakes",
		Long: `Check the library, or the folder or file at PATH, and print each problem as
path:line:col: severity: message, with paths relative to the kindly home.
Errors keep kindly from using the library (a running daemon keeps its last
good one); warnings point at snippets that probably do not do what you meant.
Exits 1 when there are errors, 0 with warnings only.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			return runCheck(d, path)
		},
	}
}

func runCheck(d *Deps, path string) error {
	var (
		lib *snippets.Library
		ps  []snippets.Problem
		f   problemFormatter
	)
	switch fi, err := os.Stat(path); {
	case path == "":
		dir := d.SnippetsDir()
		if lib, ps, err = d.LoadLibrary(); err != nil {
			return fmt.Errorf("check: %w", err)
		}
		f = newProblemFormatter(d, dir, lib.Files)
		if len(lib.Files) == 0 {
			fmt.Fprintf(d.IO.Err, "no library files in %s: run 'kindly init' for the starter pack, or 'kindly add'\n", d.display(dir))
		}
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("check: %s does not exist", path)
	case err != nil:
		return fmt.Errorf("check: %w", err)
	case fi.IsDir():
		if lib, ps, err = snippets.Load(path); err != nil {
			return fmt.Errorf("check: %w", err)
		}
		f = newProblemFormatter(d, path, lib.Files)
	default:
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		// Decode names positions (and positions quoted in messages) by the
		// name it is given: give it the path as shown.
		name := d.display(path)
		snips, fps := snippets.Decode(name, data)
		lib, ps = &snippets.Library{Snippets: snips, Files: []string{name}}, fps
		f = plainProblemFormatter()
	}
	errs, warns := printProblems(d.IO.Out, f, ps)
	fmt.Fprintf(d.IO.Out, "%s in %s: %s, %s\n", plural(len(lib.Snippets), "snippet"), plural(len(lib.Files), "file"),
		plural(errs, "error"), plural(warns, "warning"))
	if errs > 0 {
		return silent(ExitError)
	}
	return nil
}
