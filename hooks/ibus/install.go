package ibus

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ComponentDir is where ibus-daemon reads the components it lists.
const ComponentDir = "/usr/share/ibus/component"

// ComponentFile is kindly's component file in ComponentDir.
const ComponentFile = "kindly.xml"

// ComponentXML is the component file for the kindly binary at exe: it lets
// ibus-daemon (and input-source menus) list kindly, and start
// `kindly run --backend ibus` when the user picks it and kindly is not
// running yet.
func ComponentXML(exe string) []byte {
	d := engineDesc()
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
	b.WriteString("<!-- written by `kindly ibus install`; `kindly ibus uninstall` removes it -->\n")
	b.WriteString("<component>\n")
	field := func(indent, name, value string) {
		b.WriteString(indent + "<" + name + ">")
		xml.EscapeText(&b, []byte(value))
		b.WriteString("</" + name + ">\n")
	}
	field("\t", "name", ComponentName)
	field("\t", "description", "kindly text expander")
	field("\t", "exec", exe+" run --backend ibus")
	field("\t", "version", d.Version)
	field("\t", "author", d.Author)
	field("\t", "license", d.License)
	field("\t", "homepage", "https://github.com/kindly-support/kindly")
	field("\t", "textdomain", "")
	b.WriteString("\t<engines>\n\t\t<engine>\n")
	for _, kv := range [][2]string{
		{"name", d.EngineName}, {"longname", d.Longname}, {"description", d.Description},
		{"language", d.Lang}, {"license", d.License}, {"author", d.Author}, {"icon", d.Icon},
		{"layout", d.Layout}, {"symbol", d.Symbol}, {"rank", "0"},
	} {
		field("\t\t\t", kv[0], kv[1])
	}
	b.WriteString("\t\t</engine>\n\t</engines>\n</component>\n")
	return b.Bytes()
}

// Setup is what `kindly ibus install` and `uninstall` work with; tests
// point it at temporary folders and fake commands.
type Setup struct {
	Dir string // ComponentDir unless a test says otherwise
	Exe string // the kindly binary the component starts
	Out io.Writer
	// Ask asks the user a yes/no question (consent to change input sources).
	Ask func(question string) bool
	// Run runs a command and returns its standard output (exec by default).
	Run func(name string, args ...string) (string, error)
	// Getenv reads the environment (XDG_CURRENT_DESKTOP).
	Getenv func(string) string
}

func (s *Setup) defaults() {
	if s.Dir == "" {
		s.Dir = ComponentDir
	}
	if s.Out == nil {
		s.Out = io.Discard
	}
	if s.Run == nil {
		s.Run = func(name string, args ...string) (string, error) {
			c := exec.Command(name, args...)
			c.Stdin, c.Stderr = os.Stdin, os.Stderr
			out, err := c.Output()
			return string(out), err
		}
	}
	if s.Getenv == nil {
		s.Getenv = os.Getenv
	}
	if s.Ask == nil {
		s.Ask = func(string) bool { return false }
	}
}

// Install writes the component file (through sudo when the folder is not
// writable) and, on GNOME and with the user's consent, adds kindly to the
// input sources after the ones there, so the keyboard layout stays.
func (s Setup) Install() error {
	s.defaults()
	path := filepath.Join(s.Dir, ComponentFile)
	data := ComponentXML(s.Exe)
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		fmt.Fprintf(s.Out, "%s is up to date\n", path)
	} else if err := s.writeFile(path, data); err != nil {
		return err
	} else {
		fmt.Fprintf(s.Out, "wrote %s\n", path)
		if _, err := s.Run("ibus", "write-cache"); err == nil {
			fmt.Fprintln(s.Out, "refreshed the IBus cache (ibus write-cache); ibus-daemon lists kindly after `ibus restart`")
		}
	}
	if !gnome(s.Getenv) {
		fmt.Fprintln(s.Out, "not GNOME: add kindly in your desktop's input method settings (IBus: ibus-setup, Input Method tab), or run `ibus engine kindly`")
		return nil
	}
	sources, err := s.sources()
	if err != nil {
		return err
	}
	if hasKindly(sources) {
		fmt.Fprintln(s.Out, "kindly is already in your GNOME input sources")
		return nil
	}
	if !s.Ask("Add kindly to your GNOME input sources (your keyboard layouts stay as they are)?") {
		fmt.Fprintln(s.Out, "input sources left alone; add kindly yourself: Settings > Keyboard > Input Sources > + > Other > kindly")
		return nil
	}
	sources = append(sources, [2]string{"ibus", EngineName})
	if _, err := s.Run("gsettings", "set", "org.gnome.desktop.input-sources", "sources", formatSources(sources)); err != nil {
		return fmt.Errorf("add kindly to the input sources: %w", err)
	}
	fmt.Fprintln(s.Out, "added kindly to your input sources; switch to it with Super+Space (your layout is kept)")
	return nil
}

