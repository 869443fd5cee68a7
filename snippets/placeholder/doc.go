// Package placeholder parses and renders the {{…}} language of kindly replies.
//
// A reply is text with placeholders between double braces:
//
//	Hi {{customer|there}},
//
//	Your {{plan:Basic|Pro|Enterprise}} plan renews on {{date +1m "January 2"}}.
//	{{#refund "Include refund details"}}The refund of {{amount}} is on its way.{{/refund}}
//
//	{{> ;sig}}
//
// The forms (docs/placeholders.md has an example of each):
//
//	{{name}}                   profile value or fill-in; asked when neither answered nor in the profile
//	{{name|fallback}}          fill-in with a fallback used when left empty ({{ps|}}: optional, empty)
//	{{name "Label"|fallback}}  a label for the form (any form below with a name takes one)
//	{{multiline name}}         multi-line fill-in (takes a label and a fallback too)
//	{{name:A|B|C}}             choice list; the first choice is the default
//	{{#name "Label"}}…{{/name}} optional section the agent ticks on; {{#name "Label" on}} starts ticked
//	{{date}} {{time}}          now; {{date +2bd "Monday, January 2"}}: offsets (d w m y bd h min) and a
//	                           Go layout, a preset (iso short medium long full weekday time time12
//	                           datetime) or tokens (YYYY-MM-DD, dddd D MMMM, HH:mm, h:mm A)
//	{{clipboard}}              the clipboard's text ({{clipboard|fallback}} when empty or unavailable)
//	{{cursor}} or $|$          where the caret ends (at most one per reply)
//	{{> ;sig}}                 the reply of another trigger, rendered with the same values
//	{{random:Thanks!|Many thanks!}} one of the variants, picked at random
//	{{"text"}}                 literal text ({{"$|$"}} for a literal caret marker)
//	\{{                        a literal "{{"
//	{{! note }}                a comment, rendered as nothing
//
// [Parse] turns a reply into a [Template] and reports every syntax mistake as
// an [Error] with its position in the reply. [Template.Fields] lists what a
// fill-in form must ask; [Template.Render] produces the text and the caret
// position from an [Env], which carries everything from the outside world:
// the profile, the answers, the clock, the clipboard, other replies and the
// random source. The package does no I/O of its own and has no state.
//
// A value is found in Env.Values (the answers), then Env.Profile; an empty
// answer counts as none. A fill-in with no value and no fallback is missing:
// Render then fails with a [*MissingError] naming every missing value, so a
// half-filled reply ("Hi ,") is never produced.
package placeholder
