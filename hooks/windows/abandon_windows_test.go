//go:build windows

package windows

import (
	"testing"
	"time"

	"github.com/kindly-support/kindly/expander"
)

// When the conductor gives up on an expansion (a marker came too late) it
// lets go without replaying keys it never received: the backend types
// those itself, once, after what the conductor replayed.
func TestAbandonTypesSwallowedKeys(t *testing.T) {
	ty := newTypist(t)
	b, c := openBackend(t)
	n := startNotepad(t)
	n.clear(ty)
	c.typed(200 * time.Millisecond)

	hold := func() {
		if _, err := b.Inject(expander.Batch{Hold: true, Mark: true}); err != nil {
			t.Fatal(err)
		}
		if got := c.typed(300 * time.Millisecond); got != "{M}" {
			t.Fatalf("after the hold the hook reported %q, want the marker", got)
		}
	}
	// Keys swallowed, none seen by the conductor: all typed by the backend.
	hold()
	ty.typeText("abc", 0)
	keys := c.keysFor(3, 2*time.Second)
	if got := n.text(); got != "" {
		t.Fatalf("held keys reached notepad: %q", got)
	}
	if _, err := b.Inject(expander.Batch{}); err != nil { // abandon: let go, no marker
		t.Fatal(err)
	}
	n.waitText("abc", 5*time.Second)

	// Keys the conductor replayed are not typed again.
	hold()
	ty.typeText("xyz", 0)
	keys = c.keysFor(3, 2*time.Second)
	if _, err := b.Inject(expander.Batch{Replay: keys}); err != nil {
		t.Fatal(err)
	}
	n.waitText("abcxyz", 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	if got := n.text(); got != "abcxyz" {
		t.Fatalf("notepad has %q, want abcxyz (each key once)", got)
	}
}

// keysFor waits for n keys from the hook.
func (c *collector) keysFor(n int, within time.Duration) []expander.Key {
	var keys []expander.Key
	deadline := time.After(within)
	for len(keys) < n {
		select {
		case k := <-c.keys:
			keys = append(keys, k)
		case <-deadline:
			return keys
		}
	}
	return keys
}
