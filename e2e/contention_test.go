package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// rounds is how many commands of each kind start together.
const rounds = 20

// kindlyAt runs the real binary on home (no display needed).
func kindlyAt(home string, args ...string) (string, error) {
	c := exec.Command(kindlyBin, append([]string{"--home", home}, args...)...)
	c.Env = append(os.Environ(), "KINDLY_HOME="+home)
	out, err := c.CombinedOutput()
	return string(out), err
}

// together runs n commands at once and returns their outputs and errors.
func together(n int, run func(i int) (string, error)) ([]string, []error) {
	outs, errs := make([]string, n), make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			outs[i], errs[i] = run(i)
		}()
	}
	close(start)
	wg.Wait()
	return outs, errs
}

// Twenty `kindly add ;aN` and twenty `kindly add ;bN` started together on
// one home: every add that says it added its snippet has it in the file.
// Before the edit lock, one or two of them were lost while reporting success.
func TestConcurrentAddsLoseNothing(t *testing.T) {
	home := t.TempDir()
	outs, errs := together(2*rounds, func(i int) (string, error) {
		trig := fmt.Sprintf(";a%d", i/2)
		if i%2 == 1 {
			trig = fmt.Sprintf(";b%d", i/2)
		}
		return kindlyAt(home, "add", trig, "--replace", "reply for "+trig)
	})
	out, err := kindlyAt(home, "list", "--json")
	if err != nil {
		t.Fatalf("list: %v\n%s", err, out)
	}
	for i := range 2 * rounds {
		trig := fmt.Sprintf(";a%d", i/2)
		if i%2 == 1 {
			trig = fmt.Sprintf(";b%d", i/2)
		}
		if errs[i] != nil {
			t.Errorf("add %s failed: %v\n%s", trig, errs[i], outs[i])
			continue
		}
		if !strings.Contains(out, `"`+trig+`"`) {
			t.Errorf("add %s said %q but the library does not have it", trig, strings.TrimSpace(outs[i]))
		}
	}
}

// Twenty pairs of `kindly profile set` at once: every key set is there.
func TestConcurrentProfileSetsLoseNothing(t *testing.T) {
	home := t.TempDir()
	outs, errs := together(2*rounds, func(i int) (string, error) {
		return kindlyAt(home, "profile", "set", fmt.Sprintf("key%d", i), fmt.Sprintf("value %d", i))
	})
	b, err := os.ReadFile(filepath.Join(home, "config.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 * rounds {
		if errs[i] != nil {
			t.Errorf("profile set key%d failed: %v\n%s", i, errs[i], outs[i])
			continue
		}
		if !strings.Contains(string(b), fmt.Sprintf("key%d: value %d\n", i, i)) {
			t.Errorf("profile set key%d succeeded but config.yml lacks it:\n%s", i, b)
		}
	}
}

// Twenty pairs of `kindly pack add` at once: every pack that was added is
// pinned in packs.lock and listed, and no folder is left in packs/ that
// packs.lock does not know.
func TestConcurrentPackAddsLoseNothing(t *testing.T) {
	need(t, "git")
	home, src := t.TempDir(), t.TempDir()
	repo := filepath.Join(src, "team")
	copyDir(t, "../examples/team-pack", repo)
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "."}, {"commit", "-q", "-m", "replies"}} {
		c := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=Lead", "-c", "user.email=lead@example.com"}, args...)...)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	outs, errs := together(2*rounds, func(i int) (string, error) {
		return kindlyAt(home, "pack", "add", "file://"+repo, "--name", fmt.Sprintf("p%d", i))
	})
	lock, err := os.ReadFile(filepath.Join(home, "packs.lock"))
	if err != nil {
		t.Fatal(err)
	}
	list, _ := kindlyAt(home, "pack", "list")
	for i := range 2 * rounds {
		name := fmt.Sprintf("p%d", i)
		if errs[i] != nil {
			t.Errorf("pack add %s failed: %v\n%s", name, errs[i], outs[i])
			continue
		}
		if !strings.Contains(string(lock), "name: "+name+"\n") {
			t.Errorf("pack add %s said %q but packs.lock does not pin it", name, strings.TrimSpace(outs[i]))
		}
		if !strings.Contains(list, name) {
			t.Errorf("pack list does not show %s", name)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(home, "packs"))
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") && !strings.Contains(string(lock), "name: "+e.Name()+"\n") {
			t.Errorf("packs/%s is installed but packs.lock does not know it", e.Name())
		}
	}
}
