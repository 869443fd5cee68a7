package snippets

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// A library loaded through a cache is exactly the library loaded without
// one, from the first load, from memory and from the saved file; a changed
// file is decoded again; a damaged or foreign cache file is ignored.
func TestCacheGivesTheSameLibrary(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.yml", "snippets:\n  - trigger: \";ty\"\n    replace: Thank you!$|$\n    label: Thanks\n    tags: [chat, short]\n    propagate_case: true\n"+
		"  - triggers: [\"brb\", \"\\\\fr \"]\n    replace: be right back\n    word: true\n")
	write("b.yml", "snippets:\n  - trigger: \";ty\"\n    replace: a duplicate\n  - trigger: \";x\"\n    replace:\n")
	write("c.yml", "snippets: [oops\n")
	// Formatted and image replies come back with their format, image path
	// and place (the images are read at every load, not cached).
	write("d.yml", "snippets:\n  - trigger: \";md\"\n    markdown: \"**bold** [x](https://a.example)\"\n  - trigger: \";h\"\n    html: <b>hi</b>\n"+
		"  - trigger: \";img\"\n    image_path: logo.png\n  - trigger: \";gone\"\n    image_path: gone.png\n")
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2)))
	write("logo.png", img.String())
	want := func() (*Library, []Problem) {
		lib, ps, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		return lib, ps
	}
	same := func(what string, c *Cache) {
		t.Helper()
		wl, wp := want()
		gl, gp, err := LoadWith(dir, c)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Done(); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gl, wl) || !reflect.DeepEqual(gp, wp) {
			t.Errorf("%s:\n got %+v\n%v\nwant %+v\n%v", what, gl, gp, wl, wp)
		}
	}
	path := filepath.Join(t.TempDir(), "kindly", "library.cache")
	c := OpenCache(path)
	same("first load", c)
	if len(c.entries) != 5 {
		t.Errorf("%d entries after a load of 4 files (want one each and the checks)", len(c.entries))
	}
	if lib, _ := want(); len(lib.Snippets) < 4 || lib.Snippets[len(lib.Snippets)-2].Image == nil {
		t.Fatalf("the image reply's image was not read: %+v", lib.Snippets)
	}
	same("from memory", c)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("cache file: %v %v", fi, err)
	}
	c2 := OpenCache(path)
	if len(c2.entries) != 5 {
		t.Fatalf("%d entries read back from the file", len(c2.entries))
	}
	same("from the file", c2)

	write("b.yml", "snippets:\n  - trigger: \";new\"\n    replace: changed\n")
	same("after an edit", c2)
	if len(c2.entries) != 5 {
		t.Errorf("%d entries: the old b.yml and its checks were not dropped", len(c2.entries))
	}

	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)-7], 0o600)
	same("from a truncated file", OpenCache(path))
	os.WriteFile(path, []byte(cacheFormat+"\nanother build\n"+string(data)), 0o600)
	if c := OpenCache(path); len(c.entries) != 0 {
		t.Errorf("a cache written by another build was used")
	}
}

func TestCacheEntryRejectsDamage(t *testing.T) {
	ps := []Problem{{Pos{"a.yml", 2, 3}, Error, "duplicate trigger"}, {Pos{"b.yml", 0, 0}, Warning, "x"}}
	pe := encodeProblems(ps)
	for i := 0; i < len(pe); i++ {
		if _, err := readProblems(pe[:i]); err == nil {
			t.Errorf("cut problems (%d of %d bytes) were read", i, len(pe))
		}
	}
	if got, err := readProblems(pe); err != nil || !reflect.DeepEqual(got, ps) {
		t.Errorf("problems: got %v %v", got, err)
	}

	snips, ps := decodeFile("a.yml", []byte("snippets:\n  - trigger: \";ty\"\n    replace: Thank you\n    tags: [a]\n"))
	e := encodeEntry(snips, ps)
	for i := 0; i < len(e); i++ {
		if _, _, err := readEntry("a.yml", e[:i]); err == nil {
			t.Errorf("a cut entry (%d of %d bytes) was read", i, len(e))
		}
	}
	got, _, err := readEntry("a.yml", e)
	if err != nil || !reflect.DeepEqual(got, snips) {
		t.Errorf("got %+v %v, want %+v", got, err, snips)
	}
}
