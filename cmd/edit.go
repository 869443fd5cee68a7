package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets"
)

func newEditCmd(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "edit [TRIGGER]",
		Short: "Open your library in your editor",
		Long: `Open the file (and line) that defines TRIGGER in $VISUAL or $EDITOR, or
snippets/personal.yml without TRIGGER (created if missing). When the editor
closes, the library is checked: a running daemon only picks up a library
without errors, and keeps its last good one until then. Replies from team
packs are read-only: 'kindly pack override TRIGGER' copies one into your
library, where your copy wins.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			trigger := ""
			if len(args) == 1 {
				trigger = args[0]
			}
			return runEdit(d, trigger)
		},
	}
}

// personalHeader starts snippets/personal.yml when `kindly edit` creates it.
const personalHeader = `# kindly snippets (format: docs/library.md).
# Edit freely: 'kindly add' and 'kindly rm' keep your comments and layout.
#
# An entry looks like this ($|$ marks where the caret ends):
#
#   - trigger: ";thx"
#     label: Thank the customer (chat)
#     tags: [chat]
#     replace: Thanks so much for your patience! $|$
snippets:
`

func runEdit(d *Deps, trigger string) error {
	if d.Editor == nil {
		return errors.New("edit: no editor is configured")
	}
	dir := d.SnippetsDir()
	var path string
	line := 0
	if trigger != "" {
		lib, _, err := d.LoadLibrary()
		if err != nil {
			return fmt.Errorf("edit: %w", err)
		}
		s, ok := lib.Find(trigger)
		if !ok {
			return fmt.Errorf("edit: %w", unknownTrigger(lib, trigger))
		}
		if name, ok := packOf(s); ok {
			return d.readOnly("edit", trigger, s, name)
		}
		path = filepath.Join(dir, filepath.FromSlash(s.Pos.File))
		line = s.Pos.Line
		for i, t := range s.Triggers {
			if t == trigger && i < len(s.TriggerPos) {
				line = s.TriggerPos[i].Line
			}
		}
	} else {
		path = filepath.Join(dir, snippets.DefaultFile)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("edit: %w", err)
			}
			if err := writeNew(path, []byte(personalHeader)); err != nil && !errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("edit: create %s: %w", d.display(path), err)
			}
			line = strings.Count(personalHeader, "\n") // the `snippets:` line
			fmt.Fprintf(d.IO.Err, "created %s\n", d.display(path))
		} else if err != nil {
			return fmt.Errorf("edit: %w", err)
		}
	}
	if err := d.Editor(path, line); err != nil {
		return fmt.Errorf("edit: %w", err)
	}

	lib, ps, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("edit: %w", err)
	}
	errs, warns := printProblems(d.IO.Err, newProblemFormatter(d, dir, lib.Files), ps)
	switch {
	case errs > 0:
		fmt.Fprintf(d.IO.Err, "the library has %s; a running kindly keeps its last good library until they are fixed\n",
			plural(errs, "error"))
		return silent(ExitError)
	case warns > 0:
		fmt.Fprintf(d.IO.Err, "%s in your library, %s\n", plural(len(lib.Snippets), "snippet"), plural(warns, "warning"))
	default:
		fmt.Fprintf(d.IO.Err, "%s in your library, no problems\n", plural(len(lib.Snippets), "snippet"))
	}
	return nil
}
