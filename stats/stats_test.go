package stats_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/stats"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

var rules = []expander.Rule{
	{Triggers: []string{";ty"}, Replace: "thank you for your patience"},
	{Triggers: []string{";hi"}, Replace: "Hi there, how can I help? Ça va ✓"},
}

// drive types keys through the engine as the daemon does: an expansion is
// reported with Expanded, every other key with Key. gaps gives the time
// before key i (default 100 ms).
func drive(t *testing.T, rec *stats.Recorder, keys string, gaps map[int]time.Duration) time.Time {
	t.Helper()
	ks, err := expander.ParseKeys(keys)
	if err != nil {
		t.Fatal(err)
	}
	eng := expander.NewEngine(expander.NewIndex(rules))
	at := t0
	for i, k := range ks {
		gap, ok := gaps[i]
		if !ok {
			gap = 100 * time.Millisecond
		}
		at = at.Add(gap)
		k.At = at
		if _, f, ok := eng.Step(k); ok {
			rec.Expanded(f.Trigger, utf8.RuneCountInString(rules[f.Rule].Replace), k.At)
			continue
		}
		rec.Key(k.At, k.Special == expander.Backspace)
	}
	return at
}

func load(t *testing.T, path string) *stats.File {
	t.Helper()
	f, err := stats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCountingAndUndoThroughTheEngine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	rec := stats.NewRecorder(path, 0)
	// ;ty kept (a space follows), ;hi undone (Backspace at once), ;ty undone
	// at exactly the window, ;hi kept (Backspace too late).
	keys := "hello ;ty and ;hi{Backspace} x;ty{Backspace} ;hi{Backspace}"
	ks, _ := expander.ParseKeys(keys)
	gaps := map[int]time.Duration{}
	n := 0
	for i, k := range ks {
		if k.Special == expander.Backspace {
			n++
			switch n {
			case 2:
				gaps[i] = stats.UndoWindow
			case 3:
				gaps[i] = stats.UndoWindow + time.Millisecond
			}
		}
	}
	last := drive(t, rec, keys, gaps)
	if err := rec.Flush(); err != nil {
		t.Fatal(err)
	}
	f := load(t, path)
	ty, hi := len("thank you for your patience")-3, utf8.RuneCountInString(rules[1].Replace)-3
	want := map[string]stats.Count{
		";ty": {Expansions: 2, Undone: 1, CharsSaved: ty},
		";hi": {Expansions: 2, Undone: 1, CharsSaved: hi},
	}
	for tr, w := range want {
		c := f.Triggers[tr]
		if c == nil || c.Expansions != w.Expansions || c.Undone != w.Undone || c.CharsSaved != w.CharsSaved {
			t.Errorf("%s: got %+v, want %+v", tr, c, w)
		}
	}
	if !f.Since.After(t0) || !f.Updated.Before(last) || f.Triggers[";hi"].LastUsed != f.Updated {
		t.Errorf("since %v, updated %v, last key %v", f.Since, f.Updated, last)
	}
}

func TestUndoRules(t *testing.T) {
	for _, c := range []struct {
		name   string
		keys   func(r *stats.Recorder)
		undone int
	}{
		{"backspace at once", func(r *stats.Recorder) { r.Key(t0.Add(300*time.Millisecond), true) }, 1},
		{"another key first", func(r *stats.Recorder) {
			r.Key(t0.Add(100*time.Millisecond), false)
			r.Key(t0.Add(200*time.Millisecond), true)
		}, 0},
		{"too late", func(r *stats.Recorder) { r.Key(t0.Add(2*time.Second+1), true) }, 0},
		{"own echo before the expansion is ignored", func(r *stats.Recorder) {
			r.Key(t0.Add(-time.Millisecond), false)
			r.Key(t0.Add(time.Second), true)
		}, 1},
		{"only one undo per expansion", func(r *stats.Recorder) {
			r.Key(t0.Add(100*time.Millisecond), true)
			r.Key(t0.Add(200*time.Millisecond), true)
		}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "stats.json")
			r := stats.NewRecorder(path, 0)
			r.Key(t0.Add(-time.Second), true) // no expansion yet: nothing to undo
			r.Expanded(";ty", 27, t0)
			c.keys(r)
			if err := r.Flush(); err != nil {
				t.Fatal(err)
			}
			got := load(t, path).Triggers[";ty"]
			if got.Undone != c.undone || got.CharsSaved != 24*(1-c.undone) {
				t.Errorf("got %+v, want undone %d", got, c.undone)
			}
		})
	}
}

func TestFlushMergesAndSurvivesReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	r := stats.NewRecorder(path, 0)
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("a flush with nothing counted wrote the file")
	}
	r.Expanded(";a", 10, t0)
	r.Flush()
	r.Expanded(";a", 10, t0.Add(time.Hour))
	r.Flush()
	if c := load(t, path).Triggers[";a"]; c.Expansions != 2 || c.CharsSaved != 16 || !c.LastUsed.Equal(t0.Add(time.Hour)) {
		t.Errorf("merged: %+v", c)
	}
	// Another process resets: the daemon's next flush does not bring the old counts back.
	if err := stats.Reset(path); err != nil {
		t.Fatal(err)
	}
	if err := stats.Reset(path); err != nil {
		t.Fatal("reset of a missing file:", err)
	}
	r.Expanded(";b", 5, t0.Add(2*time.Hour))
	r.Flush()
	f := load(t, path)
	if len(f.Triggers) != 1 || f.Triggers[";b"] == nil || !f.Since.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("after reset: %+v", f)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestFailedFlushKeepsCounts(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "x")
	os.WriteFile(blocker, nil, 0o644)
	path := filepath.Join(blocker, "stats.json") // its folder is a file: writing fails
	r := stats.NewRecorder(path, 0)
	r.Expanded(";a", 10, t0)
	if err := r.Flush(); err == nil {
		t.Fatal("flush into a file's folder worked")
	}
	r.Expanded(";a", 10, t0.Add(time.Minute))
	os.Remove(blocker)
	// The home is gone (deleted while the daemon runs): the counts wait for
	// it, and flushing does not make it again.
	if err := r.Flush(); err == nil {
		t.Fatal("flush into a missing home worked")
	}
	if _, err := os.Stat(blocker); err == nil {
		t.Fatal("flush made the missing home")
	}
	os.Mkdir(blocker, 0o755)
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	if c := load(t, path).Triggers[";a"]; c.Expansions != 2 || c.CharsSaved != 16 {
		t.Errorf("after a failed flush: %+v", c)
	}
}

// The file holds trigger names, counts and times: no typed text, no reply.
func TestFileHoldsNoTypedText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	rec := stats.NewRecorder(path, 0)
	drive(t, rec, "my password is hunter2 ;hi{Backspace} Dear Maria ;ty", nil)
	if err := rec.Flush(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"hunter2", "password", "Maria", "patience", "Hi there", "help"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("stats file holds %q:\n%s", secret, data)
		}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	if got := keys(top); !reflect.DeepEqual(got, []string{"days", "since", "triggers", "updated", "version"}) {
		t.Errorf("top-level keys %v", got)
	}
	var days map[string]map[string]json.RawMessage
	json.Unmarshal(top["days"], &days)
	for d, fields := range days {
		if _, err := time.Parse("2006-01-02", d); err != nil {
			t.Errorf("day key %q is not a date", d)
		}
		if got := keys(fields); !reflect.DeepEqual(got, []string{"chars_saved", "expansions"}) {
			t.Errorf("%s: fields %v", d, got)
		}
	}
	var trig map[string]map[string]json.RawMessage
	json.Unmarshal(top["triggers"], &trig)
	if got := keys(trig); !reflect.DeepEqual(got, []string{";hi", ";ty"}) {
		t.Errorf("triggers %v", got)
	}
	for tr, fields := range trig {
		if got := keys(fields); !reflect.DeepEqual(got, []string{"chars_saved", "expansions", "last_used", "undone"}) {
			t.Errorf("%s: fields %v", tr, got)
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Expanded and Key are called from the key path while Flush runs elsewhere.
func TestConcurrentRecordingAndFlush(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	r := stats.NewRecorder(path, 0)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 250 {
				at := t0.Add(time.Duration(g*1000+i) * time.Millisecond)
				r.Expanded(";a", 5, at)
				r.Key(at.Add(time.Millisecond), false)
			}
		}()
	}
	done := make(chan bool)
	go func() {
		for {
			select {
			case <-done:
				return
			default:
				if err := r.Flush(); err != nil {
					t.Error(err)
				}
			}
		}
	}()
	wg.Wait()
	close(done)
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	if c := load(t, path).Triggers[";a"]; c.Expansions != 1000 || c.CharsSaved != 3000 {
		t.Errorf("got %+v", c)
	}
}

