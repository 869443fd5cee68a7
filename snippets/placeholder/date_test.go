package placeholder

import (
	"testing"
	"time"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDateArithmetic(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	berlin := mustLoad(t, "Europe/Berlin")
	tokyo := mustLoad(t, "Asia/Tokyo")
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	const full = `"Mon 2006-01-02 15:04 MST"`
	tests := []struct {
		name  string
		now   time.Time
		loc   *time.Location // Env.Location
		reply string
		want  string
	}{
		// Month ends: the day is kept, or clamped to the month's last day.
		{"jan 31 +1m", at(time.UTC, 2026, 1, 31, 9, 0), nil, "{{date +1m iso}}", "2026-02-28"},
		{"jan 31 +1m leap", at(time.UTC, 2024, 1, 31, 9, 0), nil, "{{date +1m iso}}", "2024-02-29"},
		{"mar 31 -1m", at(time.UTC, 2026, 3, 31, 9, 0), nil, "{{date -1m iso}}", "2026-02-28"},
		{"aug 31 +1m", at(time.UTC, 2026, 8, 31, 9, 0), nil, "{{date +1m iso}}", "2026-09-30"},
		{"dec 31 +2m", at(time.UTC, 2026, 12, 31, 9, 0), nil, "{{date +2m iso}}", "2027-02-28"},
		{"jan 15 -13m", at(time.UTC, 2026, 1, 15, 9, 0), nil, "{{date -13m iso}}", "2024-12-15"},
		{"feb 29 +1y", at(time.UTC, 2024, 2, 29, 9, 0), nil, "{{date +1y iso}}", "2025-02-28"},
		{"jan 31 +1d", at(time.UTC, 2026, 1, 31, 9, 0), nil, "{{date +1d iso}}", "2026-02-01"},
		{"dec 31 +1w", at(time.UTC, 2026, 12, 31, 9, 0), nil, "{{date +1w iso}}", "2027-01-07"},
		{"mar 1 -1d", at(time.UTC, 2024, 3, 1, 9, 0), nil, "{{date -1d iso}}", "2024-02-29"},
		// Business days skip weekends.
		{"thu +2bd", at(time.UTC, 2026, 3, 5, 9, 0), nil, "{{date +2bd full}}", "Monday, March 9, 2026"},
		{"fri +1bd", at(time.UTC, 2026, 3, 6, 9, 0), nil, "{{date +1bd full}}", "Monday, March 9, 2026"},
		{"sat +1bd", at(time.UTC, 2026, 3, 7, 9, 0), nil, "{{date +1bd full}}", "Monday, March 9, 2026"},
		{"sun +1bd", at(time.UTC, 2026, 3, 8, 9, 0), nil, "{{date +1bd full}}", "Monday, March 9, 2026"},
		{"mon -1bd", at(time.UTC, 2026, 3, 9, 9, 0), nil, "{{date -1bd full}}", "Friday, March 6, 2026"},
		{"sun -1bd", at(time.UTC, 2026, 3, 8, 9, 0), nil, "{{date -1bd full}}", "Friday, March 6, 2026"},
		{"wed +5bd", at(time.UTC, 2026, 3, 4, 9, 0), nil, "{{date +5bd full}}", "Wednesday, March 11, 2026"},
		{"thu +10bd over month end", at(time.UTC, 2026, 4, 23, 9, 0), nil, "{{date +10bd full}}", "Thursday, May 7, 2026"},
		{"sat +0bd", at(time.UTC, 2026, 3, 7, 9, 0), nil, "{{date +0bd full}}", "Saturday, March 7, 2026"},
		{"fri 31 +1bd", at(time.UTC, 2026, 7, 31, 9, 0), nil, "{{date +1bd full}}", "Monday, August 3, 2026"},
		// DST: calendar offsets keep the wall-clock time; hours are elapsed time.
		{"ny spring forward +1d", at(ny, 2026, 3, 7, 12, 0), nil, "{{date +1d " + full + "}}", "Sun 2026-03-08 12:00 EDT"},
		{"ny spring forward +24h", at(ny, 2026, 3, 7, 12, 0), nil, "{{date +24h " + full + "}}", "Sun 2026-03-08 13:00 EDT"},
		{"ny fall back +1w", at(ny, 2026, 10, 29, 9, 30), nil, "{{date +1w " + full + "}}", "Thu 2026-11-05 09:30 EST"},
		{"berlin +1bd over DST", at(berlin, 2026, 3, 27, 17, 0), nil, "{{date +1bd " + full + "}}", "Mon 2026-03-30 17:00 CEST"},
		{"berlin +1m over DST", at(berlin, 2026, 3, 15, 8, 0), nil, "{{date +1m " + full + "}}", "Wed 2026-04-15 08:00 CEST"},
		// Time zones: the date is the one where the agent is.
		{"utc evening is next day in tokyo", at(time.UTC, 2026, 3, 5, 20, 0), tokyo, "{{date full}} {{time}}", "Friday, March 6, 2026 05:00"},
		{"tokyo friday +1bd", at(time.UTC, 2026, 3, 5, 20, 0), tokyo, "{{date +1bd full}}", "Monday, March 9, 2026"},
		{"ny still yesterday", at(time.UTC, 2026, 3, 6, 2, 0), ny, "{{date iso}} {{time time12}}", "2026-03-05 9:00 PM"},
		{"now's own zone", at(tokyo, 2026, 3, 6, 5, 0), nil, "{{date iso}} {{time}}", "2026-03-06 05:00"},
		// Several offsets apply in order.
		{"end of next month", at(time.UTC, 2026, 1, 31, 9, 0), nil, "{{date +2m -1d iso}}", "2026-03-30"},
		{"weekday preset", at(time.UTC, 2026, 3, 5, 9, 0), nil, "{{date +1d weekday}}", "Friday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, errs := Parse(tt.reply)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got, _, err := tpl.Render(Env{Now: func() time.Time { return tt.now }, Location: tt.loc})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("%s at %s = %q, want %q", tt.reply, tt.now, got, tt.want)
			}
		})
	}
}

func TestLayouts(t *testing.T) {
	for in, want := range map[string]string{
		"long":              "January 2, 2006",
		"Monday, January 2": "Monday, January 2",
		"2006-01-02":        "2006-01-02",
		"YYYY-MM-DD":        "2006-01-02",
		"dddd, D MMMM":      "Monday, 2 January",
		"ddd MMM D":         "Mon Jan 2",
		"HH:mm:ss":          "15:04:05",
		"h:mm a":            "3:04 pm",
		"Due D MMMM":        "Due 2 January",
	} {
		got, msg := goLayout(in)
		if got != want || msg != "" {
			t.Errorf("goLayout(%q) = %q, %q; want %q", in, got, msg, want)
		}
	}
}
