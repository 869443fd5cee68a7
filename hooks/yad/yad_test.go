package yad

import (
	"reflect"
	"testing"

	"github.com/kindly-support/kindly/hooks"
)

func TestArgsAndValues(t *testing.T) {
	fields := []hooks.Field{
		{Name: "customer", Label: "Customer: first name", Default: "there"},
		{Name: "note", Multiline: true},
		{Name: "plan", Choices: []string{"basic", "pro"}, Default: "pro"},
		{Name: "refund", Check: true, Default: "true"},
	}
	got := Args("Fill in ;hi", fields)
	want := []string{"--form", "--title=Fill in ;hi", "--window-icon=edit-paste", "--center", "--on-top",
		"--separator=\x1f", "--item-separator=\x1e", "--button=Cancel:1", "--button=Insert:0", "--focus-field=1",
		"--field=Customer∶ first name", "--field=note:TXT", "--field=plan:CB", "--field=refund:CHK",
		"there", "", "basic\x1e^pro", "TRUE"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Args:\n got %q\nwant %q", got, want)
	}
	vals := Values("Sam\x1fline one\\nline two\\\\\x1fbasic\x1fFALSE\x1f\n", fields)
	wantVals := map[string]string{"customer": "Sam", "note": "line one\nline two\\", "plan": "basic", "refund": "false"}
	if !reflect.DeepEqual(vals, wantVals) {
		t.Fatalf("Values: %q, want %q", vals, wantVals)
	}
}
