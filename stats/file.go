package stats

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/kindly-support/kindly/snippets/atomicfile"
	"github.com/kindly-support/kindly/snippets/filelock"
)

// FileName is the stats file in the kindly home.
const FileName = "stats.json"

// Path is the stats file of a kindly home.
func Path(home string) string { return filepath.Join(home, FileName) }

// version is the file format; a newer one is refused rather than clobbered.
const version = 1

// File is the stats file's content.
type File struct {
	Version  int               `json:"version"`
	Since    time.Time         `json:"since"`   // the first expansion counted
	Updated  time.Time         `json:"updated"` // the last expansion counted
	Triggers map[string]*Count `json:"triggers"`
	// Days are the expansions kept per local calendar day ("2026-11-30"),
	// for the manager's chart: counts only, like everything here.
	Days map[string]*Day `json:"days,omitempty"`
}

// Day is what was counted on one day.
type Day struct {
	Expansions int `json:"expansions"` // kept (not undone)
	CharsSaved int `json:"chars_saved"`
}

// DayKey is the Days key of the day t falls on, in t's location.
func DayKey(t time.Time) string { return t.Format("2006-01-02") }

// Count is what is known about one trigger.
type Count struct {
	Expansions int       `json:"expansions"`
	Undone     int       `json:"undone"`      // expansions followed at once by Backspace
	CharsSaved int       `json:"chars_saved"` // reply minus trigger, in characters, for expansions kept
	LastUsed   time.Time `json:"last_used"`
}

// Load reads a stats file; a missing file is empty stats.
func Load(path string) (*File, error) {
	f := &File{Version: version, Triggers: map[string]*Count{}}
	data, err := atomicfile.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read stats: %w", err)
	}
	if err := json.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("read stats %s: %w (delete the file to start over)", path, err)
	}
	if f.Version > version {
		return nil, fmt.Errorf("read stats %s: format version %d is newer than this kindly understands (%d)", path, f.Version, version)
	}
	if f.Triggers == nil {
		f.Triggers = map[string]*Count{}
	}
	f.Version = version
	return f, nil
}

// Reset deletes the stats file: counting starts over.
func Reset(path string) error {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil // nothing to reset; do not create the home for the lock
	}
	l, err := filelock.Lock(path)
	if err != nil {
		return fmt.Errorf("reset stats: %w", err)
	}
	defer l.Unlock()
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reset stats: %w", err)
	}
	return nil
}

// add merges counts into f.
// addDays merges per-day counts.
func (f *File) addDays(d map[string]*Day) {
	for k, c := range d {
		if f.Days == nil {
			f.Days = map[string]*Day{}
		}
		cur := f.Days[k]
		if cur == nil {
			cur = &Day{}
			f.Days[k] = cur
		}
		cur.Expansions += c.Expansions
		cur.CharsSaved += c.CharsSaved
	}
}

func (f *File) add(d map[string]*Count) {
	for t, c := range d {
		cur := f.Triggers[t]
		if cur == nil {
			cur = &Count{}
			f.Triggers[t] = cur
		}
		cur.Expansions += c.Expansions
		cur.Undone += c.Undone
		cur.CharsSaved += c.CharsSaved
		if c.LastUsed.After(cur.LastUsed) {
			cur.LastUsed = c.LastUsed
		}
		if !c.LastUsed.IsZero() {
			if f.Since.IsZero() || c.LastUsed.Before(f.Since) {
				f.Since = c.LastUsed
			}
			if c.LastUsed.After(f.Updated) {
				f.Updated = c.LastUsed
			}
		}
	}
}

// save writes f to path atomically: a temporary file in the same folder,
// synced, then renamed over the old one. The file is private (0600).
func (f *File) save(path string) error {
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, append(data, '\n'), 0o600)
}
