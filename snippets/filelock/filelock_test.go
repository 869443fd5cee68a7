package filelock

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestForIsHiddenBeside(t *testing.T) {
	if got, want := For(filepath.Join("home", "config.yml")), filepath.Join("home", ".config.yml.lock"); got != want {
		t.Fatalf("For = %q, want %q", got, want)
	}
	if got, want := For(filepath.Join("home", "snippets")+"/"), filepath.Join("home", ".snippets.lock"); got != want {
		t.Fatalf("For = %q, want %q", got, want)
	}
}

// A held lock makes the next Lock wait, and a lock held too long makes it
// fail naming what is busy.
func TestLockWaitsAndGivesUp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "config.yml")
	a, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(For(path)); err != nil {
		t.Fatalf("no lock file: %v", err)
	}
	if _, err := lockWait(For(path), path, 50*time.Millisecond); err == nil || !strings.Contains(err.Error(), path+" is being changed by another kindly command") {
		t.Fatalf("second lock while held: %v", err)
	}
	got := make(chan error)
	go func() {
		b, err := Lock(path)
		if err == nil {
			b.Unlock()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("second lock did not wait: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	a.Unlock()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
}

// Many holders take turns: a read-modify-write of a counter under the lock
// loses no increment.
func TestLockSerialises(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n")
	os.WriteFile(path, []byte{0}, 0o600)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := Lock(path)
			if err != nil {
				t.Error(err)
				return
			}
			defer l.Unlock()
			b, _ := os.ReadFile(path)
			time.Sleep(time.Millisecond)
			os.WriteFile(path, []byte{b[0] + 1}, 0o600)
		}()
	}
	wg.Wait()
	if b, _ := os.ReadFile(path); b[0] != 50 {
		t.Fatalf("50 increments under the lock gave %d", b[0])
	}
}
