package cmd_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/cmd"
)

type serviceWorld struct {
	cfg, home string
	systemd   bool
	calls     []string
	out, err  bytes.Buffer
}

func (w *serviceWorld) run(t *testing.T, args ...string) int {
	t.Helper()
	w.out.Reset()
	w.err.Reset()
	vars := map[string]string{"XDG_CONFIG_HOME": w.cfg, "KINDLY_HOME": w.home}
	d := &cmd.Deps{
		IO:         cmd.IO{In: strings.NewReader(""), Out: &w.out, Err: &w.err},
		Getenv:     func(k string) string { return vars[k] },
		Now:        time.Now,
		Executable: func() (string, error) { return "/opt/kindly dir/kindly", nil },
		Exec: func(name string, args ...string) ([]byte, error) {
			w.calls = append(w.calls, name+" "+strings.Join(args, " "))
			if !w.systemd {
				return []byte("Failed to connect to bus"), errors.New("exit status 1")
			}
			return nil, nil
		},
	}
	return cmd.Main(d, args)
}

func TestServiceSystemd(t *testing.T) {
	w := &serviceWorld{cfg: t.TempDir(), home: t.TempDir(), systemd: true}
	if code := w.run(t, "service", "install"); code != 0 {
		t.Fatalf("install: %d %s %s", code, w.out.String(), w.err.String())
	}
	unit, err := os.ReadFile(filepath.Join(w.cfg, "systemd", "user", "kindly.service"))
	if err != nil {
		t.Fatal(err)
	}
	wantExec := `ExecStart="/opt/kindly dir/kindly" run --home ` + w.home
	for _, s := range []string{wantExec, "Restart=on-failure", "KillMode=process", "WantedBy=graphical-session.target"} {
		if !strings.Contains(string(unit), s) {
			t.Errorf("unit lacks %q:\n%s", s, unit)
		}
	}
	want := []string{"systemctl --user show-environment", "systemctl --user daemon-reload", "systemctl --user enable --now kindly.service"}
	if strings.Join(w.calls, "|") != strings.Join(want, "|") {
		t.Errorf("calls %q, want %q", w.calls, want)
	}
	w.calls = nil
	if code := w.run(t, "service", "uninstall"); code != 0 {
		t.Fatalf("uninstall: %d %s", code, w.err.String())
	}
	if _, err := os.Stat(filepath.Join(w.cfg, "systemd", "user", "kindly.service")); !os.IsNotExist(err) {
		t.Errorf("unit still there: %v", err)
	}
	if !strings.Contains(strings.Join(w.calls, "|"), "systemctl --user disable --now kindly.service") {
		t.Errorf("uninstall did not disable: %q", w.calls)
	}
}

func TestServiceAutostartWithoutSystemd(t *testing.T) {
	w := &serviceWorld{cfg: t.TempDir(), home: t.TempDir()}
	if code := w.run(t, "service", "install"); code != 0 {
		t.Fatalf("install: %d %s", code, w.err.String())
	}
	entry, err := os.ReadFile(filepath.Join(w.cfg, "autostart", "kindly.desktop"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(entry), `Exec="/opt/kindly dir/kindly" run --home `+w.home) {
		t.Errorf("entry:\n%s", entry)
	}
	if code := w.run(t, "service", "uninstall"); code != 0 || !strings.Contains(w.out.String(), "removed") {
		t.Fatalf("uninstall: %d %s", code, w.out.String())
	}
	if code := w.run(t, "service", "uninstall"); code != 0 || !strings.Contains(w.out.String(), "no kindly service") {
		t.Fatalf("second uninstall: %d %s", code, w.out.String())
	}
}
