// Package ibus is kindly's input-method backend: an IBus engine named
// "kindly", spoken to over D-Bus in pure Go (godbus). It is how kindly
// reaches apps on GNOME and KDE Wayland, where no program may watch or fake
// global keys, and it serves X11 apps that talk to IBus too.
//
// The engine sits in the key path: ibus-daemon hands it every key typed in
// a text field (ProcessKeyEvent, a keysym already translated by the user's
// layout) before the app sees it. Each key becomes a hooks.KeyEvent with a
// Verdict channel; the daemon's session answers with whether to consume the
// key and the edit to apply. Keys pass through untouched unless a trigger
// completes; then the engine removes the abbreviation and commits the reply:
//
//   - where the client has surrounding text (IBus capability), with
//     DeleteSurroundingText then CommitText, which a GTK text view applies
//     at once and in that order;
//   - elsewhere by forwarding BackSpaces, then a marker key. GTK applies
//     forwarded keys only when it gets to them in its event queue, after a
//     commit sent meanwhile, so the reply is committed only when the marker
//     comes back through the app's input context: by then the BackSpaces
//     have been applied. Keys the user types before that are held and
//     replayed, in order, after the reply.
//
// The caret is moved for $|$ with forwarded Left keys. Password and PIN
// fields (IBus input purpose) are left alone entirely: their keys are not
// even reported.
//
// ibus-daemon calls the engine's methods in order on one connection, but
// godbus runs each incoming call on its own goroutine; an incoming
// interceptor numbers the calls as they arrive and each handler waits for
// its turn, so keys and focus changes are handled strictly in order.
//
// Nothing here logs, stores or sends typed text.
package ibus
