package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestExpandCopyAndClipboard(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "snippets"), 0o755); err != nil {
		t.Fatal(err)
	}
	lib := "snippets:\n  - trigger: \";o\"\n    replace: \"Order {{clipboard}}: {{random:ok|fine}}{{cursor}}!\"\n"
	if err := os.WriteFile(filepath.Join(home, "snippets", "a.yml"), []byte(lib), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	d := &Deps{IO: IO{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv: func(string) string { return "" }, Now: time.Now, home: home}
	var copied string
	o := &expandOptions{
		trigger:        ";o",
		copy:           true,
		readClipboard:  func() (string, error) { return "A-17", nil },
		writeClipboard: func(s string) error { copied = s; return nil },
		rand:           func(n int) int { return 1 },
	}
	if err := runExpand(d, o); err != nil {
		t.Fatal(err)
	}
	if copied != "Order A-17: fine!" || out.Len() != 0 {
		t.Errorf("copied %q, printed %q", copied, out.String())
	}
	if got := errb.String(); got != "copied 17 characters to the clipboard\n" {
		t.Errorf("stderr %q", got)
	}
}
