package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"path/filepath"
	"strings"

	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/lint"
	"github.com/kindly-support/kindly/snippets/pack"
	"github.com/kindly-support/kindly/snippets/placeholder"
	"github.com/kindly-support/kindly/snippets/search"
	"github.com/kindly-support/kindly/stats"
)

// Entry is one reply as GET /api/snippets gives it: the shape of
// `kindly list --json`. File is relative to the kindly home.
type Entry struct {
	Triggers      []string `json:"triggers"`
	Label         string   `json:"label"`
	Tags          []string `json:"tags"`
	Word          bool     `json:"word"`
	PropagateCase bool     `json:"propagate_case"`
	Replace       string   `json:"replace"`
	File          string   `json:"file"`
	Line          int      `json:"line"`
	Pack          string   `json:"pack,omitempty"`
}

// change is the body of POST /api/snippets, PUT and DELETE
// /api/snippets/{trigger} and POST /api/check: the reply as it should be,
// and, for PUT and DELETE, the reply as the page read it (Was), so a change
// made on disk since is not overwritten.
type change struct {
	Entry
	Was *Entry `json:"was,omitempty"`
	// Editing is the trigger of the reply being edited (POST /api/check).
	Editing string `json:"editing,omitempty"`
}

type apiError struct {
	Error string `json:"error"`
	// Changed is true when the refusal is because the file or the reply
	// changed on disk since the page read it: reload and edit again.
	Changed bool `json:"changed,omitempty"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func fail(w http.ResponseWriter, code int, err error) {
	writeJSON(w, code, apiError{Error: err.Error(), Changed: errors.Is(err, snippets.ErrChanged)})
}

// editFailure maps an error of snippets.Add/Replace/Remove to a status.
func editFailure(w http.ResponseWriter, err error) {
	code := http.StatusUnprocessableEntity
	switch {
	case errors.Is(err, snippets.ErrChanged):
		code = http.StatusConflict
	case strings.Contains(err.Error(), "already exists"):
		code = http.StatusConflict
	}
	fail(w, code, err)
}

func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("read the request: %w", err)
	}
	return nil
}

func (s *Server) api(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/snippets", s.listSnippets)
	mux.HandleFunc("POST /api/snippets", s.addSnippet)
	mux.HandleFunc("PUT /api/snippets/{trigger}", s.editSnippet)
	mux.HandleFunc("DELETE /api/snippets/{trigger}", s.deleteSnippet)
	mux.HandleFunc("POST /api/snippets/{trigger}/override", s.overrideSnippet)
	mux.HandleFunc("GET /api/search", s.search)
	mux.HandleFunc("POST /api/check", s.check)
	mux.HandleFunc("POST /api/preview", s.preview)
	mux.HandleFunc("GET /api/files", s.files)
	mux.HandleFunc("GET /api/profile", s.getProfile)
	mux.HandleFunc("PUT /api/profile/{key}", s.setProfile)
	mux.HandleFunc("DELETE /api/profile/{key}", s.unsetProfile)
	mux.HandleFunc("GET /api/packs", s.listPacks)
	mux.HandleFunc("POST /api/packs", s.addPack)
	mux.HandleFunc("POST /api/packs/{name}/fetch", s.fetchPack)
	mux.HandleFunc("POST /api/packs/{name}/rollback", s.rollbackPack)
	mux.HandleFunc("POST /api/packs/{name}/apply", s.applyPack)
	mux.HandleFunc("POST /api/packs/{name}/discard", s.discardPack)
	mux.HandleFunc("GET /api/daemon", s.daemonStatus)
	mux.HandleFunc("POST /api/daemon/{cmd}", s.daemonControl)
	mux.HandleFunc("GET /api/settings", s.settings)
	mux.HandleFunc("PUT /api/settings/{key}", s.setSetting)
	mux.HandleFunc("POST /api/settings/apps", s.addApp)
	mux.HandleFunc("DELETE /api/settings/apps/{i}", s.removeApp)
	mux.HandleFunc("GET /api/stats", s.stats)
	mux.HandleFunc("GET /api/ping", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, map[string]bool{"ok": true}) })
	mux.HandleFunc("POST /api/quit", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		s.Stop()
	})
}

func (s *Server) snippetsDir() string { return filepath.Join(s.opts.Home, "snippets") }

func (s *Server) load() (*pack.Set, error) {
	set, err := pack.Load(s.opts.Home, s.opts.Version)
	if err != nil {
		return nil, fmt.Errorf("load library: %w", err)
	}
	return set, nil
}

func entryOf(sn *snippets.Snippet) Entry {
	tags := sn.Tags
	if tags == nil {
		tags = []string{}
	}
	name, _ := pack.PackOf(sn.Pos.File)
	return Entry{Triggers: sn.Triggers, Label: sn.Label, Tags: tags, Word: sn.Word, PropagateCase: sn.PropagateCase,
		Replace: sn.Replace, File: sn.Pos.File, Line: sn.Pos.Line, Pack: name}
}

func (e Entry) snippet() snippets.Snippet {
	var tags []string
	for _, t := range e.Tags {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	var trig []string
	for _, t := range e.Triggers {
		if t != "" {
			trig = append(trig, t)
		}
	}
	return snippets.Snippet{Triggers: trig, Label: strings.TrimSpace(e.Label), Tags: tags, Word: e.Word,
		PropagateCase: e.PropagateCase, Replace: strings.ReplaceAll(e.Replace, "\r\n", "\n")}
}

// libraryFile turns a file as the API names it ("snippets/x.yml", relative
// to the home, or "x.yml") into one relative to the snippets folder.
func libraryFile(f string) (string, error) {
	f = strings.TrimPrefix(path.Clean("/"+strings.TrimSpace(f)), "/")
	if f == "" || f == "." {
		return snippets.DefaultFile, nil
	}
	if rest, ok := strings.CutPrefix(f, "snippets/"); ok {
		return rest, nil
	}
	if strings.HasPrefix(f, pack.PacksDir+"/") {
		return "", errors.New("team pack files are read-only: use Override to copy a reply into your own library")
	}
	return f, nil
}

func (s *Server) listSnippets(w http.ResponseWriter, r *http.Request) {
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	out := []Entry{}
	tag := r.URL.Query().Get("tag")
	for i := range set.Library.Snippets {
		sn := &set.Library.Snippets[i]
		if tag != "" && !hasTag(sn.Tags, tag) {
			continue
		}
		out = append(out, entryOf(sn))
	}
	writeJSON(w, http.StatusOK, out)
}

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// files lists the agent's library files, the problems of the library (as
// `kindly check` reports them) and the installed packs, for the sidebar.
func (s *Server) files(w http.ResponseWriter, r *http.Request) {
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	type problem struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Col      int    `json:"col"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}
	out := struct {
		Files    []string  `json:"files"`
		Packs    []string  `json:"packs"`
		Tags     []string  `json:"tags"`
		Problems []problem `json:"problems"`
	}{Files: []string{}, Packs: []string{}, Tags: []string{}, Problems: []problem{}}
	for _, f := range set.Library.Files {
		if strings.HasPrefix(f, "snippets/") {
			out.Files = append(out.Files, f)
		}
	}
	for _, p := range set.Packs {
		out.Packs = append(out.Packs, p.Pin.Name)
	}
	seen := map[string]bool{}
	for _, sn := range set.Library.Snippets {
		for _, t := range sn.Tags {
			if l := strings.ToLower(t); !seen[l] {
				seen[l] = true
				out.Tags = append(out.Tags, l)
			}
		}
	}
	for _, p := range set.Problems {
		out.Problems = append(out.Problems, problem{p.Pos.File, p.Pos.Line, p.Pos.Col, p.Severity.String(), p.Msg})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) addSnippet(w http.ResponseWriter, r *http.Request) {
	var c change
	if err := decodeBody(r, &c); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	file, err := libraryFile(c.File)
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err)
		return
	}
	sn := c.snippet()
	if len(sn.Triggers) == 0 {
		fail(w, http.StatusUnprocessableEntity, errors.New("add: give the reply a trigger"))
		return
	}
	if strings.TrimSpace(sn.Replace) == "" {
		fail(w, http.StatusUnprocessableEntity, errors.New("add: the reply is empty"))
		return
	}
	if _, err := snippets.Add(s.snippetsDir(), filepath.FromSlash(file), sn); err != nil {
		editFailure(w, err)
		return
	}
	s.answerWith(w, http.StatusCreated, sn.Triggers[0])
}

