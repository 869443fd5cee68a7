package lint_test

import (
	"io/fs"
	"path"
	"testing"

	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/lint"
)

// The starter pack meets the bar: no findings at all with the defaults.
func TestStarterPackHasNoFindings(t *testing.T) {
	lib, ps, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil || snippets.HasErrors(ps) {
		t.Fatalf("load starter: %v %v", err, ps)
	}
	src := func(file string) ([]byte, bool) {
		b, err := fs.ReadFile(examples.Starter, path.Join(examples.StarterDir, file))
		return b, err == nil
	}
	for _, f := range lint.Run(lib.Snippets, lint.Config{}, src) {
		t.Errorf("%s\n\t%s", f, f.Suggestion)
	}
}
