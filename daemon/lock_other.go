//go:build !unix

package daemon

// lockHome is a no-op where there is no flock; the control socket still
// refuses a second daemon.
func lockHome(home string) (func(), error) { return func() {}, nil }

// stopSelf is never needed where lockHome cannot fail.
func stopSelf() {}
