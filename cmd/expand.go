package cmd

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets/placeholder"
)

// expandOptions is what `kindly expand` runs with; tests replace the
// clipboard and the random source.
type expandOptions struct {
	trigger string
	sets    []string
	copy    bool
	html    bool

	readClipboard  func() (string, error)
	writeClipboard func(text string) error
	rand           func(n int) int
}

func newExpandCmd(d *Deps) *cobra.Command {
	o := &expandOptions{
		readClipboard:  func() (string, error) { return readClipboard(d) },
		writeClipboard: func(text string) error { return writeClipboard(d, text) },
		rand:           rand.IntN,
	}
	c := &cobra.Command{
		Use:   "expand TRIGGER [--set key=value]... [--copy]",
		Short: "Print a reply with its placeholders filled in (or copy it)",
		Long: `Render the reply of TRIGGER: profile values from config.yml, fill-ins from
--set (and, on a terminal, from questions for the ones left), dates,
clipboard, included replies. The text goes to standard output, or with
--copy to the clipboard (xclip or xsel). On a terminal it ends with a
newline; piped, it is exactly what would be typed, with no newline added,
so 'kindly expand ";ty" | xclip' copies only the reply.

A formatted reply (markdown:, html:) comes out as its plain twin: link text
then the address in brackets, "- " bullets, numbered steps. With --html
the sanitised HTML comes out instead, as a help-desk editor gets it. An
image reply writes its PNG when standard output is not a terminal.

In a script (standard input not a terminal) nothing is asked: a fill-in with
no value and no fallback is an error that names it, and kindly exits 1. An
optional section is ticked with --set name=yes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.trigger = args[0]
			return runExpand(d, o)
		},
	}
	c.Flags().StringArrayVar(&o.sets, "set", nil, "a value for a fill-in or profile key, as key=value (repeatable)")
	c.Flags().BoolVar(&o.copy, "copy", false, "copy the reply to the clipboard instead of printing it")
	c.Flags().BoolVar(&o.html, "html", false, "print a formatted reply's HTML instead of its plain twin")
	return c
}

func runExpand(d *Deps, o *expandOptions) error {
	values := map[string]string{}
	for _, s := range o.sets {
		k, v, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return withCode(ExitUsage, fmt.Errorf("expand: --set wants key=value, got %q", s))
		}
		values[strings.TrimSpace(k)] = v
	}
	lib, _, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("expand: %w", err)
	}
	s, ok := lib.Find(o.trigger)
	if !ok {
		return fmt.Errorf("expand: %w", unknownTrigger(lib, o.trigger))
	}
	prof, err := d.profile()
	if err != nil {
		return fmt.Errorf("expand: %w", err)
	}
	tpl, errs := placeholder.Parse(s.Replace)
	if len(errs) > 0 {
		return fmt.Errorf("expand %s: the reply has a placeholder mistake at %s (run 'kindly check')", o.trigger, errs[0])
	}
	env := placeholder.Env{
		Profile:   prof,
		Values:    values,
		Now:       d.Now,
		Clipboard: o.readClipboard,
		Include: func(t string) (string, bool) {
			if s, ok := lib.Find(t); ok {
				return s.Replace, true
			}
			return "", false
		},
		Rand: o.rand,
	}
	if d.IO.InTTY {
		if err := ask(d, tpl.Fields(env), values); err != nil {
			return fmt.Errorf("expand %s: %w", o.trigger, err)
		}
	}
	r, err := s.Render(env)
	text := r.Text
	var missing *placeholder.MissingError
	if errors.As(err, &missing) {
		var sets []string
		for _, n := range missing.Names {
			sets = append(sets, "--set "+n+"=…")
		}
		return fmt.Errorf("expand %s: %w (give it with %s)", o.trigger, err, strings.Join(sets, " "))
	}
	if err != nil {
		return fmt.Errorf("expand %s: %w", o.trigger, err)
	}
	switch {
	case s.ImagePath != "" && (d.IO.OutTTY || o.copy || o.html):
		return fmt.Errorf("expand %s: it is an image reply (%s); pipe the output to a file to get the PNG", o.trigger, s.ImagePath)
	case s.ImagePath != "":
		_, err = d.IO.Out.Write(r.Image)
		return err
	case o.html && r.HTML == "":
		return withCode(ExitUsage, fmt.Errorf("expand %s: --html: it is a plain reply (replace:), it has no HTML", o.trigger))
	case o.html:
		text = r.HTML
	}
	if o.copy {
		if err := o.writeClipboard(text); err != nil {
			return fmt.Errorf("expand %s: %w", o.trigger, err)
		}
		fmt.Fprintf(d.IO.Err, "copied %s to the clipboard\n", plural(len([]rune(text)), "character"))
		return nil
	}
	if d.IO.OutTTY {
		// At a terminal, show what would be typed; piped, give it as it is.
		text = termtext.Visible(text)
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
	}
	_, err = io.WriteString(d.IO.Out, text)
	return err
}

// ask puts one question per field on standard error and reads the answers
// from standard input into values, skipping fields already answered and
// those inside sections left off. An empty answer takes the default; a
// required field is asked again (three times at most, then Render names it).
func ask(d *Deps, fields []placeholder.Field, values map[string]string) error {
	in := bufio.NewReader(d.IO.In)
	w := d.IO.Err
	eof := false
	readLine := func() string {
		if eof {
			return ""
		}
		l, err := in.ReadString('\n')
		if err != nil {
			eof = true
		}
		return strings.TrimRight(l, "\r\n")
	}
	on := map[string]bool{}
	parent := map[string]string{}
	active := func(sect string) bool {
		for s := sect; s != ""; s = parent[s] {
			if !on[s] {
				return false
			}
		}
		return true
	}
	for _, f := range fields {
		if f.Kind == placeholder.Toggle {
			parent[f.Name] = f.Section
		}
		if !active(f.Section) {
			continue
		}
		if v, ok := values[f.Name]; ok && strings.TrimSpace(v) != "" {
			if f.Kind == placeholder.Toggle {
				on[f.Name], _ = placeholder.ParseToggle(v)
			}
			continue
		}
		switch f.Kind {
		case placeholder.Toggle:
			on[f.Name] = f.Default == "yes"
			hint := "y/N"
			if f.Default == "yes" {
				hint = "Y/n"
			}
			for tries := 0; tries < 3 && !eof; tries++ {
				fmt.Fprintf(w, "%s? [%s]: ", f.Label, hint)
				a := strings.TrimSpace(readLine())
				if a == "" {
					a = f.Default
				}
				if v, ok := placeholder.ParseToggle(a); ok {
					on[f.Name] = v
					values[f.Name] = map[bool]string{true: "yes", false: "no"}[v]
					break
				}
				fmt.Fprintln(w, "answer y or n")
			}
		case placeholder.Choice:
			var opts []string
			for i, c := range f.Choices {
				opts = append(opts, fmt.Sprintf("%d) %s", i+1, c))
			}
			for tries := 0; tries < 3 && !eof; tries++ {
				fmt.Fprintf(w, "%s: %s [%s]: ", f.Label, strings.Join(opts, "  "), f.Default)
				a := strings.TrimSpace(readLine())
				if a == "" {
					break
				}
				if n, err := strconv.Atoi(a); err == nil && n >= 1 && n <= len(f.Choices) {
					values[f.Name] = f.Choices[n-1]
					break
				}
				if c, ok := choose(f.Choices, a); ok {
					values[f.Name] = c
					break
				}
				fmt.Fprintf(w, "pick a number from 1 to %d, or type a choice\n", len(f.Choices))
			}
		case placeholder.Multiline:
			note := "several lines; end with a line holding only ."
			if f.Default != "" {
				note += ", or just . for " + strconv.Quote(f.Default)
			}
			fmt.Fprintf(w, "%s (%s):\n", f.Label, note)
			var ls []string
			for !eof {
				l := readLine()
				if l == "." {
					break
				}
				ls = append(ls, l)
			}
			values[f.Name] = strings.TrimRight(strings.Join(ls, "\n"), "\n")
		default:
			hint := " (required)"
			if !f.Required {
				hint = " [" + f.Default + "]"
			}
			for tries := 0; tries < 3 && !eof; tries++ {
				fmt.Fprintf(w, "%s%s: ", f.Label, hint)
				a := readLine()
				if strings.TrimSpace(a) != "" || !f.Required {
					values[f.Name] = a
					break
				}
			}
		}
	}
	return nil
}

func choose(choices []string, a string) (string, bool) {
	for _, c := range choices {
		if strings.EqualFold(c, a) {
			return c, true
		}
	}
	return "", false
}

// readClipboard reads the clipboard's text with xclip or xsel.
func readClipboard(d *Deps) (string, error) {
	if d.Getenv("DISPLAY") == "" {
		return "", errors.New("no X display to read the clipboard from (DISPLAY is not set)")
	}
	var last error
	for _, c := range [][]string{{"xclip", "-o", "-selection", "clipboard"}, {"xsel", "--clipboard", "--output"}} {
		out, err := exec.Command(c[0], c[1:]...).Output()
		if err == nil {
			return string(out), nil
		}
		last = fmt.Errorf("%s: %w", c[0], err)
	}
	return "", fmt.Errorf("read the clipboard (install xclip or xsel): %w", last)
}

// writeClipboard puts text on the clipboard with xclip or xsel.
func writeClipboard(d *Deps, text string) error {
	if d.Getenv("DISPLAY") == "" {
		return errors.New("no X display for the clipboard (DISPLAY is not set); leave out --copy to print the reply")
	}
	var last error
	for _, c := range [][]string{{"xclip", "-i", "-selection", "clipboard"}, {"xsel", "--clipboard", "--input"}} {
		cmd := exec.Command(c[0], c[1:]...)
		cmd.Stdin = strings.NewReader(text)
		// No pipes for the output: xclip stays behind to serve the
		// clipboard, and Run would wait for it while it held them.
		if err := cmd.Run(); err == nil {
			return nil
		} else {
			last = fmt.Errorf("%s: %w", c[0], err)
		}
	}
	return fmt.Errorf("copy to the clipboard (install xclip or xsel): %w", last)
}
