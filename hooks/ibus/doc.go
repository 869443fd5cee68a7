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
// back to its event queue and types it only when it gets there (and
// applies forwarded keys the same way), while a commit or a
// DeleteSurroundingText is applied the moment it arrives. So a reply waits
// until the keys before it are in the field, holding the keys typed
// meanwhile (replayed in order after it):
//
//   - where the client has surrounding text (an IBus capability), the
//     engine asks for it (RequireSurroundingText) and matches each report
//     against the states the field goes through as the app types the keys
//     let through; once the last is there it sends DeleteSurroundingText
//     then CommitText;
//   - elsewhere it forwards the BackSpaces (with IBus's forward mask, so
//     the app applies them itself) and a marker key, and commits when the
//     marker comes back through the app's input method, or when GTK 3 has
//     answered the last BackSpace with its Reset, or after a short delay.
//
// Either wait is bounded (300 ms at most); a client found never to report
// its text, or never to give the marker back, gets its edits without
// waiting from then on.
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
// Nothing here logs, stores or sends typed text: the engine keeps the last
// runes it let through (as the expander does) and the client's latest
// report of the text around the caret, for the matching above, and drops
// them on the next focus change.
package ibus
