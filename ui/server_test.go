package ui_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/daemon/control"
	"github.com/kindly-support/kindly/ui"
)

const personal = `# My replies: keep this comment!
snippets:
  # thanks
  - trigger: ";ty"
    label: Thanks (chat)
    tags: [chat]
    replace: Thanks so much for your patience!

  - trigger: ";late"   # used a lot
    label: Order late
    tags: [email, shipping]
    replace: |-
      Hi {{customer|there}},

      I'm sorry your order is late. – {{agent}}
# end of file
`

const config = `# my settings
profile:
  agent: Sam
  company: Acme
pause_hotkey: ctrl+alt+p
`

var now = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// fixture is a kindly home and a manager for it, reached through its
// handler with a real session cookie.
type fixture struct {
	t      *testing.T
	home   string
	srv    *ui.Server
	h      http.Handler
	host   string
	cookie *http.Cookie
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	home := t.TempDir()
	write(t, filepath.Join(home, "snippets", "personal.yml"), personal)
	write(t, filepath.Join(home, "config.yml"), config)
	srv, err := ui.New(ui.Options{Home: home, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}
	srv.Allow(addr)
	f := &fixture{t: t, home: home, srv: srv, h: srv.Handler(), host: addr.String()}
	u, _ := url.Parse(srv.URL(addr))
	// As a browser sends it when the launcher file (file://) leads to it.
	rec := f.raw("GET", u.RequestURI(), "", nil, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<meta http-equiv="refresh" content="0;url=/">`) {
		t.Fatalf("launch URL: %d %s", rec.Code, rec.Body)
	}
	cs := rec.Result().Cookies()
	if len(cs) != 1 || cs[0].Name != ui.CookiePrefix+"41234" || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookie %+v", cs)
	}
	f.cookie = cs[0]
	return f
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) read(rel string) string {
	b, err := os.ReadFile(filepath.Join(f.home, filepath.FromSlash(rel)))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

// raw sends a request through the whole handler (protection included).
func (f *fixture) raw(method, target, body string, cookie *http.Cookie, hdr map[string]string) *httptest.ResponseRecorder {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	req.Host = f.host
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// call is a same-origin request from the page, as a browser sends it.
func (f *fixture) call(method, target string, body any, want int) []byte {
	f.t.Helper()
	s := ""
	if body != nil {
		b, _ := json.Marshal(body)
		s = string(b)
	}
	hdr := map[string]string{"Sec-Fetch-Site": "same-origin"}
	if method != "GET" {
		hdr["Origin"] = "http://" + f.host
	}
	rec := f.raw(method, target, s, f.cookie, hdr)
	if rec.Code != want {
		f.t.Fatalf("%s %s: %d, want %d: %s", method, target, rec.Code, want, rec.Body)
	}
	return rec.Body.Bytes()
}

// kindly runs the real command line on the fixture's home.
func (f *fixture) kindly(args ...string) string {
	f.t.Helper()
	var out, errb bytes.Buffer
	d := &cmd.Deps{IO: cmd.IO{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv: func(k string) string {
			if k == "KINDLY_HOME" {
				return f.home
			}
			return ""
		},
		Now: func() time.Time { return now }, Version: "dev"}
	if code := cmd.Main(d, args); code != 0 {
		f.t.Fatalf("kindly %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

// The launcher file holds the address, readable by its owner only.
func TestWriteLauncher(t *testing.T) {
	url := "http://127.0.0.1:4321/?token=abc&x=<y>"
	p, remove, err := ui.WriteLauncher(url)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("launcher %v %v", fi, err)
	}
	if di, _ := os.Stat(filepath.Dir(p)); di.Mode().Perm() != 0o700 {
		t.Errorf("launcher folder mode %v", di.Mode())
	}
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), `content="0;url=http://127.0.0.1:4321/?token=abc&amp;x=&lt;y&gt;"`) {
		t.Errorf("launcher:\n%s", b)
	}
	remove()
	if _, err := os.Stat(filepath.Dir(p)); !os.IsNotExist(err) {
		t.Errorf("launcher left behind: %v", err)
	}
}

func TestLaunchTokenWorksOnce(t *testing.T) {
	f := newFixture(t)
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}
	u, _ := url.Parse(f.srv.URL(addr))
	if rec := f.raw("GET", u.RequestURI(), "", nil, nil); rec.Code != http.StatusUnauthorized ||
		!strings.Contains(rec.Body.String(), "already used") || len(rec.Result().Cookies()) != 0 {
		t.Errorf("second use of the launch URL: %d %s", rec.Code, rec.Body)
	}
	if rec := f.raw("GET", "/?token=wrong", "", nil, nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", rec.Code)
	}
	rec := f.raw("GET", "/", "", f.cookie, nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<script src="app.js" defer>`) {
		t.Fatalf("page: %d %s", rec.Code, rec.Body)
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(rec.Body.String(), "http://") || strings.Contains(rec.Body.String(), "https://") {
		t.Error("the page refers to another site")
	}
}

// TestRefused: every way in without the session, or from another site, is
// refused and changes nothing on disk.
func TestRefused(t *testing.T) {
	f := newFixture(t)
	wrong := &http.Cookie{Name: ui.CookiePrefix + "41234", Value: "not-the-secret"}
	add := `{"triggers":[";new"],"replace":"Hello","file":"personal.yml"}`
	edit := `{"triggers":[";ty"],"replace":"Changed","was":{"triggers":[";ty"],"label":"Thanks (chat)","tags":["chat"],"replace":"Thanks so much for your patience!"}}`
	same := map[string]string{"Sec-Fetch-Site": "same-origin"}
	cases := []struct {
		name   string
		cookie *http.Cookie
		hdr    map[string]string
		want   int
	}{
		{"no cookie", nil, same, http.StatusUnauthorized},
		{"wrong secret", wrong, same, http.StatusUnauthorized},
		{"foreign Host (DNS rebinding)", f.cookie, map[string]string{"Host": "evil.example:41234"}, http.StatusMisdirectedRequest},
		{"LAN Host", f.cookie, map[string]string{"Host": "192.168.1.5:41234"}, http.StatusMisdirectedRequest},
		{"cross-site Sec-Fetch-Site", f.cookie, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"same-site Sec-Fetch-Site", f.cookie, map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"cross-site Origin", f.cookie, map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, r := range []struct{ method, target, body string }{
				{"POST", "/api/snippets", add},
				{"PUT", "/api/snippets/%3Bty", edit},
				{"DELETE", "/api/snippets/%3Bty", ""},
				{"PUT", "/api/profile/agent", `{"value":"Mallory"}`},
				{"POST", "/api/quit", ""},
			} {
				rec := f.raw(r.method, r.target, r.body, c.cookie, c.hdr)
				if rec.Code != c.want {
					t.Errorf("%s %s: %d, want %d (%s)", r.method, r.target, rec.Code, c.want, rec.Body)
				}
				var e struct{ Error string }
				if json.Unmarshal(rec.Body.Bytes(), &e); e.Error == "" {
					t.Errorf("%s %s: no error message: %s", r.method, r.target, rec.Body)
				}
			}
			if c.name == "cross-site Origin" {
				// Reading is not a state change: CrossOriginProtection lets a
				// GET through, and SameSite=Strict keeps a real browser's cookie
				// off a cross-site request.
				return
			}
			if rec := f.raw("GET", "/api/snippets", "", c.cookie, c.hdr); rec.Code != c.want {
				t.Errorf("GET /api/snippets: %d, want %d", rec.Code, c.want)
			}
		})
	}
	if got := f.read("snippets/personal.yml"); got != personal {
		t.Errorf("library changed:\n%s", got)
	}
	if got := f.read("config.yml"); got != config {
		t.Errorf("config changed:\n%s", got)
	}
}

type entry struct {
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

func TestSnippetsRoutes(t *testing.T) {
	f := newFixture(t)

	// GET /api/snippets is `kindly list --json`, byte for byte.
	got := f.call("GET", "/api/snippets", nil, 200)
	if want := f.kindly("list", "--json"); !sameJSON(t, got, []byte(want)) {
		t.Errorf("GET /api/snippets:\n%s\nkindly list --json:\n%s", got, want)
	}

	// POST adds at the end of the file, keeping every other byte.
	var added entry
	json.Unmarshal(f.call("POST", "/api/snippets", map[string]any{"triggers": []string{";bye"}, "label": "Goodbye",
		"tags": []string{"chat"}, "replace": "Bye {{customer|there}}!", "file": "snippets/personal.yml"}, 201), &added)
	if added.File != "snippets/personal.yml" || added.Line != 16 || added.Label != "Goodbye" {
		t.Errorf("added %+v", added)
	}
	want := strings.Replace(personal, "# end of file\n",
		"  - trigger: \";bye\"\n    label: Goodbye\n    tags: [chat]\n    replace: Bye {{customer|there}}!\n# end of file\n", 1)
	if got := f.read("snippets/personal.yml"); got != want {
		t.Fatalf("after POST:\n%s\nwant\n%s", got, want)
	}
	// An existing trigger is refused.
	f.call("POST", "/api/snippets", map[string]any{"triggers": []string{";ty"}, "replace": "x"}, 409)

	// PUT rewrites the entry in place.
	was := entry{Triggers: []string{";ty"}, Label: "Thanks (chat)", Tags: []string{"chat"}, Replace: "Thanks so much for your patience!"}
	var edited entry
	json.Unmarshal(f.call("PUT", "/api/snippets/"+url.PathEscape(";ty"), map[string]any{"triggers": []string{";ty", ";thx"},
		"label": "Thanks (chat)", "tags": []string{"chat"}, "replace": "Thank you so much!", "was": was}, 200), &edited)
	if !reflect.DeepEqual(edited.Triggers, []string{";ty", ";thx"}) || edited.Line != 4 {
		t.Errorf("edited %+v", edited)
	}
	want = strings.Replace(want, "  - trigger: \";ty\"\n    label: Thanks (chat)\n    tags: [chat]\n    replace: Thanks so much for your patience!\n",
		"  - triggers: [\";ty\", \";thx\"]\n    label: Thanks (chat)\n    tags: [chat]\n    replace: Thank you so much!\n", 1)
	if got := f.read("snippets/personal.yml"); got != want {
		t.Fatalf("after PUT:\n%s\nwant\n%s", got, want)
	}

	// A PUT made from a page that read the reply before it changed on disk
	// is refused and says so; the file keeps the newer change.
	var e struct {
		Error   string
		Changed bool
	}
	json.Unmarshal(f.call("PUT", "/api/snippets/"+url.PathEscape(";ty"), map[string]any{"triggers": []string{";ty"},
		"replace": "Stale edit", "was": was}, 409), &e)
	if !e.Changed || !strings.Contains(e.Error, `the reply ";ty" changed on disk since you opened it`) {
		t.Errorf("stale PUT: %+v", e)
	}
	// And so is one without "was".
	f.call("PUT", "/api/snippets/"+url.PathEscape(";ty"), map[string]any{"triggers": []string{";ty"}, "replace": "x"}, 400)
	// A DELETE from a stale page too.
	f.call("DELETE", "/api/snippets/"+url.PathEscape(";ty"), map[string]any{"was": was}, 409)
	if got := f.read("snippets/personal.yml"); got != want {
		t.Fatalf("a refused edit changed the file:\n%s", got)
	}

	// PUT with another file moves the reply.
	lateWas := entry{Triggers: []string{";late"}, Label: "Order late", Tags: []string{"email", "shipping"},
		Replace: "Hi {{customer|there}},\n\nI'm sorry your order is late. – {{agent}}"}
	moved := lateWas
	moved.File = "email.yml"
	f.call("PUT", "/api/snippets/"+url.PathEscape(";late"), map[string]any{"triggers": moved.Triggers, "label": moved.Label,
		"tags": moved.Tags, "replace": moved.Replace, "file": moved.File, "was": lateWas}, 200)
	if got := f.read("snippets/email.yml"); !strings.Contains(got, "  - trigger: \";late\"\n    label: Order late\n") {
		t.Errorf("email.yml:\n%s", got)
	}
	if strings.Contains(f.read("snippets/personal.yml"), ";late") {
		t.Error(";late is still in personal.yml")
	}

	// DELETE removes the entry.
	f.call("DELETE", "/api/snippets/"+url.PathEscape(";bye"), nil, 200)
	f.call("DELETE", "/api/snippets/"+url.PathEscape(";bye"), nil, 404)
	if strings.Contains(f.read("snippets/personal.yml"), ";bye") {
		t.Error(";bye was not removed")
	}
	if !strings.HasPrefix(f.read("snippets/personal.yml"), "# My replies: keep this comment!\n") ||
		!strings.HasSuffix(f.read("snippets/personal.yml"), "# end of file\n") {
		t.Errorf("comments lost:\n%s", f.read("snippets/personal.yml"))
	}
	// The command line agrees with the API after all of it.
	if got, want := f.call("GET", "/api/snippets", nil, 200), f.kindly("list", "--json"); !sameJSON(t, got, []byte(want)) {
		t.Errorf("GET /api/snippets:\n%s\nkindly list --json:\n%s", got, want)
	}
}

func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%v: %s", err, a)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return reflect.DeepEqual(x, y)
}

func TestSearchCheckPreview(t *testing.T) {
	f := newFixture(t)
	// GET /api/search ranks as `kindly search --json` does.
	type hit struct {
		Triggers []string `json:"triggers"`
		Score    int      `json:"score"`
		Exact    bool     `json:"exact"`
		Hits     []struct {
			Field     string `json:"field"`
			Positions []int  `json:"positions"`
		} `json:"hits"`
	}
	for _, q := range []string{"late", "thanks", ";ty", "patince"} {
		var api, cli []hit
		json.Unmarshal(f.call("GET", "/api/search?q="+url.QueryEscape(q), nil, 200), &api)
		json.Unmarshal([]byte(f.kindly("search", "--json", q)), &cli)
		if len(api) == 0 || !reflect.DeepEqual(api, cli) {
			t.Errorf("search %q: api %+v, cli %+v", q, api, cli)
		}
	}

	// POST /api/check: lint and check findings about the proposed reply.
	type finding struct{ Rule, Severity, Message, Suggestion string }
	var fs []finding
	json.Unmarshal(f.call("POST", "/api/check", map[string]any{"triggers": []string{";hey"},
		"replace": "Hello, as I said before, restart it."}, 200), &fs)
	rules := map[string]bool{}
	for _, x := range fs {
		rules[x.Rule] = true
		if x.Suggestion == "" {
			t.Errorf("finding without a suggestion: %+v", x)
		}
	}
	if !rules["tone-blame"] || !rules["greeting-name"] {
		t.Errorf("findings %+v", fs)
	}
	json.Unmarshal(f.call("POST", "/api/check", map[string]any{"triggers": []string{";t"}, "replace": "Hi {{customer|there}}, thanks!"}, 200), &fs)
	if len(fs) == 0 || fs[0].Rule != "trigger-shadowed" && fs[0].Rule != "check" {
		t.Errorf("a trigger that shadows ;ty: %+v", fs)
	}
	json.Unmarshal(f.call("POST", "/api/check", map[string]any{"triggers": []string{";ty"},
		"replace": "Hi {{customer|there}}, thank you so much for your patience!", "editing": ";ty"}, 200), &fs)
	if len(fs) != 0 {
		t.Errorf("editing ;ty in place should be clean: %+v", fs)
	}
	json.Unmarshal(f.call("POST", "/api/check", map[string]any{"triggers": []string{";late"}, "replace": "x"}, 200), &fs)
	if len(fs) == 0 || !strings.Contains(fs[0].Message, ";late") {
		t.Errorf("a duplicate trigger: %+v", fs)
	}

	// POST /api/preview fills the profile and the fallbacks.
	var p struct {
		Text   string
		Fields []struct{ Name string }
	}
	json.Unmarshal(f.call("POST", "/api/preview", map[string]any{"replace": "Hi {{customer|there}}, order {{order_id}}. – {{agent}}, {{company}}"}, 200), &p)
	if p.Text != "Hi there, order [Order id]. – Sam, Acme" || len(p.Fields) != 2 {
		t.Errorf("preview %+v", p)
	}
}

func TestProfileSettingsStatsDaemon(t *testing.T) {
	f := newFixture(t)
	type value struct {
		Key, Value string
		Set        bool
	}
	var vs []value
	json.Unmarshal(f.call("GET", "/api/profile", nil, 200), &vs)
	if len(vs) != 5 || vs[0] != (value{"agent", "Sam", true}) || vs[2] != (value{"company", "Acme", true}) || vs[1].Set {
		t.Errorf("profile %+v", vs)
	}
	f.call("PUT", "/api/profile/team", map[string]string{"value": "Billing"}, 200)
	f.call("DELETE", "/api/profile/company", nil, 200)
	if got, want := f.read("config.yml"), "# my settings\nprofile:\n  agent: Sam\n  team: Billing\npause_hotkey: ctrl+alt+p\n"; got != want {
		t.Errorf("config.yml:\n%s\nwant\n%s", got, want)
	}
	if got := f.kindly("profile"); !strings.Contains(got, "team") || !strings.Contains(got, "Billing") {
		t.Errorf("kindly profile: %s", got)
	}

	var st map[string]any
	json.Unmarshal(f.call("GET", "/api/settings", nil, 200), &st)
	if st["pause_hotkey"] != "ctrl+alt+p" || st["search_hotkey"] != "ctrl+alt+shift+k" || st["tray"] != true || st["idle_reset"] != "5s" {
		t.Errorf("settings %v", st)
	}
	json.Unmarshal(f.call("PUT", "/api/settings/tray", map[string]string{"value": "false"}, 200), &st)
	json.Unmarshal(f.call("PUT", "/api/settings/pause_hotkey", map[string]string{"value": "ctrl+shift+space"}, 200), &st)
	if st["tray"] != false || st["pause_hotkey"] != "ctrl+shift+space" {
		t.Errorf("settings after PUT %v", st)
	}
	var e struct{ Error string }
	json.Unmarshal(f.call("PUT", "/api/settings/idle_reset", map[string]string{"value": "soon"}, 422), &e)
	if !strings.Contains(e.Error, "idle_reset must be a duration") {
		t.Errorf("bad idle_reset: %q", e.Error)
	}
	f.call("PUT", "/api/settings/apps", map[string]string{"value": "x"}, 422)

	// Per-app rules: added, refused when invalid, removed only as read.
	json.Unmarshal(f.call("POST", "/api/settings/apps", map[string]any{"class": "keepassxc", "off": true}, 200), &st)
	json.Unmarshal(f.call("POST", "/api/settings/apps", map[string]any{"class": "slack", "shift_enter": true}, 200), &st)
	if apps := st["apps"].([]any); len(apps) != 2 || apps[0].(map[string]any)["settings"] != "off: true" {
		t.Errorf("apps %v", st["apps"])
	}
	json.Unmarshal(f.call("POST", "/api/settings/apps", map[string]any{"off": true}, 422), &e)
	if !strings.Contains(e.Error, "needs a class:, a title: or both") {
		t.Errorf("a rule for no window: %q", e.Error)
	}
	f.call("DELETE", "/api/settings/apps/0", map[string]any{"was": map[string]any{"class": "keepassxc"}}, 409)
	f.call("DELETE", "/api/settings/apps/0", map[string]any{"was": map[string]any{"class": "keepassxc", "off": true}}, 200)
	if got, want := f.read("config.yml"), "# my settings\nprofile:\n  agent: Sam\n  team: Billing\npause_hotkey: ctrl+shift+space\ntray: false\n"+
		"apps:\n  - class: slack\n    shift_enter: true\n"; got != want {
		t.Errorf("config.yml:\n%s\nwant\n%s", got, want)
	}

	write(t, filepath.Join(f.home, "stats.json"), `{"version":1,"since":"2026-11-20T10:00:00Z","updated":"2026-11-27T10:00:00Z",
"triggers":{";ty":{"expansions":5,"undone":1,"chars_saved":120,"last_used":"2026-11-27T10:00:00Z"}},
"days":{"2026-11-20":{"expansions":1,"chars_saved":30},"2026-11-24":{"expansions":2,"chars_saved":60},"2026-11-27":{"expansions":1,"chars_saved":30}}}`)
	var s struct {
		Days []struct {
			Day        string
			Expansions int
		} `json:"days"`
		Weeks []struct {
			Day        string
			Expansions int
		} `json:"weeks"`
		Report struct {
			Unused []string `json:"unused"`
		} `json:"report"`
	}
	json.Unmarshal(f.call("GET", "/api/stats", nil, 200), &s)
	if len(s.Days) != 3 || len(s.Weeks) != 2 || s.Weeks[0].Day != "2026-W47" || s.Weeks[0].Expansions != 1 ||
		s.Weeks[1].Day != "2026-W48" || s.Weeks[1].Expansions != 3 {
		t.Errorf("stats days %+v weeks %+v", s.Days, s.Weeks)
	}
	if !reflect.DeepEqual(s.Report.Unused, []string{";late"}) {
		t.Errorf("unused %v", s.Report.Unused)
	}

	var d map[string]any
	json.Unmarshal(f.call("GET", "/api/daemon", nil, 200), &d)
	if d["running"] != false {
		t.Errorf("daemon %v", d)
	}
	f.call("POST", "/api/daemon/pause", nil, 409)
	f.call("POST", "/api/daemon/explode", nil, 404)

	// With a daemon answering on the control socket (the real server side,
	// with a stand-in for the session loop), pause and resume go through it.
	reqs := make(chan control.Request)
	l, err := control.Listen(control.SocketPath(f.home), reqs)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var mu sync.Mutex
	var got []string
	go func() {
		paused := false
		for r := range reqs {
			mu.Lock()
			got = append(got, r.Cmd)
			mu.Unlock()
			switch r.Cmd {
			case "pause", "resume":
				paused = r.Cmd == "pause"
				r.Reply <- "ok"
			case "status":
				b, _ := json.Marshal(control.Status{Paused: paused, Snippets: 2})
				r.Reply <- "ok " + string(b)
			}
		}
	}()
	json.Unmarshal(f.call("POST", "/api/daemon/pause", nil, 200), &d)
	if d["running"] != true || d["paused"] != true {
		t.Errorf("after pause: %v", d)
	}
	json.Unmarshal(f.call("POST", "/api/daemon/resume", nil, 200), &d)
	if d["paused"] != false || d["snippets"] != 2.0 {
		t.Errorf("after resume: %v", d)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"pause", "status", "resume", "status"}; !reflect.DeepEqual(got, want) {
		t.Errorf("the daemon was asked %v", got)
	}
	f.call("GET", "/api/ping", nil, 200)
	var files struct{ Files, Tags []string }
	json.Unmarshal(f.call("GET", "/api/files", nil, 200), &files)
	if !reflect.DeepEqual(files.Files, []string{"snippets/personal.yml"}) || !reflect.DeepEqual(files.Tags, []string{"chat", "email", "shipping"}) {
		t.Errorf("files %+v", files)
	}
}

func TestPacksAndOverride(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is missing")
		}
		t.Skip("git is not installed")
	}
	f := newFixture(t)
	src := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		c := exec.Command("git", args...)
		c.Dir = src
		c.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=Lead",
			"GIT_AUTHOR_EMAIL=l@example.com", "GIT_COMMITTER_NAME=Lead", "GIT_COMMITTER_EMAIL=l@example.com")
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	write(t, filepath.Join(src, "pack.yml"), "name: acme\ntitle: Acme support\nversion: 1.0.0\n")
	write(t, filepath.Join(src, "snippets", "replies.yml"), "snippets:\n  - trigger: \";hi\"\n    label: Greeting\n    replace: Hi there, thanks for reaching out!\n")
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "v1")

	var added map[string]any
	json.Unmarshal(f.call("POST", "/api/packs", map[string]string{"source": src}, 201), &added)
	if added["name"] != "acme" || added["replies"] != 1.0 {
		t.Fatalf("added %v", added)
	}
	var list []entry
	json.Unmarshal(f.call("GET", "/api/snippets", nil, 200), &list)
	if last := list[len(list)-1]; last.Pack != "acme" || last.File != "packs/acme/snippets/replies.yml" {
		t.Errorf("pack reply %+v", last)
	}
	// Pack replies are read-only.
	was := entry{Triggers: []string{";hi"}, Label: "Greeting", Tags: []string{}, Replace: "Hi there, thanks for reaching out!"}
	f.call("PUT", "/api/snippets/"+url.PathEscape(";hi"), map[string]any{"triggers": []string{";hi"}, "replace": "x", "was": was}, 403)
	f.call("DELETE", "/api/snippets/"+url.PathEscape(";hi"), nil, 403)

	// An update shows the diff first and installs nothing until applied.
	write(t, filepath.Join(src, "snippets", "replies.yml"), "snippets:\n  - trigger: \";hi\"\n    label: Greeting\n    replace: Hello, thanks for writing in!\n  - trigger: \";vip\"\n    replace: Thanks for being with us so long!\n")
	git("commit", "-qam", "v2")
	var u struct {
		UpToDate bool `json:"up_to_date"`
		Changes  []struct{ Kind, Trigger string }
	}
	json.Unmarshal(f.call("POST", "/api/packs/acme/fetch", nil, 200), &u)
	if u.UpToDate || len(u.Changes) != 2 || u.Changes[0].Kind != "changed" || u.Changes[0].Trigger != ";hi" ||
		u.Changes[1].Kind != "added" || u.Changes[1].Trigger != ";vip" {
		t.Fatalf("update %+v", u)
	}
	if strings.Contains(f.read("packs/acme/snippets/replies.yml"), "Hello") {
		t.Fatal("the update was installed before it was applied")
	}
	f.call("POST", "/api/packs/acme/apply", nil, 200)
	if !strings.Contains(f.read("packs/acme/snippets/replies.yml"), "Hello") {
		t.Fatal("the update was not installed")
	}
	f.call("POST", "/api/packs/acme/apply", nil, 409) // nothing staged any more
	// A rollback looked at and cancelled installs nothing.
	json.Unmarshal(f.call("POST", "/api/packs/acme/rollback", nil, 200), &u)
	if len(u.Changes) != 2 {
		t.Errorf("rollback diff %+v", u)
	}
	f.call("POST", "/api/packs/acme/discard", nil, 200)
	f.call("POST", "/api/packs/acme/apply", nil, 409)
	if !strings.Contains(f.read("packs/acme/snippets/replies.yml"), "Hello") {
		t.Fatal("a discarded rollback was installed")
	}
	json.Unmarshal(f.call("POST", "/api/packs/acme/rollback", nil, 200), &u)
	f.call("POST", "/api/packs/acme/apply", nil, 200)
	if strings.Contains(f.read("packs/acme/snippets/replies.yml"), "Hello") {
		t.Fatal("the rollback was not installed")
	}
	var packs []map[string]any
	json.Unmarshal(f.call("GET", "/api/packs", nil, 200), &packs)
	if len(packs) != 1 || packs[0]["name"] != "acme" || packs[0]["replies"] != 1.0 {
		t.Errorf("packs %v", packs)
	}

	// Override copies the pack's reply into the agent's library.
	var o entry
	json.Unmarshal(f.call("POST", "/api/snippets/"+url.PathEscape(";hi")+"/override", nil, 201), &o)
	if o.Pack != "" || o.File != "snippets/overrides.yml" || o.Replace != "Hi there, thanks for reaching out!" {
		t.Errorf("override %+v", o)
	}
	f.call("POST", "/api/snippets/"+url.PathEscape(";hi")+"/override", nil, 409)
}

