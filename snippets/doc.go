// Package snippets reads, checks and edits kindly's snippet library.
//
// A library is a folder of YAML files (*.yml, *.yaml, found recursively, hidden
// files and folders skipped), each a mapping with one key, "snippets", holding a
// list of entries:
//
//	snippets:
//	  - trigger: ";ty"
//	    replace: Thank you for reaching out!$|$
//	    propagate_case: true
//
// Loading never stops at the first mistake: everything wrong with the content of
// a file becomes a [Problem] carrying file:line:col, an [Error] (the library must
// not be used) or a [Warning] (it may). Only I/O trouble with the library folder
// itself is a Go error.
//
// The YAML is read into yaml.Node trees (raw.go) and only then turned into the
// domain type [Snippet] (decode.go), so positions survive and YAML quirks (type
// guessing, aliases, duplicate keys) are caught rather than silently accepted.
// Library-wide rules (duplicate and shadowed triggers) live in check.go.
//
// [Add] and [Remove] edit a library file in place as text: they splice bytes at
// offsets found through yaml.Node positions, so comments, quoting, indentation
// and key order elsewhere in the file survive byte for byte, then re-decode the
// result to prove it holds exactly the intended change before writing it
// atomically.
//
// The package knows nothing of keys, the OS or the command line.
package snippets
