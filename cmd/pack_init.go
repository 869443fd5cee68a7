package cmd

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets/pack"
)

func newPackInitCmd(d *Deps) *cobra.Command {
	var name string
	c := &cobra.Command{
		Use:   "init DIR",
		Short: "Start a new team pack in DIR",
		Long: `Write a new team pack into DIR (created if needed): pack.yml, an example
reply in snippets/replies.yml, a README, and a CI script (ci/check.sh, plus a
GitHub Actions workflow calling it) that runs 'kindly check' and 'kindly lint'
on the pack.
Existing files are never overwritten. Then: git init, commit, push, and share
the URL with your agents ('kindly pack add URL').`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			written, err := pack.Init(args[0], name)
			for _, p := range written {
				fmt.Fprintf(d.IO.Out, "wrote %s\n", filepath.Join(args[0], filepath.FromSlash(p)))
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(d.IO.Out, `next:
  edit %s and add replies to %s
  check it:  kindly check %s && kindly lint %s
  publish:   cd %s && git init -b main && git add -A && git commit -m "First replies",
             then add your repository as origin and git push -u origin main
  agents:    kindly pack add <the repository's URL>
`, filepath.Join(args[0], pack.ManifestFile), filepath.Join(args[0], pack.SnippetsDir), args[0], args[0], args[0])
			return nil
		},
	}
	c.Flags().StringVar(&name, "name", "", "the pack's name (default: from the folder's name)")
	return c
}

// --- add
