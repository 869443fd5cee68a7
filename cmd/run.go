package cmd

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/hooks"
)

// errNoKeyboardSupport is what `kindly run` says in a build without the key
// hook (CGO_ENABLED=0, or a system with no adapter).
var errNoDaemon = errors.New("this kindly was built without the daemon")

func newRunCmd(d *Deps) *cobra.Command {
	var verbose bool
	var backend string
	c := &cobra.Command{
		Use:   "run",
		Short: "Run the expansion daemon in the foreground",
		Long: `Run the daemon: it watches the keyboard in every X11 app, expands triggers
from the library in <home>/snippets, and reloads the library when its files
change (a broken edit is reported and the last good library keeps serving).
It logs to stderr and never logs what you type. On first start it writes the
starter pack into the library and asks once for your name and company (on
the terminal, else in a dialog) for the profile. Stop it with Ctrl-C or 'kindly stop'.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if d.RunDaemon == nil {
				return withCode(ExitNoHooks, errNoDaemon)
			}
			dir := d.SnippetsDir()
			firstStart := func(ask hooks.Asker) error {
				if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
					return nil
				}
				written, _, err := InitLibrary(dir)
				if err != nil {
					return err
				}
				fmt.Fprintf(d.IO.Err, "kindly: first start: wrote the starter pack (%d files) into %s\n", len(written), dir)
				return d.welcome(ask)
			}
			err := d.RunDaemon(DaemonOptions{Home: d.Home(), Verbose: verbose, IO: d.IO, Backend: backend, FirstStart: firstStart})
			if err != nil && d.daemonNoKeyboard(err) {
				return withCode(ExitNoHooks, err)
			}
			return err
		},
	}
	c.Flags().BoolVarP(&verbose, "verbose", "v", false, "log more (reloads, which trigger expanded; never typed text)")
	c.Flags().StringVar(&backend, "backend", "auto", "the desktop backend: auto, x11, windows or ibus (default: backend: in config.yml, else the one that fits this session)")
	return c
}

// daemonNoKeyboard reports whether err says the keyboard cannot be read
// here: the daemon marks such errors so `run` can exit with ExitNoHooks.
func (d *Deps) daemonNoKeyboard(err error) bool {
	return d.NoKeyboard != nil && errors.Is(err, d.NoKeyboard)
}
