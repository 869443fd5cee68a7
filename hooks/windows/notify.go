//go:build windows

package windows

import (
	"fmt"
	"sync"
	"time"
	"unsafe"

	win "golang.org/x/sys/windows"
)

// Notices (a blocked expansion, an administrator window) are balloon
// notifications of a tray icon that kindly shows for the moment (Windows
// 10 and 11 show them as toasts in the notification center).

var (
	shell32             = win.NewLazySystemDLL("shell32.dll")
	procShellNotifyIcon = shell32.NewProc("Shell_NotifyIconW")
	procLoadIcon        = user32.NewProc("LoadIconW")
)

// notifyIconData is NOTIFYICONDATAW (the Vista and later layout).
type notifyIconData struct {
	size        uint32
	hwnd        uintptr
	id          uint32
	flags       uint32
	callbackMsg uint32
	icon        uintptr
	tip         [128]uint16
	state       uint32
	stateMask   uint32
	info        [256]uint16
	timeout     uint32
	infoTitle   [64]uint16
	infoFlags   uint32
	guid        win.GUID
	balloonIcon uintptr
}

const (
	nimAdd     = 0
	nimDelete  = 2
	nifIcon    = 0x02
	nifTip     = 0x04
	nifInfo    = 0x10
	niifInfo   = 0x01
	idiInfo    = 32516
	noticeIcon = 1
)

var noticeMu sync.Mutex

// Notify shows a notification; see hooks.Notifier.
func (b *Backend) Notify(title, body string) error {
	noticeMu.Lock()
	defer noticeMu.Unlock()
	var err error
	b.clip.thread.do(func() {
		d := notifyIconData{hwnd: b.clip.hwnd, id: noticeIcon, flags: nifIcon | nifTip | nifInfo, infoFlags: niifInfo, timeout: 10000}
		d.size = uint32(unsafe.Sizeof(d))
		d.icon, _, _ = procLoadIcon.Call(0, idiInfo)
		copyUTF16(d.tip[:], "kindly")
		copyUTF16(d.info[:], body)
		copyUTF16(d.infoTitle[:], title)
		procShellNotifyIcon.Call(nimDelete, uintptr(unsafe.Pointer(&d)))
		if r, _, e := procShellNotifyIcon.Call(nimAdd, uintptr(unsafe.Pointer(&d))); r == 0 {
			err = fmt.Errorf("show the notification: %v", e)
		}
	})
	if err != nil {
		return err
	}
	// The icon goes once the notice has been seen (Windows keeps the toast).
	time.AfterFunc(15*time.Second, func() {
		b.clip.thread.do(func() {
			d := notifyIconData{hwnd: b.clip.hwnd, id: noticeIcon}
			d.size = uint32(unsafe.Sizeof(d))
			procShellNotifyIcon.Call(nimDelete, uintptr(unsafe.Pointer(&d)))
		})
	})
	return nil
}

// copyUTF16 copies s into a fixed NUL-terminated buffer, cut to fit.
func copyUTF16(dst []uint16, s string) {
	u, _ := win.UTF16FromString(s)
	if len(u) > len(dst) {
		u = append(u[:len(dst)-1], 0)
	}
	copy(dst, u)
}
