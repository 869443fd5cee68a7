//go:build windows

package windows

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// setClipboard puts formats on the clipboard as another program would.
func setClipboard(t *testing.T, formats []savedFormat) {
	t.Helper()
	if err := openClipboard(0); err != nil {
		t.Fatal(err)
	}
	defer procCloseClipboard.Call()
	procEmptyClipboard.Call()
	for _, f := range formats {
		if err := setFormat(f); err != nil {
			t.Fatal(err)
		}
	}
}

// clipboardFormat reads one format's bytes (nil when absent).
func clipboardFormat(t *testing.T, format uint32) []byte {
	t.Helper()
	if err := openClipboard(0); err != nil {
		t.Fatal(err)
	}
	defer procCloseClipboard.Call()
	h, _, _ := procGetClipboardData.Call(uintptr(format))
	if h == 0 {
		return nil
	}
	b, _ := globalBytes(h)
	return b
}

// A pasted reply leaves the user's clipboard as it was, in every format:
// text, a registered format (HTML) and a picture.
func TestPasteRestoresEveryFormat(t *testing.T) {
	ty, _, s, n := newSession(t)
	html := registerFormat("HTML Format")
	text := u16bytes(utf16z("the user's own copy"))
	htmlData := []byte("Version:0.9\r\nStartHTML:0\r\n<b>bold</b>\x00")
	dib := make([]byte, 40+16)
	dib[0], dib[4], dib[8], dib[12], dib[14], dib[20] = 40, 2, 2, 1, 32, 16
	for i := 40; i < len(dib); i++ {
		dib[i] = byte(i * 7)
	}
	setClipboard(t, []savedFormat{{cfUnicodeText, text}, {html, htmlData}, {cfDIB, dib}})

	n.clear(ty)
	ty.typeText("x;long", 0)
	s.waitExpanded(t, 1)
	n.waitText("x"+testRules[2].Replace, 10*time.Second)

	deadline := time.Now().Add(5 * time.Second)
	for {
		gotText := clipboardFormat(t, cfUnicodeText)
		gotHTML := clipboardFormat(t, html)
		gotDIB := clipboardFormat(t, cfDIB)
		ok := bytes.HasPrefix(gotText, text) && bytes.HasPrefix(gotHTML, htmlData) && bytes.HasPrefix(gotDIB, dib)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the clipboard after the paste:\ntext %q\nhtml %q\ndib %v", gotText, gotHTML, gotDIB)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func utf16z(s string) []uint16 {
	var u []uint16
	for _, r := range strings.ToValidUTF8(s, "") {
		u = append(u, uint16(r))
	}
	return append(u, 0)
}
