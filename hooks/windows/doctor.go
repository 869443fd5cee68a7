//go:build windows

package windows

import (
	"fmt"
	"time"

	"github.com/kindly-support/kindly/hooks"
)

// Checks are `kindly doctor`'s Windows facts: the hook receives kindly's
// own test event, the foreground window accepts kindly's input (not an
// administrator window), and which keyboard layout it uses.
func (b *Backend) Checks() []hooks.Check {
	var checks []hooks.Check
	var p plan
	b.mu.Lock()
	id := uint32(0xFFFFF)
	p.control(opPing, id)
	err := b.send(p)
	b.mu.Unlock()
	deadline := time.Now().Add(time.Second)
	for err == nil && b.hook.pinged.Load() != id && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	switch {
	case err != nil:
		checks = append(checks, hooks.Check{Name: "keyboard hook", Detail: "kindly cannot send input: " + err.Error(),
			Fix: "another program (antivirus, a remote-desktop tool) blocks SendInput; allow kindly.exe there"})
	case b.hook.pinged.Load() != id:
		checks = append(checks, hooks.Check{Name: "keyboard hook", Detail: "the low-level keyboard hook did not see kindly's test key within 1s",
			Fix: "another program blocks low-level hooks (antivirus, anti-cheat, a secure desktop); allow kindly.exe there"})
	default:
		checks = append(checks, hooks.Check{Name: "keyboard hook", OK: true, Detail: "WH_KEYBOARD_LL installed and receiving"})
	}
	fg := b.wins.get(foregroundWindow())
	if fg.elevated {
		checks = append(checks, hooks.Check{Name: "foreground window", Detail: appName(fg) + " runs as administrator: Windows drops kindly's typing there",
			Fix: "run kindly as administrator too, or that app without"})
	} else {
		checks = append(checks, hooks.Check{Name: "foreground window", OK: true, Detail: fmt.Sprintf("%s accepts kindly's input", appName(fg))})
	}
	layout := keyboardLayout(fg.tid)
	checks = append(checks, hooks.Check{Name: "keyboard layout", OK: layout != 0,
		Detail: fmt.Sprintf("layout %08X (language %04X)", uint32(layout>>16), uint16(layout)),
		Fix:    "no keyboard layout: check Settings > Time & language > Language"})
	return checks
}

// Checks opens the Windows backend for a moment and runs its checks (for
// `kindly doctor`, which may run beside the daemon: each has its own hook).
func Checks() []hooks.Check {
	b, err := open(hooks.Options{})
	if err != nil {
		return []hooks.Check{{Name: "keyboard hook", Detail: err.Error(),
			Fix: "another program blocks low-level keyboard hooks (antivirus, a secure desktop); allow kindly.exe there"}}
	}
	defer b.Close()
	return b.Checks()
}
