package cmd_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
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
