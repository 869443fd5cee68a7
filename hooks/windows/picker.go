//go:build windows

package windows

import (
	"fmt"
	"runtime"
	"time"
	"unsafe"

	win "golang.org/x/sys/windows"
)

var procFindWindow = user32.NewProc("FindWindowW")

// RunPicker runs a console program (the search picker, `kindly pick`) in a
// console window of its own titled title, brings that window to the front
// with the keyboard focus, waits for the program to exit and gives the
// focus back to the window that had it. Windows makes the console for the
// program (CREATE_NEW_CONSOLE) and takes its title from STARTUPINFO, which
// os/exec does not let one set.
func (b *Backend) RunPicker(program string, args []string, title string) error {
	// focusWindow joins this thread's input state to the foreground
	// thread's for a moment: keep to one OS thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	prev := foregroundWindow()
	line, err := win.UTF16PtrFromString(win.ComposeCommandLine(append([]string{program}, args...)))
	if err != nil {
		return fmt.Errorf("run %s: %w", program, err)
	}
	t, err := win.UTF16PtrFromString(title)
	if err != nil {
		return fmt.Errorf("run %s: %w", program, err)
	}
	si := win.StartupInfo{Title: t}
	si.Cb = uint32(unsafe.Sizeof(si))
	var pi win.ProcessInformation
	if err := win.CreateProcess(nil, line, nil, nil, false,
		win.CREATE_NEW_CONSOLE|win.CREATE_UNICODE_ENVIRONMENT, nil, nil, &si, &pi); err != nil {
		return fmt.Errorf("run %s in a console window: %w", program, err)
	}
	defer win.CloseHandle(pi.Process)
	win.CloseHandle(pi.Thread)
	defer func() {
		if prev != 0 {
			focusWindow(prev)
		}
	}()
	// The console window appears a moment after the process starts; bring
	// it to the front once it is there (or give up when the program ends
	// first, or after 10 seconds: it is then wherever Windows put it).
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if hwnd, _, _ := procFindWindow.Call(0, uintptr(unsafe.Pointer(t))); hwnd != 0 {
			focusWindow(hwnd)
			break
		}
		if ev, _ := win.WaitForSingleObject(pi.Process, 50); ev == win.WAIT_OBJECT_0 {
			return nil
		}
	}
	if _, err := win.WaitForSingleObject(pi.Process, win.INFINITE); err != nil {
		return fmt.Errorf("wait for %s: %w", program, err)
	}
	return nil
}
