//go:build unix

package control

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// longHome is a home whose kindly.sock would pass the socket path limit.
func longHome(t *testing.T) string {
	t.Helper()
	home := filepath.Join(t.TempDir(), strings.Repeat("h", 120))
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	return home
}

// serve answers every request with "ok <answer>".
func serve(t *testing.T, path, answer string) {
	t.Helper()
	reqs := make(chan Request)
	l, err := Listen(path, reqs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for r := range reqs {
			r.Reply <- "ok " + answer
		}
	}()
}

// With a long home and no XDG_RUNTIME_DIR, the socket lives in a private
// folder of the user's in TMPDIR, made 0700 by the daemon.
func TestFallbackSocketInPrivateFolder(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("TMPDIR", tmp)
	home := longHome(t)
	path := SocketPath(home)
	dir := filepath.Join(tmp, fmt.Sprintf("kindly-%d", os.Getuid()))
	if filepath.Dir(path) != dir {
		t.Fatalf("socket %s is not in %s", path, dir)
	}
	serve(t, path, "hello")
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Fatalf("socket folder: %v %v", fi.Mode(), err)
	}
	if got, err := Call(home, "status"); err != nil || got != "hello" {
		t.Fatalf("Call = %q, %v", got, err)
	}
}

// Another user who made the folder first (or made it open to others) is
// neither listened on nor believed: status and run both say why.
func TestFallbackSocketFolderNotPrivate(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("TMPDIR", tmp)
	home := longHome(t)
	path := SocketPath(home)
	dir := filepath.Dir(path)
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o777)
	// The other user's fake daemon, bound first.
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			fmt.Fprintln(c, `ok {"pid":1,"snippets":999}`)
			c.Close()
		}
	}()
	want := "is not private to you (mode 0777)"
	if _, err := Call(home, "status"); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Call trusted a socket in a shared folder: %v", err)
	}
	if _, err := Listen(path, make(chan Request)); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Listen used a shared folder: %v", err)
	}
	if os.Geteuid() != 0 {
		return
	}
	// As root we can also play the other user: a 0700 folder they own.
	os.Chmod(dir, 0o700)
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	want = "belongs to another user (uid 65534)"
	if _, err := Call(home, "status"); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Call trusted another user's folder: %v", err)
	}
	if _, err := Listen(path, make(chan Request)); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Listen used another user's folder: %v", err)
	}
}

// A symlink in place of the folder is refused too.
func TestFallbackSocketFolderSymlink(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("TMPDIR", tmp)
	home := longHome(t)
	path := SocketPath(home)
	elsewhere := t.TempDir()
	os.Chmod(elsewhere, 0o700)
	if err := os.Symlink(elsewhere, filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	if _, err := Listen(path, make(chan Request)); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Fatalf("Listen followed a symlink: %v", err)
	}
}
