//go:build linux

package x11

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// The clipboard handoff. After a pasted reply kindly owns the selection and
// serves the user's saved content from memory; when kindly stops owning it
// (kindly stop, SIGTERM, a lost X connection) that content would die with the
// process, so Close hands it on first:
//
//  1. to the clipboard manager, when one runs (it owns CLIPBOARD_MANAGER):
//     kindly asks it to SAVE_TARGETS, the freedesktop clipboard manager
//     protocol, and the manager copies every format and serves it itself;
//  2. otherwise to a small helper: this same program started again with
//     KINDLY_CLIPBOARD_KEEPER set, given the content on standard input, which
//     owns the selection and serves it until the next copy (another owner)
//     and then exits.
//
// After a lost connection only the helper can do it: it connects anew.
// Nothing survives kill -9: the X server drops the selection with the
// connection, and the clipboard is empty unless a clipboard manager had
// already copied it.

// KeeperEnv, when set, makes the program the clipboard keeper (see
// RunClipboardKeeper).
const KeeperEnv = "KINDLY_CLIPBOARD_KEEPER"

// handoffTimeout bounds how long Close waits for the helper; managerTimeout
// for a clipboard manager's answer to SAVE_TARGETS (some own
// CLIPBOARD_MANAGER but never answer: xfce4-clipman caches on every owner
// change instead, and then the helper takes over).
const (
	handoffTimeout = 2 * time.Second
	managerTimeout = time.Second
)

// handoff is what the helper is given: per selection, every format.
type handoff struct {
	From       uint32       `json:"from"` // kindly's window: the keeper takes the selections from it
	Selections []handoffSel `json:"selections"`
}

type handoffSel struct {
	Name    string          `json:"name"` // CLIPBOARD or PRIMARY
	Targets []handoffTarget `json:"targets"`
}

type handoffTarget struct {
	Name string `json:"name"` // the target (UTF8_STRING, text/html…)
	Type string `json:"type"` // the property type to answer with
	Data []byte `json:"data"`
}

// userContent is what kindly serves for sel that is the user's (not a reply
// it is pasting): the saved content when a restore is pending, else what it
// owns, unless that is a reply.
func (x *X11) userContent(sel xproto.Atom) *content {
	x.sel.Lock()
	defer x.sel.Unlock()
	if saved, ok := x.sel.saved[sel]; ok {
		if saved == nil || saved.none {
			return nil
		}
		return saved.content
	}
	if c := x.sel.owned[sel]; c != nil && !c.reply {
		return c
	}
	return nil
}

// atomName names an atom (for the helper, which has its own connection).
func (x *X11) atomName(a xproto.Atom, alive bool) string {
	if n, ok := x.known[a]; ok {
		return n
	}
	if alive {
		if r, err := xproto.GetAtomName(x.c, a).Reply(); err == nil {
			return r.Name
		}
	}
	return ""
}

// handOff gives the user's content of every selection kindly still owns to
// the clipboard manager or the helper. alive is false when the connection
// is already gone (then kindly owns nothing any more, and the helper takes
// the selections if nobody else did meanwhile). Call it with x.mu held.
func (x *X11) handOff(alive bool) {
	x.sel.Lock()
	for _, t := range x.sel.restore {
		t.Stop()
	}
	x.sel.Unlock()
	h := handoff{From: uint32(x.win)}
	for _, sel := range []xproto.Atom{x.atomClipboard, x.atomPrimary} {
		if alive {
			o, err := xproto.GetSelectionOwner(x.c, sel).Reply()
			if err != nil || o.Owner != x.win {
				continue
			}
		}
		c := x.userContent(sel)
		if c == nil {
			continue
		}
		if alive && sel == x.atomClipboard && x.saveToManager(c) {
			continue
		}
		hs := handoffSel{Name: x.atomName(sel, alive)}
		for _, t := range c.targets {
			name, typ := x.atomName(t, alive), x.atomName(c.typ[t], alive)
			if name == "" {
				continue
			}
			if typ == "" {
				typ = name
			}
			hs.Targets = append(hs.Targets, handoffTarget{Name: name, Type: typ, Data: c.data[t]})
		}
		if len(hs.Targets) > 0 {
			h.Selections = append(h.Selections, hs)
		}
	}
	if len(h.Selections) == 0 {
		return
	}
	if err := startKeeper(h); err != nil && x.logf != nil {
		x.logf("clipboard: could not give your clipboard back: %v", err)
	}
}

