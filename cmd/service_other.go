//go:build !windows

package cmd

// serviceInstallOS and serviceUninstallOS handle systems with their own
// way of starting kindly at logon (Windows: service_windows.go); false
// means: use systemd or XDG autostart.
func serviceInstallOS(d *Deps, bin, home string) (bool, error) { return false, nil }
func serviceUninstallOS(d *Deps) (bool, error)                 { return false, nil }
