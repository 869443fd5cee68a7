// Command wintext is the Windows end-to-end tests' eye inside wine: it
// reads and empties the text of an app's edit control (WM_GETTEXT,
// WM_SETTEXT), sets and reads the clipboard (text and a small picture), and
// names the foreground window. The tests run it with wine; it prints UTF-8.
//
//	wintext text CLASS       the text of the first Edit or RichEdit control of the window of class CLASS
//	wintext clear CLASS      empty it
//	wintext clip-set TEXT    put TEXT and a 2×2 picture (CF_DIB) on the clipboard
//	wintext clip-get         print the clipboard's text, then a line "dib <sha256>" or "dib none"
//	wintext foreground       print the foreground window's class
//	wintext wait CLASS FILE  print "ready", then, once the text is exactly FILE's,
//	                         the time (Unix nanoseconds); it polls every 0.2 ms
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode/utf16"
	"unsafe"

	win "golang.org/x/sys/windows"
)

var (
	user32           = win.NewLazySystemDLL("user32.dll")
	kernel32         = win.NewLazySystemDLL("kernel32.dll")
	procFindWindow   = user32.NewProc("FindWindowW")
	procFindWindowEx = user32.NewProc("FindWindowExW")
	procSendMessage  = user32.NewProc("SendMessageW")
	procOpenClip     = user32.NewProc("OpenClipboard")
	procCloseClip    = user32.NewProc("CloseClipboard")
	procEmptyClip    = user32.NewProc("EmptyClipboard")
	procSetClip      = user32.NewProc("SetClipboardData")
	procGetClip      = user32.NewProc("GetClipboardData")
	procGlobalAlloc  = kernel32.NewProc("GlobalAlloc")
	procGlobalLock   = kernel32.NewProc("GlobalLock")
	procGlobalUnlock = kernel32.NewProc("GlobalUnlock")
	procGlobalSize   = kernel32.NewProc("GlobalSize")
)

const (
	wmSetText       = 0x000C
	wmGetText       = 0x000D
	wmGetTextLength = 0x000E
	cfUnicodeText   = 13
	cfDIB           = 8
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: wintext text|clear CLASS | clip-set TEXT | clip-get | foreground")
	}
	switch os.Args[1] {
	case "text":
		// An Edit control ends lines with CRLF, a RichEdit with CR.
		fmt.Print(strings.ReplaceAll(strings.ReplaceAll(getText(edit(arg(2))), "\r\n", "\n"), "\r", "\n"))
	case "clear":
		empty, _ := win.UTF16PtrFromString("")
		procSendMessage.Call(edit(arg(2)), wmSetText, 0, uintptr(unsafe.Pointer(empty)))
	case "clip-set":
		clipSet(arg(2))
	case "clip-get":
		clipGet()
	case "wait":
		wait(edit(arg(2)), arg(3))
	case "foreground":
		buf := make([]uint16, 256)
		n, _ := win.GetClassName(win.GetForegroundWindow(), &buf[0], 256)
		fmt.Println(win.UTF16ToString(buf[:n]))
	default:
		fail("unknown command " + os.Args[1])
	}
}

func arg(i int) string {
	if len(os.Args) <= i {
		fail("missing argument")
	}
	return os.Args[i]
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "wintext:", msg)
	os.Exit(2)
}

// edit finds the edit control of the top-level window of class cls.
func edit(cls string) uintptr {
	c, _ := win.UTF16PtrFromString(cls)
	top, _, _ := procFindWindow.Call(uintptr(unsafe.Pointer(c)), 0)
	if top == 0 {
		fail("no window of class " + cls)
	}
	for _, child := range []string{"Edit", "RichEdit20W", "RICHEDIT50W", "RichEdit20A"} {
		p, _ := win.UTF16PtrFromString(child)
		if h, _, _ := procFindWindowEx.Call(top, 0, uintptr(unsafe.Pointer(p)), 0); h != 0 {
			return h
		}
	}
	fail("no edit control in " + cls)
	return 0
}

