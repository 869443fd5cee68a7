package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every config.yml example in the README and docs must load clean: a block
// is a config example when its top-level keys are settings (apps:, lint:,
// profile:, …) or it starts with "# config.yml".
func TestDocsConfigExamples(t *testing.T) {
	files, _ := filepath.Glob("../docs/*.md")
	files = append(files, "../README.md")
	found := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, block := range strings.Split(string(b), "```yaml\n")[1:] {
			block = block[:strings.Index(block, "```")]
			if !isConfig(block) {
				continue
			}
			found++
			if _, err := Parse(f, []byte(block)); err != nil {
				t.Errorf("%s: config example does not load: %v\n%s", f, err, block)
			}
		}
	}
	if found < 3 {
		t.Fatalf("found %d config examples; the README's per-app settings at least should be one", found)
	}
}

func isConfig(block string) bool {
	if strings.HasPrefix(block, "# config.yml") {
		return true
	}
	for _, line := range strings.Split(block, "\n") {
		if line == "" || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "-") {
			continue
		}
		key, _, ok := strings.Cut(line, ":")
		return ok && contains(Sections, key)
	}
	return false
}