// answerWith reloads the library and answers with the reply holding trigger.
func (s *Server) answerWith(w http.ResponseWriter, code int, trigger string) {
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	sn, ok := set.Library.Find(trigger)
	if !ok {
		fail(w, http.StatusInternalServerError, fmt.Errorf("%s was written but the library does not show it; see `kindly check`", trigger))
		return
	}
	writeJSON(w, code, entryOf(sn))
}

// own finds the agent's reply with trigger, refusing a pack's.
func (s *Server) own(w http.ResponseWriter, trigger string) (*snippets.Snippet, bool) {
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return nil, false
	}
	sn, ok := set.Library.Find(trigger)
	if !ok {
		fail(w, http.StatusNotFound, fmt.Errorf("no reply has the trigger %q (it may have been removed meanwhile): %w", trigger, snippets.ErrChanged))
		return nil, false
	}
	if e := entryOf(sn); e.Pack != "" {
		fail(w, http.StatusForbidden, fmt.Errorf("%s comes from the team pack %q and is read-only; use Override to copy it into your own library, where your copy wins", trigger, e.Pack))
		return nil, false
	}
	return sn, true
}

func (s *Server) editSnippet(w http.ResponseWriter, r *http.Request) {
	trigger := r.PathValue("trigger")
	var c change
	if err := decodeBody(r, &c); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	if c.Was == nil {
		fail(w, http.StatusBadRequest, errors.New(`edit: give "was", the reply as you read it, so that a change made since is not overwritten`))
		return
	}
	if _, ok := s.own(w, trigger); !ok {
		return
	}
	file := ""
	if c.File != "" {
		var err error
		if file, err = libraryFile(c.File); err != nil {
			fail(w, http.StatusUnprocessableEntity, err)
			return
		}
	}
	sn := c.snippet()
	if len(sn.Triggers) == 0 {
		fail(w, http.StatusUnprocessableEntity, errors.New("edit: give the reply a trigger"))
		return
	}
	if _, err := snippets.Replace(s.snippetsDir(), trigger, c.Was.snippet(), sn, filepath.FromSlash(file)); err != nil {
		editFailure(w, err)
		return
	}
	s.answerWith(w, http.StatusOK, sn.Triggers[0])
}