func getText(h uintptr) string {
	n, _, _ := procSendMessage.Call(h, wmGetTextLength, 0, 0)
	buf := make([]uint16, n+1)
	got, _, _ := procSendMessage.Call(h, wmGetText, n+1, uintptr(unsafe.Pointer(&buf[0])))
	return win.UTF16ToString(buf[:got])
}

func openClipboard() {
	for i := 0; i < 100; i++ {
		if r, _, _ := procOpenClip.Call(0); r != 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	fail("cannot open the clipboard")
}

func global(b []byte) uintptr {
	h, _, _ := procGlobalAlloc.Call(2, uintptr(len(b)))
	p, _, _ := procGlobalLock.Call(h)
	copy(unsafe.Slice((*byte)(unsafe.Pointer(p)), len(b)), b)
	procGlobalUnlock.Call(h)
	return h
}

// picture is a 2×2, 32-bit DIB: a BITMAPINFOHEADER and four pixels.
func picture() []byte {
	b := make([]byte, 40+16)
	le := func(off int, v uint32) {
		b[off], b[off+1], b[off+2], b[off+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
	}
	le(0, 40)  // biSize
	le(4, 2)   // width
	le(8, 2)   // height
	b[12] = 1  // planes
	b[14] = 32 // bits per pixel
	le(20, 16) // image size
	le(40, 0x00FF0000)
	le(44, 0x0000FF00)
	le(48, 0x000000FF)
	le(52, 0x00FFFFFF)
	return b
}

func clipSet(text string) {
	openClipboard()
	defer procCloseClip.Call()
	procEmptyClip.Call()
	u, _ := win.UTF16FromString(text)
	procSetClip.Call(cfUnicodeText, global(unsafe.Slice((*byte)(unsafe.Pointer(&u[0])), len(u)*2)))
	procSetClip.Call(cfDIB, global(picture()))
}

func globalBytes(h uintptr) []byte {
	n, _, _ := procGlobalSize.Call(h)
	p, _, _ := procGlobalLock.Call(h)
	if p == 0 {
		return nil
	}
	defer procGlobalUnlock.Call(h)
	return append([]byte(nil), unsafe.Slice((*byte)(unsafe.Pointer(p)), n)...)
}

func clipGet() {
	openClipboard()
	defer procCloseClip.Call()
	if h, _, _ := procGetClip.Call(cfUnicodeText); h != 0 {
		b := globalBytes(h)
		u := unsafe.Slice((*uint16)(unsafe.Pointer(&b[0])), len(b)/2)
		fmt.Println(win.UTF16ToString(u))
	} else {
		fmt.Println()
	}
	if h, _, _ := procGetClip.Call(cfDIB); h != 0 {
		b := globalBytes(h)
		// The header and pixels as set; Windows may pad the block.
		if len(b) > 56 {
			b = b[:56]
		}
		sum := sha256.Sum256(b)
		fmt.Println("dib", hex.EncodeToString(sum[:8]))
	} else {
		fmt.Println("dib none")
	}
}

// wait polls the edit control until its text is the file's (with CRLF line
// ends, as an edit control keeps them) and prints when that happened.
func wait(h uintptr, file string) {
	b, err := os.ReadFile(file)
	if err != nil {
		fail(err.Error())
	}
	want := strings.ReplaceAll(string(b), "\n", "\r\n")
	wantLen := uintptr(len(utf16.Encode([]rune(want))))
	fmt.Println("ready")
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if n, _, _ := procSendMessage.Call(h, wmGetTextLength, 0, 0); n == wantLen && getText(h) == want {
			fmt.Println(time.Now().UnixNano())
			return
		}
		time.Sleep(200 * time.Microsecond)
	}
	fail("the text did not arrive within 60s: " + fmt.Sprint(len(getText(h))) + " characters")
}
