package snippets

import (
	"fmt"
	"strconv"
)

// Severity tells whether a Problem makes the library unusable.
type Severity int

const (
	// Error: the library must not be used (the daemon keeps its last good one).
	Error Severity = iota
	// Warning: the library works, but something in it is probably not what the author meant.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "Severity(" + strconv.Itoa(int(s)) + ")"
}

// Problem is one thing wrong with a library's content.
type Problem struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

// String formats the problem the way compilers do:
//
//	file.yml:12:5: error: unknown key "replce" in snippet (did you mean "replace"?)
//
// A zero Col is left out ("file.yml:12: error: ..."), and so is a zero Line.
func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s", p.Pos, p.Severity, p.Msg)
}

// String formats the position as file:line:col, leaving out unknown parts.
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	return s
}

// HasErrors reports whether any problem is an Error.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == Error {
			return true
		}
	}
	return false
}
