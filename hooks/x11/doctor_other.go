//go:build !linux

package x11

import "github.com/kindly-support/kindly/hooks"

// Checks says X11 is Linux's backend.
func Checks() []hooks.Check {
	return []hooks.Check{{Name: "x11", OK: false, Detail: "the X11 backend runs on Linux only"}}
}

// SelfTest is not available here.
func SelfTest() hooks.Check {
	return hooks.Check{Name: "self-test", OK: false, Detail: "the X11 self-test runs on Linux only"}
}
