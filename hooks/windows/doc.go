// Package windows is kindly's Windows backend: an observer (like X11) that
// sees each key after the app got it and corrects the text afterwards.
//
//   - Keys come from a low-level keyboard hook (WH_KEYBOARD_LL) installed on
//     its own locked OS thread with a message loop. The callback only decides
//     whether to let the key through (it swallows the user's keys while kindly
//     holds the keyboard) and hands the raw event on; another goroutine turns
//     it into an expander.Key with the foreground window's keyboard layout
//     (ToUnicodeEx), so Shift, AltGr and dead keys give the characters the
//     app shows.
//   - Injection is SendInput: text as KEYEVENTF_UNICODE (any character; emoji
//     as surrogate pairs), long replies through the clipboard (delayed
//     rendering tells when the app has fetched the text; the user's clipboard
//     is given back in every format). Every event kindly sends carries a mark
//     in dwExtraInfo, so the hook never reports kindly's own typing. Holding
//     the keyboard, letting go, and the conductor's markers are private
//     injected events that the hook acts on in stream order and swallows: a
//     key is held or not exactly according to where it sits among kindly's
//     own events.
//   - Focus changes (the foreground window's process name and title),
//     hotkeys (RegisterHotKey), the fill-in dialog (plain Win32 controls),
//     the clipboard's text and `kindly doctor` checks are the optional
//     capabilities of hooks.Backend.
//
// The package is pure Go over golang.org/x/sys/windows (no cgo). gohook and
// robotgo, the project's X11 libraries, do not expose LLKHF_INJECTED or
// dwExtraInfo, which the guarantees above need. On other systems Open
// reports hooks.ErrUnavailable.
//
// Nothing here logs, stores or sends typed text.
package windows
