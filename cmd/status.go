package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/daemon/control"
)

func newPauseCmd(verb string) func(*Deps) *cobra.Command {
	short := map[string]string{
		"pause":  "Pause expansion (kindly keeps no buffer while paused)",
		"resume": "Resume expansion after 'kindly pause'",
	}[verb]
	return func(d *Deps) *cobra.Command {
		var toggle bool
		c := &cobra.Command{
			Use:   verb,
			Short: short,
			Long:  short + ". The pause hotkey (ctrl+alt+shift+p unless config.yml says otherwise) toggles it too.",
			Args:  cobra.NoArgs,
			RunE: func(c *cobra.Command, _ []string) error {
				req := verb
				if toggle {
					req = "toggle"
				}
				msg, err := control.Call(d.Home(), req)
				if err != nil {
					return err
				}
				fmt.Fprintln(d.IO.Out, "kindly is", msg)
				return nil
			},
		}
		if verb == "pause" {
			c.Flags().BoolVar(&toggle, "toggle", false, "resume if paused, else pause (for a desktop shortcut where kindly has no hotkey: Wayland)")
		}
		return c
	}
}

func newStatusCmd(d *Deps) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "status",
		Short: "Tell whether the daemon for this home is running and hooked",
		Long:  "Exit status 0 when a daemon for this home is running and has the keyboard hooked, 1 otherwise.",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			st, err := control.QueryStatus(d.Home())
			if errors.Is(err, control.ErrNotRunning) {
				if asJSON {
					fmt.Fprintln(d.IO.Out, `{"running":false}`)
					return silent(ExitError)
				}
				return fmt.Errorf("%w (%s); start it with 'kindly run'", err, d.Home())
			}
			if err != nil {
				return err
			}
			if asJSON {
				b, _ := json.Marshal(struct {
					Running bool `json:"running"`
					control.Status
				}{true, st})
				fmt.Fprintln(d.IO.Out, string(b))
			} else {
				hooked := "hooked"
				if !st.Hooked {
					hooked = "NOT hooked"
				}
				state := "running"
				if st.Paused {
					state = "paused"
				}
				where := st.Backend
				if st.Display != "" {
					where = strings.TrimSpace(st.Backend + " display " + st.Display)
				}
				fmt.Fprintf(d.IO.Out, "kindly is %s (pid %d) on %s, %s: %d snippets, %d expansions, up %s\n",
					state, st.PID, where, hooked, st.Snippets, st.Expanded, d.Now().Sub(st.Started).Round(time.Second))
				if st.LastError != "" {
					fmt.Fprintf(d.IO.Out, "last reload failed, serving the last good library: %s\n", termtext.Line(st.LastError))
				}
			}
			if !st.Hooked {
				return silent(ExitError)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the status as JSON")
	return c
}

func newStopCmd(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "stop",
		Short: "Stop the daemon for this home",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if _, err := control.Call(d.Home(), "stop"); err != nil {
				return err
			}
			// Wait until it has let go of its socket, so a 'kindly run' right
			// after does not find it still there.
			for i := 0; i < 50; i++ {
				if _, err := control.Call(d.Home(), "status"); errors.Is(err, control.ErrNotRunning) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			fmt.Fprintln(d.IO.Out, "kindly stopped")
			return nil
		},
	}
}

func newReloadCmd(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "reload",
		Short: "Make the daemon reload the library now",
		Long: `Reload the library and config. The daemon also reloads by itself when files
change; a library with errors is refused and the last good one keeps serving.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			msg, err := control.Call(d.Home(), "reload")
			if err != nil {
				return err
			}
			fmt.Fprintln(d.IO.Out, msg)
			return nil
		},
	}
}