func (s *Server) deleteSnippet(w http.ResponseWriter, r *http.Request) {
	trigger := r.PathValue("trigger")
	var c change
	if r.ContentLength != 0 {
		if err := decodeBody(r, &c); err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
	}
	cur, ok := s.own(w, trigger)
	if !ok {
		return
	}
	if c.Was != nil {
		was, now := c.Was.snippet(), *cur
		now.Pos, now.TriggerPos = snippets.Pos{}, nil
		if !sameSnippet(was, now) {
			fail(w, http.StatusConflict, fmt.Errorf("delete: the reply %q changed on disk since you opened it; nothing removed, look at it again first: %w", trigger, snippets.ErrChanged))
			return
		}
	}
	if _, err := snippets.Remove(s.snippetsDir(), trigger); err != nil {
		editFailure(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"removed": trigger})
}

func sameSnippet(a, b snippets.Snippet) bool {
	ja, _ := json.Marshal(entryOf(&a))
	jb, _ := json.Marshal(entryOf(&b))
	return string(ja) == string(jb)
}

func (s *Server) overrideSnippet(w http.ResponseWriter, r *http.Request) {
	trigger := r.PathValue("trigger")
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	sn, ok := set.Library.Find(trigger)
	if !ok {
		fail(w, http.StatusNotFound, fmt.Errorf("no reply has the trigger %q", trigger))
		return
	}
	if entryOf(sn).Pack == "" {
		fail(w, http.StatusConflict, fmt.Errorf("%s is already yours: edit it", trigger))
		return
	}
	cp := snippets.Snippet{Triggers: []string{trigger}, Replace: sn.Replace, Label: sn.Label,
		Tags: append([]string(nil), sn.Tags...), Word: sn.Word, PropagateCase: sn.PropagateCase}
	if _, err := snippets.Add(s.snippetsDir(), "overrides.yml", cp); err != nil {
		editFailure(w, err)
		return
	}
	s.answerWith(w, http.StatusCreated, trigger)
}

