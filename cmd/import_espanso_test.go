package cmd_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/snippets"
)

// A whole espanso configuration: match/ with an import and a hub package,
// global variables, whitespace and regex triggers, config/ app configs.
func TestImportEspansoConfig(t *testing.T) {
	e := newTestHome(t)
	src, _ := filepath.Abs("testdata/espanso-config")
	e.mustRun(0, "import", "espanso", src)
	out := e.out.String()
	for _, want := range []string{
		"imported 12 replies from 3 files into snippets/imported/espanso/ (3 files)\n",
		"  per-app settings: 5 rules in config.yml (title \"KeePassXC\", keepassxc, slack, alacritty, kitty)\n",
		"  profile values: 2 set (myname, company)\n",
		"not imported (9), by reason:\n",
		"  2× \"…\" is not imported (kindly has no such per-app setting)\n",
		"      config/default.yml:2:1: skipped: \"toggle_key\" is not imported",
		"      match/base.yml:49:5: skipped: ␠;lead: trigger \"␠;lead\" starts with whitespace\n",
		"      match/base.yml:43:12: skipped: :order(?P<num>\\d+): the reply uses what the regex trigger captures ({{num}}); kindly triggers are fixed text\n",
		"      match/base.yml:46:12: skipped: :n\\d+: the regex trigger matches without bound; kindly triggers are fixed text\n",
		"      match/base.yml:4:5: skipped: imported file _missing.yml cannot be read: no such file or directory\n",
		"      match/packages/latex-symbols/package.yml:9:5: skipped: \\fr␠: the trigger is imported twice; the first one is kept\n",
		"      config/telegram.yml:1:14: skipped: filter_exec \"Telegram\": kindly tells apps apart by window class and title, not by program",
		"      config/browsers.yml:1:15: skipped: filter_class \".*(firefox|chrom).*\" matches without bound",
		"imported with a change (4), by reason:\n",
		"      match/_support.yml:13:17: changed: :logo: image_path \"$CONFIG/images/logo.png\": the image is copied to images/logo.png next to the imported file\n",
		"      match/base.yml:37:12: changed: :thx :thanks: the regex trigger \":(thx|thanks)\" became the fixed triggers \":thx\", \":thanks\"\n",
		"      match/_support.yml:8:9: changed: :ip: shell variable \"ip\" has no kindly equivalent: it became the fill-in {{ip}}\n",
		"next: 'kindly check'",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}

	lib, ps, err := snippets.Load(filepath.Join(e.home, "snippets"))
	if err != nil || len(ps) > 0 {
		t.Fatalf("library after import: %v %v", err, ps)
	}
	var got []string
	for _, s := range lib.Snippets {
		got = append(got, fmt.Sprintf("%s=%s", strings.Join(s.Triggers, "|"), s.Replace))
	}
	want := []string{
		":hi=Hi there, {{myname}} from {{company}} here.",
		`:date={{date "02/01/2006"}}`,
		`\fr =fraction`,
		"abil\t=ability",
		":sig\n=Best regards,\n{{myname}}",
		":thx|:thanks=Thanks a lot!",
		":color|:colour=colour",
		":refund=Your refund is on its way, {{myname}}.",
		":ip={{ip}}",
		":logo=",
		`\alpha =α`,
		`\beta =β`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("library, in order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	img, _ := lib.Find(":logo")
	logo, _ := os.ReadFile("testdata/espanso-config/images/logo.png")
	if copied, err := os.ReadFile(filepath.Join(e.home, "snippets", "imported", "espanso", "images", "logo.png")); err != nil ||
		string(copied) != string(logo) || string(img.Image) != string(logo) {
		t.Errorf("the image reply's image was not copied into the library: %v", err)
	}
	if !reflect.DeepEqual(lib.Files, []string{"imported/espanso/01-match-base.yml", "imported/espanso/02-match-_support.yml",
		"imported/espanso/03-match-packages-latex-symbols-package.yml"}) {
		t.Errorf("files %q", lib.Files)
	}
	prof, err := config.LoadProfile(e.home)
	if err != nil || prof["myname"] != "Sam Lee" || prof["company"] != "Acme" {
		t.Errorf("profile %v %v", prof, err)
	}
	var cfg struct {
		Apps []map[string]any `yaml:"apps"`
	}
	if err := yaml.Unmarshal([]byte(e.read("config.yml")), &cfg); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(cfg.Apps); got != "[map[off:true title:KeePassXC] map[class:keepassxc off:true] map[class:slack type_max:-1] map[class:alacritty paste:ctrl+shift+v] map[class:kitty paste:ctrl+shift+v]]" {
		t.Errorf("config.yml apps: %s\n%s", got, e.read("config.yml"))
	}
	e.mustRun(0, "expand", ":hi")
	if got := e.out.String(); got != "Hi there, Sam Lee from Acme here." {
		t.Errorf("expand :hi = %q", got)
	}

	// Again: refused without --force, nothing changed.
	before := e.read("snippets/imported/espanso/01-match-base.yml")
	e.mustRun(1, "import", "espanso", src)
	if !strings.Contains(e.err.String(), "snippets/imported/espanso/ already holds an import of this source (3 files); --force replaces them") {
		t.Errorf("stderr: %s", e.err.String())
	}
	// With --force, the folder is replaced; settings the agent has are kept.
	e.mustRun(0, "profile", "set", "myname", "Samantha")
	e.mustRun(0, "import", "espanso", src, "--force")
	out = e.out.String()
	for _, want := range []string{
		"imported 12 replies from 3 files into snippets/imported/espanso/ (3 files)\n  replacing the earlier import (3 files)\n",
		"  profile values: 0 set, 2 already set and kept (myname, company)\n",
		"config.yml already has a rule for the app \"…\": yours is kept\n",
		`match/base.yml:7:5: skipped: profile value "myname" is already set to something else: yours is kept`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary after --force lacks %q:\n%s", want, out)
		}
	}
	if got := e.read("snippets/imported/espanso/01-match-base.yml"); got != before {
		t.Errorf("re-imported file differs:\n%s", got)
	}
	if n := strings.Count(e.read("config.yml"), "  - "); n != 5 {
		t.Errorf("config.yml has %d rules after a second import:\n%s", n, e.read("config.yml"))
	}
}

// A hub package the size of the big misspelling lists: 30,000 replies, 3 MB
// of YAML, lands in several files under the 1 MiB limit, in order.
func TestImportEspansoLargePackage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "packages", "misspell-en", "0.1.2")
	os.MkdirAll(dir, 0o755)
	var b strings.Builder
	b.WriteString("name: misspell-en\nparent: default\n\nmatches:\n")
	const n = 30000
	for i := range n {
		fmt.Fprintf(&b, "  - trigger: \"mispeling%05d \"\n    replace: \"the correct spelling of word number %05d, with some more words\"\n", i, i)
	}
	os.WriteFile(filepath.Join(dir, "package.yml"), []byte(b.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "_manifest.yml"), []byte("name: misspell-en\ntitle: Misspellings\nversion: 0.1.2\n"), 0o644)
	if b.Len() < 2<<20 {
		t.Fatalf("the package is only %d bytes", b.Len())
	}

	e := newTestHome(t)
	e.mustRun(0, "import", "espanso", dir)
	if out := e.out.String(); !strings.HasPrefix(out, "imported 30000 replies from 1 file into snippets/imported/espanso-misspell-en/ (4 files)\n") {
		t.Errorf("summary:\n%s", out)
	}
	lib, ps, err := snippets.Load(filepath.Join(e.home, "snippets"))
	if err != nil || len(ps) > 0 || len(lib.Snippets) != n {
		t.Fatalf("library: %d snippets, %v %v", len(lib.Snippets), err, ps)
	}
	for i, s := range lib.Snippets {
		if want := fmt.Sprintf("mispeling%05d ", i); s.Triggers[0] != want {
			t.Fatalf("snippet %d is %q, want %q: the source's order is lost", i, s.Triggers[0], want)
		}
	}
	for _, f := range lib.Files {
		fi, err := os.Stat(filepath.Join(e.home, "snippets", f))
		if err != nil || fi.Size() >= snippets.MaxFileSize {
			t.Errorf("%s: %v, %d bytes", f, err, fi.Size())
		}
	}
	if want := []string{"imported/espanso-misspell-en/01-package.yml", "imported/espanso-misspell-en/02-package-2.yml", "imported/espanso-misspell-en/03-package-3.yml", "imported/espanso-misspell-en/04-package-4.yml"}; !reflect.DeepEqual(lib.Files, want) {
		t.Errorf("files %q, want %q", lib.Files, want)
	}
}

