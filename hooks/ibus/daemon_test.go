package ibus

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

var (
	buildOnce sync.Once
	kindlyBin string
	buildErr  error
)

// kindly builds the kindly binary once for the tests that run it.
func kindly(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kindly-ibus-bin")
		if err != nil {
			buildErr = err
			return
		}
		kindlyBin = filepath.Join(dir, "kindly")
		out, err := exec.Command("go", "build", "-o", kindlyBin, "../../cmd/kindly").CombinedOutput()
		if err != nil {
			buildErr = &buildError{err, string(out)}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return kindlyBin
}

type buildError struct {
	err error
	out string
}

func (b *buildError) Error() string { return "build kindly: " + b.err.Error() + "\n" + b.out }

// writeLibrary writes testRules as a kindly library in home.
func writeLibrary(t testing.TB, home string) {
	t.Helper()
	type snippet struct {
		Trigger       string `yaml:"trigger"`
		Replace       string `yaml:"replace"`
		Word          bool   `yaml:"word,omitempty"`
		PropagateCase bool   `yaml:"propagate_case,omitempty"`
	}
	var lib struct {
		Snippets []snippet `yaml:"snippets"`
	}
	for _, r := range testRules() {
		lib.Snippets = append(lib.Snippets, snippet{r.Triggers[0], r.Replace, r.Word, r.PropagateCase})
	}
	b, err := yaml.Marshal(lib)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(home, "snippets"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "snippets", "ibus.yml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// startDaemon runs `kindly run --backend ibus` on the test's ibus-daemon
// and waits until `kindly status` answers.
func (e *ibusEnv) startDaemon(t testing.TB, extra ...string) string {
	t.Helper()
	bin := kindly(t)
	home := filepath.Join(e.dir, "kindly-home")
	writeLibrary(t, home)
	e.env = append(e.env, "KINDLY_HOME="+home)
	d := e.daemon(t, bin, append([]string{"run", "--backend", "ibus"}, extra...)...)
	deadline := time.Now().Add(15 * time.Second)
	for {
		if err := e.command(bin, "status").Run(); err == nil {
			return home
		}
		if d.ProcessState != nil || time.Now().After(deadline) {
			t.Fatalf("kindly run --backend ibus did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The real thing: the kindly daemon with --backend ibus (its session loop,
// library and engine), a GTK 3 window through IBus under Xvfb, xdotool.
func TestDaemonGTK(t *testing.T) {
	disp := startXvfb(t)
	env := startIBus(t, "DISPLAY="+disp)
	env.startDaemon(t)
	app := env.startIMApp(t)
	wid := xdoOut(t, env, "search", "--sync", "--onlyvisible", "--classname", "kindly-ibus-test")
	xdo(t, env, "windowfocus", "--sync", strings.TrimSpace(wid))
	env.setGlobalEngine(t, EngineName)
	// The engine has the field once a key goes through it.
	waitFor(t, "the engine", func() bool {
		app.clear()
		xdo(t, env, typ(12, ";zz")...)
		time.Sleep(100 * time.Millisecond)
		return app.text() == "Hello ✓ world"
	}, 10*time.Second)
	for run := range runs() {
		for _, c := range gtkCases() {
			t.Run(fmt.Sprintf("%s/run %d", c.name, run+1), func(t *testing.T) {
				app.t = t
				app.clear()
				for _, args := range c.xdo {
					xdo(t, env, args...)
				}
				app.waitText(c.want, 10*time.Second)
			})
		}
	}
}

// A fill-in through IBus: the trigger goes through, the dialog (yad) asks,
// the answer replaces the abbreviation in the field that had the focus.
// There is no window manager under Xvfb: xdotool gives the dialog the
// focus and gives it back, as the desktop would.
func TestDaemonGTKFillIn(t *testing.T) {
	need(t, "yad")
	disp := startXvfb(t)
	env := startIBus(t, "DISPLAY="+disp)
	env.startDaemon(t)
	app := env.startIMApp(t)
	wid := strings.TrimSpace(xdoOut(t, env, "search", "--sync", "--onlyvisible", "--classname", "kindly-ibus-test"))
	xdo(t, env, "windowfocus", "--sync", wid)
	env.setGlobalEngine(t, EngineName)
	waitFor(t, "the engine", func() bool {
		app.clear()
		xdo(t, env, typ(12, ";zz")...)
		time.Sleep(100 * time.Millisecond)
		return app.text() == "Hello ✓ world"
	}, 10*time.Second)
	for run := range runs() {
		t.Run(fmt.Sprintf("run %d", run+1), func(t *testing.T) {
			app.t = t
			app.clear()
			xdo(t, env, typ(12, "A ;fill")...)
			dialog := xdoOut(t, env, "search", "--sync", "--onlyvisible", "--name", "Fill in ;fill")
			xdo(t, env, "windowfocus", "--sync", dialog)
			xdo(t, env, typ(12, "Sam")...)
			xdo(t, env, "key", "Return")
			waitFor(t, "the dialog to close", func() bool {
				return env.command("xdotool", "search", "--onlyvisible", "--name", "Fill in ;fill").Run() != nil
			}, 5*time.Second)
			xdo(t, env, "windowfocus", "--sync", wid)
			app.waitText("A Hi Sam, thanks!", 10*time.Second)
		})
	}
}
