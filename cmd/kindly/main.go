// Command kindly is the text expander for customer-support teams: the daemon
// and the command line. It plugs the daemon (and through it the desktop
// backends) into the commands; nothing below cmd imports cmd.
package main

import (
	"os"
	"runtime"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/daemon"
	"github.com/kindly-support/kindly/hooks/ibus"
	"github.com/kindly-support/kindly/hooks/x11"
)

func main() {
	if runtime.GOOS == "linux" {
		// The tray library (fyne.io/systray) locks the main goroutine to
		// the main thread in its init, for the desktops whose GUI needs
		// that; its Linux side is D-Bus only. Left locked, the daemon's
		// session loop runs on main, and every key's wake-up has to be
		// handed to that one thread: about half of kindly's CPU per
		// keystroke (docs/performance.md).
		runtime.UnlockOSThread()
	}
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
		// The daemon's work per key is a few microseconds; what costs is
		// waking threads. Once it is up (the library loaded, with every
		// core), one P keeps a key's whole path (hook goroutine, session)
		// on one thread: half the CPU per keystroke of two, measured
		// (docs/performance.md).
		ready := o.Ready
		return daemon.Run(daemon.Options{Home: o.Home, Verbose: o.Verbose, Backend: o.Backend, Stderr: o.IO.Err,
			FirstStart: o.FirstStart, Ready: func() {
				runtime.GOMAXPROCS(1)
				if ready != nil {
					ready()
				}
			}})
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
