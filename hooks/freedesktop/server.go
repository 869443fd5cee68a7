package freedesktop

import (
	"fmt"

	"github.com/godbus/dbus/v5"
)

// NotificationServer names the notification server on the session bus
// ("dunst 1.9.0"), or says why there is none. kindly doctor uses it: without
// one, blocked replies are only in the log.
func NotificationServer() (string, error) {
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		return "", fmt.Errorf("no session bus: %w", err)
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return "", fmt.Errorf("session bus: %w", err)
	}
	if err := conn.Hello(); err != nil {
		return "", fmt.Errorf("session bus: %w", err)
	}
	var name, vendor, version, spec string
	obj := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	if err := obj.Call("org.freedesktop.Notifications.GetServerInformation", 0).Store(&name, &vendor, &version, &spec); err != nil {
		return "", fmt.Errorf("no notification server answers on the session bus: %w", err)
	}
	return name + " " + version, nil
}