func TestQuitAndIdleStop(t *testing.T) {
	for _, how := range []string{"quit", "idle"} {
		t.Run(how, func(t *testing.T) {
			var clock atomic.Int64 // seconds after now
			srv, err := ui.New(ui.Options{Home: t.TempDir(), Idle: time.Minute,
				Now: func() time.Time { return now.Add(time.Duration(clock.Load()) * time.Second) }})
			if err != nil {
				t.Fatal(err)
			}
			l, err := ui.Listen("127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- srv.Serve(t.Context(), l) }()
			jar := &cookieJar{}
			c := &http.Client{Jar: jar}
			res, err := c.Get(srv.URL(l.Addr()))
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("open: %v %v", err, res)
			}
			res.Body.Close()
			if how == "quit" {
				req, _ := http.NewRequest("POST", "http://"+l.Addr().String()+"/api/quit", nil)
				res, err := c.Do(req)
				if err != nil || res.StatusCode != 200 {
					t.Fatalf("quit: %v %v", err, res)
				}
			} else {
				clock.Store(61) // the ticker checks every second
			}
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the server did not stop")
			}
			if _, err := net.DialTimeout("tcp", l.Addr().String(), time.Second); err == nil {
				t.Error("still listening")
			}
		})
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.168.1.10:0", "example.com:0"} {
		if l, err := ui.Listen(addr); err == nil {
			l.Close()
			t.Errorf("%s: listened", addr)
		} else if !strings.Contains(err.Error(), "loopback address only") {
			t.Errorf("%s: %v", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0"} {
		l, err := ui.Listen(addr)
		if err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		if ip := l.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
			t.Errorf("%s listens on %v", addr, ip)
		}
		l.Close()
	}
}

