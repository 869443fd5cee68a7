// Package ui is `kindly ui`: a small web app, served on the loopback
// interface only, in which people who do not live in YAML browse, search,
// preview, add, edit, move and delete their replies, manage team packs, their
// profile values, pause the daemon and look at their stats.
//
// Protection, as a local service must have it:
//
//   - it listens on a loopback address only (127.0.0.1 or ::1), never on a
//     LAN address, and the daemon keeps opening no port at all;
//   - a fresh random secret per launch: the URL printed or opened carries it
//     once (?token=…); the first request with it gets an HttpOnly,
//     SameSite=Strict cookie holding a separate session secret and is
//     redirected to a URL without it; the launch token then stops working;
//   - every other request needs that cookie (compared in constant time);
//   - a Host allow-list (127.0.0.1:PORT, localhost:PORT, [::1]:PORT) against
//     DNS rebinding;
//   - Go's http.CrossOriginProtection against cross-site form posts and
//     fetches, and cross-site Sec-Fetch-Site refused for every method;
//   - a strict Content-Security-Policy (nothing but this origin's own
//     scripts and styles, no inline code, no frames), every asset embedded
//     in the binary: the page loads nothing from the network;
//   - it stops when asked (the Quit button, POST /api/quit) or when no page
//     has talked to it for the idle time.
//
// Every change to a library file goes through the same code as `kindly add`
// and `kindly rm` (snippets.Add, snippets.Remove, snippets.Replace): comments
// and layout kept, atomic, refused when the file or the reply changed since
// the page read it. The JSON API the page uses is documented in docs/ui.md.
package ui

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed assets
var assets embed.FS

// CookiePrefix starts the session cookie's name, which ends with the port:
// browsers share cookies between the ports of one host, and two managers
// (two homes) must not log each other out.
const CookiePrefix = "kindly_ui_"

// DefaultIdle is how long the server waits for a page before it stops.
const DefaultIdle = 10 * time.Minute

// Options configure a Server.
type Options struct {
	Home    string // the kindly home
	Version string // this kindly's version (packs compare it with min_kindly)
	// Idle stops the server when no page has talked to it for this long
	// (0: DefaultIdle). The page pings every 20 seconds while it is open.
	Idle time.Duration
	Now  func() time.Time // nil: time.Now
	// Log receives one line per refused request (never a secret, never
	// reply text); nil discards.
	Log io.Writer
	// OnLaunch, when set, runs once the launch token was exchanged.
	OnLaunch func()
}

// Server is one launch of the manager.
type Server struct {
	opts    Options
	launch  string // the one-time token carried in the URL
	session string // the cookie's value
	hosts   map[string]bool
	cookie  string // the session cookie's name
	handler http.Handler

	mu       sync.Mutex
	used     bool // the launch token was exchanged
	lastSeen time.Time
	quit     chan struct{}
	quitOnce sync.Once
	pending  map[string]*pendingUpdate // staged pack updates, by pack name
}

// New prepares a server for a listener on addr (host:port, as the listener
// reports it).
func New(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Idle <= 0 {
		opts.Idle = DefaultIdle
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Server{opts: opts, quit: make(chan struct{}), pending: map[string]*pendingUpdate{}}
	var err error
	if s.launch, err = secret(); err != nil {
		return nil, err
	}
	if s.session, err = secret(); err != nil {
		return nil, err
	}
	s.lastSeen = opts.Now()
	s.handler = s.routes()
	return s, nil
}

func secret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("ui: make a secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Listen opens the loopback listener: addr is host:port with a loopback
// host (127.0.0.1, ::1 or localhost); port 0 picks a free one.
func Listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("ui: --addr %q: %w", addr, err)
	}
	if host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("ui: --addr %q: the manager listens on a loopback address only (127.0.0.1, ::1 or localhost), so that nobody else on the network can reach it", addr)
		}
	} else {
		addr = net.JoinHostPort("127.0.0.1", addr[strings.LastIndex(addr, ":")+1:])
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("ui: listen on %s: %w", addr, err)
	}
	return l, nil
}

// Allow sets the Host values accepted: every loopback spelling of the
// listener's port. Serve calls it; tests of Handler call it themselves.
func (s *Server) Allow(l net.Addr) {
	port := strconv.Itoa(l.(*net.TCPAddr).Port)
	s.cookie = CookiePrefix + port
	s.hosts = map[string]bool{
		"127.0.0.1:" + port: true,
		"localhost:" + port: true,
		"[::1]:" + port:     true,
	}
}

// URL is the address to open, with the launch token.
func (s *Server) URL(l net.Addr) string {
	return "http://" + l.String() + "/?token=" + s.launch
}

