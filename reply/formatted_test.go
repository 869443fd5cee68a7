package reply

import (
	"testing"
	"time"

	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/format"
)

// A formatted reply fires from its twin in the index and is finished with
// its HTML (left out for an app set rich: false), shaped like the typed
// trigger; an image reply carries its image.
func TestFinishFormatted(t *testing.T) {
	png := []byte("\x89PNG fake")
	lib := &snippets.Library{Snippets: []snippets.Snippet{
		{Triggers: []string{";md"}, Format: format.Markdown, Replace: "see **[the guide](https://a.example)**$|$ now", PropagateCase: true},
		{Triggers: []string{";hi"}, Format: format.HTML, Replace: "<b>Hi {{customer|there}}</b>"},
		{Triggers: []string{";img"}, ImagePath: "logo.png", Image: png},
	}}
	set := Compile(lib, nil)
	if got := set.Rules[0].Replace; got != "see the guide [https://a.example]$|$ now" {
		t.Errorf("index holds %q, want the twin", got)
	}
	if set.Rules[2].Replace != "" || set.Template(0) == nil || set.Template(2) == nil {
		t.Errorf("rules %+v", set.Rules)
	}
	env := set.Env(func() time.Time { return time.Unix(0, 0) }, nil)
	e, err := set.Finish(set.Template(0), env, expander.Edit{Delete: 3}, expander.Fired{Rule: 0, Case: expander.Capitalized}, true)
	if err != nil {
		t.Fatal(err)
	}
	want := expander.Edit{Delete: 3, Insert: "See the guide [https://a.example] now", Left: 4,
		HTML: `See <strong><a href="https://a.example">the guide</a></strong> now`, HTMLLeft: 4}
	if e != want {
		t.Errorf("finish:\n got %+v\nwant %+v", e, want)
	}
	env.Values = map[string]string{"customer": "<Ann>"}
	e, _ = set.Finish(set.Template(1), env, expander.Edit{}, expander.Fired{Rule: 1, Sep: '!'}, false)
	if e.HTML != "" || e.Insert != "Hi <Ann>!" {
		t.Errorf("rich: false: %+v", e)
	}
	e, _ = set.Finish(set.Template(1), env, expander.Edit{}, expander.Fired{Rule: 1, Sep: '!'}, true)
	if e.HTML != "<b>Hi &lt;Ann&gt;</b>!" || e.Insert != "Hi <Ann>!" {
		t.Errorf("rich: %+v", e)
	}
	e, _ = set.Finish(set.Template(2), env, expander.Edit{Delete: 4}, expander.Fired{Rule: 2}, true)
	if e.Image == nil || string(e.Image.Data) != string(png) || e.Image.Type != "image/png" || e.Insert != "" {
		t.Errorf("image: %+v", e)
	}
	if prev := set.Preview(func() time.Time { return time.Unix(0, 0) }); prev[1].Replace != "Hi there" {
		t.Errorf("preview %q", prev[1].Replace)
	}
}
