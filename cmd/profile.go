package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets/profile"
)

func newProfileCmd(d *Deps) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "profile",
		Short: "Show the profile values replies use ({{agent}}, {{company}}…)",
		Long: `Show the profile: the values that fill {{agent}}, {{team}}, {{company}},
{{signature}} and any other key in replies. They live under profile: in
<home>/config.yml; 'kindly profile set' and 'unset' change them there and
leave the rest of the file as it is.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			m, err := d.profile()
			if err != nil {
				return fmt.Errorf("profile: %w", err)
			}
			if asJSON {
				return writeJSON(d.IO.Out, m)
			}
			if len(m) == 0 {
				fmt.Fprintln(d.IO.Err, "the profile is empty: set your name with 'kindly profile set agent NAME' (also team, company, signature)")
				return nil
			}
			var rows [][]string
			for _, k := range profile.Keys(m) {
				rows = append(rows, []string{k, m[k]})
			}
			return d.writeRows([]string{"key", "value"}, rows, nil)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the profile as a JSON object")
	c.AddCommand(&cobra.Command{
		Use:   "set KEY [VALUE]",
		Short: "Set a profile value (asked for on a terminal, or read from standard input, when VALUE is left out)",
		Args:  cobra.RangeArgs(1, 2),
		RunE:  func(c *cobra.Command, args []string) error { return runProfileSet(d, args) },
	}, &cobra.Command{
		Use:   "unset KEY",
		Short: "Remove a profile value",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ok, err := profile.Unset(d.Home(), args[0])
			if err != nil {
				return fmt.Errorf("profile unset: %w", err)
			}
			if !ok {
				fmt.Fprintf(d.IO.Err, "%s was not set\n", args[0])
			}
			return nil
		},
	})
	return c
}
