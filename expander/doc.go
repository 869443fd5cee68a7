// Package expander is kindly's pure core: the key vocabulary, the typed-text
// buffer, the trigger index and matching, word boundaries, case propagation,
// rendering a reply to an Edit, the Core where a trigger fires (Prepare,
// Expanded, idle reset), and the Conductor that keeps the engine from
// reacting to its own output while holding the user's keystrokes in order.
//
// It imports no cgo, no OS facilities and no CLI code, and it never logs typed
// text. The path of one keystroke (docs/architecture.md draws both kinds of
// backend):
//
//	OS event (X RECORD, a Windows hook, IBus)            hooks/<backend>/  one folder per desktop
//	  │ translated with the live keyboard map
//	  ▼
//	expander.Key{Rune | Special, Mods, At}             → daemon session loop (one goroutine)
//	  │ Core.Step → Engine.Step  pure: buffer, match, case  expander/  no cgo, no OS, no cobra
//	  │ Core.Prepared            the reply (placeholders: reply/), maybe a dialog off this goroutine
//	  ▼
//	expander.Edit{Delete n, Insert text, Left m}
//	  │ observers: Conductor → Injector.Inject (keys or paste)
//	  │ key path:  hooks.Verdict → the backend commits it
//	  ▼
//	text in the focused app; an observer's own echo never reaches the engine,
//	and the user's keystrokes that arrived meanwhile land after the reply, in
//	order
//
// A Screen (an in-memory text field that applies Keys and Edits) drives the
// tests and the `kindly try` playground; expander/exptest is the simulated
// display the conductor and the daemon's session are tested against.
package expander
