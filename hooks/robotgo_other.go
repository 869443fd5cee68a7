//go:build !(cgo && (linux || darwin || windows))

package hooks

// WithRobotgo returns d unchanged: this build has no robotgo.
func WithRobotgo(d Display) Display { return d }