// TextExpander: several groups at once, each a file tagged with its name.
func TestImportTextExpanderGroups(t *testing.T) {
	e := newTestHome(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Billing Replies.csv"), []byte(";inv,\"Your invoice is attached, %filltext:name=customer%.\",Invoice\n;card,Your card was declined.,Declined\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "Shipping.csv"), []byte("abbreviation,content,label\n;late,Your parcel is late; sorry!,Late\n;inv,a clash with Billing,Clash\n"), 0o644)
	e.mustRun(0, "import", "textexpander", filepath.Join(dir, "Billing Replies.csv"), filepath.Join(dir, "Shipping.csv"))
	if out := e.out.String(); !strings.HasPrefix(out, "imported 3 replies from 2 files into snippets/imported/textexpander/ (2 files)\n") ||
		!strings.Contains(out, "      Shipping.csv:3: skipped: ;inv: the trigger is imported twice; the first one is kept\n") {
		t.Errorf("summary:\n%s", out)
	}
	e.mustRun(0, "list", "--tag", "billing-replies")
	if out := e.out.String(); !strings.Contains(out, ";inv\tInvoice\tbilling-replies\tsnippets/imported/textexpander/01-Billing-Replies.yml:4\n") ||
		!strings.Contains(out, ";card\t") || strings.Contains(out, ";late") {
		t.Errorf("list --tag billing-replies:\n%s", out)
	}
	e.mustRun(0, "list", "--tag", "shipping")
	if out := e.out.String(); !strings.Contains(out, ";late\tLate\tshipping\tsnippets/imported/textexpander/02-Shipping.yml:4\n") {
		t.Errorf("list --tag shipping:\n%s", out)
	}
	e.mustRun(1, "import", "textexpander", dir)
}

// The summary of an import that brings nothing says so, and fails.
func TestImportNothing(t *testing.T) {
	e := newTestHome(t)
	f := filepath.Join(t.TempDir(), "only-regex.yml")
	os.WriteFile(f, []byte("matches:\n  - regex: \":d(\\\\d+)\"\n    replace: x\n"), 0o644)
	e.mustRun(1, "import", "espanso", f)
	if out := e.out.String(); !strings.HasPrefix(out, "nothing to import: 0 replies read, none can be added\n") {
		t.Errorf("summary:\n%s", out)
	}
}

// Rules go after the ones config.yml has; the agent's rule for an app wins
// over an imported one, and the rest of the file stays.
func TestImportEspansoAppsIntoExistingConfig(t *testing.T) {
	e := newTestHome(t)
	e.write(map[string]string{"config.yml": "# my settings\nprofile:\n  agent: Sam # me\napps:\n  - class: slack # chat\n    shift_enter: true\n"})
	src, _ := filepath.Abs("testdata/espanso-config")
	e.mustRun(0, "import", "espanso", src)
	if out := e.out.String(); !strings.Contains(out, "  per-app settings: 4 rules in config.yml (title \"KeePassXC\", keepassxc, alacritty, kitty)\n") ||
		!strings.Contains(out, "config/slack.yml:1:1: skipped: config.yml already has a rule for the app \"slack\": yours is kept\n") {
		t.Errorf("summary:\n%s", out)
	}
	got := e.read("config.yml")
	for _, want := range []string{"# my settings\n", "agent: Sam # me\n", "  - class: slack # chat\n    shift_enter: true\n", "  - class: kitty\n    paste: ctrl+shift+v\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("config.yml lacks %q:\n%s", want, got)
		}
	}
	e.mustRun(0, "profile")
	if !strings.Contains(e.out.String(), "Sam") {
		t.Errorf("profile after import: %s", e.out.String())
	}
}

