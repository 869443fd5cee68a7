// Package search ranks the replies of a snippet library against what an agent
// types to find one: `kindly search`, `kindly pick` and the daemon's search
// hotkey all call it.
//
// # What matches
//
// A query is cut into terms (runs of letters and digits, lower-cased: ";;Late
// refund" gives "late" and "refund"). A reply matches when every term matches
// one of its fields (trigger, label, tags, reply text), in any order, or when
// the query as typed is part of one of its triggers (";;ref"). A term matches a
// word of a field
//
//	exactly                       "refund"  in "Refund on its way"
//	as a prefix                   "ref"     in "refund"
//	fuzzily, in order (sahilm)    "rfnd"    in "refund"       (terms of 3+ characters)
//	with typos                    "refnud"  in "refund"       (1 edit from 4 characters, 2 from 8;
//	                                                          a swap of neighbours is one edit)
//
// and a term also matches a whole trigger or label fuzzily ("odel" in "Order
// delayed"), through github.com/sahilm/fuzzy, when the matched characters do not
// scatter too much.
//
// # Ranking
//
// Results come in three tiers, best first:
//
//  1. a trigger equal to the query (ignoring case);
//  2. every term is a word, or the start of a word, of the trigger, label or
//     tags ("label words"), or the query starts a trigger;
//  3. everything else: fuzzy and misspelt matches, words of the reply text.
//
// Within a tier the score adds, for each term, its best match: a field weight
// (trigger > label > tag > reply) plus how well it matched (exact > prefix >
// typo > fuzzy), then a boost that grows with the logarithm of how often the
// agent used the reply (counts passed in by the caller, see [Options.Uses]).
// Ties keep the library's order.
//
// # Speed
//
// [New] builds an immutable [Index] once per library: the flattened triggers
// and labels and one vocabulary of every distinct word with the places it
// occurs. A query then compares each term with each vocabulary word once (not
// once per reply), spreads the result to the replies that hold the word, and
// runs sahilm over the triggers and labels. Match positions for highlighting
// are worked out only for the results returned. Over 10,000 replies a query
// takes a few milliseconds (docs/performance.md, BenchmarkSearch). The fast path
// is checked against a naive one that scores every reply on its own.
//
// An Index is safe for concurrent use.
package search
