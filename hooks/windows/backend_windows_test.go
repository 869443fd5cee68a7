//go:build windows

package windows

import (
	"strings"
	"testing"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/hooks"
)

// collector gathers a backend's events.
type collector struct {
	keys   chan expander.Key
	focus  chan hooks.App
	hotkey chan string
}

func collect(b *Backend) *collector {
	c := &collector{keys: make(chan expander.Key, 10000), focus: make(chan hooks.App, 100), hotkey: make(chan string, 10)}
	go func() {
		for e := range b.Events() {
			switch e.Kind {
			case hooks.KeyEvent:
				c.keys <- e.Key
			case hooks.FocusEvent:
				select {
				case c.focus <- e.App:
				default:
				}
			case hooks.HotkeyEvent:
				c.hotkey <- e.Hotkey
			}
		}
	}()
	return c
}

// typed reads keys until quiet for d and renders them as text.
func (c *collector) typed(d time.Duration) string {
	var sb strings.Builder
	for {
		select {
		case k := <-c.keys:
			switch {
			case k.Special == expander.Marker:
				sb.WriteString("{M}")
			case k.Special != expander.None:
				sb.WriteString("{" + k.Special.String() + "}")
			default:
				sb.WriteRune(k.Rune)
			}
		case <-time.After(d):
			return sb.String()
		}
	}
}

func openBackend(t *testing.T) (*Backend, *collector) {
	t.Helper()
	b, err := open(hooks.Options{Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, collect(b)
}

func TestHookSeesTypedText(t *testing.T) {
	ty := newTypist(t)
	b, c := openBackend(t)
	n := startNotepad(t)
	n.clear(ty)
	c.typed(200 * time.Millisecond)
	ty.typeText("Hello, World!", 0)
	n.waitText("Hello, World!", 5*time.Second)
	if got := c.typed(300 * time.Millisecond); got != "Hello, World!" {
		t.Errorf("the hook reported %q", got)
	}
	_ = b
}

func TestInjectTypesUnicode(t *testing.T) {
	ty := newTypist(t)
	b, c := openBackend(t)
	n := startNotepad(t)
	n.clear(ty)
	ty.typeText("x;sig", 0)
	n.waitText("x;sig", 5*time.Second)
	c.typed(300 * time.Millisecond)
	if _, err := b.Inject(expander.Batch{Edit: expander.Edit{Delete: 4, Insert: "é ’ — 😀\nok"}}); err != nil {
		t.Fatal(err)
	}
	n.waitText("xé ’ — 😀\nok", 5*time.Second)
	if got := c.typed(300 * time.Millisecond); got != "" {
		t.Errorf("the hook reported kindly's own typing: %q", got)
	}
}
