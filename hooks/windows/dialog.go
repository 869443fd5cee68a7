//go:build windows

package windows

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"

	win "golang.org/x/sys/windows"

	"github.com/kindly-support/kindly/hooks"
)

// The fill-in dialog is a plain Win32 window with standard controls (edit,
// multi-line edit, drop-down list, tick box), run on its own locked thread:
// Tab and Shift+Tab move between fields, Enter inserts (Ctrl+Enter in a
// multi-line box, where Enter adds a line), Esc cancels. It takes the
// keyboard focus and gives it back to the window that had it.

const (
	wsOverlapped   = 0x00000000
	wsCaption      = 0x00C00000
	wsSysMenu      = 0x00080000
	wsChild        = 0x40000000
	wsVisible      = 0x10000000
	wsTabStop      = 0x00010000
	wsBorder       = 0x00800000
	wsVScroll      = 0x00200000
	wsExTopmost    = 0x00000008
	wsExDlgModal   = 0x00000001
	wsExClientEdge = 0x00000200
	esMultiline    = 0x0004
	esAutoVScroll  = 0x0040
	esAutoHScroll  = 0x0080
	esWantReturn   = 0x1000
	cbsDropDownLst = 0x0003
	bsPushButton   = 0x0000
	bsDefPush      = 0x0001
	bsAutoCheckbox = 0x0003
	cbAddString    = 0x0143
	cbGetCurSel    = 0x0147
	cbSetCurSel    = 0x014E
	cbGetLBText    = 0x0148
	cbGetLBTextLen = 0x0149
	bmGetCheck     = 0x00F0
	bmSetCheck     = 0x00F1
	emSetSel       = 0x00B1
	idOK           = 1
	idCancel       = 2
	swShow         = 5
	smCxScreen     = 0
	smCyScreen     = 1
	defaultGUIFont = 17
	wmSetText      = 0x000C
	wmKeyDownMsg   = 0x0100
	wmSetFocusMsg  = 0x0007
)

type dialog struct {
	hwnd    uintptr
	fields  []hooks.Field
	ctrls   []uintptr
	values  map[string]string
	focus   uintptr // the field with the keyboard focus
	ok      bool
	focused time.Time
}

var (
	dialogs       sync.Map // hwnd → *dialog
	dialogWndProc = win.NewCallback(dialogProc)

	procGetNextDlgTabItem = user32.NewProc("GetNextDlgTabItem")
	dialogClass           sync.Once
	dialogClassErr        error
)

const dialogClassName = "kindlyFillIn"

// Ask shows one dialog for all fields; see hooks.Asker.
func (b *Backend) Ask(title string, fields []hooks.Field) (hooks.Answer, error) {
	prev := foregroundWindow()
	type result struct {
		ans hooks.Answer
		err error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		ans, err := runDialog(title, fields, prev)
		done <- result{ans, err}
	}()
	r := <-done
	if prev != 0 {
		focusWindow(prev)
	}
	// The dialog has let go once the app has the focus back (that focus
	// change is the dialog's too).
	r.ans.Closed = time.Now()
	return r.ans, r.err
}

