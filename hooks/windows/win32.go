//go:build windows

package windows

import (
	"unsafe"

	win "golang.org/x/sys/windows"
)

// The user32, kernel32 and gdi32 calls x/sys/windows does not wrap.
var (
	user32   = win.NewLazySystemDLL("user32.dll")
	kernel32 = win.NewLazySystemDLL("kernel32.dll")
	gdi32    = win.NewLazySystemDLL("gdi32.dll")

	procSetWindowsHookEx      = user32.NewProc("SetWindowsHookExW")
	procUnhookWindowsHookEx   = user32.NewProc("UnhookWindowsHookEx")
	procCallNextHookEx        = user32.NewProc("CallNextHookEx")
	procGetMessage            = user32.NewProc("GetMessageW")
	procPeekMessage           = user32.NewProc("PeekMessageW")
	procTranslateMessage      = user32.NewProc("TranslateMessage")
	procDispatchMessage       = user32.NewProc("DispatchMessageW")
	procPostThreadMessage     = user32.NewProc("PostThreadMessageW")
	procPostMessage           = user32.NewProc("PostMessageW")
	procSendMessage           = user32.NewProc("SendMessageW")
	procSendInput             = user32.NewProc("SendInput")
	procToUnicodeEx           = user32.NewProc("ToUnicodeEx")
	procGetKeyboardLayout     = user32.NewProc("GetKeyboardLayout")
	procVkKeyScanEx           = user32.NewProc("VkKeyScanExW")
	procMapVirtualKeyEx       = user32.NewProc("MapVirtualKeyExW")
	procGetWindowText         = user32.NewProc("GetWindowTextW")
	procGetWindowTextLength   = user32.NewProc("GetWindowTextLengthW")
	procRegisterHotKey        = user32.NewProc("RegisterHotKey")
	procUnregisterHotKey      = user32.NewProc("UnregisterHotKey")
	procOpenClipboard         = user32.NewProc("OpenClipboard")
	procCloseClipboard        = user32.NewProc("CloseClipboard")
	procEmptyClipboard        = user32.NewProc("EmptyClipboard")
	procEnumClipboardFormats  = user32.NewProc("EnumClipboardFormats")
	procGetClipboardData      = user32.NewProc("GetClipboardData")
	procSetClipboardData      = user32.NewProc("SetClipboardData")
	procGetClipboardOwner     = user32.NewProc("GetClipboardOwner")
	procIsClipboardFmtAvail   = user32.NewProc("IsClipboardFormatAvailable")
	procRegisterClassEx       = user32.NewProc("RegisterClassExW")
	procCreateWindowEx        = user32.NewProc("CreateWindowExW")
	procDefWindowProc         = user32.NewProc("DefWindowProcW")
	procDestroyWindow         = user32.NewProc("DestroyWindow")
	procSetWinEventHook       = user32.NewProc("SetWinEventHook")
	procUnhookWinEvent        = user32.NewProc("UnhookWinEvent")
	procGetAsyncKeyState      = user32.NewProc("GetAsyncKeyState")
	procGetKeyState           = user32.NewProc("GetKeyState")
	procSetForegroundWindow   = user32.NewProc("SetForegroundWindow")
	procGetDlgItem            = user32.NewProc("GetDlgItem")
	procSetFocus              = user32.NewProc("SetFocus")
	procGetFocus              = user32.NewProc("GetFocus")
	procShowWindow            = user32.NewProc("ShowWindow")
	procUpdateWindow          = user32.NewProc("UpdateWindow")
	procIsDialogMessage       = user32.NewProc("IsDialogMessageW")
	procEnableWindow          = user32.NewProc("EnableWindow")
	procGetSystemMetrics      = user32.NewProc("GetSystemMetrics")
	procSetWindowText         = user32.NewProc("SetWindowTextW")
	procPostQuitMessage       = user32.NewProc("PostQuitMessage")
	procGetWindowLongPtr      = user32.NewProc("GetWindowLongPtrW")
	procGetParent             = user32.NewProc("GetParent")
	procGetAncestor           = user32.NewProc("GetAncestor")
	procAttachThreadInput     = user32.NewProc("AttachThreadInput")
	procBringWindowToTop      = user32.NewProc("BringWindowToTop")
	procGetClipboardSeqNumber = user32.NewProc("GetClipboardSequenceNumber")
	procGetClipboardFmtName   = user32.NewProc("GetClipboardFormatNameW")
	procRegisterClipboardFmt  = user32.NewProc("RegisterClipboardFormatW")

	procGlobalAlloc  = kernel32.NewProc("GlobalAlloc")
	procGlobalLock   = kernel32.NewProc("GlobalLock")
	procGlobalUnlock = kernel32.NewProc("GlobalUnlock")
	procGlobalSize   = kernel32.NewProc("GlobalSize")
	procGlobalFree   = kernel32.NewProc("GlobalFree")

	procGetEnhMetaFileBits = gdi32.NewProc("GetEnhMetaFileBits")
	procSetEnhMetaFileBits = gdi32.NewProc("SetEnhMetaFileBits")
	procDeleteEnhMetaFile  = gdi32.NewProc("DeleteEnhMetaFile")
	procGetStockObject     = gdi32.NewProc("GetStockObject")
)

