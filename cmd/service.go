package cmd

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kindly-support/kindly/snippets/atomicfile"
)

const serviceName = "kindly.service"

func newServiceCmd(d *Deps) *cobra.Command {
	c := &cobra.Command{
		Use:   "service",
		Short: "Start kindly with your desktop session (systemd --user, or XDG autostart)",
		Long: `Install kindly as a systemd user service that starts with the graphical
session and is restarted if it stops (for example when the X connection
drops), or, where there is no systemd user manager, as an XDG autostart entry.`,
	}
	var autostart bool
	install := &cobra.Command{
		Use:   "install",
		Short: "Install and start the service",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			bin, note, err := d.serviceBinary()
			if err != nil {
				return err
			}
			if note != "" {
				fmt.Fprintf(d.IO.Err, "kindly: %s\n", note)
			}
			if d.IO.InTTY {
				// Ask for the name here: the service has no terminal.
				if err := d.welcome(nil); err != nil {
					return err
				}
			}
			home, err := filepath.Abs(d.Home())
			if err != nil {
				return err
			}
			if done, err := serviceInstallOS(d, bin, home); done { // Windows: the Run key
				return err
			}
			execLine := fmt.Sprintf("%s run --home %s", quoteExec(bin), quoteExec(home))
			if !autostart && d.hasSystemdUser() {
				path := filepath.Join(d.configDir(), "systemd", "user", serviceName)
				if err := writeFileAtomic(path, []byte(systemdUnit(execLine))); err != nil {
					return err
				}
				for _, args := range [][]string{{"--user", "daemon-reload"}, {"--user", "enable", "--now", serviceName}} {
					if out, err := d.exec("systemctl", args...); err != nil {
						return fmt.Errorf("systemctl %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
					}
				}
				fmt.Fprintf(d.IO.Out, "installed %s and started it (systemctl --user status kindly)\n", path)
				fmt.Fprintln(d.IO.Out, "it needs DISPLAY in the user manager: most desktops import it; if not, add 'systemctl --user import-environment DISPLAY' to your session start")
				return nil
			}
			path := filepath.Join(d.configDir(), "autostart", "kindly.desktop")
			if err := writeFileAtomic(path, []byte(autostartEntry(execLine))); err != nil {
				return err
			}
			fmt.Fprintf(d.IO.Out, "installed %s: kindly starts with your next session (start it now with 'kindly run')\n", path)
			return nil
		},
	}
	install.Flags().BoolVar(&autostart, "autostart", false, "use an XDG autostart entry even where systemd is available")
	uninstall := &cobra.Command{
		Use:   "uninstall",
		Short: "Stop and remove the service and the autostart entry",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if done, err := serviceUninstallOS(d); done { // Windows: the Run key
				return err
			}
			removed := 0
			unit := filepath.Join(d.configDir(), "systemd", "user", serviceName)
			if _, err := os.Stat(unit); err == nil {
				if d.hasSystemdUser() {
					d.exec("systemctl", "--user", "disable", "--now", serviceName)
				}
				if err := os.Remove(unit); err != nil {
					return err
				}
				if d.hasSystemdUser() {
					d.exec("systemctl", "--user", "daemon-reload")
				}
				fmt.Fprintf(d.IO.Out, "removed %s\n", unit)
				removed++
			}
			entry := filepath.Join(d.configDir(), "autostart", "kindly.desktop")
			if err := os.Remove(entry); err == nil {
				fmt.Fprintf(d.IO.Out, "removed %s\n", entry)
				removed++
			} else if !errors.Is(err, os.ErrNotExist) {
				return err
			}
			if removed == 0 {
				fmt.Fprintln(d.IO.Out, "no kindly service or autostart entry was installed")
			}
			return nil
		},
	}
	c.AddCommand(install, uninstall)
	return c
}

func systemdUnit(execLine string) string {
	return `# Written by 'kindly service install'; remove with 'kindly service uninstall'.
[Unit]
Description=kindly text expander for support replies
PartOf=graphical-session.target
After=graphical-session.target

[Service]
ExecStart=` + execLine + `
Restart=on-failure
RestartSec=2
# On stop only kindly itself is stopped: the helper that keeps your clipboard
# after kindly stops (see docs/security.md) must outlive it.
KillMode=process

[Install]
WantedBy=graphical-session.target
`
}

func autostartEntry(execLine string) string {
	return `# Written by 'kindly service install'; remove with 'kindly service uninstall'.
[Desktop Entry]
Type=Application
Name=kindly
Comment=Text expander for support replies
Exec=` + execLine + `
Terminal=false
NoDisplay=true
X-GNOME-Autostart-enabled=true
`
}

// quoteExec quotes a path for an Exec= line when it needs it.
func quoteExec(s string) string {
	if strings.ContainsAny(s, " \t\"'\\$`") {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s) + `"`
	}
	return s
}

func (d *Deps) configDir() string {
	if x := d.Getenv("XDG_CONFIG_HOME"); x != "" {
		return x
	}
	return filepath.Join(d.Getenv("HOME"), ".config")
}

func (d *Deps) executable() (string, error) {
	if d.Executable != nil {
		return d.Executable()
	}
	p, err := os.Executable()
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(p)
}

func (d *Deps) exec(name string, args ...string) ([]byte, error) {
	if d.Exec != nil {
		return d.Exec(name, args...)
	}
	return exec.Command(name, args...).CombinedOutput()
}

// hasSystemdUser reports whether a systemd user manager answers.
func (d *Deps) hasSystemdUser() bool {
	_, err := d.exec("systemctl", "--user", "show-environment")
	return err == nil
}

// writeFileAtomic writes through a temp file and a rename.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, data, 0o644)
}
