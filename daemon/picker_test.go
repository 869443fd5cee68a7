package daemon

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/hookstest"
)

// consoleBackend is a backend that shows the picker its own way.
type consoleBackend struct {
	*hookstest.Observer
	ran []string
}

func (c *consoleBackend) RunPicker(program string, args []string, title string) error {
	c.ran = append(c.ran, title)
	return nil
}

// noPicker is a backend that can show no picker.
type noPicker struct{ hooks.Backend }

func TestPickerForPrefersTheBackendsOwnWay(t *testing.T) {
	c := &consoleBackend{Observer: hookstest.NewObserver()}
	run := pickerFor(c, "xterm")
	if run == nil {
		t.Fatal("a hooks.Picker backend got no picker")
	}
	if _, err := pick(run, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if len(c.ran) != 1 || !strings.HasPrefix(c.ran[0], "kindly search ") {
		t.Fatalf("RunPicker titles %q, want one starting \"kindly search \"", c.ran)
	}
	if pickerFor(hookstest.NewObserver(), "") == nil {
		t.Error("a hooks.Runner backend got no picker (the terminal way)")
	}
	if pickerFor(noPicker{}, "") != nil {
		t.Error("a backend with neither capability got a picker")
	}
}

func TestPickReadsTheChosenTrigger(t *testing.T) {
	home := t.TempDir()
	chose := func(trigger string) runPicker {
		return func(program string, args []string, title string) error {
			if len(args) != 5 || args[0] != "pick" || args[2] != home || args[3] != "--trigger-to" {
				t.Fatalf("picker args %q", args)
			}
			if trigger == "" {
				return nil // left without picking
			}
			return os.WriteFile(args[4], []byte(trigger+"\n"), 0o600)
		}
	}
	if got, err := pick(chose(";sorry"), home); err != nil || got != ";sorry" {
		t.Errorf("pick = %q, %v; want \";sorry\"", got, err)
	}
	if got, err := pick(chose(""), home); err != nil || got != "" {
		t.Errorf("left without picking: pick = %q, %v; want \"\"", got, err)
	}
	fail := func(string, []string, string) error { return errors.New("no console") }
	if _, err := pick(fail, home); err == nil || !strings.Contains(err.Error(), "open the picker: no console") {
		t.Errorf("a picker that cannot start: err = %v", err)
	}
}