func runDialog(title string, fields []hooks.Field, prev uintptr) (hooks.Answer, error) {
	dialogClass.Do(func() {
		name, _ := win.UTF16PtrFromString(dialogClassName)
		wc := wndclassex{wndProc: dialogWndProc, className: name, background: 16 /* COLOR_BTNFACE+1 */}
		wc.size = uint32(unsafe.Sizeof(wc))
		if r, _, err := procRegisterClassEx.Call(uintptr(unsafe.Pointer(&wc))); r == 0 {
			dialogClassErr = fmt.Errorf("register the dialog window class: %w", err)
		}
	})
	if dialogClassErr != nil {
		return hooks.Answer{}, dialogClassErr
	}
	d := &dialog{fields: fields}
	const width, margin, labelH, rowGap = 440, 12, 18, 8
	inner := width - 2*margin
	// Lay the fields out top to bottom.
	type place struct{ y, h int }
	var rows []place
	y := margin
	for _, f := range fields {
		h := 24
		switch {
		case f.Multiline:
			h = 80
		case f.Check:
			h = 22
		}
		if f.Check {
			rows = append(rows, place{y, h})
			y += h + rowGap
			continue
		}
		rows = append(rows, place{y + labelH, h})
		y += labelH + h + rowGap
	}
	buttonsY := y + 4
	clientH := buttonsY + 28 + margin
	// The window's frame adds a caption and borders.
	winH := clientH + 40
	sw, _, _ := procGetSystemMetrics.Call(smCxScreen)
	sh, _, _ := procGetSystemMetrics.Call(smCyScreen)
	x0, y0 := (int(sw)-width)/2, (int(sh)-winH)/3

	cls, _ := win.UTF16PtrFromString(dialogClassName)
	t, _ := win.UTF16PtrFromString(title)
	h, _, err := procCreateWindowEx.Call(wsExTopmost|wsExDlgModal, uintptr(unsafe.Pointer(cls)), uintptr(unsafe.Pointer(t)),
		wsOverlapped|wsCaption|wsSysMenu, uintptr(x0), uintptr(y0), width+16, uintptr(winH), 0, 0, 0, 0)
	if h == 0 {
		return hooks.Answer{}, fmt.Errorf("create the fill-in dialog: %w", err)
	}
	d.hwnd = h
	dialogs.Store(h, d)
	defer dialogs.Delete(h)
	font, _, _ := procGetStockObject.Call(defaultGUIFont)
	child := func(class, text string, style uint32, exStyle uint32, x, y, w, hgt int, id int) uintptr {
		c, _ := win.UTF16PtrFromString(class)
		tx, _ := win.UTF16PtrFromString(text)
		hw, _, _ := procCreateWindowEx.Call(uintptr(exStyle), uintptr(unsafe.Pointer(c)), uintptr(unsafe.Pointer(tx)),
			uintptr(wsChild|wsVisible|style), uintptr(x), uintptr(y), uintptr(w), uintptr(hgt), h, uintptr(id), 0, 0)
		sendMessage(hw, wmSetFont, font, 1)
		return hw
	}
	for i, f := range fields {
		label := f.Label
		if label == "" {
			label = f.Name
		}
		r := rows[i]
		var c uintptr
		switch {
		case f.Check:
			c = child("BUTTON", label, bsAutoCheckbox|wsTabStop, 0, margin, r.y, inner, r.h, 100+i)
			if f.Default == "true" || f.Default == "TRUE" {
				sendMessage(c, bmSetCheck, 1, 0)
			}
		case len(f.Choices) > 0:
			child("STATIC", label, 0, 0, margin, r.y-labelH, inner, labelH-2, 0)
			c = child("COMBOBOX", "", cbsDropDownLst|wsTabStop|wsVScroll, 0, margin, r.y, inner, 200, 100+i)
			sel := 0
			for j, ch := range f.Choices {
				p, _ := win.UTF16PtrFromString(ch)
				sendMessage(c, cbAddString, 0, uintptr(unsafe.Pointer(p)))
				if ch == f.Default {
					sel = j
				}
			}
			sendMessage(c, cbSetCurSel, uintptr(sel), 0)
		case f.Multiline:
			child("STATIC", label, 0, 0, margin, r.y-labelH, inner, labelH-2, 0)
			c = child("EDIT", strings.ReplaceAll(f.Default, "\n", "\r\n"),
				esMultiline|esAutoVScroll|esWantReturn|wsVScroll|wsTabStop, wsExClientEdge, margin, r.y, inner, r.h, 100+i)
		default:
			child("STATIC", label, 0, 0, margin, r.y-labelH, inner, labelH-2, 0)
			c = child("EDIT", f.Default, esAutoHScroll|wsTabStop, wsExClientEdge, margin, r.y, inner, r.h, 100+i)
			sendMessage(c, emSetSel, 0, ^uintptr(0))
		}
		d.ctrls = append(d.ctrls, c)
	}
	child("BUTTON", "Cancel", bsPushButton|wsTabStop, 0, width-margin-2*96-8, buttonsY, 96, 28, idCancel)
	child("BUTTON", "Insert", bsDefPush|wsTabStop, 0, width-margin-96, buttonsY, 96, 28, idOK)

	// From here on keys are the dialog's (the focus change to it included).
	d.focused = time.Now()
	procShowWindow.Call(h, swShow)
	procUpdateWindow.Call(h)
	focusWindow(h)
	if len(d.ctrls) > 0 {
		procSetFocus.Call(d.ctrls[0])
	}

	var m msg
	for {
		r, _, _ := procGetMessage.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0)
		if int32(r) <= 0 {
			break
		}
		if m.message == wmKeyDownMsg {
			switch {
			case m.wParam == vkReturn && asyncKeyDown(vkControl):
				// Ctrl+Enter inserts from anywhere, a multi-line box included.
				d.finish(true)
				continue
			case m.wParam == vkTab && d.multiline(m.hwnd):
				// A multi-line box would take Tab as a character: Tab moves
				// on, as everywhere else in the dialog.
				prev := uintptr(0)
				if asyncKeyDown(vkShift) {
					prev = 1
				}
				next, _, _ := procGetNextDlgTabItem.Call(h, m.hwnd, prev)
				if next != 0 {
					procSetFocus.Call(next)
				}
				continue
			}
		}
		if r, _, _ := procIsDialogMessage.Call(h, uintptr(unsafe.Pointer(&m))); r != 0 {
			d.noteFocus()
			continue
		}
		procTranslateMessage.Call(uintptr(unsafe.Pointer(&m)))
		procDispatchMessage.Call(uintptr(unsafe.Pointer(&m)))
		d.noteFocus()
	}
	ans := hooks.Answer{OK: d.ok, Values: d.values, Focused: d.focused}
	return ans, nil
}