// searchEntry is one result of GET /api/search: the shape of
// `kindly search --json`.
type searchEntry struct {
	Triggers []string    `json:"triggers"`
	Label    string      `json:"label"`
	Tags     []string    `json:"tags"`
	Replace  string      `json:"replace"`
	File     string      `json:"file"`
	Line     int         `json:"line"`
	Score    int         `json:"score"`
	Exact    bool        `json:"exact"`
	Hits     []searchHit `json:"hits"`
	Pack     string      `json:"pack,omitempty"`
}

type searchHit struct {
	Field     string `json:"field"`
	Text      string `json:"text"`
	Positions []int  `json:"positions"` // code points from 0
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	q := r.URL.Query()
	var uses map[string]int
	if f, err := stats.Load(stats.Path(s.opts.Home)); err == nil {
		uses = map[string]int{}
		for t, c := range f.Triggers {
			if n := c.Expansions - c.Undone; n > 0 {
				uses[t] = n
			}
		}
	}
	rs := search.New(set.Library).Search(q.Get("q"), search.Options{Tag: q.Get("tag"), Uses: uses, Limit: 50})
	out := make([]searchEntry, len(rs))
	for i, res := range rs {
		e := entryOf(res.Snippet)
		hits := make([]searchHit, len(res.Hits))
		for j, h := range res.Hits {
			hits[j] = searchHit{Field: h.Field.String(), Text: h.Text, Positions: h.RunePositions()}
		}
		out[i] = searchEntry{Triggers: e.Triggers, Label: e.Label, Tags: e.Tags, Replace: e.Replace, File: e.File,
			Line: e.Line, Score: res.Score, Exact: res.Exact, Hits: hits, Pack: e.Pack}
	}
	writeJSON(w, http.StatusOK, out)
}

// finding is one problem with a proposed reply, from `kindly check` (rule
// "check") or `kindly lint` (the rule's id).
type finding struct {
	Rule       string `json:"rule"`
	Severity   string `json:"severity"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion,omitempty"`
}

// editingFile is the name the proposed reply gets while it is checked.
const editingFile = "(this reply)"

