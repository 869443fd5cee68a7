package cmd

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/kindly-support/kindly/examples"
	"github.com/kindly-support/kindly/snippets"
)

// missingStarter lists the starter pack's replies whose triggers are in
// none of the library's replies (deleted, or never written), each with the
// starter file it belongs in (relative to the library: "starter/x.yml").
func missingStarter(lib *snippets.Library) ([]snippets.Snippet, error) {
	starter, _, err := snippets.LoadFS(examples.Starter, examples.StarterDir)
	if err != nil {
		return nil, fmt.Errorf("read the starter pack: %w", err)
	}
	have := map[string]bool{}
	for _, s := range lib.Snippets {
		for _, t := range s.Triggers {
			have[t] = true
		}
	}
	var out []snippets.Snippet
	for _, s := range starter.Snippets {
		gone := true
		for _, t := range s.Triggers {
			if have[t] {
				gone = false
			}
		}
		if gone {
			s.Pos.File = path.Join(examples.StarterDir, path.Base(s.Pos.File))
			out = append(out, s)
		}
	}
	return out, nil
}

// restoreStarter puts back the starter replies named by triggers (all the
// missing ones when none are named) into their starter files, keeping the
// rest of each file as it is.
func restoreStarter(d *Deps, triggers []string) error {
	lib, _, err := d.LoadLibrary()
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	missing, err := missingStarter(lib)
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	want := map[string]bool{}
	for _, t := range triggers {
		want[t] = true
	}
	restored, named := 0, len(want) > 0
	for _, s := range missing {
		if named && !want[s.Triggers[0]] {
			continue
		}
		delete(want, s.Triggers[0])
		file := filepath.FromSlash(s.Pos.File)
		s.Pos, s.TriggerPos = snippets.Pos{}, nil
		p, err := snippets.Add(d.SnippetsDir(), file, s)
		if err != nil {
			return fmt.Errorf("init: restore %s: %w", s.Triggers[0], err)
		}
		fmt.Fprintf(d.IO.Out, "restored %s to %s\n", s.Triggers[0], d.display(p))
		restored++
	}
	for t := range want {
		if _, ok := lib.Find(t); ok {
			return fmt.Errorf("init: %s is in your library already ('kindly edit %s' changes it)", t, t)
		}
		return fmt.Errorf("init: %s is not a starter reply ('kindly list' shows yours)", t)
	}
	if restored == 0 {
		fmt.Fprintln(d.IO.Out, "every starter reply is in your library; nothing restored")
	}
	return nil
}

// noteMissingStarter tells, after an init that wrote nothing, which starter
// replies are gone from the library and how to bring them back.
func noteMissingStarter(d *Deps, lib *snippets.Library) {
	missing, err := missingStarter(lib)
	if err != nil || len(missing) == 0 {
		return
	}
	var ts []string
	for _, s := range missing {
		ts = append(ts, s.Triggers[0])
	}
	fmt.Fprintf(d.IO.Out, "%s of the starter pack %s not in your library (%s): 'kindly init --restore' brings %s back, 'kindly init --restore TRIGGER' one of them\n",
		replies(len(ts)), map[bool]string{true: "is", false: "are"}[len(ts) == 1], strings.Join(ts, " "),
		map[bool]string{true: "it", false: "them"}[len(ts) == 1])
}
