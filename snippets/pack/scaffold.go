package pack

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// CIScriptFile is the check script `kindly pack init` writes into a pack.
const CIScriptFile = "ci/check.sh"

// CIScript checks a pack in CI: it installs kindly's command line when it is
// missing and runs `kindly check .` and `kindly lint .` on the pack.
const CIScript = `#!/bin/sh
# Checks this kindly team pack: pack.yml and every reply in snippets/, with the
# same checks kindly runs before installing the pack, then the support-grade
# lint (rude or blaming phrases, greetings without a name…: docs/lint.md).
# Run it before you push (sh ci/check.sh) and in CI; it exits non-zero on any
# error.
# Written by 'kindly pack init'.
set -eu
cd "$(dirname "$0")/.."
if ! command -v kindly >/dev/null 2>&1; then
	# No kindly here: build the command line (checking needs no keyboard access).
	GOBIN="${TMPDIR:-/tmp}/kindly-ci-bin"
	export GOBIN
	CGO_ENABLED=0 go install github.com/kindly-support/kindly/cmd/kindly@latest
	PATH="$GOBIN:$PATH"
fi
kindly check .
kindly lint .
`

// ciWorkflow runs CIScript on GitHub Actions.
const ciWorkflow = `# Checks the pack on every push and pull request (see ci/check.sh).
name: check replies
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: "1.26"
      - run: sh ci/check.sh
`

// Scaffold returns the files of a new pack called name, by path.
func Scaffold(name string) map[string]string {
	return map[string]string{
		ManifestFile: fmt.Sprintf(`# The team pack's description (format: docs/packs.md in kindly).
name: %s
title: %s replies
version: 0.1.0
description: Shared customer-support replies for the team.
maintainers:
  - Your Name <you@example.com>
# min_kindly: 0.1.0   # the oldest kindly that reads this pack
`, name, name),
		SnippetsDir + "/replies.yml": `# Replies in kindly's library format (docs/library.md in kindly).
# ;name is the short chat reply, ;;name the longer email one.
snippets:
  - trigger: ";hello"
    label: Greeting (chat)
    tags: [chat, greeting]
    replace: Hi there, thanks for reaching out! I'm happy to help. $|$

  - trigger: ";;hello"
    label: Greeting (email)
    tags: [email, greeting]
    replace: |-
      Hi there,

      Thank you for contacting us. $|$

      Best regards,
`,
		"README.md": fmt.Sprintf(`# %s: a kindly team pack

Shared replies for kindly, the text expander for support teams.

## Use it

    kindly pack add <this repository's URL>
    kindly pack update            # later: see what changed, reply by reply, then apply

## Change it

1. Edit or add replies in snippets/*.yml (format: kindly's docs/library.md).
2. Run sh ci/check.sh (the same checks kindly runs before installing the pack).
3. Raise version in pack.yml, commit, and push; tag releases if agents pin them.
`, name),
		CIScriptFile:                  CIScript,
		".github/workflows/check.yml": ciWorkflow,
	}
}

// Init writes a new pack into dir (created if needed) and returns the files
// written, relative to dir. It never overwrites: a dir that already holds a
// pack.yml is refused, and other existing files are left alone. name ""
// takes the folder's name.
func Init(dir, name string) (written []string, err error) {
	if name == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, fmt.Errorf("init pack: %w", err)
		}
		name = nameFrom(filepath.Base(abs))
	}
	if !ValidName(name) {
		return nil, fmt.Errorf("init pack: %s; give --name", nameProblem(name))
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err == nil {
		return nil, fmt.Errorf("init pack: %s already has a %s", dir, ManifestFile)
	}
	files := Scaffold(name)
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return written, fmt.Errorf("init pack: %w", err)
		}
		mode := os.FileMode(0o644)
		if strings.HasSuffix(p, ".sh") {
			mode = 0o755
		}
		f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return written, fmt.Errorf("init pack: %w", err)
		}
		_, err = f.WriteString(files[p])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return written, fmt.Errorf("init pack: %w", err)
		}
		written = append(written, p)
	}
	return written, nil
}

var nonName = regexp.MustCompile(`[^a-z0-9_-]+`)

// nameFrom makes a pack name out of a folder name ("Acme Support" gives
// "acme-support").
func nameFrom(s string) string {
	s = strings.Trim(nonName.ReplaceAllString(strings.ToLower(s), "-"), "-_")
	if len(s) > 40 {
		s = strings.Trim(s[:40], "-_")
	}
	return s
}
