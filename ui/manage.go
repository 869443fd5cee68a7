package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/daemon/control"
	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/snippets/pack"
	"github.com/kindly-support/kindly/snippets/profile"
	"github.com/kindly-support/kindly/stats"
)

// --- profile

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	prof, err := config.LoadProfile(s.opts.Home)
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err)
		return
	}
	type value struct {
		Key   string `json:"key"`
		Value string `json:"value"`
		Set   bool   `json:"set"`
	}
	out := []value{}
	seen := map[string]bool{}
	for _, k := range profile.StandardKeys() {
		v, ok := prof[k]
		out = append(out, value{k, v, ok})
		seen[k] = true
	}
	for _, k := range profile.Keys(prof) {
		if !seen[k] {
			out = append(out, value{k, prof[k], true})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) setProfile(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Value string `json:"value"`
	}
	if err := decodeBody(r, &body); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	if err := profile.Set(s.opts.Home, r.PathValue("key"), strings.ReplaceAll(body.Value, "\r\n", "\n")); err != nil {
		editFailure(w, err)
		return
	}
	s.getProfile(w, r)
}

func (s *Server) unsetProfile(w http.ResponseWriter, r *http.Request) {
	if _, err := profile.Unset(s.opts.Home, r.PathValue("key")); err != nil {
		editFailure(w, err)
		return
	}
	s.getProfile(w, r)
}

// --- team packs

type pendingUpdate struct {
	u *pack.Update
}

func (s *Server) manager() *pack.Manager {
	return &pack.Manager{Home: s.opts.Home, Now: s.opts.Now, Version: s.opts.Version}
}

func (s *Server) listPacks(w http.ResponseWriter, r *http.Request) {
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	type packInfo struct {
		Name        string    `json:"name"`
		Description string    `json:"description"`
		Source      string    `json:"source"`
		Ref         string    `json:"ref,omitempty"`
		Commit      string    `json:"commit"`
		Updated     time.Time `json:"updated,omitzero"`
		Replies     int       `json:"replies"`
		Previous    int       `json:"previous"` // pins rollback can go back to
		Missing     bool      `json:"missing,omitempty"`
	}
	out := []packInfo{}
	for _, p := range set.Packs {
		out = append(out, packInfo{Name: p.Pin.Name, Description: p.Manifest.Description, Source: p.Pin.Source,
			Ref: p.Pin.Ref, Commit: pack.Short(p.Pin.Commit), Updated: p.Pin.Updated, Replies: p.Replies,
			Previous: len(p.Pin.Previous), Missing: p.Missing})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) addPack(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Source string `json:"source"`
		Name   string `json:"name"`
		Ref    string `json:"ref"`
	}
	if err := decodeBody(r, &body); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	if strings.TrimSpace(body.Source) == "" {
		fail(w, http.StatusUnprocessableEntity, errors.New("add a pack: give its git URL or folder"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Minute)
	defer cancel()
	a, err := s.manager().Add(ctx, strings.TrimSpace(body.Source), body.Name, body.Ref)
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"name": a.Pin.Name, "commit": pack.Short(a.Pin.Commit), "replies": a.Replies})
}

// changeJSON is one reply of a pack update's diff.
type changeJSON struct {
	Kind    string   `json:"kind"` // added, removed, changed
	Trigger string   `json:"trigger"`
	Details []string `json:"details"`
}

// stage keeps a fetched update or rollback until the page applies or
// discards it, and answers with its reply-by-reply diff.
func (s *Server) stage(w http.ResponseWriter, name string, u *pack.Update, err error) {
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err)
		return
	}
	s.mu.Lock()
	if old := s.pending[name]; old != nil {
		old.u.Discard()
	}
	s.pending[name] = &pendingUpdate{u: u}
	s.mu.Unlock()
	changes := []changeJSON{}
	for _, c := range u.Changes {
		d := c.Details()
		if d == nil {
			d = []string{}
		}
		changes = append(changes, changeJSON{Kind: c.Kind.String(), Trigger: c.Trigger, Details: d})
	}
	writeJSON(w, http.StatusOK, map[string]any{"name": name, "from": pack.Short(u.From), "to": pack.Short(u.To),
		"up_to_date": u.UpToDate(), "rollback": u.Rollback, "changes": changes})
}

