//go:build windows

package cmd

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/windows/registry"
)

// On Windows kindly starts at logon from the user's Run key (no
// administrator rights needed); the daemon hides the console window it
// gets there.
const runKey = `Software\Microsoft\Windows\CurrentVersion\Run`

func serviceInstallOS(d *Deps, bin, home string) (bool, error) {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return true, fmt.Errorf("open HKCU\\%s: %w", runKey, err)
	}
	defer k.Close()
	cmdline := fmt.Sprintf(`"%s" run --home "%s"`, bin, home)
	if err := k.SetStringValue("kindly", cmdline); err != nil {
		return true, fmt.Errorf("write HKCU\\%s\\kindly: %w", runKey, err)
	}
	fmt.Fprintf(d.IO.Out, "kindly starts when you log on (HKCU\\%s\\kindly); start it now with 'kindly run'\n", runKey)
	return true, nil
}

func serviceUninstallOS(d *Deps) (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return true, fmt.Errorf("open HKCU\\%s: %w", runKey, err)
	}
	defer k.Close()
	if err := k.DeleteValue("kindly"); err != nil {
		if errors.Is(err, registry.ErrNotExist) || errors.Is(err, os.ErrNotExist) {
			fmt.Fprintln(d.IO.Out, "kindly was not set to start at logon")
			return true, nil
		}
		return true, fmt.Errorf("remove HKCU\\%s\\kindly: %w", runKey, err)
	}
	fmt.Fprintf(d.IO.Out, "kindly no longer starts at logon (removed HKCU\\%s\\kindly); 'kindly stop' stops the running one\n", runKey)
	return true, nil
}
