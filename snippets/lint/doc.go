// Package lint checks customer-facing replies against the bar kindly's
// support context sets for a good reply: personal (a name with a fallback,
// signed), acknowledging before fixing, plain words without blame or jargon,
// short enough for the channel, and clear about what happens next. It also
// finds trigger trouble that spans packs: duplicates, triggers that can never
// fire, and triggers that are common words and will fire by accident.
//
// Every rule has a stable id ("tone-blame", "reply-length"…), a category, a
// default severity, and a suggestion with each finding. [Config] (the `lint:`
// key of <home>/config.yml) switches rules off, changes their severity and
// tunes their word lists and limits.
//
// The checks are heuristics over plain text: word lists, sentence splitting
// and a Flesch-Kincaid reading grade. They read replies only; the package
// knows nothing of keys, the OS or the command line, and reads no files (the
// caller passes file contents so findings can point at the exact line inside
// a multi-line reply).
package lint
