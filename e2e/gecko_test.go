package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGecko types the whole X11 set (typed and pasted replies, non-ASCII,
// typing straight on at 5 ms per key and with no pause) into a real
// Firefox ESR (Debian's firefox-esr, not headless: on the test's Xvfb)
// <textarea> and contenteditable editor, and into the body of a real
// Thunderbird compose window (Debian's thunderbird). KINDLY_E2E_RUNS repeats
// the set.
func TestGecko(t *testing.T) {
	e := startX(t)
	need(t, "firefox-esr", "thunderbird")
	if wm := os.Getenv("KINDLY_E2E_WM"); wm != "" {
		// A window manager, as on a desktop (KINDLY_E2E_WM=openbox).
		need(t, wm)
		c := e.command(wm)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Process.Kill(); c.Wait() })
		time.Sleep(time.Second)
	}
	e.startDaemon("testdata/library")
	runs := 1
	if n, err := strconv.Atoi(os.Getenv("KINDLY_E2E_RUNS")); err == nil && n > 0 {
		runs = n
	}
	cs := cases(t)
	for _, start := range []func() target{
		func() target { return e.startFirefox("textarea.html") },
		func() target { return e.startFirefox("editor.html") },
		func() target { return e.startThunderbird() },
	} {
		tg := start()
		t.Run(tg.name(), func(t *testing.T) {
			e.t = t
			for run := 1; run <= runs; run++ {
				for _, c := range cs {
					t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
						e.t = t
						e.play(tg, c)
					})
				}
			}
		})
		e.t = t
		tg.close()
	}
	if strings.Contains(e.log.String(), "dropped") {
		t.Errorf("daemon log mentions dropped keys:\n%s", e.log)
	}
}

// firefoxTarget is Firefox ESR showing e2e/testdata/gecko/<page>, on a fresh
// profile (e2e/testdata/gecko/user.js: no first-run pages, no telemetry, no
// network). The test reads the field through Marionette, Firefox's own
// remote protocol (--marionette, on a port it picks and writes into the
// profile): kindlyText() and kindlyClear() are defined by the page.
type firefoxTarget struct {
	e    *env
	page string
	cmd  *exec.Cmd
	wid  string
	m    *marionette
}

