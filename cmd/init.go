package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/profile"
)

func newInitCmd(d *Deps) *cobra.Command {
	var restore bool
	c := &cobra.Command{
		Use:   "init [--restore [TRIGGER...]]",
		Short: "Copy the starter pack into your library",
		Long: `Write kindly's starter pack (about a hundred chat and email replies) into
snippets/starter/ in the kindly home. Files that already exist are never
overwritten: they are skipped and listed, so running init again is safe.

With --restore, starter replies you deleted come back (all of them, or the
triggers given), each into its starter file; replies you have are never
touched.`,
		RunE: func(c *cobra.Command, args []string) error {
			if restore {
				return restoreStarter(d, args)
			}
			if len(args) > 0 {
				return usage(c, fmt.Errorf("init takes triggers only with --restore"))
			}
			return runInit(d)
		},
	}
	c.Flags().BoolVar(&restore, "restore", false, "put back deleted starter replies (all, or the triggers given)")
	return c
}

func runInit(d *Deps) error {
	written, skipped, err := InitLibrary(d.SnippetsDir())
	for _, p := range written {
		fmt.Fprintf(d.IO.Out, "wrote %s\n", d.display(p))
	}
	for _, p := range skipped {
		fmt.Fprintf(d.IO.Out, "skipped %s (it exists; kindly never overwrites your files)\n", d.display(p))
	}
	if err != nil {
		return err
	}
	// Starter triggers may clash with snippets the user already had.
	lib, ps, err := d.LoadLibrary()
	if err != nil {
		return err
	}
	if snippets.HasErrors(ps) {
		printProblems(d.IO.Err, newProblemFormatter(d, d.SnippetsDir(), lib.Files), ps)
		return fmt.Errorf("init: the library has errors now (see above); fix them with 'kindly edit' and run 'kindly check'")
	}
	switch {
	case len(written) == 0:
		fmt.Fprintf(d.IO.Out, "the starter pack is already in %s; nothing written\n", d.display(filepath.Join(d.SnippetsDir(), examples.StarterDir)))
		noteMissingStarter(d, lib)
	default:
		fmt.Fprintf(d.IO.Out, "%s in your library now (%s).\n", plural(len(lib.Snippets), "snippet"), d.display(d.SnippetsDir()))
	}
	if prof, err := d.profile(); err == nil && strings.TrimSpace(prof["agent"]) == "" {
		fmt.Fprintf(d.IO.Out, "The replies are signed with your name: set it once with %s\n", profile.SetCommand("agent"))
	}
	fmt.Fprintln(d.IO.Out, "Next: try them with 'kindly try' (type ;hi, then Ctrl-D), then start the expander with 'kindly run'.")
	return nil
}

// InitLibrary writes the embedded starter pack into snippetsDir/starter/, one
// file per starter file. It never overwrites: a file that exists is left
// alone and reported in skipped. written and skipped are full paths, in the
// starter pack's order.
func InitLibrary(snippetsDir string) (written, skipped []string, err error) {
	names, err := fs.Glob(examples.Starter, path.Join(examples.StarterDir, "*.yml"))
	if err != nil {
		return nil, nil, fmt.Errorf("init: read starter pack: %w", err)
	}
	dir := filepath.Join(snippetsDir, examples.StarterDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("init: %w", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(examples.Starter, name)
		if err != nil {
			return written, skipped, fmt.Errorf("init: read starter pack: %w", err)
		}
		p := filepath.Join(dir, path.Base(name))
		switch err := writeNew(p, data); {
		case errors.Is(err, fs.ErrExist):
			skipped = append(skipped, p)
		case err != nil:
			return written, skipped, fmt.Errorf("init: %w", err)
		default:
			written = append(written, p)
		}
	}
	return written, skipped, nil
}

// writeNew creates p with data, failing with fs.ErrExist when p exists (even
// when it appeared a moment ago), and leaves no partial file behind.
func writeNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
	}
	return err
}