// noteFocus remembers which field has the keyboard focus.
func (d *dialog) noteFocus() {
	f, _, _ := procGetFocus.Call()
	if f == 0 {
		return
	}
	for _, c := range d.ctrls {
		if c == f {
			d.focus = f
		}
	}
}

// multiline reports whether hwnd is one of the dialog's multi-line boxes.
func (d *dialog) multiline(hwnd uintptr) bool {
	for i, c := range d.ctrls {
		if c == hwnd {
			return d.fields[i].Multiline
		}
	}
	return false
}

// finish reads the answers (ok) and closes the dialog.
func (d *dialog) finish(ok bool) {
	if ok && d.values == nil {
		d.values = map[string]string{}
		for i, f := range d.fields {
			c := d.ctrls[i]
			switch {
			case f.Check:
				v := sendMessage(c, bmGetCheck, 0, 0)
				d.values[f.Name] = map[bool]string{true: "true", false: "false"}[v == 1]
			case len(f.Choices) > 0:
				sel := sendMessage(c, cbGetCurSel, 0, 0)
				n := sendMessage(c, cbGetLBTextLen, sel, 0)
				if int(n) < 0 {
					d.values[f.Name] = ""
					continue
				}
				buf := make([]uint16, n+1)
				sendMessage(c, cbGetLBText, sel, uintptr(unsafe.Pointer(&buf[0])))
				d.values[f.Name] = win.UTF16ToString(buf)
			default:
				d.values[f.Name] = strings.ReplaceAll(windowText(c), "\r\n", "\n")
			}
		}
		d.ok = true
	}
	procDestroyWindow.Call(d.hwnd)
}

func dialogProc(hwnd uintptr, m uint32, w, l uintptr) uintptr {
	v, found := dialogs.Load(hwnd)
	if found {
		d := v.(*dialog)
		switch m {
		case wmCommand:
			switch w & 0xFFFF {
			case idOK:
				d.finish(true)
				return 0
			case idCancel:
				d.finish(false)
				return 0
			}
		case wmClose:
			d.finish(false)
			return 0
		case wmSetFocusMsg:
			// Activated again (a click, Alt+Tab, a window manager under
			// wine): the keyboard goes to the field that had it.
			f := d.focus
			if f == 0 && len(d.ctrls) > 0 {
				f = d.ctrls[0]
			}
			if f != 0 {
				procSetFocus.Call(f)
			}
			return 0
		case wmDestroy:
			procPostQuitMessage.Call(0)
			return 0
		}
	}
	r, _, _ := procDefWindowProc.Call(hwnd, uintptr(m), w, l)
	return r
}

// focusWindow brings hwnd to the front with the keyboard focus. Windows
// lets only the foreground thread do that, so kindly joins its input
// state to that thread's for the moment.
func focusWindow(hwnd uintptr) {
	fg := foregroundWindow()
	self := win.GetCurrentThreadId()
	var fgThread uint32
	if fg != 0 {
		fgThread, _ = win.GetWindowThreadProcessId(win.HWND(fg), nil)
	}
	if fgThread != 0 && fgThread != self {
		procAttachThreadInput.Call(uintptr(self), uintptr(fgThread), 1)
		defer procAttachThreadInput.Call(uintptr(self), uintptr(fgThread), 0)
	}
	procBringWindowToTop.Call(hwnd)
	procSetForegroundWindow.Call(hwnd)
}
