package cmd_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestSearchTSVWhenPiped(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "search", "thanks")
	want := "trigger\tlabel\tin\tmatch\n" +
		";ty\tThanks (chat)\tlabel\tThanks (chat)\n"
	if got := e.out.String(); got != want {
		t.Errorf("search (piped):\n%q\nwant:\n%q", got, want)
	}
	if strings.Contains(e.out.String(), "\x1b") {
		t.Error("escape codes in piped output")
	}
}

func TestSearchRanksExactTriggerFirst(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "search", ";;sig")
	lines := strings.Split(strings.TrimSpace(e.out.String()), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[1], ";sig,;;sig\tSignature\ttrigger\t;;sig") {
		t.Errorf("search ;;sig:\n%s", e.out.String())
	}
}

func TestSearchTableOnTerminal(t *testing.T) {
	e := newTestHome(t)
	e.outTTY = true
	e.testLibrary()
	e.mustRun(0, "search", "its", "way")
	want := "" +
		"TRIGGER  LABEL              IN     MATCH\n" +
		";refund  Refund on its way  label  Refund on \x1b[1;33mits\x1b[0m \x1b[1;33mway\x1b[0m\n"
	if got := e.out.String(); got != want {
		t.Errorf("search (terminal):\n%q\nwant:\n%q", got, want)
	}
}

func TestSearchReplyExcerpt(t *testing.T) {
	e := newTestHome(t)
	e.outTTY = true
	e.testLibrary()
	e.mustRun(0, "search", "patience")
	if want := "reply  thank you for your \x1b[1;33mpatience\x1b[0m\n"; !strings.HasSuffix(e.out.String(), want) {
		t.Errorf("search patience:\n%q\nwant suffix %q", e.out.String(), want)
	}
}

func TestSearchTypoAndTag(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "search", "refnud")
	if !strings.Contains(e.out.String(), "\n;refund\t") {
		t.Errorf("typo not tolerated:\n%s", e.out.String())
	}
	e.mustRun(0, "search", "refund", "--tag", "email")
	if got := e.out.String(); got != "trigger\tlabel\tin\tmatch\n" {
		t.Errorf("--tag email:\n%s", got)
	}
}

func TestSearchLimit(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "search", "r", "--limit", "1")
	if n := strings.Count(e.out.String(), "\n"); n != 2 {
		t.Errorf("--limit 1 printed %d lines:\n%s", n, e.out.String())
	}
	e.mustRun(2, "search", "a", "--limit", "-1")
	e.mustRun(2, "search")
}

func TestSearchNothingFound(t *testing.T) {
	e := newTestHome(t)
	e.outTTY = true
	e.testLibrary()
	e.mustRun(0, "search", "xylophone")
	if e.out.Len() != 0 || e.err.String() != "no reply matches \"xylophone\"\n" {
		t.Errorf("stdout %q, stderr %q", e.out.String(), e.err.String())
	}
}

// searched is the stable --json shape.
type searched struct {
	Triggers []string `json:"triggers"`
	Label    string   `json:"label"`
	Tags     []string `json:"tags"`
	Replace  string   `json:"replace"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Score    int      `json:"score"`
	Exact    bool     `json:"exact"`
	Hits     []struct {
		Field     string `json:"field"`
		Text      string `json:"text"`
		Positions []int  `json:"positions"`
	} `json:"hits"`
}

func TestSearchJSON(t *testing.T) {
	e := newTestHome(t)
	e.outTTY = true // --json wins over the table
	e.testLibrary()
	e.write(map[string]string{"snippets/fr.yml": "snippets:\n  - trigger: \";où\"\n    label: Où est ma commande\n    replace: Votre commande arrive demain.\n"})
	e.mustRun(0, "search", "commande", "demain", "--json")
	var got []searched
	dec := json.NewDecoder(strings.NewReader(e.out.String()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode: %v\n%s", err, e.out.String())
	}
	if len(got) != 1 {
		t.Fatalf("got %d results:\n%s", len(got), e.out.String())
	}
	r := got[0]
	if !reflect.DeepEqual(r.Triggers, []string{";où"}) || r.Label != "Où est ma commande" || !reflect.DeepEqual(r.Tags, []string{}) ||
		r.Replace != "Votre commande arrive demain." || r.File != "snippets/fr.yml" || r.Line != 2 || r.Exact || r.Score <= 0 {
		t.Errorf("entry: %+v", r)
	}
	// Positions count characters: "Où est ma " is 10 of them and 11 bytes.
	if len(r.Hits) != 2 || r.Hits[0].Field != "label" || r.Hits[0].Text != "Où est ma commande" ||
		!reflect.DeepEqual(r.Hits[0].Positions, []int{10, 11, 12, 13, 14, 15, 16, 17}) ||
		r.Hits[1].Field != "reply" || !reflect.DeepEqual(r.Hits[1].Positions, []int{22, 23, 24, 25, 26, 27}) {
		t.Errorf("hits: %+v", r.Hits)
	}

	e.mustRun(0, "search", ";ty", "--json")
	got = nil
	if err := json.Unmarshal(e.out.Bytes(), &got); err != nil || len(got) == 0 || !got[0].Exact || got[0].Hits[0].Field != "trigger" {
		t.Errorf("exact: %v %+v", err, got)
	}

	e.mustRun(0, "search", "xylophone", "--json")
	if got := e.out.String(); got != "[]\n" {
		t.Errorf("no match: %q, want []", got)
	}
}

func TestSearchBrokenLibrary(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.write(map[string]string{"snippets/bad.yml": "snippets:\n  - trigger: \";ty\"\n    replace: again\n"})
	e.mustRun(1, "search", "thanks")
	if !strings.Contains(e.err.String(), `duplicate trigger ";ty"`) {
		t.Errorf("stderr: %s", e.err.String())
	}
}

func TestSearchFavoursRepliesUsedOften(t *testing.T) {
	e := newTestHome(t)
	e.testLibrary()
	e.mustRun(0, "search", "chat")
	if got := strings.Split(e.out.String(), "\n")[1]; !strings.HasPrefix(got, ";ty\t") {
		t.Fatalf("without counts, first: %q", got)
	}
	e.write(map[string]string{"stats.json": `{"version": 1, "triggers": {";refund": {"expansions": 40, "undone": 8}, ";ty": {"expansions": 3, "undone": 3}}}`})
	e.mustRun(0, "search", "chat")
	if got := strings.Split(e.out.String(), "\n")[1]; !strings.HasPrefix(got, ";refund\t") {
		t.Errorf("with counts, first: %q", got)
	}
	e.write(map[string]string{"stats.json": "{broken"})
	e.mustRun(0, "search", "chat")
	if !strings.HasPrefix(e.err.String(), "kindly: warning: ranking without usage counts: read stats ") {
		t.Errorf("stderr: %q", e.err.String())
	}
}
