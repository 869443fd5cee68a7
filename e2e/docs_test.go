package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// docCommand is one `kindly …` line from a shell example in the docs.
type docCommand struct {
	where string // file:line
	line  string
}

// docCommands collects the kindly command lines of the shell examples
// (indented or fenced code blocks) in the README and docs.
func docCommands(t *testing.T) []docCommand {
	t.Helper()
	files := []string{"../README.md", "../examples/README.md", "../examples/team-pack/README.md"}
	more, _ := filepath.Glob("../docs/*.md")
	files = append(files, more...)
	comment := regexp.MustCompile(`\s{2,}#.*$`)
	var out []docCommand
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fence := false
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for n := 1; sc.Scan(); n++ {
			l := sc.Text()
			if strings.HasPrefix(strings.TrimSpace(l), "```") {
				fence = !fence
				continue
			}
			if !fence && !strings.HasPrefix(l, "    ") {
				continue
			}
			cmd := strings.TrimPrefix(strings.TrimSpace(l), "$ ")
			if !strings.HasPrefix(cmd, "kindly ") && cmd != "kindly" {
				continue
			}
			cmd = strings.TrimSpace(comment.ReplaceAllString(cmd, ""))
			out = append(out, docCommand{strings.TrimPrefix(f, "../") + ":" + strconv.Itoa(n), cmd})
		}
	}
	return out
}

var subcommands = map[string]bool{}

func init() {
	for _, c := range strings.Fields("run status stop reload pause resume doctor service init list add rm edit check lint " +
		"search pick try expand profile stats import export pack ui help") {
		subcommands[c] = true
	}
}

// runnable reports whether a documented command can run here as shown: not
// a synopsis ([--json], a|b), not interactive or needing the daemon, a
// display, the network or files the reader would have.
func runnable(cmd string) bool {
	if strings.ContainsAny(cmd, "[]…<") || regexp.MustCompile(`\w\|\w`).MatchString(cmd) {
		return false
	}
	f := strings.Fields(cmd)
	if len(f) < 2 || !subcommands[f[1]] {
		return false // prose that starts with "kindly"
	}
	switch f[1] {
	case "run", "stop", "reload", "pause", "resume", "pick", "edit", "service", "ui", "doctor", "import", "status":
		return false
	case "try":
		return strings.Contains(cmd, "--keys")
	case "pack":
		if len(f) > 2 && (f[2] == "update" || f[2] == "rollback" || f[2] == "remove" || f[2] == "override") {
			return false
		}
		return !strings.Contains(cmd, "git@") && !strings.Contains(cmd, "https://")
	case "profile":
		return !strings.Contains(cmd, "<")
	}
	return true
}

// Every shell example of kindly in the README and docs that can run here
// runs as shown: in a fresh home with the starter pack and a name, in the
// order the docs give them, none is a usage error (exit 2: an unknown
// command, flag or format), and the ones the issue found wrong now do what
// the docs say.
func TestDocExamplesRun(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	bin := filepath.Dir(kindlyBin)
	env := append(os.Environ(), "KINDLY_HOME="+home, "HOME="+filepath.Join(dir, "user"), "PATH="+bin+":"+os.Getenv("PATH"),
		"DISPLAY=", "EDITOR=true", "GIT_CONFIG_GLOBAL="+filepath.Join(dir, "gitconfig"), "GIT_CONFIG_NOSYSTEM=1")
	os.WriteFile(filepath.Join(dir, "gitconfig"), []byte("[user]\n\tname = Lead\n\temail = lead@example.com\n"), 0o644)
	sh := func(cmd string) (string, int) {
		c := exec.Command("sh", "-c", cmd)
		c.Env, c.Dir = env, dir
		out, err := c.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		if err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		return string(out), 0
	}
	if out, code := sh("kindly init && kindly profile set agent Sam"); code != 0 {
		t.Fatalf("setup: %d\n%s", code, out)
	}
	ran := 0
	for _, c := range docCommands(t) {
		if !runnable(c.line) {
			continue
		}
		out, code := sh(c.line)
		ran++
		t.Logf("%s: %s: exit %d", c.where, c.line, code)
		if code == 2 || strings.Contains(out, "unknown command") || strings.Contains(out, "unknown flag") {
			t.Errorf("%s: %s: exit %d\n%s", c.where, c.line, code, out)
		}
	}
	if ran < 12 {
		t.Fatalf("only %d documented commands ran: the collector is broken", ran)
	}

	// What issue 12 found: each example does what its text says.
	for _, c := range []struct{ cmd, want string }{
		{"kindly search late parcel --tag email --limit 5", ";;late\tParcel is late (email)"},
		{"kindly try --keys 'Hello ;ty '", "Hello thank you for your patience \n"},
		{"kindly export --format textexpander", ";;late,"},
		{"kindly help try", "kindly try --keys 'Hello ;ty '"},
	} {
		if out, code := sh(c.cmd); code != 0 || !strings.Contains(out, c.want) {
			t.Errorf("%s: exit %d, output lacks %q:\n%s", c.cmd, code, c.want, out)
		}
	}
	// The team lead's publishing steps, up to the push, and the example pack
	// tried as the README shows.
	script := `set -e
rm -rf acme-support /tmp/acme-support-$$
kindly pack init acme-support >/dev/null
kindly check acme-support
kindly lint acme-support
cd acme-support && git init -q -b main && git add -A && git commit -q -m "First replies" && git rev-parse --abbrev-ref HEAD && cd ..
cp -r ` + mustAbs(t, "../examples/team-pack") + ` /tmp/acme-support-$$
cd /tmp/acme-support-$$ && git init -q -b main && git add -A && git commit -q -m "First replies" && cd - >/dev/null
kindly pack add /tmp/acme-support-$$
kindly expand ';vip' --set customer=Ana >/dev/null
rm -rf /tmp/acme-support-$$
`
	if out, code := sh(script); code != 0 || !strings.Contains(out, "main\n") || !strings.Contains(out, "added pack acme-support") {
		t.Fatalf("the pack workflow as documented: exit %d\n%s", code, out)
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
