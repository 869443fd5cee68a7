package pack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Git runs the system git (so the user's credentials, SSH keys and proxies just
// work) in a way that cannot run anything a pack brings along.
type Git struct {
	// Progress, when set, receives git's progress meter (--progress) for
	// clones and fetches; set it when standard error is a terminal.
	Progress io.Writer
	// Interactive allows git to ask for a user name and password on the
	// terminal; otherwise GIT_TERMINAL_PROMPT=0 makes it fail instead.
	Interactive bool
}

// allowedProtocols is what git may use to reach a pack (GIT_ALLOW_PROTOCOL).
const allowedProtocols = "file:https:ssh:git"

// safeConfig is passed as -c to every git command: no hooks, no fsmonitor
// command, no submodules, no automatic gc (it could drop earlier pins).
var safeConfig = []string{
	"core.hooksPath=" + os.DevNull,
	"core.fsmonitor=false",
	"submodule.recurse=false",
	"gc.auto=0",
	"protocol.allow=never",
	"protocol.file.allow=always",
	"protocol.https.allow=always",
	"protocol.ssh.allow=always",
	"protocol.git.allow=always",
}

// env is the environment git runs in: the user's, minus variables that would
// point git at another repository, plus the safety switches.
func (g Git) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
			"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_COMMON_DIR",
			"GIT_ALLOW_PROTOCOL", "GIT_TERMINAL_PROMPT", "GIT_LFS_SKIP_SMUDGE":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "GIT_ALLOW_PROTOCOL="+allowedProtocols, "GIT_LFS_SKIP_SMUDGE=1")
	if !g.Interactive {
		env = append(env, "GIT_TERMINAL_PROMPT=0", "GCM_INTERACTIVE=never")
	}
	return env
}

// command builds a git command run in dir ("" for the current folder).
func (g Git) command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	full := make([]string, 0, 2*len(safeConfig)+len(args))
	for _, c := range safeConfig {
		full = append(full, "-c", c)
	}
	full = append(full, args...)
	c := exec.CommandContext(ctx, "git", full...)
	c.Dir = dir
	c.Env = g.env()
	c.Stdin = nil
	return c
}

// run runs git and returns its standard output. On failure the error holds
// git's own message (its last lines of standard error).
func (g Git) run(ctx context.Context, dir string, args ...string) ([]byte, error) {
	c := g.command(ctx, dir, args...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		return nil, gitError(args, errb.String(), err)
	}
	return out.Bytes(), nil
}

// runNetwork runs a clone or fetch, showing git's progress when wanted.
func (g Git) runNetwork(ctx context.Context, dir string, args ...string) error {
	var errb bytes.Buffer
	if g.Progress != nil {
		args = append(args[:1:1], append([]string{"--progress"}, args[1:]...)...)
	} else {
		args = append(args[:1:1], append([]string{"--quiet"}, args[1:]...)...)
	}
	c := g.command(ctx, dir, args...)
	c.Stdout = io.Discard
	c.Stderr = &errb
	if g.Progress != nil {
		c.Stderr = io.MultiWriter(&errb, g.Progress)
	}
	if err := c.Run(); err != nil {
		return gitError(args, errb.String(), err)
	}
	return nil
}

// gitError keeps the meaningful part of git's complaint.
func gitError(args []string, stderr string, err error) error {
	if errors.Is(err, exec.ErrNotFound) {
		return errors.New("git is not installed (kindly uses the system git to fetch packs)")
	}
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(stderr, "\r", "\n"), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || progressLine.MatchString(l) {
			continue
		}
		lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(l, "fatal: "), "error: "))
	}
	if len(lines) > 3 {
		lines = lines[len(lines)-3:]
	}
	verb := "git"
	if len(args) > 0 {
		verb = "git " + args[0]
	}
	if len(lines) == 0 {
		return fmt.Errorf("%s: %w", verb, err)
	}
	return fmt.Errorf("%s: %s", verb, strings.Join(lines, "; "))
}

var progressLine = regexp.MustCompile(`^(remote: )?(Enumerating|Counting|Compressing|Receiving|Resolving|Total|Unpacking|Cloning into)`)

// schemeRE matches "scheme://" at the start of a URL; transportRE git's
// "transport::address" form (ext::, fd::), which can run commands.
var (
	schemeRE    = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)
	transportRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*::`)
)

// NormalizeSource checks that source is a git URL kindly may fetch (file,
// https, ssh, git or scp-like user@host:path) or a local folder, and returns it
// with a local folder made absolute and credentials dropped (RedactSource);
// its errors never quote the credentials either.
func NormalizeSource(source string) (string, error) {
	if source == "" {
		return "", errors.New("no pack source given")
	}
	if strings.HasPrefix(source, "-") {
		return "", fmt.Errorf("pack source %q looks like an option", source)
	}
	source, _ = RedactSource(source)
	if transportRE.MatchString(source) {
		return "", fmt.Errorf("pack source %q uses a git remote helper; only file, https, ssh and git URLs are allowed", source)
	}
	if m := schemeRE.FindStringSubmatch(source); m != nil {
		switch strings.ToLower(m[1]) {
		case "file", "https", "ssh", "git", "git+ssh", "ssh+git":
			return source, nil
		case "http":
			return "", fmt.Errorf("pack source %q is plain http; use https", source)
		default:
			return "", fmt.Errorf("pack source %q uses %s://; only file, https, ssh and git URLs are allowed", source, m[1])
		}
	}
	if fi, err := os.Stat(source); err == nil && fi.IsDir() {
		abs, err := filepath.Abs(source)
		if err != nil {
			return "", fmt.Errorf("pack source %s: %w", source, err)
		}
		return abs, nil
	}
	// scp-like ssh: [user@]host:path (a colon before any slash).
	if i := strings.Index(source, ":"); i > 0 && !strings.Contains(source[:i], "/") {
		return source, nil
	}
	return "", fmt.Errorf("pack source %q is neither a folder nor a git URL (https://…, ssh://…, git@host:path, file://…)", source)
}
