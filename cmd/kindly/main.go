// Command kindly is the text expander for customer-support teams: the daemon
// and the command line. It plugs the daemon (and through it the desktop
// backends) into the commands; nothing below cmd imports cmd.
package main

import (
	"os"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/daemon"
	"github.com/kindly-support/kindly/hooks/ibus"
	"github.com/kindly-support/kindly/hooks/x11"
)

func main() {
	if x11.IsClipboardKeeper() {
		// Started by a stopping daemon to keep the user's clipboard (see
		// hooks/x11): not a command.
		os.Exit(x11.RunClipboardKeeper())
	}
	os.Exit(cmd.Main(plug(cmd.OSDeps(version)), os.Args[1:]))
}

// plug installs the real daemon and doctor into the command line's
// dependencies.
func plug(d *cmd.Deps) *cmd.Deps {
	d.RunDaemon = func(o cmd.DaemonOptions) error {
		return daemon.Run(daemon.Options{Home: o.Home, Verbose: o.Verbose, Backend: o.Backend, Stderr: o.IO.Err,
			FirstStart: o.FirstStart, Ready: o.Ready})
	}
	d.RunDoctor = func(o cmd.DoctorOptions) []cmd.Check {
		return daemon.Doctor(daemon.DoctorOptions{Home: o.Home, SelfTest: o.SelfTest})
	}
	d.NoKeyboard = daemon.ErrNoKeyboard
	d.IBus = func(o cmd.IBusSetupOptions) error {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		s := ibus.Setup{Exe: exe, Out: o.IO.Out, Ask: o.Ask}
		if o.Install {
			return s.Install()
		}
		return s.Uninstall()
	}
	return d
}
