//go:build linux && !cgo

package x11

import "github.com/kindly-support/kindly/hooks"

// withRobotgo returns b unchanged: this build has no robotgo.
func withRobotgo(b *Backend) hooks.Backend { return b }
