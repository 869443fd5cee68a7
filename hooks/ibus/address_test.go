package ibus

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Address reads the file ibus-daemon writes for the display, and refuses
// one whose daemon is gone.
func TestAddress(t *testing.T) {
	if _, err := machineID(); err != nil {
		t.Skip("no machine id here:", err)
	}
	dir := t.TempDir()
	t.Setenv("IBUS_ADDRESS", "")
	t.Setenv("IBUS_ADDRESS_FILE", "")
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("DISPLAY", ":7.0")
	path, err := socketFile()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(path, filepath.Join(dir, "ibus", "bus")+"/") || !strings.HasSuffix(path, "-unix-7") {
		t.Fatalf("socket file for :7.0 is %s", path)
	}
	t.Setenv("WAYLAND_DISPLAY", "wayland-1")
	if path, _ = socketFile(); !strings.HasSuffix(path, "-unix-wayland-1") {
		t.Fatalf("socket file for wayland-1 is %s", path)
	}
	os.MkdirAll(filepath.Dir(path), 0o700)
	write := func(pid int) {
		content := "# This file is created by ibus-daemon, please do not modify it.\n" +
			"IBUS_ADDRESS=unix:path=/run/user/1000/ibus,guid=x\nIBUS_DAEMON_PID=" + strconv.Itoa(pid) + "\n"
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", "") // no `ibus address` to fall back on
	write(os.Getpid())
	if a, err := Address(); err != nil || a != "unix:path=/run/user/1000/ibus,guid=x" {
		t.Fatalf("Address() = %q, %v", a, err)
	}
	write(1 << 30) // no such process
	if a, err := Address(); err == nil {
		t.Fatalf("Address() = %q for a daemon that is gone", a)
	}
	t.Setenv("IBUS_ADDRESS", "unix:path=/elsewhere")
	if a, _ := Address(); a != "unix:path=/elsewhere" {
		t.Fatalf("IBUS_ADDRESS not preferred: %q", a)
	}
}
