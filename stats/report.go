package stats

import (
	"sort"
	"time"
)

// DefaultWPM is the typing speed time saved is computed at, in words
// (of five characters) per minute.
const DefaultWPM = 40

// Row is one trigger in a report.
type Row struct {
	Trigger    string        `json:"trigger"`
	Label      string        `json:"label"`
	Expansions int           `json:"expansions"`
	Undone     int           `json:"undone"`
	CharsSaved int           `json:"chars_saved"`
	TimeSaved  time.Duration `json:"-"`
	LastUsed   *time.Time    `json:"last_used"`  // nil: never used since counting began
	InLibrary  bool          `json:"in_library"` // false: counted, but no longer in the library
}

// Report is what `kindly stats` shows.
type Report struct {
	Since      *time.Time `json:"since"` // nil: nothing counted yet
	WPM        int        `json:"wpm"`
	Expansions int        `json:"expansions"`
	Undone     int        `json:"undone"`
	CharsSaved int        `json:"chars_saved"`
	TimeSaved  time.Duration
	Rows       []Row `json:"triggers"` // most used first
	// Unused are the library's triggers not used in the last Days days
	// (never used included), in library order.
	Days   int      `json:"days"`
	Unused []string `json:"unused"`
}

// LibraryTrigger is a trigger of the current library and its reply's label.
type LibraryTrigger struct {
	Trigger, Label string
}

// NewReport combines the counts in f with the library's triggers. now and
// days decide which triggers count as unused; wpm (0: DefaultWPM) turns
// characters into time.
func NewReport(f *File, lib []LibraryTrigger, now time.Time, days, wpm int) Report {
	if wpm <= 0 {
		wpm = DefaultWPM
	}
	rep := Report{WPM: wpm, Days: days, Rows: []Row{}, Unused: []string{}}
	if !f.Since.IsZero() {
		s := f.Since
		rep.Since = &s
	}
	seen := map[string]bool{}
	row := func(t, label string, in bool) Row {
		r := Row{Trigger: t, Label: label, InLibrary: in}
		if c := f.Triggers[t]; c != nil {
			r.Expansions, r.Undone, r.CharsSaved = c.Expansions, c.Undone, c.CharsSaved
			r.TimeSaved = typingTime(c.CharsSaved, wpm)
			if !c.LastUsed.IsZero() {
				lu := c.LastUsed
				r.LastUsed = &lu
			}
		}
		return r
	}
	cutoff := now.AddDate(0, 0, -days)
	for _, lt := range lib {
		if seen[lt.Trigger] {
			continue
		}
		seen[lt.Trigger] = true
		r := row(lt.Trigger, lt.Label, true)
		rep.Rows = append(rep.Rows, r)
		if days > 0 && (r.LastUsed == nil || r.LastUsed.Before(cutoff)) {
			rep.Unused = append(rep.Unused, lt.Trigger)
		}
	}
	for t := range f.Triggers {
		if !seen[t] {
			rep.Rows = append(rep.Rows, row(t, "", false))
		}
	}
	for _, r := range rep.Rows {
		rep.Expansions += r.Expansions
		rep.Undone += r.Undone
		rep.CharsSaved += r.CharsSaved
	}
	rep.TimeSaved = typingTime(rep.CharsSaved, wpm)
	sort.SliceStable(rep.Rows, func(i, j int) bool {
		a, b := rep.Rows[i], rep.Rows[j]
		if a.Expansions != b.Expansions {
			return a.Expansions > b.Expansions
		}
		if a.InLibrary != b.InLibrary {
			return a.InLibrary
		}
		return !a.InLibrary && a.Trigger < b.Trigger
	})
	return rep
}

// typingTime is how long typing chars takes at wpm words of five characters
// a minute.
func typingTime(chars, wpm int) time.Duration {
	if chars <= 0 {
		return 0
	}
	return time.Duration(float64(chars) / float64(wpm*5) * float64(time.Minute)).Round(time.Second)
}
