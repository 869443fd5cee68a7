package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets/atomicfile"
)

// Settable are the top-level settings Set can change: one line each.
var Settable = []string{"pause_hotkey", "search_hotkey", "picker_terminal", "idle_reset", "tray"}

// Set changes one top-level setting of <home>/config.yml (see Settable) to
// value, written as YAML text ("ctrl+alt+p", "30s", "false"). Only the
// value's bytes change (a comment after it stays); a missing setting is
// added as a last line; a missing file is created. The result is parsed
// back: the setting must read as value without a problem, and every other
// setting must read exactly as before, or nothing is written. The write is
// atomic and refused when the file changed on disk meanwhile.
func Set(home, key, value string) error {
	if !contains(Settable, key) {
		return fmt.Errorf("set %s: not a setting the manager changes (%s); edit config.yml", key, strings.Join(Settable, ", "))
	}
	if strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("set %s: the value must be one line", key)
	}
	p := filepath.Join(home, File)
	old, err := os.ReadFile(p)
	existed := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("set %s: %w", key, err)
	}
	updated, err := spliceSetting(old, key, render(value))
	if err != nil {
		return fmt.Errorf("set %s in %s: %w", key, p, err)
	}
	after, _ := Parse(p, updated)
	if perr := after.Section(key); perr != nil {
		return fmt.Errorf("set %s: %w", key, perr)
	}
	if err := sameOtherwise(old, updated, key); err != nil {
		return fmt.Errorf("set %s in %s: %w; nothing written", key, p, err)
	}
	if got := settingOf(after, key); got != value {
		return fmt.Errorf("set %s in %s: the edited file would read %q, not %q; nothing written", key, p, got, value)
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	if err := atomicfile.Update(p, old, existed, updated, nil); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	return nil
}

// settingOf is a settable setting as text.
func settingOf(c Config, key string) string {
	switch key {
	case "pause_hotkey":
		return c.PauseHotkey
	case "search_hotkey":
		return c.SearchHotkey
	case "picker_terminal":
		return c.PickerTerminal
	case "idle_reset":
		if c.IdleReset == nil {
			return ""
		}
		return c.IdleReset.String()
	case "tray":
		if c.Tray == nil {
			return ""
		}
		return strconv.FormatBool(*c.Tray)
	}
	return ""
}

var plainSafe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9+_.:/ -]*$`)

// render writes value as a YAML scalar: plain when it reads back as the
// same text, else double-quoted.
func render(value string) string {
	if plainSafe.MatchString(value) && !strings.Contains(value, ": ") && !strings.HasSuffix(value, ":") &&
		!strings.HasSuffix(value, " ") {
		return value
	}
	return strconv.Quote(value)
}

// spliceSetting replaces the value of top-level key, or appends the key.
func spliceSetting(data []byte, key, text string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("the file does not parse (%v); fix it first", err)
	}
	appendLine := func() []byte {
		out := append([]byte(nil), data...)
		eol := "\n"
		if bytes.Contains(data, []byte("\r\n")) {
			eol = "\r\n"
		}
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, eol...)
		}
		return append(out, key+": "+text+eol...)
	}
	if len(doc.Content) == 0 {
		return appendLine(), nil
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.ShortTag() == "!!null" {
		return appendLine(), nil
	}
	if top.Kind != yaml.MappingNode || top.Style&yaml.FlowStyle != 0 {
		return nil, errors.New("config.yml is not a block mapping of settings; edit it by hand")
	}
	var k, v *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key {
			k, v = top.Content[i], top.Content[i+1]
		}
	}
	if k == nil {
		return appendLine(), nil
	}
	if v.Kind != yaml.ScalarNode || v.Line != k.Line || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return nil, fmt.Errorf("%s at line %d is not a one-line value; edit it by hand", key, k.Line)
	}
	start := lineStart(data, v.Line)
	lineEnd := bytes.IndexByte(data[start:], '\n')
	if lineEnd < 0 {
		lineEnd = len(data) - start
	}
	line := strings.TrimRight(string(data[start:start+lineEnd]), "\r")
	from := charOffset(line, v.Column-1)
	to, err := scalarEnd(line, from, v.Style)
	if err != nil {
		return nil, fmt.Errorf("%s at line %d: %w", key, k.Line, err)
	}
	if v.Tag == "!!null" && v.Value == "" { // `key:` with nothing after it
		colon := strings.IndexByte(line[charOffset(line, k.Column-1):], ':')
		if colon < 0 {
			return nil, fmt.Errorf("%s at line %d: cannot find its colon", key, k.Line)
		}
		from = charOffset(line, k.Column-1) + colon + 1
		to = from
		text = " " + text
	}
	out := append([]byte(nil), data[:start+from]...)
	out = append(out, text...)
	return append(out, data[start+to:]...), nil
}

func lineStart(data []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return len(data)
		}
		off += i + 1
	}
	return off
}

// charOffset converts a column in characters to a byte offset in line.
func charOffset(line string, chars int) int {
	off := 0
	for range chars {
		if off >= len(line) {
			break
		}
		_, n := utf8.DecodeRuneInString(line[off:])
		off += n
	}
	return off
}

// scalarEnd finds the byte offset just past a one-line scalar starting at
// from in line.
func scalarEnd(line string, from int, style yaml.Style) (int, error) {
	switch {
	case style&yaml.DoubleQuotedStyle != 0:
		for i := from + 1; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '"':
				return i + 1, nil
			}
		}
		return 0, errors.New("unterminated quoted value")
	case style&yaml.SingleQuotedStyle != 0:
		for i := from + 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return i + 1, nil
			}
		}
		return 0, errors.New("unterminated quoted value")
	}
	end := len(line)
	if i := strings.Index(line[from:], " #"); i >= 0 {
		end = from + i
	}
	for end > from && (line[end-1] == ' ' || line[end-1] == '\t') {
		end--
	}
	return end, nil
}

// sameOtherwise checks that every top-level setting but key decodes the
// same in a and b.
func sameOtherwise(a, b []byte, key string) error {
	var ma, mb map[string]any
	if err := yaml.Unmarshal(a, &ma); err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, &mb); err != nil {
		return fmt.Errorf("the edited file does not parse: %v", err)
	}
	delete(ma, key)
	delete(mb, key)
	if len(ma) == 0 && len(mb) == 0 {
		return nil
	}
	if !reflect.DeepEqual(ma, mb) {
		return errors.New("the edit would change other settings")
	}
	return nil
}
