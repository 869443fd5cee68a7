package cmd_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/stats"
)

// now in testHome is 2026-03-01 09:00 UTC.
func recordStats(t *testing.T, home string) {
	t.Helper()
	r := stats.NewRecorder(stats.Path(home), 0)
	day := time.Date(2026, 2, 27, 12, 0, 0, 0, time.UTC)
	for i := range 4 {
		at := day.Add(time.Duration(i) * time.Minute)
		r.Expanded(";ty", 27, at) // 24 characters saved each
		r.Key(at.Add(5*time.Second), false)
	}
	old := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	r.Expanded(";refund", 40, old)
	r.Key(old.Add(time.Second), true) // undone
	r.Expanded(";gone", 20, old)
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
}

func TestStatsTSVAndTable(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	recordStats(t, e.home)
	e.mustRun(0, "stats", "--days", "30")
	want := "trigger\tlabel\tused\tundone\tchars saved\ttime saved\tlast used\n" +
		";ty\tThanks (chat)\t4\t0\t96\t29s\t2026-02-27\n" +
		";refund\tRefund on its way\t1\t1\t0\t0s\t2026-01-10\n" +
		";gone\t(not in the library)\t1\t0\t15\t5s\t2026-01-10\n" +
		"brb\t\t0\t0\t0\t0s\tnever\n"
	if got := e.out.String(); !strings.HasPrefix(got, want) {
		t.Errorf("stdout:\n%s\nwant it to start with:\n%s", got, want)
	}
	e.outTTY = true
	e.mustRun(0, "stats", "--wpm", "60")
	out := e.out.String()
	for _, s := range []string{"TRIGGER", "6 expansions since 2026-01-10: 111 characters saved, about 22s of typing at 60 words a minute; 1 undone right away.",
		"Not used in the last 30 days: ;refund brb ;sig ;;sig"} {
		if !strings.Contains(out, s) {
			t.Errorf("stdout lacks %q:\n%s", s, out)
		}
	}
}

func TestStatsJSONConfigAndReset(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.write(map[string]string{"config.yml": "stats:\n  typing_wpm: 24\n"})
	recordStats(t, e.home)
	e.mustRun(0, "stats", "--json", "--days", "60")
	var rep struct {
		WPM, Expansions, Undone, Days int
		CharsSaved                    int   `json:"chars_saved"`
		TimeSavedSeconds              int64 `json:"time_saved_seconds"`
		Unused                        []string
		Triggers                      []struct {
			Trigger          string
			Expansions       int
			TimeSavedSeconds int64      `json:"time_saved_seconds"`
			InLibrary        bool       `json:"in_library"`
			LastUsed         *time.Time `json:"last_used"`
		}
	}
	if err := json.Unmarshal(e.out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, e.out.String())
	}
	// 111 characters at 24 words (120 characters) a minute.
	if rep.WPM != 24 || rep.Expansions != 6 || rep.CharsSaved != 111 || rep.TimeSavedSeconds != 56 || rep.Days != 60 ||
		strings.Join(rep.Unused, " ") != "brb ;sig ;;sig" || rep.Triggers[0].Trigger != ";ty" || rep.Triggers[0].TimeSavedSeconds != 48 ||
		rep.Triggers[2].InLibrary || rep.Triggers[3].LastUsed != nil {
		t.Errorf("%+v\n%s", rep, e.out.String())
	}

	e.mustRun(0, "stats", "--reset")
	if _, err := os.Stat(filepath.Join(e.home, "stats.json")); !os.IsNotExist(err) {
		t.Errorf("stats.json still there: %v", err)
	}
	e.outTTY = true
	e.mustRun(0, "stats")
	if got := e.out.String(); !strings.HasPrefix(got, "Nothing counted yet") || strings.Count(got, "\n") != 1 {
		t.Errorf("after reset, want one line saying there is nothing yet:\n%s", got)
	}
	e.outTTY = false
	e.mustRun(0, "stats")
	if got := e.out.String(); got != "trigger\tlabel\tused\tundone\tchars saved\ttime saved\tlast used\n" || !strings.Contains(e.err.String(), "Nothing counted yet") {
		t.Errorf("after reset, piped: want only the header, the note on stderr:\n%s\n%s", got, e.err.String())
	}
	e.mustRun(2, "stats", "--days", "-1")
}

// On a terminal a reply never used is listed once (in the "Not used" line),
// not also as a row of zeros.
func TestStatsListsNeverUsedOnce(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	recordStats(t, e.home)
	e.outTTY = true
	e.mustRun(0, "stats")
	out := e.out.String()
	if n := strings.Count(out, "brb"); n != 1 || strings.Contains(out, "never") {
		t.Errorf("brb appears %d times (never used):\n%s", n, out)
	}
}
