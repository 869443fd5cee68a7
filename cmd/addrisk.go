package cmd

import (
	"fmt"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/lint"
)

// warnRiskyTrigger says at once when a new trigger will fire by accident: a
// common word, or one that sits inside a common word ("thanks" turns "many
// thanks for" into "many Thank you! for"), with the fix, so the agent hears
// it before a customer sees it. It uses lint's trigger-common-word rule (as
// configured under lint: in config.yml).
func warnRiskyTrigger(d *Deps, s snippets.Snippet) {
	cfg, err := d.lintConfig()
	if err != nil {
		return // `kindly lint` reports a broken lint: section
	}
	for _, f := range lint.Run([]snippets.Snippet{s}, cfg, nil) {
		if f.Rule == "trigger-common-word" {
			fmt.Fprintf(d.IO.Err, "warning: %s\n    %s (kindly rm %s, then add it again)\n", f.Msg, f.Suggestion, s.Triggers[0])
		}
	}
}