// saveToManager asks a running clipboard manager to take over CLIPBOARD's
// content c; true once it said it did.
func (x *X11) saveToManager(c *content) bool {
	mgr := x.atom("CLIPBOARD_MANAGER")
	o, err := xproto.GetSelectionOwner(x.c, mgr).Reply()
	if err != nil || o.Owner == xproto.WindowNone {
		return false
	}
	x.sel.Lock()
	x.sel.owned[x.atomClipboard] = c // serve the user's content while it copies
	x.sel.Unlock()
	save := x.atom("SAVE_TARGETS")
	for len(x.notify) > 0 {
		<-x.notify
	}
	// The targets to save, in the property the manager reads them from.
	buf := make([]byte, 4*len(c.targets))
	for i, a := range c.targets {
		xgb.Put32(buf[4*i:], uint32(a))
	}
	xproto.ChangeProperty(x.c, xproto.PropModeReplace, x.win, x.atomProp, xproto.AtomAtom, 32, uint32(len(c.targets)), buf)
	xproto.ConvertSelection(x.c, x.win, mgr, save, x.atomProp, xproto.TimeCurrentTime)
	deadline := time.After(managerTimeout)
	for {
		select {
		case n := <-x.notify:
			if n.Selection == mgr && n.Target == save {
				return n.Property != xproto.AtomNone
			}
		case <-deadline:
			return false
		case <-x.dead:
			return false
		}
	}
}

// startKeeper starts the helper that keeps h, and waits until it owns the
// selections (or says it could not).
func startKeeper(h handoff) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	data, err := json.Marshal(h)
	if err != nil {
		return err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), KeeperEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // outlives kindly and its terminal
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		in.Write(data)
		in.Close()
	}()
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		answer <- strings.TrimSpace(line)
	}()
	defer cmd.Process.Release()
	select {
	case a := <-answer:
		if a != "ok" {
			return fmt.Errorf("the clipboard keeper: %s", a)
		}
		return nil
	case <-time.After(handoffTimeout):
		return errors.New("the clipboard keeper did not answer")
	}
}

// IsClipboardKeeper reports whether this process was started as the
// clipboard keeper (KeeperEnv is set).
func IsClipboardKeeper() bool { return os.Getenv(KeeperEnv) != "" }

// RunClipboardKeeper is the helper kindly starts when it stops owning a
// selection with the user's content and no clipboard manager takes it: it
// reads the content from standard input, owns each selection nobody else
// owns yet, answers "ok" on standard output, and serves the content until
// every selection has a new owner (the user copied something) or the X
// server goes away. It returns the exit code.
func RunClipboardKeeper() int {
	var h handoff
	if err := json.NewDecoder(io.LimitReader(os.Stdin, 2*maxSaved)).Decode(&h); err != nil {
		fmt.Println("read the clipboard:", err)
		return 1
	}
	c, err := xgb.NewConn()
	if err != nil {
		fmt.Println("connect to the X display:", err)
		return 1
	}
	defer c.Close()
	x := &X11{c: c, dead: make(chan struct{}), notify: make(chan xproto.SelectionNotifyEvent, 4),
		props: make(chan xproto.PropertyNotifyEvent, 64), windows: make(chan struct{}, 1),
		hotkeys: map[hotkey]string{}, hotkeyC: make(chan string, 4), focusCache: map[xproto.Window]*windowInfo{}}
	x.sel.owned = map[xproto.Atom]*content{}
	x.sel.saved = map[xproto.Atom]*savedSel{}
	x.sel.incr = map[incrKey]*incrTransfer{}
	x.sel.pending = map[xproto.Atom]chan struct{}{}
	x.sel.restore = map[xproto.Atom]*time.Timer{}
	x.sel.cleared = make(chan struct{}, 4)
	x.root = xproto.Setup(c).DefaultScreen(c).Root
	if err := x.initWindow(); err != nil {
		fmt.Println(err)
		return 1
	}
	owned := 0
	for _, s := range h.Selections {
		sel := x.atom(s.Name)
		if o, err := xproto.GetSelectionOwner(c, sel).Reply(); err != nil || o.Owner != xproto.WindowNone && o.Owner != xproto.Window(h.From) {
			continue // someone copied meanwhile
		}
		ct := &content{data: map[xproto.Atom][]byte{}, typ: map[xproto.Atom]xproto.Atom{}}
		for _, t := range s.Targets {
			a := x.atom(t.Name)
			ct.targets = append(ct.targets, a)
			ct.data[a], ct.typ[a] = t.Data, x.atom(t.Type)
		}
		x.sel.owned[sel] = ct
		xproto.SetSelectionOwner(c, x.win, sel, xproto.TimeCurrentTime)
		if o, err := xproto.GetSelectionOwner(c, sel).Reply(); err == nil && o.Owner == x.win {
			owned++
		} else {
			delete(x.sel.owned, sel)
		}
	}
	go x.events()
	fmt.Println("ok")
	os.Stdout.Close()
	if owned == 0 {
		return 0
	}
	for {
		select {
		case <-x.dead:
			return 0
		case <-x.sel.cleared:
			x.sel.Lock()
			n := len(x.sel.owned)
			x.sel.Unlock()
			if n == 0 {
				return 0
			}
		}
	}
}
