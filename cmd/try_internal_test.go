package cmd

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets"
)

func TestKeyDecoder(t *testing.T) {
	r := func(c rune) expander.Key { return expander.Key{Rune: c} }
	sp := func(s expander.Special) expander.Key { return expander.Key{Special: s} }
	for _, tc := range []struct {
		name   string
		chunks []string
		want   []expander.Key
		quit   bool
	}{
		{"text", []string{"hé"}, []expander.Key{r('h'), r('é')}, false},
		{"split rune", []string{"\xc3", "\xa9!"}, []expander.Key{r('é'), r('!')}, false},
		{"editing keys", []string{"\x7f\x08\r\t"}, []expander.Key{sp(expander.Backspace), sp(expander.Backspace), sp(expander.Enter), sp(expander.Tab)}, false},
		{"arrows", []string{"\x1b[D\x1b[C\x1bOH\x1b[4~\x1b[3~"}, []expander.Key{sp(expander.Left), sp(expander.Right), sp(expander.Home), sp(expander.End), sp(expander.Delete)}, false},
		{"split sequence", []string{"\x1b[", "1;5D"}, []expander.Key{{Special: expander.Left, Mods: expander.Ctrl}}, false},
		{"lone escape", []string{"\x1b", "a"}, []expander.Key{sp(expander.Escape), r('a')}, false},
		{"alt", []string{"\x1bb"}, []expander.Key{{Rune: 'b', Mods: expander.Alt}}, false},
		{"ctrl letter", []string{"\x01"}, []expander.Key{{Rune: 'a', Mods: expander.Ctrl}}, false},
		{"ctrl-c quits", []string{"ab\x03cd"}, []expander.Key{r('a'), r('b')}, true},
		{"ctrl-d quits", []string{"\x04"}, nil, true},
	} {
		var kd keyDecoder
		var got []expander.Key
		quit := false
		for _, c := range tc.chunks {
			keys, q := kd.feed([]byte(c), false)
			got = append(got, keys...)
			if q {
				quit = true
				break
			}
		}
		if !reflect.DeepEqual(got, tc.want) || quit != tc.quit {
			t.Errorf("%s: keys %+v quit %v, want %+v %v", tc.name, got, quit, tc.want, tc.quit)
		}
	}
}

func TestLiveFrame(t *testing.T) {
	lib := &snippets.Library{Snippets: []snippets.Snippet{{Triggers: []string{";x"}, Replace: "one\ntwo $|$!"}}}
	pg := playground{lib: lib, idx: expander.NewIndex(reply.Rules(lib))}
	l := newLive(&bytes.Buffer{}, pg, 10)
	keys, err := expander.ParseKeys("0123456789ab;x")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		l.step(k)
	}
	rows, cr, cc := l.frame()
	want := []string{"0123456789", "abone", "two !"}
	if !reflect.DeepEqual(rows, want) || cr != 2 || cc != 4 {
		t.Errorf("frame %q caret %d:%d, want %q caret 2:4", rows, cr, cc, want)
	}
	if l.status != "expanded ;x" {
		t.Errorf("status %q", l.status)
	}
}
