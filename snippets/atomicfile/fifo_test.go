//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO is refused at once instead of blocking the reader.
func TestReadFileRefusesFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "packs.lock")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := ReadFile(p)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(10 * time.Second):
		if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close() // let the blocked reader go
		}
		t.Fatal("ReadFile blocked on a FIFO")
	}
	os.Remove(p)
	os.WriteFile(p, []byte("ok"), 0o600)
	if b, err := ReadFile(p); err != nil || string(b) != "ok" {
		t.Fatalf("regular file: %q %v", b, err)
	}
}
