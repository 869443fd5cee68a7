package pack

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/kindly-support/kindly/snippets"
)

var commitRE = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

// Installed is one pack as the loader found it.
type Installed struct {
	Pin      Pin
	Manifest Manifest
	Replies  int    // snippets in the pack (before precedence)
	Dir      string // packs/<name>, relative to the home, slash-separated
	Missing  bool   // in packs.lock, but its files are gone
}

// Override is a pack trigger the agent's own library redefines (and so wins).
type Override struct {
	Trigger string
	Pack    string       // the pack whose reply is not used
	Own     snippets.Pos // the agent's definition
	Packed  snippets.Pos // the pack's definition
}

// Set is the agent's library merged with the installed packs.
type Set struct {
	// Library holds the agent's own snippets first (files in snippets/), then
	// each pack's in pack name order, with triggers that lose to a higher
	// precedence definition taken out. Positions are relative to the home:
	// "snippets/personal.yml", "packs/acme/snippets/billing.yml".
	Library   *snippets.Library
	Problems  []snippets.Problem
	Packs     []Installed
	Overrides []Override
	// Replaced are the starter pack's triggers a team pack defines too: the
	// team's reply is used (Own is the starter's definition, Packed the
	// pack's).
	Replaced []Override
}

// StarterPrefix is where `kindly init` puts the starter pack, relative to
// the home: its replies rank below the team packs'.
const StarterPrefix = "snippets/starter/"

// splitStarter separates the agent's own snippets from the starter pack's.
func splitStarter(snips []snippets.Snippet) (mine, starter []snippets.Snippet) {
	for _, s := range snips {
		if strings.HasPrefix(filepath.ToSlash(s.Pos.File), StarterPrefix) {
			starter = append(starter, s)
		} else {
			mine = append(mine, s)
		}
	}
	return mine, starter
}

// LoadLibrary loads the agent's own library (home/snippets) and every pack in
// packs.lock (home/packs/<name>), applying the precedence rule: the agent's
// own replies win over pack replies, and pack replies win over the starter
// pack (snippets/starter/); between two packs, the one whose name sorts
// first wins and a warning names both definitions. Positions are
// relative to home ("snippets/personal.yml", "packs/acme/snippets/x.yml").
// Problems in the files are returned, not failed on; the error is only for
// I/O trouble with the library folder or an unreadable packs.lock.
func LoadLibrary(home string) (*snippets.Library, []snippets.Problem, error) {
	return LoadLibraryWith(home, nil)
}

// LoadLibraryWith is LoadLibrary through a library cache (nil for none),
// which it calls Done on: the daemon keeps one across reloads.
func LoadLibraryWith(home string, cache *snippets.Cache) (*snippets.Library, []snippets.Problem, error) {
	s, err := LoadWith(home, "", cache)
	if err != nil {
		return nil, nil, err
	}
	return s.Library, s.Problems, nil
}

// Dirs returns the folders to watch for changes that LoadLibrary would see:
// home itself (for packs.lock and for snippets/ and packs/ appearing), the
// agent's library, the packs folder and each installed pack's snippets
// folder. Watch the library and pack snippets folders recursively (skipping
// hidden folders); a change to packs.lock can change the set of packs, so
// call Dirs again after one.
func Dirs(home string) []string {
	dirs := []string{home, filepath.Join(home, "snippets"), filepath.Join(home, PacksDir)}
	if l, err := ReadLock(home); err == nil {
		for _, p := range l.Packs {
			dirs = append(dirs, filepath.Join(home, PacksDir, p.Name), filepath.Join(home, PacksDir, p.Name, SnippetsDir))
		}
	}
	return dirs
}

// PackOf returns the name of the pack a home-relative library file belongs
// to ("packs/acme/snippets/x.yml" gives "acme").
func PackOf(file string) (string, bool) {
	rest, ok := strings.CutPrefix(filepath.ToSlash(file), PacksDir+"/")
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, "/")
	return name, ok && name != ""
}

// Load is LoadLibrary with everything it found: the installed packs, their
// manifests and the triggers the agent overrides. version is the running
// kindly's version, compared with each pack's min_kindly ("" skips that).
func Load(home, version string) (*Set, error) { return LoadWith(home, version, nil) }

