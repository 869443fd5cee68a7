package snippets

// Check applies the library-wide rules (duplicate triggers, triggers that can
// never fire) to snippets gathered from several places, such as the agent's
// library and team packs, given in precedence order. Load already applies them
// to one library; this is for callers that merge libraries.
func Check(snips []Snippet) []Problem { return check(snips) }
