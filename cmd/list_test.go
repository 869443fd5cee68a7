package cmd_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestListTSVWhenPiped(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "list")
	want := "trigger\tlabel\ttags\tfile\n" +
		";refund\tRefund on its way\tchat,refund\tsnippets/billing.yml:2\n" +
		";ty\tThanks (chat)\tchat,thanks\tsnippets/team.yml:3\n" +
		"brb\t\t\tsnippets/team.yml:9\n" +
		";sig,;;sig\tSignature\temail\tsnippets/team.yml:12\n"
	if got := e.out.String(); got != want {
		t.Errorf("list (piped):\n%s\nwant:\n%s", got, want)
	}
	if e.err.Len() > 0 {
		t.Errorf("stderr: %s", e.err.String())
	}
}

func TestListTableOnTerminal(t *testing.T) {
	e := newTestHome(t)
	e.viaFlag = true
	e.outTTY = true
	e.testLibrary()
	e.mustRun(0, "list")
	want := "" +
		"TRIGGER      LABEL              TAGS         FILE\n" +
		";refund      Refund on its way  chat,refund  snippets/billing.yml:2\n" +
		";ty          Thanks (chat)      chat,thanks  snippets/team.yml:3\n" +
		"brb                                          snippets/team.yml:9\n" +
		";sig, ;;sig  Signature          email        snippets/team.yml:12\n"
	if got := e.out.String(); got != want {
		t.Errorf("list (terminal):\n%s\nwant:\n%s", got, want)
	}
}

func TestListTag(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "list", "--tag", "CHAT")
	lines := strings.Split(strings.TrimSpace(e.out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], ";refund\t") || !strings.HasPrefix(lines[2], ";ty\t") {
		t.Errorf("list --tag chat:\n%s", e.out.String())
	}
}

type listed struct {
	Triggers      []string `json:"triggers"`
	Label         string   `json:"label"`
	Tags          []string `json:"tags"`
	Word          bool     `json:"word"`
	PropagateCase bool     `json:"propagate_case"`
	Replace       string   `json:"replace"`
	File          string   `json:"file"`
	Line          int      `json:"line"`
}

func TestListJSON(t *testing.T) {
	e := newTestHome(t)
	e.outTTY = true // --json wins over the table
	e.testLibrary()
	e.mustRun(0, "list", "--json")
	var got []listed
	dec := json.NewDecoder(strings.NewReader(e.out.String()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode: %v\n%s", err, e.out.String())
	}
	want := []listed{
		{[]string{";refund"}, "Refund on its way", []string{"chat", "refund"}, false, false, "Your refund of $|$ is on its way.", "snippets/billing.yml", 2},
		{[]string{";ty"}, "Thanks (chat)", []string{"chat", "thanks"}, false, true, "thank you for your patience", "snippets/team.yml", 3},
		{[]string{"brb"}, "", []string{}, true, false, "be right back", "snippets/team.yml", 9},
		{[]string{";sig", ";;sig"}, "Signature", []string{"email"}, false, false, "Best regards,\nSam", "snippets/team.yml", 12},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("list --json:\n%+v\nwant\n%+v", got, want)
	}
	// Empty lists are [], never null, so scripts can iterate without checks.
	if !strings.Contains(e.out.String(), `"tags": []`) {
		t.Errorf("empty tags are not []:\n%s", e.out.String())
	}

	e2 := newTestHome(t)
	e2.mustRun(0, "list", "--json")
	if got := strings.TrimSpace(e2.out.String()); got != "[]" {
		t.Errorf("list --json on an empty library = %q, want []", got)
	}
}

func TestListBrokenLibrary(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.write(map[string]string{"snippets/broken.yml": "snippets:\n  - trigger: \";x\"\n    replce: X\n"})
	e.mustRun(1, "list")
	if !strings.Contains(e.out.String(), ";ty\t") || strings.Contains(e.out.String(), ";x") {
		t.Errorf("list should show what decoded:\n%s", e.out.String())
	}
	if !strings.Contains(e.err.String(), `snippets/broken.yml:3:5: error: unknown key "replce" in snippet (did you mean "replace"?)`) {
		t.Errorf("stderr:\n%s", e.err.String())
	}
}

func TestListEmptyLibrary(t *testing.T) {
	e := newTestHome(t)
	e.outTTY = true
	e.mustRun(0, "list")
	if !strings.Contains(e.err.String(), "kindly init") {
		t.Errorf("empty library hint: %q", e.err.String())
	}
}