// check runs `kindly check` and `kindly lint` on the library with the
// proposed reply in it (in place of Editing, when set) and returns what they
// find about that reply, before anything is saved.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	var c change
	if err := decodeBody(r, &c); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	sn := c.snippet()
	out := []finding{}
	if len(sn.Triggers) == 0 {
		out = append(out, finding{Rule: "check", Severity: "error", Message: "the reply needs a trigger"})
	}
	if strings.TrimSpace(sn.Replace) == "" {
		out = append(out, finding{Rule: "check", Severity: "error", Message: "the reply is empty"})
	}
	if len(out) > 0 {
		writeJSON(w, http.StatusOK, out)
		return
	}
	if err := snippets.Validate(sn); err != nil {
		writeJSON(w, http.StatusOK, []finding{{Rule: "check", Severity: "error", Message: err.Error()}})
		return
	}
	sn.Pos = snippets.Pos{File: editingFile, Line: 1, Col: 1}
	sn.TriggerPos = make([]snippets.Pos, len(sn.Triggers))
	for i := range sn.TriggerPos {
		sn.TriggerPos[i] = sn.Pos
	}
	var all []snippets.Snippet
	for _, o := range set.Library.Snippets {
		if c.Editing != "" && contains(o.Triggers, c.Editing) {
			continue
		}
		all = append(all, o)
	}
	// The proposed reply goes where it would be saved: the agent's own
	// replies come first, packs after.
	own := 0
	for own < len(all) && !strings.HasPrefix(all[own].Pos.File, pack.PacksDir+"/") {
		own++
	}
	all = append(all[:own], append([]snippets.Snippet{sn}, all[own:]...)...)
	mine := func(p snippets.Pos, trigger, msg string) bool {
		if p.File == editingFile {
			return true
		}
		for _, t := range sn.Triggers {
			if trigger == t || strings.Contains(msg, fmt.Sprintf("%q", t)) {
				return true
			}
		}
		return false
	}
	for _, p := range snippets.Check(all) {
		if mine(p.Pos, "", p.Msg) {
			out = append(out, finding{Rule: "check", Severity: p.Severity.String(), Message: p.Msg,
				Suggestion: "see docs/library.md"})
		}
	}
	prof, _ := config.LoadProfile(s.opts.Home)
	for _, p := range snippets.CheckPlaceholders([]snippets.Snippet{sn}, prof, nil) {
		out = append(out, finding{Rule: "check", Severity: p.Severity.String(), Message: p.Msg,
			Suggestion: "see docs/placeholders.md"})
	}
	cfg, err := s.lintConfig()
	if err != nil {
		out = append(out, finding{Rule: "lint", Severity: "warning", Message: err.Error()})
	}
	// The lint rules about one reply run on the proposed reply alone (all
	// of them over a whole library take a noticeable moment per keystroke);
	// duplicate and shadowed triggers across the library came from Check.
	for _, f := range lint.Run([]snippets.Snippet{sn}, cfg, nil) {
		if f.Rule != "trigger-duplicate" && f.Rule != "trigger-shadowed" {
			out = append(out, finding{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Msg, Suggestion: f.Suggestion})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// lintConfig is config.yml's lint: section.
func (s *Server) lintConfig() (lint.Config, error) {
	cfg, _ := config.Load(s.opts.Home) // the lint: section's own problems, or the file's, are in Section
	return cfg.Lint, cfg.Section("lint")
}

// preview renders a reply the way a quick look wants it (as `kindly try`
// does): profile values filled in, each fill-in's fallback or default
// choice, "[name]" for a value nobody gave, today's date, "[clipboard]".
func (s *Server) preview(w http.ResponseWriter, r *http.Request) {
	var c change
	if err := decodeBody(r, &c); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	reply := strings.ReplaceAll(c.Replace, "\r\n", "\n")
	t, errs := placeholder.Parse(reply)
	if len(errs) > 0 {
		writeJSON(w, http.StatusOK, map[string]string{"error": errs[0].Error()})
		return
	}
	prof, _ := config.LoadProfile(s.opts.Home)
	env := placeholder.Env{Profile: prof, Now: s.opts.Now,
		Include: func(trigger string) (string, bool) {
			if o, ok := set.Library.Find(trigger); ok {
				return o.Replace, true
			}
			return "", false
		},
		Clipboard: func() (string, error) { return "[clipboard]", nil }}
	values := map[string]string{}
	type field struct {
		Name     string `json:"name"`
		Label    string `json:"label"`
		Required bool   `json:"required"`
	}
	fields := []field{}
	for _, f := range t.Fields(env) {
		fields = append(fields, field{f.Name, f.Label, f.Required})
		switch {
		case f.Default != "":
			values[f.Name] = f.Default
		case f.Required:
			values[f.Name] = "[" + f.Label + "]"
		}
	}
	env.Values = values
	text, caret, err := t.Render(env)
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"text": text, "caret": caret, "fields": fields})
}
