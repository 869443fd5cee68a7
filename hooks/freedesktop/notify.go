// Package freedesktop holds what the Linux backends (X11 and IBus) share
// from freedesktop.org's D-Bus services: desktop notifications. Pure Go
// (godbus): no helper program such as notify-send is needed.
package freedesktop

import (
	"fmt"
	"html"

	"github.com/godbus/dbus/v5"
)

// Notify shows a desktop notification through org.freedesktop.Notifications
// on the session bus. It returns an error when no notification server
// answers (the caller has logged the message already).
func Notify(title, body string) error {
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		return fmt.Errorf("session bus: %w", err)
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return fmt.Errorf("session bus: %w", err)
	}
	if err := conn.Hello(); err != nil {
		return fmt.Errorf("session bus: %w", err)
	}
	// Notification servers read the body as markup: what it quotes from
	// the library stays text.
	body = html.EscapeString(body)
	obj := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	call := obj.Call("org.freedesktop.Notifications.Notify", 0,
		"kindly", uint32(0), "dialog-information", title, body, []string{},
		map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1))}, int32(10000))
	if call.Err != nil {
		return fmt.Errorf("notify: %w", call.Err)
	}
	return nil
}
