package cmd

import (
	"errors"
	"testing"
)

func TestDefaultEditorIsOneANewcomerCanLeave(t *testing.T) {
	for _, c := range []struct {
		have []string
		want string
	}{
		{[]string{"vi", "nano", "sensible-editor"}, "sensible-editor"},
		{[]string{"vi", "nano"}, "nano"},
		{[]string{"vi"}, "vi"},
		{nil, "vi"},
	} {
		look := func(name string) (string, error) {
			for _, h := range c.have {
				if h == name {
					return "/usr/bin/" + name, nil
				}
			}
			return "", errors.New("not found")
		}
		if got := defaultEditor(look); got != c.want {
			t.Errorf("with %v: %s, want %s", c.have, got, c.want)
		}
	}
}
