//go:build windows

package windows

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unsafe"

	win "golang.org/x/sys/windows"
)

// clipboard pastes replies: it saves the user's clipboard (every format),
// offers the reply with delayed rendering (so kindly knows the moment the
// app fetches it), and gives the user's clipboard back afterwards. Its
// window lives on its own message thread, which must stay free to answer
// the app's WM_RENDERFORMAT while the app waits.
type clipboard struct {
	thread *uiThread
	hwnd   uintptr

	mu      sync.Mutex
	pending []uint16      // the reply, UTF-16 with CRLF line ends and a NUL
	fetched chan struct{} // closed when the app has fetched pending
	saved   []savedFormat
	hasSave bool
}

type savedFormat struct {
	format uint32
	data   []byte
}

// Clipboard formats that keep kindly's reply out of the clipboard history
// (Win+V) and cloud clipboard.
var (
	cfExcludeMonitor = registerFormat("ExcludeClipboardContentFromMonitorProcessing")
	cfNoHistory      = registerFormat("CanIncludeInClipboardHistory")
	cfNoCloud        = registerFormat("CanUploadToCloudClipboard")
)

func registerFormat(name string) uint32 {
	p, _ := win.UTF16PtrFromString(name)
	r, _, _ := procRegisterClipboardFmt.Call(uintptr(unsafe.Pointer(p)))
	return uint32(r)
}

var (
	clipClassOnce sync.Once
	clipClassErr  error
	clipWndProc   = win.NewCallback(clipboardWndProc)
	theClipboard  *clipboard // the one clipboard window's owner (its wndproc needs it)
	clipClassName = "kindlyClipboard"
)

