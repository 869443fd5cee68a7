package expander

import "testing"

// Triggers that end with the key that completes them: a space, a Tab or a
// newline (espanso's "\\alpha " idiom). That key is part of the trigger: it
// is deleted with the rest and the reply takes its place.
func TestEngineWhitespaceTriggers(t *testing.T) {
	alpha := imm(`\alpha `, "α")
	fr := imm(`\fr `, "fraction")
	abil := imm("abil\t", "ability")
	sig := imm(";sig\n", "Best regards,\nSam")
	twice := imm("ok  ", "OK!")
	runPlayCases(t, []playCase{
		{"space completes it", []Rule{alpha}, `x = \alpha `, "x = α", end},
		{"without the space nothing happens", []Rule{alpha}, `x = \alpha`, `x = \alpha`, end},
		{"another key instead of the space", []Rule{alpha}, `\alpha.`, `\alpha.`, end},
		{"the space after a corrected typo", []Rule{fr}, `\fx{Backspace}r `, "fraction", end},
		{"Tab completes it", []Rule{abil}, "the abil{Tab}", "the ability", end},
		{"Tab typed as a rune", []Rule{abil}, "abil\t", "ability", end},
		{"Enter completes it", []Rule{sig}, "Thanks!\n;sig{Enter}", "Thanks!\nBest regards,\nSam", end},
		{"two trailing spaces", []Rule{twice}, "ok ok  ", "ok OK!", end},
		{"one of two spaces is not enough", []Rule{twice}, "ok ", "ok ", end},
		{"with a longer trigger ending the same way", []Rule{alpha, imm(`\\alpha `, "A")}, `\\alpha `, "A", end},
		{"propagate case", []Rule{prop(imm(";ty ", "thank you"))}, ";Ty ", "Thank you", end},
		{"Escape between resets", []Rule{abil}, "abil{Escape}{Tab}", "abil\t", end},
	})
}
