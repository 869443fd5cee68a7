package windows

import (
	"strings"
	"testing"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// describe renders a plan as readable steps: "u:é" a Unicode unit, "+X" /
// "-X" a virtual key down / up, "<hold 0>" a private event.
func describe(p plan) string {
	var out []string
	for _, e := range p.ev {
		op, id := ownOp(llkhfInjected, e.extra)
		switch {
		case e.flags&keyeventfUnicode != 0:
			if e.flags&keyeventfKeyUp == 0 {
				out = append(out, "u:"+string(rune(e.scan)))
			}
		case e.vk == vkKindly:
			if e.flags&keyeventfKeyUp == 0 {
				out = append(out, "<"+map[uint32]string{opHold: "hold", opRelease: "release", opMarker: "marker",
					opHoldMarker: "marker+hold", opReleaseMark: "marker+release", opPing: "ping", opAbandon: "abandon"}[op]+" "+string(rune('0'+id))+">")
			}
		default:
			sign := "+"
			if e.flags&keyeventfKeyUp != 0 {
				sign = "-"
			}
			name := map[uint16]string{vkBack: "BS", vkReturn: "Enter", vkTab: "Tab", vkLShift: "Shift", vkRShift: "Shift",
				vkLControl: "Ctrl", vkRControl: "Ctrl", vkLeft: "Left", vkInsert: "Ins", 'V': "V", 'C': "C",
				vkLMenu: "Alt", vkRMenu: "Alt", vkLWin: "Win", vkRWin: "Win", vkMask: "Mask"}[e.vk]
			switch op {
			case opLift:
				name += "^"
			case opSync:
				name += "~"
			}
			out = append(out, sign+name)
		}
	}
	return strings.Join(out, " ")
}

func TestPlanText(t *testing.T) {
	for _, c := range []struct {
		text       string
		shiftEnter bool
		want       string
	}{
		{"ab", false, "u:a u:b"},
		{"é—’", false, "u:é u:— u:’"},
		{"a\nb", false, "u:a +Enter -Enter u:b"},
		{"a\nb", true, "u:a +Shift +Enter -Enter -Shift u:b"},
		{"a\r\nb\tc", false, "u:a +Enter -Enter u:b +Tab -Tab u:c"},
	} {
		var p plan
		p.text(c.text, c.shiftEnter)
		if got := describe(p); got != c.want {
			t.Errorf("text(%q, shiftEnter %v):\n got %s\nwant %s", c.text, c.shiftEnter, got, c.want)
		}
	}
}

func TestPlanSurrogates(t *testing.T) {
	var p plan
	p.text("😀", false)
	if len(p.ev) != 4 || p.ev[0].scan != 0xD83D || p.ev[2].scan != 0xDE00 {
		t.Fatalf("😀 is not sent as the pair D83D DE00: %+v", p.ev)
	}
	for _, e := range p.ev {
		if e.flags&keyeventfUnicode == 0 || e.extra != mark(opType, 0) {
			t.Fatalf("event %+v is not kindly's own Unicode typing", e)
		}
	}
}

func TestPlanReplay(t *testing.T) {
	vkFor := func(r rune) (uint16, bool, bool) {
		if r >= 'a' && r <= 'z' {
			return uint16(r - 'a' + 'A'), false, true
		}
		return 0, false, false
	}
	for _, c := range []struct {
		k    expander.Key
		want string
	}{
		{expander.Key{Rune: 'x'}, "u:x"},
		{expander.Key{Rune: 'é'}, "u:é"},
		{expander.Key{Rune: 'c', Mods: expander.Ctrl}, "+Ctrl +C -C -Ctrl"},
		{expander.Key{Rune: 'v', Mods: expander.Ctrl | expander.Shift}, "+Ctrl +Shift +V -V -Shift -Ctrl"},
		{expander.Key{Special: expander.Backspace}, "+BS -BS"},
		{expander.Key{Special: expander.Left, Mods: expander.Shift}, "+Shift +Left -Left -Shift"},
		{expander.Key{Special: expander.Click}, ""},
	} {
		var p plan
		p.replay(c.k, vkFor)
		if got := describe(p); got != c.want {
			t.Errorf("replay(%+v):\n got %s\nwant %s", c.k, got, c.want)
		}
	}
}

func TestPlanModifiers(t *testing.T) {
	var p plan
	p.lift(true)
	p.tap(vkBack)
	p.sync()
	// Alt's release is masked (no menu); lifting and giving back are
	// conditional events the hook decides on.
	want := "+Mask -Mask -Shift^ -Shift^ -Ctrl^ -Ctrl^ -Alt^ -Alt^ -Win^ -Win^ +BS -BS " +
		"+Shift~ -Shift~ +Shift~ -Shift~ +Ctrl~ -Ctrl~ +Ctrl~ -Ctrl~ +Alt~ -Alt~ +Alt~ -Alt~ +Win~ -Win~ +Win~ -Win~"
	if got := describe(p); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var q plan
	q.pasteKeys(hooks.PasteShiftIns)
	q.pasteKeys(hooks.PasteCtrlV)
	if got, want := describe(q), "+Shift +Ins -Ins -Shift +Ctrl +V -V -Ctrl"; got != want {
		t.Errorf("paste keys: got %s\nwant %s", got, want)
	}
}

func TestMarks(t *testing.T) {
	for _, op := range []uint32{opType, opHold, opRelease, opMarker, opHoldMarker, opReleaseMark, opPing, opLift, opAbandon, opSync} {
		for _, id := range []uint32{0, 1, 0xFFFFF} {
			gotOp, gotID := ownOp(llkhfInjected, mark(op, id))
			if gotOp != op || gotID != id {
				t.Errorf("mark(%d, %d) reads back as %d, %d", op, id, gotOp, gotID)
			}
		}
	}
	// Not injected, or another program's extra info: not kindly's.
	if op, _ := ownOp(0, mark(opMarker, 1)); op != 0 {
		t.Error("a key that was not injected counts as kindly's")
	}
	for _, extra := range []uintptr{0, 1, 0x12345678, 0xFFFFFFFF} {
		if op, _ := ownOp(llkhfInjected, extra); op != 0 {
			t.Errorf("extra info %#x counts as kindly's", extra)
		}
	}
}

func TestCompose(t *testing.T) {
	for _, c := range []struct {
		dead, r rune
		want    rune
		ok      bool
	}{
		{'^', 'e', 'ê', true},
		{'´', 'e', 'é', true},
		{'`', 'a', 'à', true},
		{'¨', 'u', 'ü', true},
		{'~', 'n', 'ñ', true},
		{'^', ' ', '^', true},
		{'^', 'x', 0, false},
		{'¸', 'c', 'ç', true},
	} {
		got, ok := compose(c.dead, c.r)
		if got != c.want || ok != c.ok {
			t.Errorf("compose(%q, %q) = %q, %v; want %q, %v", c.dead, c.r, got, ok, c.want, c.ok)
		}
	}
}

func TestDefaultApps(t *testing.T) {
	apps := hooks.NewApps(nil, DefaultApps)
	for _, c := range []struct {
		app  hooks.App
		want func(hooks.AppConfig) bool
		what string
	}{
		{hooks.App{Class: "KeePass.exe"}, func(c hooks.AppConfig) bool { return c.Off }, "off in KeePass"},
		{hooks.App{Class: "CredentialUIBroker.exe"}, func(c hooks.AppConfig) bool { return c.Off }, "off in a credential prompt"},
		{hooks.App{Class: "msedge.exe", Title: "New tab - [InPrivate] - Microsoft Edge"}, func(c hooks.AppConfig) bool { return c.Off }, "off in an InPrivate window"},
		{hooks.App{Class: "msedge.exe", Title: "Help desk"}, func(c hooks.AppConfig) bool { return !c.Off && c.ShiftEnter }, "Shift+Enter in Edge"},
		{hooks.App{Class: "cmd.exe", Instance: "ConsoleWindowClass"}, func(c hooks.AppConfig) bool { return c.Paste == hooks.PasteShiftIns && c.NoCaret }, "Shift+Insert in a console"},
		{hooks.App{Class: "notepad.exe", Instance: "Notepad"}, func(c hooks.AppConfig) bool { return !c.Off && c.Paste == hooks.PasteCtrlV }, "Ctrl+V in Notepad"},
	} {
		if !c.want(apps.For(c.app)) {
			t.Errorf("%s: %+v", c.what, apps.For(c.app))
		}
	}
}
