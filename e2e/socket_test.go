package e2e

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fakeDaemon answers every connection on a Unix socket with a made-up
// status, as another local user's program would.
const fakeDaemon = `import os, socket, sys
path = sys.argv[1]
os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
s = socket.socket(socket.AF_UNIX)
s.bind(path)
s.listen(5)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    c.recv(100)
    c.sendall(b'ok {"pid":1,"home":"x","snippets":999,"hooked":true}\n')
    c.close()
`

// With a home too long for a socket path and no XDG_RUNTIME_DIR, another
// local user who binds the fallback socket first is not believed by
// `kindly status`, and `kindly run` refuses the folder, both saying why.
// (Playing the other user needs root.)
func TestLongHomeSocketOtherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("playing a second user needs root; daemon/control tests the folder checks without it")
	}
	need(t, python())
	tmp, err := os.MkdirTemp("", "kindly-shared-tmp-") // reachable by the other user, as /tmp is
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	os.Chmod(tmp, 0o1777)
	home := filepath.Join(t.TempDir(), strings.Repeat("h", 120))
	os.MkdirAll(filepath.Join(home, "snippets"), 0o755)
	env := []string{"TMPDIR=" + tmp, "XDG_RUNTIME_DIR=", "KINDLY_HOME=" + home}
	sum := sha256.Sum256([]byte(home))
	sock := filepath.Join(tmp, fmt.Sprintf("kindly-%d", os.Getuid()), hex.EncodeToString(sum[:8])+".sock") // where kindly looks
	// The other user makes kindly's fallback folder first and binds the
	// socket kindly would use.
	other := exec.Command(python(), "-c", fakeDaemon, sock)
	other.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	other.Stderr = os.Stderr
	out, _ := other.StdoutPipe()
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Process.Kill(); other.Wait() })
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("the other user's program: %q %v", line, err)
	}
	run := func(args ...string) (string, error) {
		c := exec.Command(kindlyBin, args...)
		c.Env = append(os.Environ(), env...)
		b, err := c.CombinedOutput()
		return string(b), err
	}
	got, err := run("status")
	if strings.Contains(got, "999") || err == nil || !strings.Contains(got, "belongs to another user (uid 65534)") {
		t.Fatalf("kindly status with another user's socket folder: %v\n%s", err, got)
	}
}
