package cmd_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
)

const formattedLib = `snippets:
  - trigger: ";steps"
    markdown: |-
      Hi {{customer|there}},

      Please try this, from [our guide]({{help_center|https://help.example.com}}/reset):

      1. Sign out.
      2. Clear the **cache**.$|$

      Best,
      {{agent}}
  - trigger: ";fixed"
    markdown: "Thanks, see **[the guide](https://help.example.com/a)**!$|$ Bye"
  - trigger: ";h"
    html: "<p>Hello <b>{{customer|there}}</b><script>x()</script></p>"
  - trigger: ";logo"
    image_path: logo.jpg
`

func formattedHome(t *testing.T) *testHome {
	e := newTestHome(t)
	e.write(map[string]string{
		"snippets/a.yml": formattedLib,
		"config.yml":     "profile:\n  agent: Sam\n  help_center: https://support.acme.example\n",
	})
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	e.write(map[string]string{"snippets/logo.jpg": buf.String()})
	return e
}

func TestExpandFormatted(t *testing.T) {
	e := formattedHome(t)
	e.mustRun(0, "expand", ";steps", "--set", "customer=<Ann> *Lee*")
	want := "Hi <Ann> *Lee*,\n\nPlease try this, from our guide [https://support.acme.example/reset]:\n\n1. Sign out.\n2. Clear the cache.\n\nBest,\nSam"
	if got := e.out.String(); got != want {
		t.Errorf("twin:\n got %q\nwant %q", got, want)
	}
	e.mustRun(0, "expand", ";steps", "--html", "--set", "customer=<Ann> *Lee*")
	want = "<p>Hi &lt;Ann&gt; *Lee*,</p>\n<p>Please try this, from <a href=\"https://support.acme.example/reset\">our guide</a>:</p>\n<ol>\n<li>Sign out.</li>\n<li>Clear the <strong>cache</strong>.</li>\n</ol>\n<p>Best,<br>\nSam</p>"
	if got := e.out.String(); got != want {
		t.Errorf("HTML:\n got %q\nwant %q", got, want)
	}
	e.mustRun(0, "expand", ";h", "--html")
	if got, want := e.out.String(), "<p>Hello <b>there</b></p>"; got != want {
		t.Errorf("HTML %q, want %q", got, want)
	}
	e.mustRun(0, "expand", ";logo")
	cfg, kind, err := image.DecodeConfig(bytes.NewReader(e.out.Bytes()))
	if err != nil || kind != "png" || cfg.Width != 4 || cfg.Height != 3 {
		t.Errorf("image reply: %v %s %+v", err, kind, cfg)
	}
	if _, err := png.Decode(bytes.NewReader(e.out.Bytes())); err != nil {
		t.Error(err)
	}
}

func TestTryFormatted(t *testing.T) {
	e := formattedHome(t)
	e.mustRun(0, "try", "--keys", "x ;fixed!")
	if got, want := e.out.String(), "x Thanks, see the guide [https://help.example.com/a]!! Bye\n"; got != want {
		t.Errorf("try %q, want %q", got, want)
	}
	e.mustRun(0, "try", "--keys", ";steps")
	if got, want := e.out.String(), "Hi there,\n\nPlease try this, from our guide [https://support.acme.example/reset]:\n\n1. Sign out.\n2. Clear the cache.\n\nBest,\nSam\n"; got != want {
		t.Errorf("try %q, want %q", got, want)
	}
}

func TestCheckFormatted(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"snippets/a.yml": `snippets:
  - trigger: ";a"
    markdown: |-
      See [the guide](my page).
      <b onclick="x()">hi</b>
  - trigger: ";b"
    html: "<p>Hi <b>there</p>"
  - trigger: ";c"
    image_path: missing.png
  - trigger: ";d"
    image_path: /etc/logo.png
`})
	e.mustRun(1, "check")
	got := e.out.String()
	for _, w := range []string{
		`snippets/a.yml:4:11: error: markdown: "[the guide](my page)" is not a link`,
		`snippets/a.yml:5:10: error: markdown: the onclick= handler on <b> is dropped`,
		`snippets/a.yml:7:18: error: html: <b> is never closed (</p> comes first)`,
		`snippets/a.yml:9:17: error: image_path "missing.png": no such file next to the snippet's file`,
		`snippets/a.yml:11:17: error: image_path "/etc/logo.png" must be relative to the snippet's file`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("check output lacks %q:\n%s", w, got)
		}
	}
}

