// Package pack installs, pins, updates and loads team snippet packs shared
// through git.
//
// A pack is a git repository holding pack.yml (name, title, version,
// description, maintainers, minimum kindly version), snippets/*.yml in the
// library format (package snippets) and a README. In a kindly home:
//
//	packs.lock                 the exact commit of every installed pack, its source
//	                           and ref, and the earlier pins (for rollback)
//	packs/<name>/              the files of the pinned commit, read by the loader
//	packs/.repos/<name>.git    a bare clone, fetched on update (hidden from the loader)
//
// A pack is content, never code. kindly never checks a pack out with git: it
// clones and fetches into a bare repository with hooks disabled, then reads the
// blobs of the pinned commit (git ls-tree, git cat-file) and writes the regular
// files itself, so no hook, filter, smudge command, LFS download or submodule of
// a pack can run. Symbolic links and submodules are skipped, and only the
// file, https, ssh and git protocols are allowed.
//
// Every change is staged first and swapped in only once it validates: a broken
// pack is refused with file:line problems and nothing is half-installed; a
// failed or offline update leaves the installed copy as it was.
//
// [LoadLibrary] merges the agent's own library with every installed pack:
// the agent's own replies win over pack replies, and when two packs define the
// same trigger, the pack whose name sorts first wins (a warning names both).
package pack
