package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// argsError words a wrong number of arguments for a person rather than as
// cobra's "accepts 1 arg(s), received 0": what the command takes, from its
// usage line, and what was given.
func argsError(c *cobra.Command, args []string) error {
	want := strings.TrimSpace(strings.TrimPrefix(c.Use, c.Name()))
	given := "nothing"
	if len(args) > 0 {
		given = fmt.Sprintf("%d: %s", len(args), strings.Join(quoteAll(args), " "))
	}
	if want == "" {
		return fmt.Errorf("%s takes no arguments; you gave %s", c.CommandPath(), given)
	}
	return fmt.Errorf("%s takes %s; you gave %s", c.CommandPath(), want, given)
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = fmt.Sprintf("%q", a)
	}
	return out
}
