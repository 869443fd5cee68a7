package ibus

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The component file `kindly ibus install` writes is one ibus-daemon
// reads: with it (and no kindly running), switching to kindly makes
// ibus-daemon start `kindly run --backend ibus`, which serves the field.
func TestInstalledComponent(t *testing.T) {
	bin := kindly(t)
	comp := t.TempDir()
	var out bytes.Buffer
	s := Setup{Dir: comp, Exe: bin, Out: &out, Getenv: func(string) string { return "" },
		Run: func(string, ...string) (string, error) { return "", nil }}
	if err := s.Install(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "wrote "+filepath.Join(comp, ComponentFile)) {
		t.Fatalf("install said:\n%s", out.String())
	}
	home := filepath.Join(t.TempDir(), "home")
	writeLibrary(t, home)
	env := startIBus(t, "IBUS_COMPONENT_PATH="+comp, "KINDLY_HOME="+home)
	names, err := env.command("ibus", "list-engine", "--name-only").Output()
	if err != nil || !strings.Contains(string(names), EngineName+"\n") {
		t.Fatalf("ibus list-engine does not list kindly (%v):\n%s", err, names)
	}
	app := env.newApp(t, "gtk3-im:kindly-test", capPreedit|capFocus|capSurroundingText)
	t.Cleanup(func() { env.command(bin, "stop").Run() })
	deadline := time.Now().Add(15 * time.Second)
	for {
		app.text, app.caret = nil, 0
		app.typeText("a ;zz")
		app.settle()
		if string(app.text) == "a Hello ✓ world" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the kindly ibus-daemon started does not expand: %s", app)
		}
		app.call("SetEngine", EngineName) // until kindly has started
		time.Sleep(200 * time.Millisecond)
	}
}

// Install and uninstall on GNOME: kindly goes after the user's layouts
// only with consent, and uninstall takes out only kindly.
func TestSetupGNOME(t *testing.T) {
	dir := t.TempDir()
	sources := "[('xkb', 'us'), ('xkb', 'fr+oss')]"
	var set []string
	var out bytes.Buffer
	s := Setup{Dir: dir, Exe: "/opt/kindly/bin/kindly", Out: &out,
		Getenv: func(k string) string {
			if k == "XDG_CURRENT_DESKTOP" {
				return "ubuntu:GNOME"
			}
			return ""
		},
		Run: func(name string, args ...string) (string, error) {
			if name == "gsettings" && args[0] == "get" {
				return sources + "\n", nil
			}
			if name == "gsettings" && args[0] == "set" {
				set = append(set, args[3])
				sources = args[3]
			}
			return "", nil
		},
	}
	s.Ask = func(string) bool { return false }
	if err := s.Install(); err != nil {
		t.Fatal(err)
	}
	if len(set) != 0 {
		t.Fatalf("input sources changed without consent: %q", set)
	}
	xml, err := os.ReadFile(filepath.Join(dir, ComponentFile))
	if err != nil || !bytes.Contains(xml, []byte("<exec>/opt/kindly/bin/kindly run --backend ibus</exec>")) ||
		!bytes.Contains(xml, []byte("<layout>default</layout>")) {
		t.Fatalf("component file (%v):\n%s", err, xml)
	}
	s.Ask = func(string) bool { return true }
	if err := s.Install(); err != nil {
		t.Fatal(err)
	}
	if want := "[('xkb', 'us'), ('xkb', 'fr+oss'), ('ibus', 'kindly')]"; sources != want {
		t.Fatalf("sources after install %q, want %q", sources, want)
	}
	if err := s.Install(); err != nil || len(set) != 1 {
		t.Fatalf("a second install changed the sources again: %q (%v)", set, err)
	}
	if err := s.Uninstall(); err != nil {
		t.Fatal(err)
	}
	if want := "[('xkb', 'us'), ('xkb', 'fr+oss')]"; sources != want {
		t.Fatalf("sources after uninstall %q, want %q", sources, want)
	}
	if _, err := os.Stat(filepath.Join(dir, ComponentFile)); !os.IsNotExist(err) {
		t.Fatalf("component file still there after uninstall (%v)", err)
	}
}

func TestParseSources(t *testing.T) {
	for in, want := range map[string]string{
		"@a(ss) []":       "@a(ss) []",
		"[('xkb', 'us')]": "[('xkb', 'us')]",
		"[('xkb', 'de+nodeadkeys'), ('ibus', 'mozc-jp')]": "[('xkb', 'de+nodeadkeys'), ('ibus', 'mozc-jp')]",
		`[('xkb', 'it\'s')]`:                              `[('xkb', 'it\'s')]`,
	} {
		src, err := parseSources(in)
		if err != nil {
			t.Errorf("parseSources(%q): %v", in, err)
			continue
		}
		if got := formatSources(src); got != want {
			t.Errorf("parseSources(%q) then format = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"", "('xkb', 'us')", "[('xkb')]", "[('xkb', 'us]"} {
		if _, err := parseSources(bad); err == nil {
			t.Errorf("parseSources(%q) accepted it", bad)
		}
	}
}
