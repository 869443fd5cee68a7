// Package stats keeps kindly's local usage counts: how often each trigger
// expanded, how many characters (and so how much typing time) that saved,
// how often an expansion was undone right away (a Backspace within
// UndoWindow: a sign of a trigger that fires by accident), and when each was
// last used.
//
// Only trigger names, counts and times are stored, never typed text: the
// [Recorder] API takes no text but the trigger, so it cannot leak any. The
// file (<home>/stats.json) is written atomically and can be deleted at any
// time; a missing file is empty statistics.
//
// The daemon owns a Recorder. Expanded and Key only touch memory under a
// short mutex and never block on disk, so they are safe in the key path;
// Flush (from a ticker goroutine and at shutdown) merges the counts gathered
// since the last flush into the file. Merging rather than overwriting means
// `kindly stats --reset` (which deletes the file) is not undone by a running
// daemon. Times come from the caller (the keys' timestamps), never from a
// clock read here.
package stats