// LoadWith is Load through a library cache (nil for none). It calls the
// cache's Done when the whole set is loaded; a cache that cannot be saved
// only costs the next load its speed.
func LoadWith(home, version string, cache *snippets.Cache) (*Set, error) {
	defer cache.Done()
	own, ps, err := snippets.LoadAs(filepath.Join(home, "snippets"), "snippets/", cache)
	if err != nil {
		return nil, err
	}
	lock, err := ReadLock(home)
	if err != nil {
		return nil, err
	}
	set := &Set{Library: own, Problems: ps}
	if len(lock.Packs) == 0 {
		return set, nil // the library's own load checked everything
	}
	pins := append([]Pin(nil), lock.Packs...)
	sort.Slice(pins, func(i, j int) bool { return pins[i].Name < pins[j].Name })
	set.Library = &snippets.Library{}
	lib := set.Library
	lib.Files = append(lib.Files, own.Files...)
	// The starter pack (snippets/starter/) ranks below the team packs: a
	// team's wording for ;;late is what its agents type, while the agent's
	// own replies still win over both.
	mine, starter := splitStarter(own.Snippets)
	lib.Snippets = append(lib.Snippets, mine...)

	type owner struct {
		pack string // "" for the agent's own library
		pos  snippets.Pos
	}
	taken := map[string]owner{}
	for _, s := range mine {
		for i, t := range s.Triggers {
			if _, dup := taken[t]; !dup {
				taken[t] = owner{"", s.TriggerPos[i]}
			}
		}
	}

	for _, pin := range pins {
		rel := PacksDir + "/" + pin.Name
		inst := Installed{Pin: pin, Dir: rel}
		c, err := checkWith(filepath.Join(home, PacksDir, pin.Name), rel+"/", version, cache)
		if err != nil {
			inst.Missing = true
			set.Problems = append(set.Problems, snippets.Problem{Pos: snippets.Pos{File: rel}, Severity: snippets.Warning,
				Msg: fmt.Sprintf("pack %q is in %s but its files are missing; run 'kindly pack update %s' (or 'kindly pack remove %s')", pin.Name, LockFile, pin.Name, pin.Name)})
			set.Packs = append(set.Packs, inst)
			continue
		}
		inst.Manifest, inst.Replies = c.Manifest, len(c.Library.Snippets)
		set.Packs = append(set.Packs, inst)
		set.Problems = append(set.Problems, c.Problems...)
		lib.Files = append(lib.Files, c.Library.Files...)
		for _, s := range c.Library.Snippets {
			var keep []string
			var keepPos []snippets.Pos
			for i, t := range s.Triggers {
				pos := s.TriggerPos[i]
				o, dup := taken[t]
				switch {
				case !dup:
					taken[t] = owner{pin.Name, pos}
					keep, keepPos = append(keep, t), append(keepPos, pos)
				case o.pack == "":
					set.Overrides = append(set.Overrides, Override{Trigger: t, Pack: pin.Name, Own: o.pos, Packed: pos})
				case o.pack == pin.Name:
					// a duplicate inside the pack: already reported by the pack's own check
				default:
					set.Problems = append(set.Problems, snippets.Problem{Pos: pos, Severity: snippets.Warning,
						Msg: fmt.Sprintf("trigger %s is also defined by pack %q at %s; that one is used (packs whose name sorts first win; define %s in your own library to choose)",
							snippets.QuoteTrigger(t), o.pack, o.pos, snippets.QuoteTrigger(t))})
				}
			}
			if len(keep) == 0 {
				continue
			}
			s.Triggers, s.TriggerPos = keep, keepPos
			lib.Snippets = append(lib.Snippets, s)
		}
	}
	// The starter replies whose triggers a team pack (or the agent) took are
	// left out.
	for _, s := range starter {
		var keep []string
		var keepPos []snippets.Pos
		for i, t := range s.Triggers {
			if o, dup := taken[t]; dup {
				if o.pack != "" {
					set.Replaced = append(set.Replaced, Override{Trigger: t, Pack: o.pack, Own: s.TriggerPos[i], Packed: o.pos})
				}
				continue // the agent's own duplicate is reported by the library's check
			}
			keep, keepPos = append(keep, t), append(keepPos, s.TriggerPos[i])
		}
		if len(keep) > 0 {
			s.Triggers, s.TriggerPos = keep, keepPos
			lib.Snippets = append(lib.Snippets, s)
		}
	}
	// Triggers from different sources can shadow one another; report what the
	// separate checks could not see.
	seen := map[string]bool{}
	for _, p := range set.Problems {
		seen[p.String()] = true
	}
	for _, p := range snippets.Check(lib.Snippets) {
		if !seen[p.String()] {
			set.Problems = append(set.Problems, p)
		}
	}
	order := map[string]int{}
	for i, f := range lib.Files {
		order[f] = i + 1
	}
	sortByFile(set.Problems, order)
	return set, nil
}

// sortByFile orders problems by file in load order, then line and column.
func sortByFile(ps []snippets.Problem, order map[string]int) {
	rank := func(f string) int {
		if r, ok := order[f]; ok {
			return r
		}
		return len(order) + 1
	}
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			if rank(a.File) != rank(b.File) {
				return rank(a.File) < rank(b.File)
			}
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
