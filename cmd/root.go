// Package cmd is kindly's command line: cobra commands, flags, output formats
// (a table on a terminal, TSV when piped, --json for scripts), exit codes and
// the wiring of the other packages. Domain logic lives in expander, snippets,
// hooks and daemon; commands get what they need from one Deps value, so tests
// run them with buffers instead of a terminal.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kindly-support/kindly/hooks"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitError   = 1 // the command failed (a broken library, a daemon not running…)
	ExitUsage   = 2 // bad flags or arguments
	ExitNoHooks = 3 // this build or session cannot read the keyboard
)

// ExitError carries an exit code other than 1 with an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode wraps err so that Main exits with code.
func withCode(code int, err error) error { return &exitError{code, err} }

// silentExit ends a command with a code and no further message (the command
// already printed what the user needs).
var errSilent = errors.New("")

func silent(code int) error { return &exitError{code, errSilent} }

// IO is where a command reads and writes.
type IO struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	InTTY  bool // standard input is a terminal
	OutTTY bool // standard output is a terminal
}

// Daemon runs the kindly daemon in the foreground until it is stopped; main
// plugs in the real one (daemon package, over hooks), tests a fake.
type Daemon func(opts DaemonOptions) error

// DaemonOptions is what `kindly run` hands the daemon.
type DaemonOptions struct {
	Home    string
	Verbose bool
	IO      IO
	// Backend is --backend (auto, x11, windows, ibus).
	Backend string
	// FirstStart, when set, runs once the desktop is known to work, before
	// the library loads (it writes the starter pack on a first start and
	// asks for the agent's name). ask is the desktop's fill-in dialog, nil
	// when it has none.
	FirstStart func(ask hooks.Asker) error
	// Ready, when set, is called once the daemon expands (hooked, library loaded).
	Ready func()
}

// Deps is everything commands need from the outside world.
type Deps struct {
	IO     IO
	Getenv func(string) string
	Now    func() time.Time
	// Editor runs $EDITOR on a file (tests replace it).
	Editor func(path string, line int) error
	// RunDaemon is the daemon (nil: `kindly run` explains it is not built in).
	RunDaemon Daemon
	// RunDoctor runs `kindly doctor`'s checks (nil: not built in).
	RunDoctor Doctor
	// NoKeyboard is the error RunDaemon wraps when the keyboard cannot be
	// read here (exit code ExitNoHooks).
	NoKeyboard error
	// GOOS is the system to behave as ("" the one this runs on; tests).
	GOOS string
	// Version is the build's version string.
	Version string
	// Exec runs a program and returns its combined output (nil: os/exec).
	Exec func(name string, args ...string) ([]byte, error)
	// Executable returns this program's path (nil: os.Executable).
	Executable func() (string, error)
	// IBus sets up the IBus input method (nil: not built in).
	IBus IBusSetup

	home string // --home, set by the root command
}

// Home returns the kindly home: --home, else $KINDLY_HOME, else
// $XDG_CONFIG_HOME/kindly, else ~/.config/kindly.
func (d *Deps) Home() string {
	if d.home != "" {
		return d.home
	}
	if h := d.Getenv("KINDLY_HOME"); h != "" {
		return h
	}
	if d.goos() == "windows" {
		// Windows keeps a user's settings in %APPDATA% (roaming with the
		// profile); HOME is rarely set there.
		if a := d.Getenv("APPDATA"); a != "" {
			return filepath.Join(a, "kindly")
		}
		if u := d.Getenv("USERPROFILE"); u != "" {
			return filepath.Join(u, "AppData", "Roaming", "kindly")
		}
	}
	if x := d.Getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "kindly")
	}
	if h := d.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "kindly")
	}
	return filepath.Join(".config", "kindly")
}

// goos is the system the commands run on (tests set GOOS).
func (d *Deps) goos() string {
	if d.GOOS != "" {
		return d.GOOS
	}
	return runtime.GOOS
}

// SnippetsDir is the library folder inside the home.
func (d *Deps) SnippetsDir() string { return filepath.Join(d.Home(), "snippets") }

// NewRoot builds the command tree.
func NewRoot(d *Deps) *cobra.Command {
	root := &cobra.Command{
		Use:   "kindly",
		Short: "Text expander for customer-support replies",
		Long: `kindly turns short abbreviations (;sorry, ;refund) typed in any app into
complete, personal replies. Start the daemon with 'kindly run'; manage the
library with add, rm, edit, list and check; try triggers with 'kindly try'.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       d.Version,
	}
	root.SetIn(d.IO.In)
	root.SetOut(d.IO.Out)
	root.SetErr(d.IO.Err)
	root.PersistentFlags().StringVar(&d.home, "home", "", "kindly home folder (default $KINDLY_HOME, else $XDG_CONFIG_HOME/kindly)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usage(c, err) })
	for _, sub := range []*cobra.Command{
		// The daemon and its thin clients.
		newRunCmd(d), newStatusCmd(d), newStopCmd(d), newReloadCmd(d), newPauseCmd("pause")(d), newPauseCmd("resume")(d),
		newDoctorCmd(d), newServiceCmd(d), newIBusCmd(d),
		// The library.
		newInitCmd(d), newListCmd(d), newAddCmd(d), newRmCmd(d), newEditCmd(d), newCheckCmd(d), newLintCmd(d),
		newSearchCmd(d), newPickCmd(d), newTryCmd(d), newExpandCmd(d), newProfileCmd(d), newStatsCmd(d),
		newImportCmd(d), newExportCmd(d), newUICmd(d),
		// Team packs.
		newPackCmd(d),
	} {
		root.AddCommand(sub)
	}
	usageErrors(root)
	return root
}

// UsageError is a mistake in how a command was called (unknown command or
// flag, wrong number of arguments): exit code ExitUsage.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usage wraps err as a UsageError pointing to c's help.
func usage(c *cobra.Command, err error) error {
	return &UsageError{fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
}

// usageErrors makes every command's argument check return a UsageError.
func usageErrors(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				return usage(c, argsError(c, args))
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		usageErrors(sub)
	}
}

// Main runs kindly with args and returns the exit code.
func Main(d *Deps, args []string) int {
	root := NewRoot(d)
	root.SetArgs(args)
	ran, err := root.ExecuteC()
	if err == nil {
		return ExitOK
	}
	code := ExitError
	var ee *exitError
	var ue *UsageError
	switch {
	case errors.As(err, &ee):
		code = ee.code
	case errors.As(err, &ue):
		code = ExitUsage
	case ran == root:
		// The root runs nothing itself: its only errors are cobra's
		// "unknown command" ones, found before any command ran.
		code = ExitUsage
	}
	if !errors.Is(err, errSilent) {
		fmt.Fprintf(d.IO.Err, "kindly: %v\n", err)
	}
	return code
}

// OSDeps returns Deps for the real process.
func OSDeps(version string) *Deps {
	return &Deps{
		IO: IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
			InTTY: isTerminal(os.Stdin), OutTTY: isTerminal(os.Stdout)},
		Getenv:  os.Getenv,
		Now:     time.Now,
		Editor:  runEditor,
		Version: version,
	}
}

// isTerminal reports a real terminal (not just any character device:
// /dev/null is one too, and scripts redirect from it).
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
