package expander

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// fuzzRunes are the runes fuzzed triggers and typing are made of: letters in
// both cases, runes whose case folding is unusual (Kelvin sign, long s),
// non-ASCII, an emoji and separators.
var fuzzRunes = []rune{'a', 'b', 'A', 'B', 'é', 'É', ';', ' ', '.', 'k', 'K', '\u212a', 's', 'ſ', '🎉', '\n'}

var fuzzReplies = []string{"éx$|$y", "hello", "ß$|$", "Ab\nc 🎉", "$|$", "ok$|$ go$|$!"}

// swapKey in a fuzzed key sequence means "switch to the other rule set".
var swapKey = Key{Special: Marker, Marker: 0xffff}

var fuzzKeys = func() []Key {
	ks := make([]Key, 0, 32)
	for _, r := range fuzzRunes {
		ks = append(ks, Key{Rune: r})
	}
	return append(ks,
		Key{Special: Backspace}, Key{Special: Backspace}, Key{Special: Backspace},
		Key{Special: Enter}, Key{Special: Tab}, Key{Special: Escape}, Key{Special: Left},
		Key{Special: Click}, Key{Rune: 'a', Mods: Ctrl}, Key{Special: Marker, Marker: 1},
		Key{}, Key{Rune: 'A', Mods: Shift}, swapKey, Key{Rune: ','}, Key{Rune: '('}, Key{Special: Window},
	)
}()

// decodeFuzz turns fuzz bytes into two small rule sets and a key sequence.
func decodeFuzz(data []byte) (sets [2][]Rule, keys []Key) {
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return b
	}
	for s := range sets {
		n := 1 + int(next()%4)
		for i := range n {
			flags := next()
			r := Rule{Word: flags&1 != 0, PropagateCase: flags&2 != 0, Replace: fuzzReplies[i%len(fuzzReplies)]}
			if flags&4 != 0 {
				r.Replace = fuzzReplies[(i+3)%len(fuzzReplies)]
			}
			for range 1 + int(flags>>3&1) {
				tr := make([]rune, 1+int(next()%5))
				for j := range tr {
					tr[j] = fuzzRunes[int(next())%len(fuzzRunes)]
				}
				r.Triggers = append(r.Triggers, string(tr))
			}
			sets[s] = append(sets[s], r)
		}
	}
	for _, b := range data {
		keys = append(keys, fuzzKeys[int(b)%len(fuzzKeys)])
	}
	return sets, keys
}

func FuzzEngineMatchesNaive(f *testing.F) {
	f.Add([]byte("\x00\x00\x02\x07\x10\x00\x00\x00\x01\x02\x03\x07\x10"))
	f.Add([]byte("\x01\x03\x02\x06\x10\x01\x02\x02\x00\x01\x02\x00\x01\x02\x07"))
	f.Add([]byte("\x03\x0b\x03\x06\x0a\x01\x02\x02\x00\x03\x0f\x00\x02\x03\x01\x02\x03\x01\x02\x03\x07\x10\x11\x06\x0a\x1c\x06\x0a\x07"))
	f.Fuzz(func(t *testing.T, data []byte) { matchesNaive(t, data) })
}

// matchesNaive decodes data into two rule sets and keys (with swaps between
// the sets, as a reload does), steps the Engine and the naive reference
// side by side, fails at the first difference, and returns how many keys
// fired.
func matchesNaive(t *testing.T, data []byte) (fired int) {
	t.Helper()
	sets, keys := decodeFuzz(data)
	idx := [2]*Index{NewIndex(sets[0]), NewIndex(sets[1])}
	cur := 0
	e, n := NewEngine(idx[cur]), newNaive(sets[cur])
	for i, k := range keys {
		if k == swapKey {
			cur = 1 - cur
			e.SetIndex(idx[cur])
			n.setRules(sets[cur])
			continue
		}
		ge, gf, gok := e.Step(k)
		we, wf, wok := n.step(k)
		if ge != we || gf != wf || gok != wok {
			t.Fatalf("rules %s\nkeys %s\nat key %d (%+v):\nengine %+v %+v %v\n naive %+v %+v %v",
				fmtRules(sets), fmtKeys(keys), i, k, ge, gf, gok, we, wf, wok)
		}
		if gok {
			fired++
		}
	}
	return fired
}

func fmtRules(sets [2][]Rule) string {
	return fmt.Sprintf("%#v", sets)
}

func fmtKeys(keys []Key) string {
	s := ""
	for _, k := range keys {
		switch {
		case k == swapKey:
			s += "{swap}"
		case k.Special == None && k.Mods == 0:
			s += string(k.Rune)
		default:
			s += fmt.Sprintf("{%v%v}", k.Mods, k.Special)
		}
	}
	return fmt.Sprintf("%q", s)
}

// TestEngineMatchesNaiveRandom runs the fuzz property over fixed pseudo-random
// inputs on every `go test`, and checks the inputs do make rules fire.
func TestEngineMatchesNaiveRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	fired := 0
	for range 3000 {
		data := make([]byte, 20+rng.IntN(200))
		for i := range data {
			data[i] = byte(rng.UintN(256))
		}
		fired += matchesNaive(t, data)
	}
	if fired < 1000 {
		t.Errorf("only %d firings: the generator does not exercise the engine", fired)
	}
	t.Logf("%d firings", fired)
}