// cookieJar is the smallest jar: one cookie, sent back to the same host.
type cookieJar struct{ cs []*http.Cookie }

func (j *cookieJar) SetCookies(u *url.URL, cs []*http.Cookie) { j.cs = append(j.cs, cs...) }
func (j *cookieJar) Cookies(u *url.URL) []*http.Cookie        { return j.cs }

// TestBrokenFile: a library file with a mistake is reported with its file
// and line, and edits to it are refused, naming the problem, writing nothing.
func TestBrokenFile(t *testing.T) {
	f := newFixture(t)
	broken := "snippets:\n  - trigger: \";x\"\n    replce: typo\n"
	write(t, filepath.Join(f.home, "snippets", "broken.yml"), broken)
	var files struct {
		Problems []struct {
			File, Severity, Message string
			Line                    int
		}
	}
	json.Unmarshal(f.call("GET", "/api/files", nil, 200), &files)
	if len(files.Problems) != 2 || files.Problems[1].File != "snippets/broken.yml" || files.Problems[1].Line != 3 ||
		files.Problems[1].Message != `unknown key "replce" in snippet (did you mean "replace"?)` {
		t.Errorf("problems %+v", files.Problems)
	}
	var e struct{ Error string }
	json.Unmarshal(f.call("POST", "/api/snippets", map[string]any{"triggers": []string{";y"}, "replace": "why", "file": "broken.yml"}, 422), &e)
	if !strings.Contains(e.Error, "broken.yml has errors; fix them first") || !strings.Contains(e.Error, "broken.yml:2:5: error: snippet has no `replace`") {
		t.Errorf("error %q", e.Error)
	}
	if got := f.read("snippets/broken.yml"); got != broken {
		t.Errorf("broken file changed:\n%s", got)
	}
	// A bad request body says what is wrong.
	rec := f.raw("POST", "/api/snippets", `{"trigger":";y"}`, f.cookie, map[string]string{"Sec-Fetch-Site": "same-origin"})
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `unknown field \"trigger\"`) {
		t.Errorf("bad body: %d %s", rec.Code, rec.Body)
	}
}
