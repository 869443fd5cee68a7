package pack

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets"
)

// ManifestFile is the pack's description, at the root of its repository.
const ManifestFile = "pack.yml"

// SnippetsDir is the folder of a pack that holds its replies.
const SnippetsDir = "snippets"

// Manifest is what pack.yml says about a pack.
type Manifest struct {
	Name        string   `json:"name"`                  // required: lower-case letters, digits, - and _
	Title       string   `json:"title,omitempty"`       // a human title
	Version     string   `json:"version"`               // required: the pack's own version, e.g. 1.4.0
	Description string   `json:"description,omitempty"` // what the pack is for
	Maintainers []string `json:"maintainers,omitempty"` // who to ask, e.g. "Dana Lee <dana@example.com>"
	MinKindly   string   `json:"min_kindly,omitempty"`  // the oldest kindly version that reads the pack
}

var manifestKeys = []string{"name", "title", "version", "description", "maintainers", "min_kindly"}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// ValidName reports whether name can name an installed pack: 1 to 40
// lower-case letters, digits, '-' or '_', starting with a letter or digit.
func ValidName(name string) bool { return nameRE.MatchString(name) }

// nameProblem explains an invalid name.
func nameProblem(name string) string {
	return fmt.Sprintf("pack name %q is not valid: use 1 to 40 lower-case letters, digits, '-' or '_', starting with a letter or digit", name)
}

// DecodeManifest reads pack.yml. file names the positions of the problems.
func DecodeManifest(file string, data []byte) (Manifest, []snippets.Problem) {
	var m Manifest
	var ps []snippets.Problem
	bad := func(n *yaml.Node, format string, args ...any) {
		pos := snippets.Pos{File: file}
		if n != nil {
			pos.Line, pos.Col = n.Line, n.Column
		}
		ps = append(ps, snippets.Problem{Pos: pos, Severity: snippets.Error, Msg: fmt.Sprintf(format, args...)})
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimPrefix(msg, m[0])
		}
		ps = append(ps, snippets.Problem{Pos: snippets.Pos{File: file, Line: line}, Severity: snippets.Error, Msg: "YAML syntax: " + msg})
		return m, ps
	}
	if len(doc.Content) == 0 {
		bad(nil, "pack.yml is empty; it needs at least name: and version:")
		return m, ps
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		bad(root, "pack.yml must be a mapping (name:, version:, ...)")
		return m, ps
	}
	seen := map[string]*yaml.Node{}
	text := func(k, v *yaml.Node, dst *string) {
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			bad(v, "`%s` must be text", k.Value)
			return
		}
		*dst = strings.TrimSpace(v.Value)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			bad(k, "keys must be plain words")
			continue
		}
		if first, dup := seen[k.Value]; dup {
			bad(k, "duplicate key %q (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		switch k.Value {
		case "name":
			text(k, v, &m.Name)
			if m.Name != "" && !ValidName(m.Name) {
				bad(v, "%s", nameProblem(m.Name))
			}
		case "title":
			text(k, v, &m.Title)
		case "version":
			text(k, v, &m.Version)
		case "description":
			text(k, v, &m.Description)
		case "min_kindly":
			text(k, v, &m.MinKindly)
			if m.MinKindly != "" {
				if _, ok := parseVersion(m.MinKindly); !ok {
					bad(v, "`min_kindly` must be a version such as 0.4.0, got %q", m.MinKindly)
				}
			}
		case "maintainers":
			switch v.Kind {
			case yaml.SequenceNode:
				for _, e := range v.Content {
					if e.Kind != yaml.ScalarNode || e.Value == "" {
						bad(e, "a maintainer must be text, e.g. \"Dana Lee <dana@example.com>\"")
						continue
					}
					m.Maintainers = append(m.Maintainers, e.Value)
				}
			case yaml.ScalarNode:
				if v.Value != "" {
					m.Maintainers = []string{v.Value}
				}
			default:
				bad(v, "`maintainers` must be a list of names")
			}
		default:
			bad(k, "unknown key %q in pack.yml (known keys: %s)", k.Value, strings.Join(manifestKeys, ", "))
		}
	}
	if _, ok := seen["name"]; !ok {
		bad(root, "pack.yml has no `name`")
	}
	if _, ok := seen["version"]; !ok {
		bad(root, "pack.yml has no `version`")
	} else if m.Version == "" {
		bad(seen["version"], "`version` is empty")
	}
	return m, ps
}

