package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/cmd/termtext"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/stats"
)

type statsOptions struct {
	JSON  bool
	Reset bool
	Days  int
	WPM   int
}

func newStatsCmd(d *Deps) *cobra.Command {
	var o statsOptions
	c := &cobra.Command{
		Use:   "stats",
		Short: "Show how often each reply is used and how much typing it saved",
		Long: `Show the usage the daemon counted: expansions per trigger, the characters
and typing time they saved (at --wpm, or stats: typing_wpm: in config.yml,
40 words a minute by default), how often an expansion was undone right away
(Backspace within 2 seconds: a sign of a trigger that fires by accident), and
which replies were not used in the last --days days.

Only trigger names, counts and times are kept, never typed text, in
<home>/stats.json; delete it at any time, or run 'kindly stats --reset'.
A table on a terminal, TSV when piped, JSON with --json.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if !c.Flags().Changed("wpm") {
				o.WPM = d.statsWPM()
			}
			return runStats(d, o)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "print the report as JSON")
	c.Flags().BoolVar(&o.Reset, "reset", false, "delete the counts and start over")
	c.Flags().IntVar(&o.Days, "days", 30, "list replies not used in this many days")
	c.Flags().IntVar(&o.WPM, "wpm", stats.DefaultWPM, "typing speed for the time saved, in words a minute")
	return c
}

// statsWPM reads stats: typing_wpm: from config.yml (0 when unset or unreadable).
func (d *Deps) statsWPM() int {
	c, _ := d.config()
	if c.Section("stats") != nil {
		return 0
	}
	return c.TypingWPM
}

// statsJSON is `kindly stats --json`. Field names are stable.
type statsJSON struct {
	Since            *time.Time     `json:"since"`
	WPM              int            `json:"wpm"`
	Expansions       int            `json:"expansions"`
	Undone           int            `json:"undone"`
	CharsSaved       int            `json:"chars_saved"`
	TimeSavedSeconds int64          `json:"time_saved_seconds"`
	Days             int            `json:"days"`
	Unused           []string       `json:"unused"`
	Triggers         []statsJSONRow `json:"triggers"`
}

type statsJSONRow struct {
	stats.Row
	TimeSavedSeconds int64 `json:"time_saved_seconds"`
}

func runStats(d *Deps, o statsOptions) error {
	path := stats.Path(d.Home())
	if o.Reset {
		if err := stats.Reset(path); err != nil {
			return fmt.Errorf("stats: %w", err)
		}
		fmt.Fprintf(d.IO.Err, "usage counts deleted (%s); counting starts over\n", d.display(path))
		return nil
	}
	if o.Days < 0 || o.WPM < 0 {
		return withCode(ExitUsage, errors.New("stats: --days and --wpm must not be negative"))
	}
	f, err := stats.Load(path)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	lib, _, err := d.LoadLibrary()
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("stats: %w", err)
	}
	var lts []stats.LibraryTrigger
	if lib != nil {
		for _, s := range lib.Snippets {
			for _, t := range s.Triggers {
				lts = append(lts, stats.LibraryTrigger{Trigger: t, Label: s.Label})
			}
		}
	}
	rep := stats.NewReport(f, lts, d.Now(), o.Days, o.WPM)
	if o.JSON {
		out := statsJSON{Since: rep.Since, WPM: rep.WPM, Expansions: rep.Expansions, Undone: rep.Undone,
			CharsSaved: rep.CharsSaved, TimeSavedSeconds: int64(rep.TimeSaved / time.Second), Days: rep.Days,
			Unused: rep.Unused, Triggers: []statsJSONRow{}}
		for _, r := range rep.Rows {
			out.Triggers = append(out.Triggers, statsJSONRow{r, int64(r.TimeSaved / time.Second)})
		}
		return writeJSON(d.IO.Out, out)
	}

	header := []string{"trigger", "label", "used", "undone", "chars saved", "time saved", "last used"}
	if rep.Since == nil {
		// Before any use there is nothing to show: not a table of zeros.
		const nothing = "Nothing counted yet: the daemon ('kindly run') counts each expansion; come back after using a few replies."
		if !d.IO.OutTTY {
			fmt.Fprintln(d.IO.Err, nothing)
			return writeTSV(d.IO.Out, header, nil)
		}
		fmt.Fprintln(d.IO.Out, nothing)
		return nil
	}
	var rows [][]string
	for _, r := range rep.Rows {
		last := "never"
		if r.LastUsed != nil {
			last = r.LastUsed.Local().Format("2006-01-02")
		}
		label := r.Label
		if !r.InLibrary {
			label = "(not in the library)"
		}
		rows = append(rows, []string{snippets.VisibleTrigger(r.Trigger), label, strconv.Itoa(r.Expansions), strconv.Itoa(r.Undone),
			strconv.Itoa(r.CharsSaved), r.TimeSaved.String(), last})
	}
	if !d.IO.OutTTY {
		return writeTSV(d.IO.Out, header, rows)
	}
	// On a terminal the table shows what was used; the replies never used
	// are listed once, in the line below it.
	var used [][]string
	for i, r := range rep.Rows {
		if r.Expansions > 0 || r.LastUsed != nil || !r.InLibrary {
			used = append(used, rows[i])
		}
	}
	if err := writeTable(d.IO.Out, header, used); err != nil {
		return err
	}
	fmt.Fprintf(d.IO.Out, "\n%s since %s: %s characters saved, about %s of typing at %d words a minute; %d undone right away.\n",
		plural(rep.Expansions, "expansion"), rep.Since.Local().Format("2006-01-02"), strconv.Itoa(rep.CharsSaved),
		rep.TimeSaved, rep.WPM, rep.Undone)
	for _, r := range rep.Rows {
		if r.Expansions >= 3 && r.Undone*3 >= r.Expansions {
			fmt.Fprintf(d.IO.Out, "%s was undone %d times out of %d: it may fire by accident (rename it, or make it a word trigger).\n",
				termtext.Line(snippets.VisibleTrigger(r.Trigger)), r.Undone, r.Expansions)
		}
	}
	if o.Days > 0 && len(rep.Unused) > 0 {
		fmt.Fprintf(d.IO.Out, "Not used in the last %d days: %s\n", o.Days, termtext.Line(strings.Join(rep.Unused, " ")))
	}
	return nil
}