func TestImportExportEspansoFormatted(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	src, _ := filepath.Abs("../snippets/convert/testdata/espanso-config/match")
	e.mustRun(0, "import", "espanso", src)
	if out := e.out.String(); !strings.Contains(out, "imported 3 replies from 1 file into snippets/imported/espanso-match/ (1 file)") {
		t.Fatalf("stdout:\n%s", out)
	}
	lib, ps, _ := snippets.Load(filepath.Join(e.home, "snippets"))
	if len(ps) > 0 {
		t.Fatalf("library after import: %v", ps)
	}
	md, _ := lib.Find(":reset")
	h, _ := lib.Find(":sig")
	img, _ := lib.Find(":logo")
	if md.Format != format.Markdown || !strings.HasPrefix(md.Replace, "Hi,\n\nPlease follow [our guide]") ||
		h.Format != format.HTML || h.Replace != `<b>Sam</b> · <a href="https://acme.example">Acme</a>` {
		t.Errorf("imported %+v\n%+v", md, h)
	}
	want, _ := os.ReadFile("../snippets/convert/testdata/espanso-config/images/logo.png")
	if img.ImagePath != "images/logo.png" || !bytes.Equal(img.Image, want) {
		t.Errorf("image reply: %q, %d bytes", img.ImagePath, len(img.Image))
	}

	e.mustRun(0, "export", "--format", "espanso")
	var doc struct {
		Matches []map[string]any `yaml:"matches"`
	}
	if err := yaml.Unmarshal(e.out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, m := range doc.Matches {
		switch m["trigger"] {
		case ":reset":
			found++
			if m["markdown"] != md.Replace || m["replace"] != nil {
				t.Errorf("exported %v", m)
			}
		case ":sig":
			found++
			if m["html"] != h.Replace {
				t.Errorf("exported %v", m)
			}
		case ":logo":
			found++
			if m["image_path"] != filepath.Join(e.home, "snippets", "imported", "espanso-match", "images", "logo.png") {
				t.Errorf("exported %v", m)
			}
		}
	}
	if found != 3 {
		t.Errorf("export:\n%s", e.out.String())
	}
}

func TestListJSONFormatted(t *testing.T) {
	e := formattedHome(t)
	e.mustRun(0, "list", "--json")
	var got []struct {
		Triggers  []string `json:"triggers"`
		Format    string   `json:"format"`
		ImagePath string   `json:"image_path"`
	}
	if err := json.Unmarshal(e.out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{";steps": {"markdown", ""}, ";fixed": {"markdown", ""}, ";h": {"html", ""}, ";logo": {"", "logo.jpg"}}
	for _, g := range got {
		if w := want[g.Triggers[0]]; g.Format != w[0] || g.ImagePath != w[1] {
			t.Errorf("%s: format %q image %q, want %q", g.Triggers[0], g.Format, g.ImagePath, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d entries", len(got))
	}
}

func TestTryHTML(t *testing.T) {
	e := formattedHome(t)
	e.mustRun(0, "try", "--keys", "x ;fixed! ;h", "--html")
	want := "Thanks, see <strong><a href=\"https://help.example.com/a\">the guide</a></strong>! Bye\n<p>Hello <b>there</b></p>\n"
	if got := e.out.String(); got != want {
		t.Errorf("try --html:\n got %q\nwant %q", got, want)
	}
	e.mustRun(1, "try", "--keys", "plain text", "--html")
	e.mustRun(2, "try", "--html")
}
