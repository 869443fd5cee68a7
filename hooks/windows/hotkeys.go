//go:build windows

package windows

import (
	"fmt"
	"strings"
)

// GrabHotkey makes spec ("ctrl+alt+shift+p") a global hotkey
// (RegisterHotKey); each press arrives as a HotkeyEvent named name.
func (b *Backend) GrabHotkey(name, spec string) error {
	mods, vk, err := parseHotkey(spec)
	if err != nil {
		return err
	}
	b.hkMu.Lock()
	id := b.nextHK
	b.nextHK++
	b.hkMu.Unlock()
	var callErr error
	if err := b.hook.thread.do(func() {
		r, _, e := procRegisterHotKey.Call(0, uintptr(id), uintptr(mods|modNoRepeat), uintptr(vk))
		if r == 0 {
			callErr = fmt.Errorf("hotkey %q is taken by another program: %v", spec, e)
		}
	}); err != nil {
		return err
	}
	if callErr != nil {
		return callErr
	}
	b.hkMu.Lock()
	b.hotkeys[id] = name
	b.hkMu.Unlock()
	return nil
}

// parseHotkey reads "ctrl+alt+shift+p" into RegisterHotKey's modifiers and
// virtual key. Letters and digits only (and space, F1–F12): those are the
// same key in every layout.
func parseHotkey(spec string) (mods, vk uint32, err error) {
	for _, part := range strings.Split(strings.ToLower(spec), "+") {
		switch part {
		case "ctrl", "control":
			mods |= modControl
		case "shift":
			mods |= modShift
		case "alt":
			mods |= modAlt
		case "super", "meta", "win":
			mods |= modWin
		case "space":
			vk = vkSpace
		default:
			r := []rune(part)
			switch {
			case vk != 0:
				return 0, 0, fmt.Errorf("hotkey %q: two keys (%q)", spec, part)
			case len(r) == 1 && r[0] >= 'a' && r[0] <= 'z':
				vk = uint32(r[0] - 'a' + 'A')
			case len(r) == 1 && r[0] >= '0' && r[0] <= '9':
				vk = uint32(r[0])
			case len(part) >= 2 && part[0] == 'f':
				var n int
				if _, e := fmt.Sscanf(part[1:], "%d", &n); e == nil && n >= 1 && n <= 24 {
					vk = uint32(0x70 + n - 1)
					continue
				}
				fallthrough
			default:
				return 0, 0, fmt.Errorf("hotkey %q: %q is not a modifier (ctrl, shift, alt, win) or a letter, digit, space or F-key", spec, part)
			}
		}
	}
	if vk == 0 || mods == 0 {
		return 0, 0, fmt.Errorf("hotkey %q: needs at least one modifier and one key", spec)
	}
	return mods, vk, nil
}
