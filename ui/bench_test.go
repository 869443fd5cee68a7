package ui_test

import (
	"bytes"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/ui"
)

// BenchmarkAPI measures the routes the page calls while you type, on the
// starter pack (every request reads the library from disk, so an edit made
// elsewhere shows at once).
func BenchmarkAPI(b *testing.B) {
	home := b.TempDir()
	var out bytes.Buffer
	d := &cmd.Deps{IO: cmd.IO{In: strings.NewReader(""), Out: &out, Err: &out},
		Getenv: func(k string) string {
			if k == "KINDLY_HOME" {
				return home
			}
			return ""
		}, Now: time.Now, Version: "dev"}
	if code := cmd.Main(d, []string{"init"}); code != 0 {
		b.Fatalf("init: %s", out.String())
	}
	if _, err := os.Stat(filepath.Join(home, "snippets")); err != nil {
		b.Fatal(err)
	}
	srv, err := ui.New(ui.Options{Home: home})
	if err != nil {
		b.Fatal(err)
	}
	f := &fixture{t: nil, home: home, srv: srv, h: srv.Handler(), host: "127.0.0.1:41234"}
	f.srv.Allow(tcpAddr())
	f.cookie = launch(b, f)
	for _, r := range []struct{ name, method, target, body string }{
		{"list", "GET", "/api/snippets", ""},
		{"search", "GET", "/api/search?q=refund+late", ""},
		{"check", "POST", "/api/check", `{"triggers":[";new"],"replace":"Hi {{customer|there}}, as I said, your refund is on its way. – {{agent}}"}`},
		{"preview", "POST", "/api/preview", `{"replace":"Hi {{customer|there}}, your order {{order_id}} ships today. – {{agent}}"}`},
	} {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				rec := f.raw(r.method, r.target, r.body, f.cookie, map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://" + f.host})
				if rec.Code != 200 {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

func tcpAddr() *net.TCPAddr { return &net.TCPAddr{IP: []byte{127, 0, 0, 1}, Port: 41234} }

func launch(tb testing.TB, f *fixture) *http.Cookie {
	u, _ := url.Parse(f.srv.URL(tcpAddr()))
	rec := f.raw("GET", u.RequestURI(), "", nil, nil)
	cs := rec.Result().Cookies()
	if len(cs) != 1 {
		tb.Fatalf("no cookie: %d", rec.Code)
	}
	return cs[0]
}
