package cmd

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/ui"
)

type uiOptions struct {
	Addr   string
	NoOpen bool
	Idle   time.Duration
}

func newUICmd(d *Deps) *cobra.Command {
	var o uiOptions
	c := &cobra.Command{
		Use:   "ui",
		Short: "Manage your replies in a window (a local web page)",
		Long: `Open the reply manager in your browser: browse, search, preview, add, edit,
move and delete replies, team packs, your profile values, pause and resume,
and your stats. It is a small web server on this computer only (127.0.0.1),
reachable only through the address it opens, which carries a secret that is
new each time. It stops when you press Quit, when you interrupt it, or when
no page has been open for a while (--idle). docs/ui.md has the details.`,
		Example: `  kindly ui
  kindly ui --no-open      # print the address instead of opening a browser`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runUI(d, o) },
	}
	c.Flags().StringVar(&o.Addr, "addr", "127.0.0.1:0", "loopback address to listen on (port 0: a free one)")
	c.Flags().BoolVar(&o.NoOpen, "no-open", false, "print the address on the first line of standard output instead of opening a browser")
	c.Flags().DurationVar(&o.Idle, "idle", ui.DefaultIdle, "stop when no page has been open for this long")
	return c
}

func runUI(d *Deps, o uiOptions) error {
	l, err := ui.Listen(o.Addr)
	if err != nil {
		return withCode(ExitUsage, err)
	}
	now := d.Now
	if now == nil {
		now = time.Now
	}
	var removeLauncher func()
	srv, err := ui.New(ui.Options{Home: d.Home(), Version: d.Version, Idle: o.Idle, Now: now, Log: d.IO.Err,
		OnLaunch: func() {
			if removeLauncher != nil {
				removeLauncher()
			}
		}})
	if err != nil {
		l.Close()
		return err
	}
	url := srv.URL(l.Addr())
	if o.NoOpen {
		fmt.Fprintln(d.IO.Out, url)
		fmt.Fprintln(d.IO.Err, "open the address above in your browser; it works once, for this launch only. Ctrl-C stops the manager.")
	} else {
		// The browser gets a private file that leads to the address, so the
		// secret is on no command line.
		path, remove, err := ui.WriteLauncher(url)
		if err != nil {
			l.Close()
			return err
		}
		removeLauncher = remove
		defer remove()
		fmt.Fprintf(d.IO.Err, "opening the manager in your browser; if none opens, open this file in it: %s\n", path)
		if err := openBrowser(path); err != nil {
			fmt.Fprintf(d.IO.Err, "kindly: could not open a browser: %v\n", err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Serve(ctx, l); err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	fmt.Fprintln(d.IO.Err, "the manager has stopped")
	return nil
}

// openBrowser opens url in the default browser without waiting for it.
func openBrowser(url string) error {
	var c *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		c = exec.Command("open", url)
	default:
		c = exec.Command("xdg-open", url)
	}
	if err := c.Start(); err != nil {
		return err
	}
	go c.Wait()
	return nil
}