func (s *Server) fetchPack(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Minute)
	defer cancel()
	u, err := s.manager().Fetch(ctx, name)
	s.stage(w, name, u, err)
}

func (s *Server) rollbackPack(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	u, err := s.manager().Rollback(r.Context(), name)
	s.stage(w, name, u, err)
}

func (s *Server) takePending(name string) *pendingUpdate {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pending[name]
	delete(s.pending, name)
	return p
}

func (s *Server) applyPack(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	p := s.takePending(name)
	if p == nil {
		fail(w, http.StatusConflict, fmt.Errorf("nothing staged for %q: look at its update (the diff) first", name))
		return
	}
	if p.u.UpToDate() {
		p.u.Discard()
		writeJSON(w, http.StatusOK, map[string]any{"name": name, "commit": pack.Short(p.u.To)})
		return
	}
	if err := p.u.Apply(r.Context()); err != nil {
		fail(w, http.StatusUnprocessableEntity, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"name": name, "commit": pack.Short(p.u.To)})
}

func (s *Server) discardPack(w http.ResponseWriter, r *http.Request) {
	if p := s.takePending(r.PathValue("name")); p != nil {
		p.u.Discard()
	}
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

// --- the daemon

func (s *Server) daemonStatus(w http.ResponseWriter, r *http.Request) {
	st, err := control.QueryStatus(s.opts.Home)
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]any{"running": false, "message": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"running": true, "paused": st.Paused, "snippets": st.Snippets,
		"expanded": st.Expanded, "last_error": st.LastError, "started": st.Started})
}

func (s *Server) daemonControl(w http.ResponseWriter, r *http.Request) {
	cmd := r.PathValue("cmd")
	if cmd != "pause" && cmd != "resume" && cmd != "reload" {
		fail(w, http.StatusNotFound, fmt.Errorf("unknown daemon command %q (pause, resume, reload)", cmd))
		return
	}
	if _, err := control.Call(s.opts.Home, cmd); err != nil {
		code := http.StatusBadGateway
		if errors.Is(err, control.ErrNotRunning) {
			code = http.StatusConflict
		}
		fail(w, code, err)
		return
	}
	s.daemonStatus(w, r)
}

// --- settings (read-only here: per-app rules and hotkeys live in config.yml)

func (s *Server) settings(w http.ResponseWriter, r *http.Request) {
	cfg, err := config.Load(s.opts.Home)
	apps := []appJSON{}
	for _, a := range cfg.Apps {
		apps = append(apps, appOf(a))
	}
	problem := ""
	if err != nil {
		problem = err.Error()
	}
	show := func(k string) string {
		if k == "" {
			return "none"
		}
		return k
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"file":          filepath.Join(s.opts.Home, config.File),
		"pause_hotkey":  show(cfg.PauseKey()),
		"search_hotkey": show(cfg.SearchKey()),
		"tray":          cfg.TrayOn(),
		"idle_reset":    cfg.Idle().String(),
		"apps":          apps,
		"problem":       problem,
	})
}

// appJSON is a per-app rule in the API.
type appJSON struct {
	Class      string `json:"class"`
	Title      string `json:"title"`
	Paste      string `json:"paste,omitempty"`
	Primary    bool   `json:"primary,omitempty"`
	ShiftEnter bool   `json:"shift_enter,omitempty"`
	Off        bool   `json:"off,omitempty"`
	TypeMax    int    `json:"type_max,omitempty"`
	NoCaret    bool   `json:"no_caret,omitempty"`
	Settings   string `json:"settings,omitempty"` // read-only summary, as config.yml writes it
}

