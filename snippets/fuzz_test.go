package snippets

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode checks that Decode never panics, that every problem points at a
// line in the file it was given, and that every snippet it accepts can be
// written back by Add's renderer and read again unchanged.
func FuzzDecode(f *testing.F) {
	for _, dir := range []string{"testdata/good", "testdata/bad"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		snips, ps := Decode("f.yml", data)
		for _, p := range ps {
			if p.Pos.Line < 1 || p.Pos.File != "f.yml" || (p.Severity != Error && p.Severity != Warning) || p.Msg == "" {
				t.Fatalf("bad problem %#v", p)
			}
		}
		for _, s := range snips {
			if len(s.Triggers) == 0 || len(s.TriggerPos) != len(s.Triggers) || s.Replace == "" || s.Pos.Line < 1 {
				t.Fatalf("bad snippet %#v", s)
			}
			s.Triggers = dedupe(s.Triggers)
			if err := validate(normalized(s)); err != nil {
				t.Fatalf("accepted snippet does not round-trip: %v\n%#v", err, s)
			}
		}
	})
}

func dedupe(ts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