func TestReport(t *testing.T) {
	now := t0.AddDate(0, 0, 40)
	f := &stats.File{Since: t0, Triggers: map[string]*stats.Count{
		";ty":   {Expansions: 10, Undone: 1, CharsSaved: 1000, LastUsed: now.AddDate(0, 0, -1)},
		";old":  {Expansions: 3, CharsSaved: 60, LastUsed: now.AddDate(0, 0, -35)},
		";gone": {Expansions: 1, CharsSaved: 40, LastUsed: t0},
	}}
	lib := []stats.LibraryTrigger{{";old", "Old"}, {";never", "Never"}, {";ty", "Thanks"}}
	rep := stats.NewReport(f, lib, now, 30, 40)
	var order []string
	for _, r := range rep.Rows {
		order = append(order, r.Trigger)
	}
	if want := []string{";ty", ";old", ";gone", ";never"}; !reflect.DeepEqual(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if !reflect.DeepEqual(rep.Unused, []string{";old", ";never"}) {
		t.Errorf("unused %v", rep.Unused)
	}
	// 1000 characters at 40 wpm (200 characters a minute) is 5 minutes.
	if rep.Rows[0].TimeSaved != 5*time.Minute || rep.Expansions != 14 || rep.CharsSaved != 1100 || rep.Undone != 1 {
		t.Errorf("%+v", rep)
	}
	if rep.Rows[2].InLibrary || rep.Rows[3].LastUsed != nil {
		t.Errorf("rows %+v", rep.Rows)
	}
}

func TestLoadRefusesNewerAndBroken(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "stats.json")
	os.WriteFile(p, []byte(`{"version": 9, "triggers": {}}`), 0o600)
	if _, err := stats.Load(p); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer: %v", err)
	}
	os.WriteFile(p, []byte(`{`), 0o600)
	if _, err := stats.Load(p); err == nil || !strings.Contains(err.Error(), "delete the file") {
		t.Errorf("broken: %v", err)
	}
}

// TestDays: kept expansions are counted per calendar day too (the manager's
// chart); an undo takes the expansion back from its own day.
func TestDays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	r := stats.NewRecorder(path, 0)
	day1 := time.Date(2026, 11, 29, 23, 59, 0, 0, time.UTC)
	day2 := day1.Add(2 * time.Minute)
	r.Expanded(";ty", 12, day1) // 9 saved
	r.Expanded(";ty", 12, day2)
	r.Key(day2.Add(100*time.Millisecond), true) // undone
	r.Flush()
	r.Expanded(";hello", 16, day2.Add(time.Hour)) // 10 saved
	r.Flush()
	f := load(t, path)
	if got := *f.Days["2026-11-29"]; got != (stats.Day{Expansions: 1, CharsSaved: 9}) {
		t.Errorf("day 1: %+v", got)
	}
	if got := *f.Days["2026-11-30"]; got != (stats.Day{Expansions: 1, CharsSaved: 10}) {
		t.Errorf("day 2: %+v", got)
	}
	if len(f.Days) != 2 {
		t.Errorf("days: %v", f.Days)
	}
}

// Twenty recorders (as twenty processes would) flush into one stats file at
// once: every expansion is counted. Without the file lock the
// read-add-write of one overwrote another's.
func TestConcurrentFlushesLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.json")
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := stats.NewRecorder(path, 0)
			r.Expanded(";ty", 12, at)
			errs <- r.Flush()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	f, err := stats.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Triggers[";ty"].Expansions; got != 20 {
		t.Fatalf("20 flushes of one expansion each counted %d", got)
	}
}
