package expander

import "testing"

// TestStepDoesNotAllocate proves Step allocates nothing per key, whether a
// rule fires or not. A word rule builds its reply-plus-separator strings the
// first time it fires (one allocation, kept in the Index); AllocsPerRun's
// warm-up run covers that, so the measured runs check every later firing.
func TestStepDoesNotAllocate(t *testing.T) {
	idx := NewIndex([]Rule{
		ty, sorry, sorry2, brb,
		prop(imm(";hi", "hello $|$there")),
		prop(word("élan", "élan vital")),
	})
	for name, text := range map[string]string{
		"no match":         "the quick brown fox jumps over the lazy dog, again and again. ",
		"immediate":        ";ty;sorry;;sorry",
		"case":             ";hi;Hi;HI",
		"word":             "ok brb brb. brb\n",
		"word and case":    "Élan ÉLAN élan!",
		"backspace, reset": ";tx\b\by",
	} {
		keys := make([]Key, 0, len(text))
		for _, r := range text {
			if r == '\b' {
				keys = append(keys, Key{Special: Backspace}, Key{Special: Click})
				continue
			}
			keys = append(keys, Key{Rune: r})
		}
		e := NewEngine(idx)
		fired := 0
		allocs := testing.AllocsPerRun(100, func() {
			for _, k := range keys {
				if _, _, ok := e.Step(k); ok {
					fired++
				}
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per run of %d keys", name, allocs, len(keys))
		}
		if name != "no match" && name != "backspace, reset" && fired == 0 {
			t.Errorf("%s: nothing fired", name)
		}
	}
}
