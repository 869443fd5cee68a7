package cmd

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// IBusSetup installs or uninstalls kindly's IBus input method (the
// component file, and kindly in GNOME's input sources); main plugs in the
// real one (hooks/ibus).
type IBusSetup func(o IBusSetupOptions) error

// IBusSetupOptions is what `kindly ibus install|uninstall` hands the setup.
type IBusSetupOptions struct {
	Install bool
	IO      IO
	// Ask asks a yes/no question (consent to change the input sources).
	Ask func(question string) bool
}

func newIBusCmd(d *Deps) *cobra.Command {
	c := &cobra.Command{
		Use:   "ibus",
		Short: "Set up kindly as an IBus input method (Wayland: GNOME, KDE)",
		Long: `On Wayland no program may watch the keyboard; kindly works there as an
IBus input method ('kindly run --backend ibus', which 'kindly run' picks by
itself in a Wayland session). 'kindly ibus install' writes kindly's IBus
component (system folder, through sudo when needed) so input-source menus
list it, and on GNOME adds kindly to your input sources after your keyboard
layouts (it asks first; --yes agrees). 'kindly ibus uninstall' undoes both.`,
		Args: cobra.NoArgs,
	}
	var yes bool
	for _, install := range []bool{true, false} {
		verb, short := "install", "Install kindly's IBus component and add it to the input sources"
		if !install {
			verb, short = "uninstall", "Remove kindly from the input sources and its IBus component"
		}
		sub := &cobra.Command{
			Use:   verb,
			Short: short,
			Args:  cobra.NoArgs,
			RunE: func(c *cobra.Command, _ []string) error {
				if d.IBus == nil {
					return errors.New("this kindly was built without the IBus input method")
				}
				return d.IBus(IBusSetupOptions{Install: install, IO: d.IO, Ask: func(q string) bool {
					if yes {
						return true
					}
					if !d.IO.InTTY {
						fmt.Fprintln(d.IO.Err, q+" (not asked: no terminal; --yes agrees)")
						return false
					}
					fmt.Fprint(d.IO.Out, q+" [y/N] ")
					line, _ := bufio.NewReader(d.IO.In).ReadString('\n')
					a := strings.ToLower(strings.TrimSpace(line))
					return a == "y" || a == "yes"
				}})
			},
		}
		if install {
			sub.Flags().BoolVarP(&yes, "yes", "y", false, "add kindly to the GNOME input sources without asking")
		}
		c.AddCommand(sub)
	}
	return c
}
