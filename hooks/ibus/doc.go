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
// completes; then the engine removes the abbreviation and commits the
// reply. Order is the hard part: GTK 3 hands a key the engine let through
// back to its event queue and types it only when it gets there, and it
// applies forwarded keys the same way, while a commit or a
// DeleteSurroundingText is applied the moment it arrives. So the engine
// forwards a marker key (VoidSymbol) behind any BackSpaces; the app queues
// it behind every key before it and hands it back to the input method when
// it gets there, and only then does the reply go in:
//
//   - where the client has surrounding text (an IBus capability), as
//     DeleteSurroundingText then CommitText;
//   - elsewhere the BackSpaces went before the marker (forwarded with
//     IBus's forward mask, so the app applies them itself), and the reply
//     is committed.
//
// Keys the user types while the marker is out are held and replayed, in
// order, after the reply. A client that does not hand forwarded keys back
// is found out by a timeout and from then on gets its edits at once.
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
