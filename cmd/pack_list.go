package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets/pack"
)

func newPackListCmd(d *Deps) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "list",
		Short: "List the installed team packs",
		Long: `List the installed packs: name, version, source, pinned commit and number of
replies. A table on a terminal, tab-separated values when piped, a JSON array
with --json.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runPackList(d, asJSON) },
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON array (name, title, version, source, ref, commit, previous, replies, updated, missing)")
	return c
}

// packEntry is one pack in `kindly pack list --json`. Field names are stable.
type packEntry struct {
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Version  string   `json:"version"`
	Source   string   `json:"source"`
	Ref      string   `json:"ref"`
	Commit   string   `json:"commit"`
	Previous []string `json:"previous"`
	Replies  int      `json:"replies"`
	Updated  string   `json:"updated"` // RFC 3339, "" when unknown
	Missing  bool     `json:"missing"` // pinned, but its files are gone
}

func runPackList(d *Deps, asJSON bool) error {
	set, err := pack.Load(d.Home(), d.Version)
	if err != nil {
		return fmt.Errorf("pack list: %w", err)
	}
	entries := []packEntry{}
	for _, p := range set.Packs {
		e := packEntry{Name: p.Pin.Name, Title: p.Manifest.Title, Version: p.Manifest.Version, Source: p.Pin.Source,
			Ref: p.Pin.Ref, Commit: p.Pin.Commit, Previous: p.Pin.Previous, Replies: p.Replies, Missing: p.Missing}
		if e.Previous == nil {
			e.Previous = []string{}
		}
		if !p.Pin.Updated.IsZero() {
			e.Updated = p.Pin.Updated.Format("2006-01-02T15:04:05Z07:00")
		}
		entries = append(entries, e)
	}
	if asJSON {
		return writeJSON(d.IO.Out, entries)
	}
	if len(entries) == 0 {
		if d.IO.OutTTY {
			fmt.Fprintln(d.IO.Err, "no team packs installed; add one with 'kindly pack add URL'")
			return nil
		}
	}
	header := []string{"name", "version", "replies", "commit", "source"}
	rows := make([][]string, len(entries))
	for i, e := range entries {
		commit := pack.Short(e.Commit)
		if e.Missing {
			commit += " (files missing)"
		}
		src := e.Source
		if e.Ref != "" {
			src += " @ " + e.Ref
		}
		rows[i] = []string{e.Name, e.Version, fmt.Sprint(e.Replies), commit, src}
	}
	return d.writeRows(header, rows, nil)
}

// --- update
