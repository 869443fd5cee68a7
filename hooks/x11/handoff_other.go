//go:build !linux

package x11

// IsClipboardKeeper is false where there is no X11 backend.
func IsClipboardKeeper() bool { return false }

// RunClipboardKeeper is never run where there is no X11 backend.
func RunClipboardKeeper() int { return 1 }
