package cmd_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/cmd"
)

// The service starts the installed kindly (~/.local/bin, where `make
// install` puts it), not the build folder `make` ran it from; without an
// installed copy it says so.
func TestServiceRunsTheInstalledBinary(t *testing.T) {
	home, cfg, khome := t.TempDir(), t.TempDir(), t.TempDir()
	build := filepath.Join(t.TempDir(), "src", "bin", "kindly")
	install := func(exe string, installed bool) (string, string) {
		t.Helper()
		installedPath := filepath.Join(home, ".local", "bin", "kindly")
		os.RemoveAll(filepath.Join(home, ".local"))
		if installed {
			if err := os.MkdirAll(filepath.Dir(installedPath), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(installedPath, []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		var out, errb bytes.Buffer
		vars := map[string]string{"HOME": home, "XDG_CONFIG_HOME": cfg, "KINDLY_HOME": khome, "PATH": "/usr/bin:/bin"}
		d := &cmd.Deps{
			IO:         cmd.IO{In: strings.NewReader(""), Out: &out, Err: &errb},
			Getenv:     func(k string) string { return vars[k] },
			Now:        time.Now,
			Executable: func() (string, error) { return exe, nil },
			Exec:       func(string, ...string) ([]byte, error) { return nil, nil },
		}
		if code := cmd.Main(d, []string{"service", "install"}); code != 0 {
			t.Fatalf("install: %d %s", code, errb.String())
		}
		unit, err := os.ReadFile(filepath.Join(cfg, "systemd", "user", "kindly.service"))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(unit), "\n") {
			if strings.HasPrefix(l, "ExecStart=") {
				return strings.TrimPrefix(l, "ExecStart="), errb.String()
			}
		}
		t.Fatalf("no ExecStart in\n%s", unit)
		return "", ""
	}
	installed := filepath.Join(home, ".local", "bin", "kindly")
	exec, stderr := install(build, true)
	if exec != installed+" run --home "+khome {
		t.Errorf("built copy, installed one there: ExecStart=%s", exec)
	}
	if !strings.Contains(stderr, "the service runs the installed "+installed+" (not "+build+")") {
		t.Errorf("stderr %q", stderr)
	}
	exec, stderr = install(installed, true)
	if exec != installed+" run --home "+khome || stderr != "" {
		t.Errorf("run from the installed copy: ExecStart=%s, stderr %q", exec, stderr)
	}
	exec, stderr = install(build, false)
	if exec != build+" run --home "+khome || !strings.Contains(stderr, "kindly is not installed, so the service runs "+build) ||
		!strings.Contains(stderr, "make install") {
		t.Errorf("not installed: ExecStart=%s, stderr %q", exec, stderr)
	}
}