// Handler is the whole app with its protection (for tests and Serve).
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers on l until ctx ends, the page asks it to stop, or no page
// has talked to it for the idle time.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	s.Allow(l.Addr())
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	stop := func() error {
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(c)
	}
	for {
		select {
		case err := <-errc:
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return err
		case <-ctx.Done():
			return stop()
		case <-s.quit:
			return stop()
		case <-tick.C:
			if s.idleFor() > s.opts.Idle {
				fmt.Fprintf(s.opts.Log, "no page open for %s: stopping\n", s.opts.Idle)
				return stop()
			}
		}
	}
}

// Stop asks Serve to return.
func (s *Server) Stop() { s.quitOnce.Do(func() { close(s.quit) }) }

func (s *Server) idleFor() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts.Now().Sub(s.lastSeen)
}

func (s *Server) seen() {
	s.mu.Lock()
	s.lastSeen = s.opts.Now()
	s.mu.Unlock()
}

// securityHeaders go on every answer.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
}

// guard is the protection in front of every route: Host allow-list,
// cross-site refusal, the launch token exchange and the session cookie.
func (s *Server) guard(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, http.StatusForbidden, "cross-origin request refused")
	}))
	inner := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header())
		if !s.hosts[r.Host] {
			s.refuse(w, r, http.StatusMisdirectedRequest, "unknown Host (the manager answers to 127.0.0.1, localhost and [::1] on its own port only)")
			return
		}
		// The launch token is exchanged whatever the initiator: the launcher
		// file kindly opens is a file:// page, which browsers count as
		// cross-site; the secret itself is the proof.
		if tok := r.URL.Query().Get("token"); tok != "" && r.Method == http.MethodGet && r.URL.Path == "/" {
			s.exchange(w, r, tok)
			return
		}
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
			s.refuse(w, r, http.StatusForbidden, "cross-site request refused")
			return
		}
		c, err := r.Cookie(s.cookie)
		if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(s.session)) != 1 {
			s.refuse(w, r, http.StatusUnauthorized, "no valid session: open the address `kindly ui` printed or opened (each launch has its own)")
			return
		}
		s.seen()
		inner.ServeHTTP(w, r)
	})
}

// exchange trades the one-time launch token for the session cookie.
func (s *Server) exchange(w http.ResponseWriter, r *http.Request, tok string) {
	s.mu.Lock()
	ok := !s.used && subtle.ConstantTimeCompare([]byte(tok), []byte(s.launch)) == 1
	if ok {
		s.used = true
		s.lastSeen = s.opts.Now()
	}
	s.mu.Unlock()
	if !ok {
		s.refuse(w, r, http.StatusUnauthorized, "this address was already used or is not this launch's: run `kindly ui` again for a fresh one")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookie, Value: s.session, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode})
	if s.opts.OnLaunch != nil {
		s.opts.OnLaunch()
	}
	// Not a redirect: a navigation that started on another site (the
	// launcher file) stays cross-site through redirects, and the browser
	// would not send the SameSite=Strict cookie. This page's own refresh
	// is a same-origin navigation.
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, launchedPage)
}

const launchedPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/">` +
	`<title>kindly</title></head><body><p>Opening the reply manager…</p></body></html>
`

// WriteLauncher writes a page that sends the browser to url (the launch
// address) into a new private folder (0700, the file 0600) and returns its
// path: kindly opens that file rather than the address itself, so the
// secret never appears on a command line (which other users of the
// computer can read in the process list). remove deletes it.
func WriteLauncher(url string) (path string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "kindly-ui-")
	if err != nil {
		return "", nil, fmt.Errorf("ui: write the launcher: %w", err)
	}
	path = filepath.Join(dir, "open-kindly.html")
	page := `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=` +
		html.EscapeString(url) + `"><title>kindly</title></head><body><p>Opening the reply manager…</p></body></html>
`
	if err := os.WriteFile(path, []byte(page), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("ui: write the launcher: %w", err)
	}
	return path, func() { os.RemoveAll(dir) }, nil
}

func (s *Server) refuse(w http.ResponseWriter, r *http.Request, code int, msg string) {
	fmt.Fprintf(s.opts.Log, "refused %s %s: %s\n", r.Method, r.URL.Path, msg)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, code, apiError{Error: msg})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	io.WriteString(w, "kindly ui: "+msg+"\n")
}

// routes is the app behind the guard.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "assets")
	files := http.FileServerFS(static)
	mux.Handle("GET /", files)
	s.api(mux)
	return s.guard(mux)
}
