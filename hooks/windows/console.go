//go:build windows

package windows

import "unsafe"

var (
	procGetConsoleWindow      = kernel32.NewProc("GetConsoleWindow")
	procGetConsoleProcessList = kernel32.NewProc("GetConsoleProcessList")
)

// hideOwnConsole hides the console window Windows made for kindly when
// nothing else uses it: kindly was started at logon (the Run key `kindly
// service install` writes) or from a shortcut, not typed into a terminal,
// and a black window would sit on the agent's desktop all day.
func hideOwnConsole() {
	hwnd, _, _ := procGetConsoleWindow.Call()
	if hwnd == 0 {
		return
	}
	var pids [4]uint32
	n, _, _ := procGetConsoleProcessList.Call(uintptr(unsafe.Pointer(&pids[0])), uintptr(len(pids)))
	if n == 1 {
		procShowWindow.Call(hwnd, 0) // SW_HIDE
	}
}
