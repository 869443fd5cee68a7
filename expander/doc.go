// Package expander is kindly's pure core: the key vocabulary, the typed-text
// buffer, the trigger index and matching, word boundaries, case propagation,
// rendering a reply to an Edit, and the conductor that keeps the engine from
// reacting to its own output while holding the user's keystrokes in order.
//
// It imports no cgo, no OS facilities and no CLI code, and it never logs typed
// text. The path of one keystroke:
//
//	OS event (gohook, cgo)                               hooks/   the only package that imports
//	  │ hooks.translate        pure, table-tested                 gohook and robotgo
//	  ▼
//	expander.Key{Rune | Special, Mods, At}
//	  │ Engine.Step            pure: buffer, match, case, render  expander/  no cgo, no OS, no cobra
//	  ▼
//	expander.Edit{Delete n, Insert text, Left m}
//	  │ Injector.Inject        keystrokes or clipboard paste      hooks/
//	  ▼
//	text in the focused app; the engine ignores its own echo and keeps the user's
//	keystrokes that arrived meanwhile, in order
//
// A Screen (an in-memory text field that applies Keys and Edits) drives the
// tests and the `kindly try` playground, so everything but the two OS ends runs
// without X.
package expander