// Win32 constants kindly uses.
const (
	whKeyboardLL = 13

	wmNull          = 0x0000
	wmDestroy       = 0x0002
	wmClose         = 0x0010
	wmQuit          = 0x0012
	wmSetFont       = 0x0030
	wmGetText       = 0x000D
	wmGetTextLength = 0x000E
	wmKeyDown       = 0x0100
	wmKeyUp         = 0x0101
	wmSysKeyDown    = 0x0104
	wmSysKeyUp      = 0x0105
	wmCommand       = 0x0111
	wmHotkey        = 0x0312
	wmRenderFormat  = 0x0305
	wmRenderAll     = 0x0306
	wmDestroyClip   = 0x0307
	wmApp           = 0x8000

	inputKeyboard       = 1
	eventSystemForegrnd = 0x0003
	eventObjectNameChg  = 0x800C
	wineventOutOfCtx    = 0x0000
	objidWindow         = 0

	modAlt      = 0x0001
	modControl  = 0x0002
	modShift    = 0x0004
	modWin      = 0x0008
	modNoRepeat = 0x4000

	cfText        = 1
	cfBitmap      = 2
	cfMetafilePic = 3
	cfOEMText     = 7
	cfPalette     = 9
	cfUnicodeText = 13
	cfEnhMetafile = 14
	cfLocale      = 16
	cfDIB         = 8
	cfDIBV5       = 17
	cfOwnerDisp   = 0x0080
	cfDspText     = 0x0081
	cfDspBitmap   = 0x0082
	cfDspMetaPic  = 0x0083
	cfDspEnhMeta  = 0x008E
	cfGDIObjFirst = 0x0300
	cfGDIObjLast  = 0x03FF

	gmemMoveable = 0x0002

	hwndMessage = ^uintptr(2) // (HWND)-3
	gaRoot      = 2
)

// kbdllhookstruct is KBDLLHOOKSTRUCT.
type kbdllhookstruct struct {
	vkCode, scanCode, flags, time uint32
	extra                         uintptr
}

// keybdInput is KEYBDINPUT.
type keybdInput struct {
	vk, scan    uint16
	flags, time uint32
	extra       uintptr
}

// input is INPUT for a keyboard event, padded to the size of the union's
// largest member (MOUSEINPUT): 40 bytes on 64-bit Windows, 28 on 32-bit.
type input struct {
	typ uint32
	ki  keybdInput
	_   [8]byte
}

type point struct{ x, y int32 }

// msg is MSG.
type msg struct {
	hwnd    uintptr
	message uint32
	wParam  uintptr
	lParam  uintptr
	time    uint32
	pt      point
	private uint32
}

// wndclassex is WNDCLASSEXW.
type wndclassex struct {
	size       uint32
	style      uint32
	wndProc    uintptr
	clsExtra   int32
	wndExtra   int32
	instance   uintptr
	icon       uintptr
	cursor     uintptr
	background uintptr
	menuName   *uint16
	className  *uint16
	iconSm     uintptr
}

func sendInput(in []input) (uint32, error) {
	if len(in) == 0 {
		return 0, nil
	}
	n, _, err := procSendInput.Call(uintptr(len(in)), uintptr(unsafe.Pointer(&in[0])), unsafe.Sizeof(in[0]))
	if int(n) != len(in) {
		return uint32(n), err
	}
	return uint32(n), nil
}

func postThreadMessage(tid uint32, m uint32, w, l uintptr) bool {
	r, _, _ := procPostThreadMessage.Call(uintptr(tid), uintptr(m), w, l)
	return r != 0
}

func sendMessage(hwnd uintptr, m uint32, w, l uintptr) uintptr {
	r, _, _ := procSendMessage.Call(hwnd, uintptr(m), w, l)
	return r
}

func postMessage(hwnd uintptr, m uint32, w, l uintptr) bool {
	r, _, _ := procPostMessage.Call(hwnd, uintptr(m), w, l)
	return r != 0
}

// windowText returns a window's title.
func windowText(hwnd uintptr) string {
	n, _, _ := procGetWindowTextLength.Call(hwnd)
	if n == 0 {
		return ""
	}
	buf := make([]uint16, n+1)
	r, _, _ := procGetWindowText.Call(hwnd, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	return win.UTF16ToString(buf[:r])
}

// className returns a window's class name.
func className(hwnd uintptr) string {
	buf := make([]uint16, 256)
	n, err := win.GetClassName(win.HWND(hwnd), &buf[0], int32(len(buf)))
	if err != nil {
		return ""
	}
	return win.UTF16ToString(buf[:n])
}

func foregroundWindow() uintptr { return uintptr(win.GetForegroundWindow()) }

func keyboardLayout(tid uint32) uintptr {
	r, _, _ := procGetKeyboardLayout.Call(uintptr(tid))
	return r
}

func asyncKeyDown(vk uint8) bool {
	r, _, _ := procGetAsyncKeyState.Call(uintptr(vk))
	return r&0x8000 != 0
}

func keyToggled(vk uint8) bool {
	r, _, _ := procGetKeyState.Call(uintptr(vk))
	return r&1 != 0
}