func startClipboard() (*clipboard, error) {
	c := &clipboard{}
	t, err := startThread(func() error {
		clipClassOnce.Do(func() {
			name, _ := win.UTF16PtrFromString(clipClassName)
			wc := wndclassex{wndProc: clipWndProc, className: name}
			wc.size = uint32(unsafe.Sizeof(wc))
			if r, _, err := procRegisterClassEx.Call(uintptr(unsafe.Pointer(&wc))); r == 0 {
				clipClassErr = fmt.Errorf("register the clipboard window class: %w", err)
			}
		})
		if clipClassErr != nil {
			return clipClassErr
		}
		name, _ := win.UTF16PtrFromString(clipClassName)
		h, _, err := procCreateWindowEx.Call(0, uintptr(unsafe.Pointer(name)), 0, 0, 0, 0, 0, 0, hwndMessage, 0, 0, 0)
		if h == 0 {
			return fmt.Errorf("create the clipboard window: %w", err)
		}
		c.hwnd = h
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	c.thread = t
	theClipboard = c
	return c, nil
}

func (c *clipboard) close() {
	c.thread.do(func() {
		c.restoreNow()
		procDestroyWindow.Call(c.hwnd)
	})
	c.thread.stop()
}

func clipboardWndProc(hwnd uintptr, m uint32, w, l uintptr) uintptr {
	c := theClipboard
	if c != nil && hwnd == c.hwnd {
		switch m {
		case wmRenderFormat:
			if uint32(w) == cfUnicodeText {
				c.render()
			}
			return 0
		case wmRenderAll:
			// kindly is quitting while its offer stands: render it for good.
			if openClipboard(c.hwnd) == nil {
				c.render()
				procCloseClipboard.Call()
			}
			return 0
		}
	}
	r, _, _ := procDefWindowProc.Call(hwnd, uintptr(m), w, l)
	return r
}

// render answers WM_RENDERFORMAT: the app has asked for the text.
func (c *clipboard) render() {
	c.mu.Lock()
	text, fetched := c.pending, c.fetched
	c.mu.Unlock()
	if text == nil {
		return
	}
	if hg, err := globalFrom(u16bytes(text)); err == nil {
		if r, _, _ := procSetClipboardData.Call(cfUnicodeText, hg); r == 0 {
			procGlobalFree.Call(hg)
		}
	}
	if fetched != nil {
		select {
		case <-fetched:
		default:
			close(fetched)
		}
	}
}

// openClipboard opens the clipboard for hwnd, retrying while another program has it
// open (clipboard managers hold it for a moment after each change).
func openClipboard(hwnd uintptr) error {
	var err error
	for i := 0; i < 50; i++ {
		r, _, e := procOpenClipboard.Call(hwnd)
		if r != 0 {
			return nil
		}
		err = e
		time.Sleep(2 * time.Millisecond)
	}
	return fmt.Errorf("open the clipboard (another program keeps it open): %w", err)
}

// offer saves the user's clipboard (once per expansion) and puts text on it,
// rendered when the app asks. The returned channel is closed when the app
// has fetched it.
func (c *clipboard) offer(text string) (<-chan struct{}, error) {
	var fetched chan struct{}
	var err error
	c.thread.do(func() {
		if err = openClipboard(c.hwnd); err != nil {
			return
		}
		defer procCloseClipboard.Call()
		if !c.hasSave {
			c.saved, c.hasSave = saveFormats(), true
		}
		if r, _, e := procEmptyClipboard.Call(); r == 0 {
			err = fmt.Errorf("empty the clipboard: %w", e)
			return
		}
		fetched = make(chan struct{})
		c.mu.Lock()
		c.pending = utf16.Encode([]rune(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n") + "\x00"))
		c.fetched = fetched
		c.mu.Unlock()
		procSetClipboardData.Call(cfUnicodeText, 0) // delayed: WM_RENDERFORMAT
		setPrivacyFormats()
	})
	if err != nil {
		return nil, err
	}
	return fetched, nil
}

func setPrivacyFormats() {
	for _, f := range []uint32{cfExcludeMonitor, cfNoHistory, cfNoCloud} {
		if f == 0 {
			continue
		}
		if hg, err := globalFrom([]byte{0, 0, 0, 0}); err == nil {
			if r, _, _ := procSetClipboardData.Call(uintptr(f), hg); r == 0 {
				procGlobalFree.Call(hg)
			}
		}
	}
}

// restore gives the user's clipboard back.
func (c *clipboard) restore() error {
	var err error
	if e := c.thread.do(func() { err = c.restoreNow() }); e != nil {
		return e
	}
	return err
}

func (c *clipboard) restoreNow() error {
	c.mu.Lock()
	c.pending, c.fetched = nil, nil
	c.mu.Unlock()
	if !c.hasSave {
		return nil
	}
	if err := openClipboard(c.hwnd); err != nil {
		return err
	}
	defer procCloseClipboard.Call()
	saved := c.saved
	c.saved, c.hasSave = nil, false
	procEmptyClipboard.Call()
	var errs []error
	for _, s := range saved {
		if err := setFormat(s); err != nil {
			errs = append(errs, err)
		}
	}
	if len(saved) > 0 {
		setPrivacyFormats() // already in the history from the user's own copy
	}
	return errors.Join(errs...)
}

// saveFormats copies every format on the (open) clipboard. Bitmaps are kept
// as the DIB Windows offers beside them (and makes a bitmap of again);
// metafiles through their bits; everything else is global memory.
func saveFormats() []savedFormat {
	var out []savedFormat
	f := uint32(0)
	for {
		r, _, _ := procEnumClipboardFormats.Call(uintptr(f))
		if r == 0 {
			break
		}
		f = uint32(r)
		switch {
		case f == cfBitmap, f == cfPalette, f == cfMetafilePic, f == cfOwnerDisp, f == cfDspBitmap,
			f == cfDspMetaPic, f == cfDspEnhMeta, f >= cfGDIObjFirst && f <= cfGDIObjLast,
			f == cfExcludeMonitor, f == cfNoHistory, f == cfNoCloud:
			continue
		}
		h, _, _ := procGetClipboardData.Call(uintptr(f))
		if h == 0 {
			continue
		}
		if f == cfEnhMetafile {
			n, _, _ := procGetEnhMetaFileBits.Call(h, 0, 0)
			if n == 0 {
				continue
			}
			b := make([]byte, n)
			procGetEnhMetaFileBits.Call(h, n, uintptr(unsafe.Pointer(&b[0])))
			out = append(out, savedFormat{f, b})
			continue
		}
		if b, ok := globalBytes(h); ok {
			out = append(out, savedFormat{f, b})
		}
	}
	return out
}

func setFormat(s savedFormat) error {
	if s.format == cfEnhMetafile {
		if len(s.data) == 0 {
			return nil
		}
		h, _, _ := procSetEnhMetaFileBits.Call(uintptr(len(s.data)), uintptr(unsafe.Pointer(&s.data[0])))
		if h == 0 {
			return errors.New("restore the clipboard's picture (metafile)")
		}
		if r, _, _ := procSetClipboardData.Call(uintptr(s.format), h); r == 0 {
			procDeleteEnhMetaFile.Call(h)
			return errors.New("restore the clipboard's picture (metafile)")
		}
		return nil
	}
	hg, err := globalFrom(s.data)
	if err != nil {
		return err
	}
	if r, _, e := procSetClipboardData.Call(uintptr(s.format), hg); r == 0 {
		procGlobalFree.Call(hg)
		return fmt.Errorf("restore clipboard format %d: %w", s.format, e)
	}
	return nil
}

// text returns the clipboard's text.
func (c *clipboard) text() (string, error) {
	var s string
	var err error
	c.thread.do(func() {
		if err = openClipboard(c.hwnd); err != nil {
			return
		}
		defer procCloseClipboard.Call()
		h, _, _ := procGetClipboardData.Call(cfUnicodeText)
		if h == 0 {
			return
		}
		b, ok := globalBytes(h)
		if !ok {
			return
		}
		u := unsafe.Slice((*uint16)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/2)
		s = strings.ReplaceAll(win.UTF16ToString(u), "\r\n", "\n")
	})
	return s, err
}

func globalBytes(h uintptr) ([]byte, bool) {
	n, _, _ := procGlobalSize.Call(h)
	p, _, _ := procGlobalLock.Call(h)
	if p == 0 {
		return nil, false
	}
	defer procGlobalUnlock.Call(h)
	b := make([]byte, n)
	copy(b, unsafe.Slice((*byte)(unsafe.Pointer(p)), n))
	return b, true
}

func globalFrom(b []byte) (uintptr, error) {
	n := len(b)
	if n == 0 {
		n = 1
	}
	h, _, err := procGlobalAlloc.Call(gmemMoveable, uintptr(n))
	if h == 0 {
		return 0, fmt.Errorf("allocate clipboard memory: %w", err)
	}
	p, _, err := procGlobalLock.Call(h)
	if p == 0 {
		procGlobalFree.Call(h)
		return 0, fmt.Errorf("lock clipboard memory: %w", err)
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(p)), n), b)
	procGlobalUnlock.Call(h)
	return h, nil
}

func u16bytes(u []uint16) []byte {
	if len(u) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&u[0])), len(u)*2)
}