var lineRE = regexp.MustCompile(`^line (\d+): `)

// parseVersion reads "1.2.3" (a leading v, missing parts and a -suffix are
// allowed) into numbers.
func parseVersion(v string) ([3]int, bool) {
	var out [3]int
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	v, _, _ = strings.Cut(v, "-")
	v, _, _ = strings.Cut(v, "+")
	parts := strings.Split(v, ".")
	if len(parts) == 0 || len(parts) > 3 {
		return out, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return out, false
		}
		out[i] = n
	}
	return out, true
}

// tooOld reports whether kindly version have is older than want. Development
// builds (a version that is not a number) read every pack.
func tooOld(have, want string) bool {
	if want == "" {
		return false
	}
	h, ok := parseVersion(have)
	if !ok {
		return false
	}
	w, _ := parseVersion(want)
	for i := range h {
		if h[i] != w[i] {
			return h[i] < w[i]
		}
	}
	return false
}

// Contents is a pack folder, read and checked.
type Contents struct {
	Manifest Manifest
	Library  *snippets.Library // positions relative to the pack folder ("snippets/billing.yml")
	Problems []snippets.Problem
}

// Check reads the pack in dir (pack.yml and snippets/) and checks it the way
// kindly does before installing it. Positions are relative to dir. The error
// is only for I/O trouble with dir itself.
func Check(dir string) (*Contents, error) {
	return checkAs(dir, "", "")
}

// checkAs is Check with positions prefixed by prefix ("packs/acme/"), and
// pack.yml's kindly version requirement compared with version.
func checkAs(dir, prefix, version string) (*Contents, error) {
	return checkWith(dir, prefix, version, nil)
}

// checkWith is checkAs through a library cache (nil for none).
func checkWith(dir, prefix, version string, cache *snippets.Cache) (*Contents, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("read pack: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("read pack: %s is not a folder", dir)
	}
	c := &Contents{}
	mf := prefix + ManifestFile
	data, err := snippets.ReadFile(filepath.Join(dir, ManifestFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		c.Problems = append(c.Problems, snippets.Problem{Pos: snippets.Pos{File: mf}, Severity: snippets.Error,
			Msg: "missing: a pack needs a pack.yml with its name and version ('kindly pack init' writes one)"})
	case err != nil:
		c.Problems = append(c.Problems, snippets.Problem{Pos: snippets.Pos{File: mf}, Severity: snippets.Error, Msg: "cannot read: " + err.Error()})
	default:
		var ps []snippets.Problem
		c.Manifest, ps = DecodeManifest(mf, data)
		c.Problems = append(c.Problems, ps...)
		if tooOld(version, c.Manifest.MinKindly) {
			c.Problems = append(c.Problems, snippets.Problem{Pos: snippets.Pos{File: mf}, Severity: snippets.Error,
				Msg: fmt.Sprintf("the pack needs kindly %s or newer; this is kindly %s", c.Manifest.MinKindly, version)})
		}
	}
	lib, ps, err := snippets.LoadAs(filepath.Join(dir, SnippetsDir), prefix+SnippetsDir+"/", cache)
	if err != nil {
		return nil, err
	}
	// A reply whose includes would run away is refused here, at its place.
	// Positions already name the file as prefix+"snippets/"+path.
	ps = append(ps, snippets.CheckBudgets(lib.Snippets, func(name string) ([]byte, bool) {
		rel := strings.TrimPrefix(name, prefix+SnippetsDir+"/")
		data, err := os.ReadFile(filepath.Join(dir, SnippetsDir, filepath.FromSlash(rel)))
		return data, err == nil
	})...)
	c.Library = lib
	c.Problems = append(c.Problems, ps...)
	if len(lib.Files) == 0 {
		c.Problems = append(c.Problems, snippets.Problem{Pos: snippets.Pos{File: prefix + SnippetsDir}, Severity: snippets.Error,
			Msg: "the pack has no replies: put library files (*.yml) in snippets/"})
	}
	return c, nil
}
