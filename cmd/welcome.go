package cmd

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/snippets/profile"
)

// welcomeFields are what the first start asks for: the name that signs the
// starter replies ({{agent}}) and, optionally, the company.
var welcomeFields = []hooks.Field{
	{Name: "agent", Label: "Your name (it signs your replies)"},
	{Name: "company", Label: "Your company (optional)"},
}

// welcomeTitle is the first start's dialog title.
const welcomeTitle = "Welcome to kindly"

// welcome asks once, on the first start, for the agent's name and company
// and saves them to the profile, so the starter replies need at most the
// customer's name from then on. It asks on the terminal when `kindly run`
// has one, else in the desktop's dialog (ask; nil: it cannot ask, and says
// how to set the name). A name already in the profile is never asked for.
// A profile it cannot read or write is reported, and kindly starts anyway.
func (d *Deps) welcome(ask hooks.Asker) error {
	have, err := d.profile()
	if err != nil {
		fmt.Fprintf(d.IO.Err, "kindly: first start: your name is not asked for: %v\n", err)
		return nil
	}
	if strings.TrimSpace(have["agent"]) != "" {
		return nil
	}
	var values map[string]string
	switch {
	case d.IO.InTTY:
		values, err = askOnTerminal(d.IO.In, d.IO.Err, welcomeFields)
		if err != nil {
			return fmt.Errorf("first start: %w", err)
		}
	case ask != nil:
		ans, err := ask.Ask(welcomeTitle, welcomeFields)
		if err != nil {
			fmt.Fprintf(d.IO.Err, "kindly: first start: could not ask for your name: %v\n", err)
		}
		if ans.OK {
			values = ans.Values
		}
	}
	saved := false
	for _, f := range welcomeFields {
		v := strings.TrimSpace(values[f.Name])
		if v == "" || strings.TrimSpace(have[f.Name]) != "" {
			continue
		}
		if err := profile.Set(d.Home(), f.Name, v); err != nil {
			fmt.Fprintf(d.IO.Err, "kindly: first start: %s was not saved: %v\n", f.Name, err)
			continue
		}
		saved = saved || f.Name == "agent"
	}
	if saved {
		fmt.Fprintf(d.IO.Err, "kindly: first start: your name is saved in your profile; change it with %s\n", profile.SetCommand("agent"))
	} else {
		fmt.Fprintf(d.IO.Err, "kindly: first start: no name given; replies signed with {{agent}} ask for it until you run %s\n", profile.SetCommand("agent"))
	}
	return nil
}

// askOnTerminal asks for each field on its own line, showing what the field
// is for; an empty line leaves it out.
func askOnTerminal(in io.Reader, out io.Writer, fields []hooks.Field) (map[string]string, error) {
	fmt.Fprintln(out, "Welcome to kindly. Two questions, asked once (Enter skips one):")
	r := bufio.NewReader(in)
	values := map[string]string{}
	for _, f := range fields {
		fmt.Fprintf(out, "%s: ", f.Label)
		line, err := r.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read %s: %w", f.Name, err)
		}
		values[f.Name] = strings.TrimSpace(line)
		if err == io.EOF {
			fmt.Fprintln(out)
			break
		}
	}
	return values, nil
}
