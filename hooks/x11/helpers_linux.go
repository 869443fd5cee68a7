//go:build linux

package x11

import (
	"os/exec"

	"github.com/kindly-support/kindly/hooks"
	"github.com/kindly-support/kindly/hooks/freedesktop"
)

// helperChecks are `kindly doctor`'s checks of the programs and services
// kindly's features need beside the X server: yad for fill-in dialogs,
// xclip or xsel for copying a picked reply, and a notification server for
// telling the agent why a reply was not expanded.
func helperChecks() []hooks.Check {
	var checks []hooks.Check
	if p, err := exec.LookPath("yad"); err == nil {
		checks = append(checks, hooks.Check{Name: "dialogs", OK: true, Detail: "yad (" + p + ") asks for fill-ins"})
	} else {
		checks = append(checks, hooks.Check{Name: "dialogs", OK: false,
			Detail: "yad is not installed: replies with fill-ins ({{customer|there}}, most starter replies) do nothing",
			Fix:    "sudo apt-get install yad"})
	}
	clip := ""
	for _, p := range []string{"xclip", "xsel"} {
		if _, err := exec.LookPath(p); err == nil {
			clip = p
			break
		}
	}
	if clip != "" {
		checks = append(checks, hooks.Check{Name: "clipboard", OK: true, Detail: clip + " copies replies for kindly pick and kindly expand --copy"})
	} else {
		checks = append(checks, hooks.Check{Name: "clipboard", OK: false,
			Detail: "neither xclip nor xsel is installed: kindly pick and kindly expand --copy cannot copy",
			Fix:    "sudo apt-get install xclip"})
	}
	if name, err := freedesktop.NotificationServer(); err == nil {
		checks = append(checks, hooks.Check{Name: "notices", OK: true, Detail: "notification server: " + name})
	} else {
		checks = append(checks, hooks.Check{Name: "notices", OK: false,
			Detail: err.Error() + ": why a reply was not expanded goes only to the log",
			Fix:    "sudo apt-get install dunst (GNOME, KDE and Xfce have a notification server of their own)"})
	}
	return checks
}
