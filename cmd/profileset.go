package cmd

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/kindly-support/kindly/snippets/profile"
)

// runProfileSet is `kindly profile set KEY [VALUE]`. Without VALUE the
// value comes from standard input: on a terminal it asks for it (one line;
// a signature ends with Ctrl-D), piped it reads everything. An empty value
// and a key that differs from a known one only in case are refused, since
// neither can be what the agent meant; success says what was set.
func runProfileSet(d *Deps, args []string) error {
	key := args[0]
	have, err := d.profile()
	if err != nil {
		return fmt.Errorf("profile set: %w", err)
	}
	if k := caseTwin(key, have); k != "" {
		return withCode(ExitUsage, fmt.Errorf("profile set: %q is not %q: keys are case-sensitive and replies use {{%s}}; run 'kindly profile set %s …'", key, k, k, k))
	}
	var value string
	switch {
	case len(args) == 2:
		value = args[1]
	case d.IO.InTTY && key == "signature":
		fmt.Fprintln(d.IO.Err, "Type your signature (several lines are fine), then Ctrl-D on a line of its own:")
		b, err := io.ReadAll(d.IO.In)
		if err != nil {
			return fmt.Errorf("profile set: read the value: %w", err)
		}
		value = strings.TrimRight(string(b), "\r\n")
	case d.IO.InTTY:
		if profile.Standard(key) {
			fmt.Fprintf(d.IO.Err, "%s (%s), then Enter: ", key, profile.Describe(key))
		} else {
			fmt.Fprintf(d.IO.Err, "the value for %s, then Enter: ", key)
		}
		line, err := bufio.NewReader(d.IO.In).ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("profile set: read the value: %w", err)
		}
		value = strings.TrimRight(line, "\r\n")
	default:
		b, err := io.ReadAll(d.IO.In)
		if err != nil {
			return fmt.Errorf("profile set: read the value: %w", err)
		}
		value = strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	}
	if strings.TrimSpace(value) == "" {
		return fmt.Errorf("profile set: the value for %s is empty, so nothing was set (to remove %s: kindly profile unset %s)", key, key, key)
	}
	if err := profile.Set(d.Home(), key, value); err != nil {
		return withCode(ExitError, err)
	}
	shown := value
	if strings.Contains(shown, "\n") {
		shown = strings.SplitN(shown, "\n", 2)[0] + " …"
	}
	fmt.Fprintf(d.IO.Out, "%s is now %s\n", key, shown)
	return nil
}

// caseTwin returns the known key (a standard one or one already in the
// profile) that key differs from only in case, or "".
func caseTwin(key string, have map[string]string) string {
	known := profile.StandardKeys()
	for k := range have {
		known = append(known, k)
	}
	for _, k := range known {
		if k != key && strings.EqualFold(k, key) {
			if _, exists := have[key]; exists {
				return "" // both spellings are set already: the agent's choice
			}
			return k
		}
	}
	return ""
}
