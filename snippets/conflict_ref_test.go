package snippets

import (
	"math/rand"
	"reflect"
	"testing"
)

// naiveShadowedBy is the plain definition shadowers.shadowedBy must agree
// with: every substring of t ending before its last rune, earliest end
// first, longest first, exact before folded.
func naiveShadowedBy[O any](t string, exact, folded map[string]O) (O, bool) {
	rs := []rune(t)
	fs := []rune(fold(t))
	for end := 1; end < len(rs); end++ {
		for start := 0; start < end; start++ {
			if o, ok := exact[string(rs[start:end])]; ok {
				return o, true
			}
			if o, ok := folded[string(fs[start:end])]; ok {
				return o, true
			}
		}
	}
	var zero O
	return zero, false
}

func TestShadowedByAgreesWithNaive(t *testing.T) {
	rnd := rand.New(rand.NewSource(18))
	alphabet := []rune("abAB;:kK\u212a é ")
	word := func(max int) string {
		n := 1 + rnd.Intn(max)
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = alphabet[rnd.Intn(len(alphabet))]
		}
		return string(rs)
	}
	for round := 0; round < 300; round++ {
		exact, folded := map[string]string{}, map[string]string{}
		lengths := map[int]bool{}
		for i := rnd.Intn(8); i > 0; i-- {
			w := word(4)
			if rnd.Intn(3) == 0 {
				folded[fold(w)] = w
				lengths[len([]rune(fold(w)))] = true
			} else {
				exact[w] = w
				lengths[len([]rune(w))] = true
			}
		}
		sh := shadowers[string]{exact: exact, folded: folded, lengths: sortedLengths(lengths)}
		for i := 0; i < 50; i++ {
			w := word(10)
			got, gok := sh.shadowedBy(w)
			want, wok := naiveShadowedBy(w, exact, folded)
			if !reflect.DeepEqual([]any{got, gok}, []any{want, wok}) {
				t.Fatalf("%q with exact %q folded %q: got %q %v, want %q %v", w, exact, folded, got, gok, want, wok)
			}
		}
	}
}
