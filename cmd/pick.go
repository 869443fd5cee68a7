package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/kindly-support/kindly/cmd/picker"
	"github.com/kindly-support/kindly/snippets/search"
	"github.com/spf13/cobra"
)

type pickOptions struct {
	Print     bool
	TriggerTo string // write the chosen trigger to this file (the daemon's search hotkey)
	Tag       string
	Query     string
}

func newPickCmd(d *Deps) *cobra.Command {
	var o pickOptions
	c := &cobra.Command{
		Use:   "pick [QUERY...]",
		Short: "Pick a reply interactively and copy it to the clipboard",
		Long: `Open a picker on the terminal: type to search (as 'kindly search' ranks),
move with the arrow keys, see the highlighted reply in full on the right,
Enter to copy it to the clipboard (xclip or xsel, on X11), Esc or Ctrl-C to
leave. With --print the reply goes to standard output instead, so
'kindly pick --print > reply.txt' works: the picker itself is drawn on
standard error. Placeholders are filled in as the hotkey does: your
profile ({{agent}}), dates, the clipboard; fill-ins such as {{customer}} are
asked on the terminal, one question each (Enter takes the fallback). The
caret marker $|$ is dropped. Exit 1 when you leave without picking.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.Query = strings.Join(args, " ")
			return runPick(c.Context(), d, o)
		},
	}
	c.Flags().BoolVar(&o.Print, "print", false, "print the reply on standard output instead of copying it")
	c.Flags().StringVar(&o.Tag, "tag", "", "only replies with this tag")
	c.Flags().StringVar(&o.TriggerTo, "trigger-to", "", "write the chosen reply's trigger to this file instead (used by the daemon's search hotkey)")
	c.Flags().MarkHidden("trigger-to")
	return c
}

func runPick(ctx context.Context, d *Deps, o pickOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var clip *clipboard
	if !o.Print && o.TriggerTo == "" {
		var err error
		if clip, err = findClipboard(d); err != nil {
			return fmt.Errorf("pick: %w", err)
		}
	}
	dir := d.SnippetsDir()
	lib, ps, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("pick: %w", err)
	}
	if len(ps) > 0 {
		errs, _ := printProblems(d.IO.Err, newProblemFormatter(d, dir, lib.Files), ps)
		if errs > 0 {
			fmt.Fprintf(d.IO.Err, "the library has %s; fix them with 'kindly edit' and run 'kindly check'\n", plural(errs, "error"))
			return silent(ExitError)
		}
	}

	// The picker draws on standard error, so standard output carries only the
	// reply.
	ui := d.IO.Err
	s, err := picker.Run(ctx, search.New(lib), picker.Options{
		Uses: usageCounts(d), Tag: o.Tag, Query: o.Query, Renderer: lipgloss.NewRenderer(ui),
	}, d.IO.In, ui)
	if errors.Is(err, picker.ErrCancelled) {
		return silent(ExitError)
	}
	if err != nil {
		return fmt.Errorf("pick: %w", err)
	}
	if o.TriggerTo != "" {
		return os.WriteFile(o.TriggerTo, []byte(s.Triggers[0]), 0o600)
	}
	reply, err := renderPicked(d, lib, s.Triggers[0])
	if err != nil {
		return fmt.Errorf("pick: %w", err)
	}
	if o.Print {
		if _, err := io.WriteString(d.IO.Out, reply+"\n"); err != nil {
			return fmt.Errorf("pick: %w", err)
		}
		return nil
	}
	if err := clip.copy(reply); err != nil {
		return fmt.Errorf("pick: copy to the clipboard with %s: %w", clip.name, err)
	}
	fmt.Fprintf(d.IO.Err, "copied %s to the clipboard\n", s.Triggers[0])
	return nil
}

// clipboard is an X11 clipboard tool found on the PATH.
type clipboard struct {
	name string   // "xclip" or "xsel"
	path string   // where it is
	args []string // to set the CLIPBOARD selection from standard input
	env  []string
}

// findClipboard looks for xclip, then xsel, on $PATH, and needs $DISPLAY.
func findClipboard(d *Deps) (*clipboard, error) {
	display := d.Getenv("DISPLAY")
	if display == "" {
		return nil, errors.New("no X display ($DISPLAY is not set) to copy to the clipboard; use --print")
	}
	for _, tool := range []struct {
		name string
		args []string
	}{
		{"xclip", []string{"-selection", "clipboard", "-in"}},
		{"xsel", []string{"--clipboard", "--input"}},
	} {
		if p, ok := lookPath(d.Getenv("PATH"), tool.name); ok {
			return &clipboard{name: tool.name, path: p, args: tool.args,
				env: append(os.Environ(), "DISPLAY="+display)}, nil
		}
	}
	return nil, errors.New("no clipboard tool: install xclip or xsel (sudo apt-get install xclip), or use --print")
}

// copy hands text to the tool, which keeps serving the selection in the
// background after this returns. Its output goes nowhere: a pipe would be
// held open by the background process and Run would never return.
func (c *clipboard) copy(text string) error {
	cmd := exec.Command(c.path, c.args...)
	cmd.Stdin = strings.NewReader(text)
	cmd.Env = c.env
	return cmd.Run()
}

// lookPath finds an executable named name in the folders of pathList.
func lookPath(pathList, name string) (string, bool) {
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, true
		}
	}
	return "", false
}