// Braces that are not variables and that kindly cannot read as a
// placeholder stay text: the imported library passes 'kindly check' and the
// reply expands as written. (Braces kindly can read stay placeholders: its
// own exports write some that way.)
func TestImportKeepsLiteralBraces(t *testing.T) {
	e := newTestHome(t)
	f := filepath.Join(t.TempDir(), "code.yml")
	os.WriteFile(f, []byte("matches:\n  - trigger: \":tpl\"\n    replace: \"{{ a + b }} and {{name}}\"\n    vars:\n      - name: name\n        type: echo\n        params:\n          echo: Sam\n"), 0o644)
	te := filepath.Join(t.TempDir(), "Code.csv")
	os.WriteFile(te, []byte(";sum,\"Total: {{ a + b }} {{=x}}\",Sum\n"), 0o644)
	e.mustRun(0, "import", "espanso", f)
	e.mustRun(0, "import", "textexpander", te)
	e.mustRun(0, "check")
	e.mustRun(0, "expand", ":tpl")
	if got := e.out.String(); got != "{{ a + b }} and Sam" {
		t.Errorf("expand :tpl = %q", got)
	}
	e.mustRun(0, "expand", ";sum")
	if got := e.out.String(); got != "Total: {{ a + b }} {{=x}}" {
		t.Errorf("expand ;sum = %q", got)
	}
}