func appOf(a hooks.AppRule) appJSON {
	b, _ := yaml.Marshal(a.Config)
	c := a.Config
	return appJSON{Class: a.Class, Title: a.Title, Paste: c.Paste, Primary: c.Primary, ShiftEnter: c.ShiftEnter, Off: c.Off,
		TypeMax: c.TypeMax, NoCaret: c.NoCaret,
		Settings: strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(string(b)), "\n", ", "), `"off"`, "off")}
}

func (a appJSON) rule() hooks.AppRule {
	return hooks.AppRule{Class: strings.TrimSpace(a.Class), Title: strings.TrimSpace(a.Title), Config: hooks.AppConfig{
		Paste: a.Paste, Primary: a.Primary, ShiftEnter: a.ShiftEnter, Off: a.Off, TypeMax: a.TypeMax, NoCaret: a.NoCaret}}
}

func (s *Server) addApp(w http.ResponseWriter, r *http.Request) {
	var a appJSON
	if err := decodeBody(r, &a); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	if err := config.AddApp(s.opts.Home, a.rule()); err != nil {
		editFailure(w, err)
		return
	}
	s.settings(w, r)
}

func (s *Server) removeApp(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(r.PathValue("i"))
	if err != nil {
		fail(w, http.StatusNotFound, fmt.Errorf("no app rule %q", r.PathValue("i")))
		return
	}
	var body struct {
		Was *appJSON `json:"was"`
	}
	if err := decodeBody(r, &body); err != nil || body.Was == nil {
		fail(w, http.StatusBadRequest, errors.New(`remove an app rule: give "was", the rule as you read it`))
		return
	}
	if err := config.RemoveApp(s.opts.Home, i, body.Was.rule()); err != nil {
		editFailure(w, err)
		return
	}
	s.settings(w, r)
}

func (s *Server) setSetting(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Value string `json:"value"`
	}
	if err := decodeBody(r, &body); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	if err := config.Set(s.opts.Home, r.PathValue("key"), strings.TrimSpace(body.Value)); err != nil {
		editFailure(w, err)
		return
	}
	s.settings(w, r)
}

// --- stats

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	f, err := stats.Load(stats.Path(s.opts.Home))
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err)
		return
	}
	set, err := s.load()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	var lib []stats.LibraryTrigger
	for _, sn := range set.Library.Snippets {
		for _, t := range sn.Triggers {
			lib = append(lib, stats.LibraryTrigger{Trigger: t, Label: sn.Label})
		}
	}
	rep := stats.NewReport(f, lib, s.opts.Now(), 30, 0)
	perDay := []dayCount{}
	for _, d := range dailyKeys(f) {
		c := f.Days[d]
		perDay = append(perDay, dayCount{d, c.Expansions, minutes(c.CharsSaved, rep.WPM)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"report": rep, "minutes_saved": minutes(rep.CharsSaved, rep.WPM),
		"days": perDay, "weeks": weeks(perDay)})
}

// dayCount is the use of kindly on one day (or, summed, one week).
type dayCount struct {
	Day        string  `json:"day"` // 2026-11-30, or 2026-W48 for a week
	Expansions int     `json:"expansions"`
	Minutes    float64 `json:"minutes_saved"`
}

func minutes(chars, wpm int) float64 {
	if wpm <= 0 {
		return 0
	}
	return float64(chars) / 5 / float64(wpm)
}

func dailyKeys(f *stats.File) []string {
	var ks []string
	for k := range f.Days {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// weeks sums days (YYYY-MM-DD) into ISO weeks ("2026-W48").
func weeks(days []dayCount) []dayCount {
	out := []dayCount{}
	idx := map[string]int{}
	for _, d := range days {
		t, err := time.Parse("2006-01-02", d.Day)
		if err != nil {
			continue
		}
		y, wk := t.ISOWeek()
		key := fmt.Sprintf("%d-W%02d", y, wk)
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, dayCount{Day: key})
		}
		out[i].Expansions += d.Expansions
		out[i].Minutes += d.Minutes
	}
	return out
}