// Uninstall undoes Install: kindly leaves the input sources (the others
// stay) and the component file goes.
func (s Setup) Uninstall() error {
	s.defaults()
	if gnome(s.Getenv) {
		sources, err := s.sources()
		if err != nil {
			return err
		}
		if hasKindly(sources) {
			var keep [][2]string
			for _, src := range sources {
				if src != [2]string{"ibus", EngineName} {
					keep = append(keep, src)
				}
			}
			if _, err := s.Run("gsettings", "set", "org.gnome.desktop.input-sources", "sources", formatSources(keep)); err != nil {
				return fmt.Errorf("remove kindly from the input sources: %w", err)
			}
			fmt.Fprintln(s.Out, "removed kindly from your input sources")
		}
	}
	path := filepath.Join(s.Dir, ComponentFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(s.Out, "%s is not there\n", path)
		return nil
	}
	if err := os.Remove(path); err != nil {
		if !errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("remove %s: %w", path, err)
		}
		if _, err := s.Run("sudo", "rm", "-f", path); err != nil {
			return fmt.Errorf("remove %s with sudo: %w", path, err)
		}
	}
	fmt.Fprintf(s.Out, "removed %s\n", path)
	s.Run("ibus", "write-cache")
	return nil
}

// writeFile writes path, through sudo when the folder is not the user's.
func (s Setup) writeFile(path string, data []byte) error {
	err := os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = os.WriteFile(path, data, 0o644)
	}
	if err == nil {
		return nil
	}
	if !errors.Is(err, os.ErrPermission) {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, terr := os.CreateTemp("", "kindly-ibus-*.xml")
	if terr != nil {
		return fmt.Errorf("write %s: %w", path, terr)
	}
	defer os.Remove(tmp.Name())
	tmp.Write(data)
	tmp.Close()
	fmt.Fprintf(s.Out, "%s is not writable: writing it with sudo\n", filepath.Dir(path))
	if _, err := s.Run("sudo", "install", "-D", "-m", "0644", tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s with sudo: %w", path, err)
	}
	return nil
}

func gnome(getenv func(string) string) bool {
	for _, d := range strings.Split(getenv("XDG_CURRENT_DESKTOP"), ":") {
		if strings.EqualFold(d, "GNOME") {
			return true
		}
	}
	return false
}

func (s Setup) sources() ([][2]string, error) {
	out, err := s.Run("gsettings", "get", "org.gnome.desktop.input-sources", "sources")
	if err != nil {
		return nil, fmt.Errorf("read the GNOME input sources (gsettings): %w", err)
	}
	src, err := parseSources(out)
	if err != nil {
		return nil, fmt.Errorf("read the GNOME input sources: %w", err)
	}
	return src, nil
}

func hasKindly(sources [][2]string) bool {
	for _, s := range sources {
		if s == [2]string{"ibus", EngineName} {
			return true
		}
	}
	return false
}

// parseSources reads gsettings' printing of an a(ss):
// "[('xkb', 'us'), ('ibus', 'kindly')]", or "@a(ss) []" when empty.
func parseSources(s string) ([][2]string, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@a(ss)"))
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("unexpected value %q", s)
	}
	var out [][2]string
	var strs []string
	in := s[1 : len(s)-1]
	for i := 0; i < len(in); i++ {
		if in[i] != '\'' && in[i] != '"' {
			continue
		}
		q := in[i]
		var b strings.Builder
		j := i + 1
		for ; j < len(in) && in[j] != q; j++ {
			if in[j] == '\\' && j+1 < len(in) {
				j++
			}
			b.WriteByte(in[j])
		}
		if j >= len(in) {
			return nil, fmt.Errorf("unterminated string in %q", s)
		}
		strs = append(strs, b.String())
		i = j
	}
	if len(strs)%2 != 0 {
		return nil, fmt.Errorf("odd number of strings in %q", s)
	}
	for i := 0; i < len(strs); i += 2 {
		out = append(out, [2]string{strs[i], strs[i+1]})
	}
	return out, nil
}

func formatSources(src [][2]string) string {
	parts := make([]string, len(src))
	for i, s := range src {
		parts[i] = "(" + quote(s[0]) + ", " + quote(s[1]) + ")"
	}
	if len(parts) == 0 {
		return "@a(ss) []"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