func (e *env) startFirefox(page string) *firefoxTarget {
	e.t.Helper()
	prof := filepath.Join(e.dir, "firefox-"+strings.TrimSuffix(page, ".html"))
	if err := os.MkdirAll(prof, 0o700); err != nil {
		e.t.Fatal(err)
	}
	prefs, err := os.ReadFile("testdata/gecko/user.js")
	if err != nil {
		e.t.Fatal(err)
	}
	writeFile(e.t, filepath.Join(prof, "user.js"), string(prefs))
	abs, _ := filepath.Abs(filepath.Join("testdata/gecko", page))
	f := &firefoxTarget{e: e, page: page}
	f.cmd = e.command("firefox-esr", "--marionette", "--no-remote", "--new-instance", "--profile", prof, "file://"+abs)
	f.cmd.Env = append(f.cmd.Env, geckoEnv(e)...)
	if err := f.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	// Firefox's first start on a new profile takes a few seconds.
	f.wid = e.waitWindowWithin(60*time.Second, "--all", "--pid", fmt.Sprint(f.cmd.Process.Pid), "--classname", "Navigator")
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(prof, "MarionetteActivePort"))
		if port := strings.TrimSpace(string(b)); err == nil && port != "" {
			if f.m, err = dialMarionette("127.0.0.1:" + port); err == nil {
				break
			}
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("firefox-esr: no Marionette within 30s: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The page has loaded when its function answers.
	waitFor(e.t, 30*time.Second, "the page to load", func() bool {
		_, err := f.m.script("return window.kindlyText()")
		return err == nil
	})
	return f
}

func (f *firefoxTarget) name() string { return "firefox-" + strings.TrimSuffix(f.page, ".html") }

func (f *firefoxTarget) text() string {
	s, err := f.m.script("return window.kindlyText()")
	if err != nil {
		return fmt.Sprintf("(marionette: %v)", err)
	}
	return s
}

func (f *firefoxTarget) clear() {
	if _, err := f.m.script("window.kindlyClear(); return ''"); err != nil {
		f.e.t.Fatal(err)
	}
	f.e.focus(f.wid)
	waitText(f.e.t, f, "", 5*time.Second)
}

func (f *firefoxTarget) finish() string { return "" }

func (f *firefoxTarget) close() {
	f.m.close()
	f.cmd.Process.Kill()
	f.cmd.Wait()
}

// geckoEnv keeps Firefox and Thunderbird to the test's folder and off any
// D-Bus session bus: with one, they start the XDG desktop portals, whose
// document portal mounts a FUSE file system in the home folder.
//
// KINDLY_E2E_GECKO_IBUS=1 runs them with an input method instead, as on a
// GNOME desktop: a private session bus with ibus-daemon on it and
// GTK_IM_MODULE=ibus (keys then go through IBus before the field).
func geckoEnv(e *env) []string {
	env := []string{"HOME=" + e.dir, "MOZ_CRASHREPORTER_DISABLE=1", "GTK_USE_PORTAL=0"}
	if os.Getenv("KINDLY_E2E_GECKO_IBUS") == "" {
		return append(env, "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(e.dir, "no-session-bus"))
	}
	if e.ibusBus == "" {
		need(e.t, "dbus-daemon", "ibus-daemon")
		out, err := exec.Command("dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1").Output()
		f := strings.Fields(string(out))
		if err != nil || len(f) < 2 {
			e.t.Fatalf("dbus-daemon: %v %q", err, out)
		}
		e.ibusBus = f[0]
		pid := f[1]
		e.t.Cleanup(func() { exec.Command("kill", pid).Run() })
		ib := e.command("ibus-daemon", "--xim", "--replace", "--panel", "disable")
		ib.Env = append(ib.Env, "HOME="+e.dir, "DBUS_SESSION_BUS_ADDRESS="+e.ibusBus)
		if err := ib.Start(); err != nil {
			e.t.Fatal(err)
		}
		e.t.Cleanup(func() { ib.Process.Kill(); ib.Wait() })
		waitFor(e.t, 10*time.Second, "ibus-daemon", func() bool {
			c := e.command("ibus", "address")
			c.Env = append(c.Env, "HOME="+e.dir, "DBUS_SESSION_BUS_ADDRESS="+e.ibusBus)
			out, err := c.Output()
			return err == nil && strings.HasPrefix(string(out), "unix:")
		})
	}
	return append(env, "DBUS_SESSION_BUS_ADDRESS="+e.ibusBus, "GTK_IM_MODULE=ibus", "XMODIFIERS=@im=ibus")
}

// thunderbirdTarget is a Thunderbird compose window (HTML) on a fresh
// profile with one identity whose servers are never contacted
// (testdata/gecko/thunderbird.js). The test reads the message body through
// Marionette in Thunderbird's chrome (-remote-allow-system-access).
type thunderbirdTarget struct {
	e   *env
	cmd *exec.Cmd
	wid string
	m   *marionette
}

// tbBody is the compose window's message body, in chrome JavaScript.
const tbBody = `Services.wm.getMostRecentWindow("msgcompose").document.getElementById("messageEditor")`

func (e *env) startThunderbird() *thunderbirdTarget {
	e.t.Helper()
	prof := filepath.Join(e.dir, "thunderbird")
	if err := os.MkdirAll(prof, 0o700); err != nil {
		e.t.Fatal(err)
	}
	var prefs []byte
	for _, f := range []string{"testdata/gecko/user.js", "testdata/gecko/thunderbird.js"} {
		b, err := os.ReadFile(f)
		if err != nil {
			e.t.Fatal(err)
		}
		prefs = append(prefs, b...)
	}
	writeFile(e.t, filepath.Join(prof, "user.js"), string(prefs))
	tb := &thunderbirdTarget{e: e}
	tb.cmd = e.command("thunderbird", "--marionette", "-remote-allow-system-access", "--no-remote",
		"--profile", prof, "-compose", "subject=kindly")
	tb.cmd.Env = append(tb.cmd.Env, geckoEnv(e)...)
	if err := tb.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	tb.wid = e.waitWindowWithin(60*time.Second, "--all", "--pid", fmt.Sprint(tb.cmd.Process.Pid), "--classname", "Msgcompose")
	var err error
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, rerr := os.ReadFile(filepath.Join(prof, "MarionetteActivePort"))
		if port := strings.TrimSpace(string(b)); rerr == nil && port != "" {
			if tb.m, err = dialMarionette("127.0.0.1:" + port); err == nil {
				if _, err = tb.m.call("Marionette:SetContext", map[string]any{"value": "chrome"}); err == nil {
					break
				}
				tb.m.close()
			}
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("thunderbird: no Marionette within 30s: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	waitFor(e.t, 30*time.Second, "the compose body", func() bool {
		_, err := tb.m.script("return " + tbBody + ".contentDocument.body.innerText")
		return err == nil
	})
	return tb
}

func (tb *thunderbirdTarget) name() string { return "thunderbird-compose" }

// text is the body's text: lines as \n, without the line break the editor
// keeps after the last line.
func (tb *thunderbirdTarget) text() string {
	s, err := tb.m.script("return " + tbBody + ".contentDocument.body.innerText")
	if err != nil {
		return fmt.Sprintf("(marionette: %v)", err)
	}
	return strings.TrimSuffix(s, "\n")
}

func (tb *thunderbirdTarget) clear() {
	_, err := tb.m.script(`const ed = ` + tbBody + `;
		ed.contentDocument.execCommand("selectAll");
		ed.contentDocument.execCommand("delete");
		ed.focus(); ed.contentWindow.focus(); return ""`)
	if err != nil {
		tb.e.t.Fatal(err)
	}
	tb.e.focus(tb.wid)
	waitText(tb.e.t, tb, "", 5*time.Second)
}

func (tb *thunderbirdTarget) finish() string { return "" }

func (tb *thunderbirdTarget) close() {
	tb.m.close()
	tb.cmd.Process.Kill()
	tb.cmd.Wait()
}

// marionette is a minimal client of Firefox's Marionette protocol (version
// 3): messages are "<length>:<JSON>", a command [0, id, name, params] and its
// answer [1, id, error, result].
type marionette struct {
	c  net.Conn
	r  *bufio.Reader
	id int
}

func dialMarionette(addr string) (*marionette, error) {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return nil, err
	}
	m := &marionette{c: c, r: bufio.NewReader(c)}
	if _, err := m.read(); err != nil { // the greeting
		c.Close()
		return nil, err
	}
	if _, err := m.call("WebDriver:NewSession", map[string]any{}); err != nil {
		c.Close()
		return nil, err
	}
	return m, nil
}

func (m *marionette) read() (json.RawMessage, error) {
	m.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	n, err := m.r.ReadString(':')
	if err != nil {
		return nil, err
	}
	size, err := strconv.Atoi(strings.TrimSuffix(n, ":"))
	if err != nil {
		return nil, fmt.Errorf("marionette: bad length %q", n)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(m.r, b); err != nil {
		return nil, err
	}
	return b, nil
}

func (m *marionette) call(name string, params any) (json.RawMessage, error) {
	m.id++
	b, _ := json.Marshal([]any{0, m.id, name, params})
	if _, err := fmt.Fprintf(m.c, "%d:%s", len(b), b); err != nil {
		return nil, err
	}
	for {
		raw, err := m.read()
		if err != nil {
			return nil, err
		}
		var msg []json.RawMessage
		if err := json.Unmarshal(raw, &msg); err != nil || len(msg) != 4 {
			return nil, fmt.Errorf("marionette: bad answer %s", raw)
		}
		var id int
		json.Unmarshal(msg[1], &id)
		if id != m.id {
			continue
		}
		if string(msg[2]) != "null" {
			return nil, fmt.Errorf("marionette %s: %s", name, msg[2])
		}
		return msg[3], nil
	}
}

// script runs JavaScript in the page and returns its string result.
func (m *marionette) script(js string) (string, error) {
	res, err := m.call("WebDriver:ExecuteScript", map[string]any{"script": js, "args": []any{}})
	if err != nil {
		return "", err
	}
	var v struct {
		Value string `json:"value"`
	}
	if err := json.Unmarshal(res, &v); err != nil {
		return "", err
	}
	return v.Value, nil
}

func (m *marionette) close() { m.c.Close() }
