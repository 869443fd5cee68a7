package cmd

import (
	"github.com/kindly-support/kindly/config"
	"github.com/kindly-support/kindly/expander"
	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets"
)

// config reads <home>/config.yml through the config package (the one
// reader of that file).
func (d *Deps) config() (config.Config, error) { return config.Load(d.Home()) }

// profile returns the agent's profile values; only a problem in the profile
// section (or a file that does not parse) is an error.
func (d *Deps) profile() (map[string]string, error) { return config.LoadProfile(d.Home()) }

// previewRules is the library's rules with placeholders rendered the way a
// quick look wants them (reply.Set.Preview): `kindly try` uses it.
func (d *Deps) previewRules(lib *snippets.Library) []expander.Rule {
	prof, _ := d.profile()
	return reply.Compile(lib, prof).Preview(d.Now)
}
