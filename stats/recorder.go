package stats

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kindly-support/kindly/snippets/filelock"
)

// UndoWindow is how soon a Backspace must follow an expansion for the
// expansion to count as undone.
const UndoWindow = 2 * time.Second

// Recorder gathers counts in memory for the daemon and writes them with
// Flush. Its methods are safe for concurrent use; Expanded and Key never do
// I/O, so they cannot block the key path on disk.
type Recorder struct {
	path       string
	undoWindow time.Duration

	mu      sync.Mutex
	pending map[string]*Count // counted since the last flush
	days    map[string]*Day   // the same, per day
	last    *lastExpansion    // watched for an undo

	flushMu sync.Mutex // one Flush at a time
}

type lastExpansion struct {
	trigger string
	at      time.Time
	saved   int
	day     string
}

// NewRecorder returns a Recorder that flushes to path (see [Path]).
// undoWindow 0 means UndoWindow.
func NewRecorder(path string, undoWindow time.Duration) *Recorder {
	if undoWindow <= 0 {
		undoWindow = UndoWindow
	}
	return &Recorder{path: path, undoWindow: undoWindow, pending: map[string]*Count{}, days: map[string]*Day{}}
}

// Expanded counts one expansion of trigger (as written in the library) into
// a reply of replyRunes characters, finished at at. The characters saved are
// the reply's less the trigger's.
func (r *Recorder) Expanded(trigger string, replyRunes int, at time.Time) {
	saved := max(replyRunes-utf8.RuneCountInString(trigger), 0)
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.count(trigger)
	c.Expansions++
	c.CharsSaved += saved
	if at.After(c.LastUsed) {
		c.LastUsed = at
	}
	d := r.day(DayKey(at))
	d.Expansions++
	d.CharsSaved += saved
	r.last = &lastExpansion{trigger, at, saved, DayKey(at)}
}

// Key tells the recorder the user pressed a key at at (only the fact, and
// whether it was Backspace). The first key after an expansion decides: a
// Backspace within the undo window marks the expansion undone; anything
// else, or any key later than that, means it was kept. Keys stamped before
// the expansion (kindly's own echo, or keys already queued) are ignored.
func (r *Recorder) Key(at time.Time, backspace bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.last
	if l == nil || at.Before(l.at) {
		return
	}
	r.last = nil
	if backspace && at.Sub(l.at) <= r.undoWindow {
		c := r.count(l.trigger)
		c.Undone++
		c.CharsSaved -= l.saved
		d := r.day(l.day)
		d.Expansions--
		d.CharsSaved -= l.saved
	}
}

func (r *Recorder) day(key string) *Day {
	d := r.days[key]
	if d == nil {
		d = &Day{}
		r.days[key] = d
	}
	return d
}

func (r *Recorder) count(trigger string) *Count {
	c := r.pending[trigger]
	if c == nil {
		c = &Count{}
		r.pending[trigger] = c
	}
	return c
}

// Flush merges the counts gathered since the last Flush into the stats
// file. Nothing gathered means no I/O. On failure the counts are kept for
// the next Flush. Call it from a goroutine (a ticker) and at shutdown, never
// from the key path.
func (r *Recorder) Flush() error {
	r.flushMu.Lock()
	defer r.flushMu.Unlock()
	r.mu.Lock()
	delta, days := r.pending, r.days
	r.pending, r.days = map[string]*Count{}, map[string]*Day{}
	r.mu.Unlock()
	if len(delta) == 0 {
		return nil
	}
	err := func() error {
		if _, err := os.Stat(filepath.Dir(r.path)); err != nil {
			// The home is gone (deleted while the daemon runs): keep the
			// counts for when it is back rather than make it again.
			return fmt.Errorf("write stats: %w", err)
		}
		l, err := filelock.Lock(r.path)
		if err != nil {
			return fmt.Errorf("write stats: %w", err)
		}
		defer l.Unlock()
		f, err := Load(r.path)
		if err != nil {
			return err
		}
		f.add(delta)
		f.addDays(days)
		if err := f.save(r.path); err != nil {
			return fmt.Errorf("write stats: %w", err)
		}
		return nil
	}()
	if err != nil {
		r.mu.Lock()
		keep := &File{Triggers: delta}
		keep.add(r.pending)
		r.pending = keep.Triggers
		keep.addDays(days)
		keep.addDays(r.days)
		r.days = keep.Days
		if r.days == nil {
			r.days = map[string]*Day{}
		}
		r.mu.Unlock()
	}
	return err
}
