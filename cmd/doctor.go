package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/hooks"
)

// Check is one thing `kindly doctor` looked at (the backends' type).
type Check = hooks.Check

// DoctorOptions is what `kindly doctor` hands the checks.
type DoctorOptions struct {
	Home     string
	SelfTest bool
}

// Doctor runs the checks; main plugs in the real ones (daemon package).
type Doctor func(DoctorOptions) []Check

func newDoctorCmd(d *Deps) *cobra.Command {
	var selfTest, asJSON bool
	c := &cobra.Command{
		Use:   "doctor",
		Short: "Check that kindly can work here, and say how to fix what stops it",
		Long: `Checks the build, the X display and the extensions kindly needs (XTEST,
RECORD), the keyboard map, the library, and whether the daemon runs. With
--self-test it also expands two test triggers into a throwaway window (one
typed, one pasted through the clipboard) and reads the text back.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if d.RunDoctor == nil {
				return withCode(ExitNoHooks, errNoDaemon)
			}
			checks := d.RunDoctor(DoctorOptions{Home: d.Home(), SelfTest: selfTest})
			failed := 0
			if asJSON {
				if err := writeJSON(d.IO.Out, checks); err != nil {
					return err
				}
			}
			for _, ch := range checks {
				if !ch.OK {
					failed++
				}
				if asJSON {
					continue
				}
				mark := "ok  "
				if !ch.OK {
					mark = "FAIL"
				}
				fmt.Fprintf(d.IO.Out, "%s %-12s %s\n", mark, ch.Name, ch.Detail)
				if !ch.OK && ch.Fix != "" {
					fmt.Fprintf(d.IO.Out, "     %-12s fix: %s\n", "", ch.Fix)
				}
			}
			if failed > 0 {
				if !asJSON {
					fmt.Fprintf(d.IO.Out, "%d of %d checks failed\n", failed, len(checks))
				}
				return silent(ExitError)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&selfTest, "self-test", false, "expand into a throwaway window and read the text back")
	c.Flags().BoolVar(&asJSON, "json", false, "print the checks as JSON")
	return c
}
