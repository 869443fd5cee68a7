#!/bin/sh
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
