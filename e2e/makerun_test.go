package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// make install puts kindly in PREFIX/bin (~/.local/bin by default: no
// root) and says when that folder is not on PATH.
func TestMakeInstall(t *testing.T) {
	need(t, "make")
	prefix := filepath.Join(t.TempDir(), "local")
	// NOTIFY= : the notification server make install adds where a session
	// has none is not this test's subject.
	c := exec.Command("make", "-s", "install", "PREFIX="+prefix, "NOTIFY=")
	c.Dir = ".."
	c.Env = append(os.Environ(), "PATH=/usr/bin:/bin:"+filepath.Dir(goBin(t)))
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}
	bin := filepath.Join(prefix, "bin", "kindly")
	if v, err := exec.Command(bin, "--version").CombinedOutput(); err != nil || !strings.HasPrefix(string(v), "kindly version") {
		t.Fatalf("%s --version: %v %s", bin, err, v)
	}
	if !strings.Contains(string(out), prefix+"/bin is not on your PATH: add 'export PATH=\""+prefix+"/bin:$PATH\"' to ~/.profile") {
		t.Errorf("make install did not say the folder is not on PATH:\n%s", out)
	}
}

func goBin(t *testing.T) string {
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The end of `make run` (scripts/start-service), with stand-ins for
// systemctl and kindly that log their calls: it ends with a running
// service, or says why not, or (no systemd) installs an autostart entry and
// runs kindly in the terminal.
func TestMakeRunEndsWithARunningService(t *testing.T) {
	script, _ := filepath.Abs("../scripts/start-service")
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls")
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\necho \""+name+" $*\" >> "+calls+"\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("systemctl", "exit ${FAKE_SYSTEMD:-0}\n")
	write("journalctl", "echo 'kindly: no display'\n")
	write("kindly", `case "$1" in
status) [ "${FAKE_STATUS:-0}" = 0 ] && echo "running (pid 42) on :0"; exit ${FAKE_STATUS:-0} ;;
run) echo RUNNING ;;
esac
`)
	run := func(env ...string) (string, string, int) {
		os.Remove(calls)
		c := exec.Command("bash", script, filepath.Join(dir, "kindly"))
		c.Env = append([]string{"PATH=" + dir + ":/usr/bin:/bin", "DISPLAY=:7", "KINDLY_START_TRIES=3"}, env...)
		out, err := c.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		log, _ := os.ReadFile(calls)
		return string(out), string(log), code
	}

	out, log, code := run()
	if code != 0 || !strings.Contains(out, "make run: kindly is running as a service: running (pid 42) on :0") ||
		!strings.Contains(log, "systemctl --user import-environment DISPLAY XAUTHORITY DBUS_SESSION_BUS_ADDRESS\n") ||
		!strings.Contains(log, "kindly service install\n") {
		t.Errorf("systemd: exit %d\n%s\ncalls:\n%s", code, out, log)
	}

	out, log, code = run("FAKE_STATUS=1")
	if code != 1 || !strings.Contains(out, "make run: the service did not start; what systemd says:") ||
		!strings.Contains(log, "systemctl --user --no-pager status kindly.service") {
		t.Errorf("service down: exit %d\n%s\ncalls:\n%s", code, out, log)
	}

	out, log, code = run("FAKE_SYSTEMD=1")
	if code != 0 || !strings.Contains(out, "no systemd user manager here") || !strings.HasSuffix(out, "RUNNING\n") ||
		!strings.Contains(log, "kindly service install --autostart\nkindly run\n") {
		t.Errorf("no systemd: exit %d\n%s\ncalls:\n%s", code, out, log)
	}

	out, _, code = run("DISPLAY=")
	if code != 1 || !strings.Contains(out, "make run: no X display (DISPLAY is not set)") {
		t.Errorf("no display: exit %d\n%s", code, out)
	}
}
