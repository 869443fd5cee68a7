package ibus

import "github.com/godbus/dbus/v5"

// IBus sends its objects (texts, components, engine descriptions) over
// D-Bus as "serializables": a struct whose first field is the type name,
// the second a dict of attachments, then the object's own fields.

// ibusText is an IBusText: a string with an (empty) attribute list.
type ibusText struct {
	Name    string
	Attach  map[string]dbus.Variant
	Text    string
	AttrLst dbus.Variant
}

type ibusAttrList struct {
	Name   string
	Attach map[string]dbus.Variant
	Attrs  []dbus.Variant
}

func newText(s string) dbus.Variant {
	return dbus.MakeVariant(ibusText{
		Name:   "IBusText",
		Attach: map[string]dbus.Variant{},
		Text:   s,
		AttrLst: dbus.MakeVariant(ibusAttrList{
			Name: "IBusAttrList", Attach: map[string]dbus.Variant{}, Attrs: []dbus.Variant{},
		}),
	})
}

// textOf reads the string out of an IBusText variant ("" when v is not one).
func textOf(v dbus.Variant) string {
	fields, ok := v.Value().([]any)
	if !ok || len(fields) < 3 {
		return ""
	}
	s, _ := fields[2].(string)
	return s
}

// ibusComponent is an IBusComponent: the program that provides engines.
type ibusComponent struct {
	Name                                    string
	Attach                                  map[string]dbus.Variant
	CompName, Description, Version, License string
	Author, Homepage, Exec, Textdomain      string
	ObservedPaths                           []dbus.Variant
	Engines                                 []dbus.Variant
}

// ibusEngineDesc is an IBusEngineDesc, with the fields IBus 1.5.27 reads
// (older fields first; IBus reads newer ones only when present).
type ibusEngineDesc struct {
	Name                                    string
	Attach                                  map[string]dbus.Variant
	EngineName, Longname, Description, Lang string
	License, Author, Icon, Layout           string
	Rank                                    uint32
	Hotkeys, Symbol, Setup                  string
	LayoutVariant, LayoutOption, Version    string
	Textdomain, IconPropKey                 string
}

// Identity of kindly's component and engine.
const (
	// ComponentName is the D-Bus name of kindly's IBus component.
	ComponentName = "org.freedesktop.IBus.Kindly"
	// EngineName is the engine's name, as input sources list it ("ibus:kindly").
	EngineName = "kindly"
)

func engineDesc() ibusEngineDesc {
	return ibusEngineDesc{
		Name:        "IBusEngineDesc",
		Attach:      map[string]dbus.Variant{},
		EngineName:  EngineName,
		Longname:    "kindly",
		Description: "kindly text expander: types your saved replies",
		Lang:        "other",
		License:     "MIT",
		Author:      "kindly",
		Icon:        "accessories-text-editor",
		// "default" keeps the keyboard layout the user has: kindly only
		// watches keys, it does not map them.
		Layout:  "default",
		Rank:    0,
		Symbol:  "k",
		Version: "1",
	}
}

func component(exec string) ibusComponent {
	return ibusComponent{
		Name:          "IBusComponent",
		Attach:        map[string]dbus.Variant{},
		CompName:      ComponentName,
		Description:   "kindly text expander",
		Version:       "1",
		License:       "MIT",
		Author:        "kindly",
		Homepage:      "https://github.com/kindly-support/kindly",
		Exec:          exec,
		ObservedPaths: []dbus.Variant{},
		Engines:       []dbus.Variant{dbus.MakeVariant(engineDesc())},
	}
}
