package snippets

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"

	"github.com/kindly-support/kindly/snippets/atomicfile"
	"github.com/kindly-support/kindly/snippets/format"
)

// Cache remembers what library files decoded to, by their name and exact
// content, so that loading a library again costs reading and hashing its
// files and decoding only those that changed: YAML parsing is most of the
// cost of a large library (100,000 replies: about 0.6 s of CPU). The daemon
// keeps one Cache across reloads; [OpenCache] also saves it to a file (at
// [Cache.Done]), so
// the next start and the next command find it there.
//
// An entry is the file's snippets and problems in a compact binary form.
// Decoded strings are slices of that form rather than copies, so the cache
// costs about the size of the library's text, shared with the snippets
// handed out. Entries are keyed by a SHA-256 of the file's name and
// content; a saved cache also names the decoder (its format version and
// the kindly executable's size and time), and one written by another build
// is ignored. Snippets from a Cache share their Triggers, Tags and
// TriggerPos slices with later loads: treat them as read-only, as every
// library is.
//
// A Cache is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	entries map[cacheKey]string // every entry known
	used    map[cacheKey]bool   // entries the latest load used
	path    string              // where it is saved, "" for none
	stamp   string
	dirty   bool
}

type cacheKey [sha256.Size]byte

// cacheFormat changes whenever what a file decodes to could change without
// a new executable (never, today), or the encoding below changes.
const cacheFormat = "kindly library cache 3"

// NewCache returns an empty in-memory cache.
func NewCache() *Cache {
	return &Cache{entries: map[cacheKey]string{}, used: map[cacheKey]bool{}}
}

// OpenCache returns a cache saved at path (see [Cache.Done]); a missing,
// unreadable or foreign file gives an empty cache that will be saved there.
func OpenCache(path string) *Cache {
	c := NewCache()
	c.path, c.stamp = path, decoderStamp()
	data, err := os.ReadFile(path)
	if err != nil {
		return c
	}
	head := cacheFormat + "\n" + c.stamp + "\n"
	if !bytes.HasPrefix(data, []byte(head)) {
		return c
	}
	all := string(data[len(head):]) // one copy; every entry and decoded string is a slice of it
	for len(all) > 0 {
		if len(all) < len(cacheKey{}) {
			return emptyAt(path, c.stamp)
		}
		var k cacheKey
		copy(k[:], all)
		all = all[len(k):]
		n, w := binary.Uvarint([]byte(all[:min(len(all), binary.MaxVarintLen64)]))
		if w <= 0 || uint64(len(all)-w) < n {
			return emptyAt(path, c.stamp) // truncated: start afresh
		}
		c.entries[k] = all[w : w+int(n)]
		all = all[w+int(n):]
	}
	return c
}

// emptyAt is an empty cache that saves to path.
func emptyAt(path, stamp string) *Cache {
	c := NewCache()
	c.path, c.stamp = path, stamp
	return c
}

// decoderStamp names this build of the decoder: the cache format and the
// running executable's size and modification time, so that a saved cache
// never outlives the code that wrote it.
func decoderStamp() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return strconv.FormatInt(fi.Size(), 10) + " " + strconv.FormatInt(fi.ModTime().UnixNano(), 10)
}

// Done ends a load (of one library, or of the agent's library and every
// pack): entries it did not use are dropped, and when it decoded anything
// new, the entries are saved to the cache's file, atomically and readable
// by the owner only (they hold the library's replies).
func (c *Cache) Done() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if !c.used[k] {
			delete(c.entries, k)
		}
	}
	c.used = map[cacheKey]bool{}
	if c.path == "" || !c.dirty || c.stamp == "" {
		return nil
	}
	c.dirty = false
	keys := make([]cacheKey, 0, len(c.entries))
	size := 0
	for k, e := range c.entries {
		keys = append(keys, k)
		size += len(k) + binary.MaxVarintLen64 + len(e)
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i][:], keys[j][:]) < 0 })
	buf := make([]byte, 0, size+len(cacheFormat)+len(c.stamp)+2)
	buf = append(buf, cacheFormat+"\n"+c.stamp+"\n"...)
	for _, k := range keys {
		e := c.entries[k]
		buf = append(buf, k[:]...)
		buf = binary.AppendUvarint(buf, uint64(len(e)))
		buf = append(buf, e...)
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return fmt.Errorf("save library cache: %w", err)
	}
	if err := atomicfile.Write(c.path, buf, 0o600); err != nil {
		return fmt.Errorf("save library cache: %w", err)
	}
	return nil
}

// decode is decodeFile through the cache.
func (c *Cache) decode(name string, data []byte) ([]Snippet, []Problem, cacheKey) {
	var k cacheKey
	if c == nil {
		snips, ps := decodeFile(name, data)
		return snips, ps, k
	}
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	h.Sum(k[:0])
	c.mu.Lock()
	e, ok := c.entries[k]
	c.used[k] = true
	c.mu.Unlock()
	if ok {
		if snips, ps, err := readEntry(name, e); err == nil {
			return snips, ps, k
		}
	}
	snips, ps := decodeFile(name, data)
	enc := encodeEntry(snips, ps)
	c.mu.Lock()
	c.entries[k] = enc
	c.dirty = true
	c.mu.Unlock()
	// Hand out what the cache holds, so later loads share the same strings.
	if out, ops, err := readEntry(name, enc); err == nil {
		return out, ops, k
	}
	return snips, ps, k
}

// check is check(snips) through the cache: the library-wide rules depend
// only on the files, so a load of the same files, in the same order, as
// one the cache remembers (keys: those files' keys, in order) skips them.
func (c *Cache) check(keys []cacheKey, snips []Snippet) []Problem {
	if c == nil {
		return check(snips)
	}
	h := sha256.New()
	h.Write([]byte("check\x00"))
	for _, k := range keys {
		h.Write(k[:])
	}
	var k cacheKey
	h.Sum(k[:0])
	c.mu.Lock()
	e, ok := c.entries[k]
	c.used[k] = true
	c.mu.Unlock()
	if ok {
		if ps, err := readProblems(e); err == nil {
			return ps
		}
	}
	ps := check(snips)
	c.mu.Lock()
	c.entries[k] = encodeProblems(ps)
	c.dirty = true
	c.mu.Unlock()
	return ps
}

// encodeProblems writes problems that may name any file:
//
//	problems = n (file line col severity msg){n}
func encodeProblems(ps []Problem) string {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(ps)))
	for _, p := range ps {
		str(p.Pos.File)
		b = binary.AppendUvarint(b, uint64(p.Pos.Line))
		b = binary.AppendUvarint(b, uint64(p.Pos.Col))
		b = binary.AppendUvarint(b, uint64(p.Severity))
		str(p.Msg)
	}
	return string(b)
}

func readProblems(e string) ([]Problem, error) {
	r := entryReader{e: e}
	n := r.num()
	if n > len(e) {
		return nil, errBadEntry
	}
	var ps []Problem
	for k := 0; k < n && r.err == nil; k++ {
		ps = append(ps, Problem{Pos{r.str(), r.num(), r.num()}, Severity(r.num()), r.str()})
	}
	if r.err != nil || r.i != len(e) {
		return nil, errBadEntry
	}
	return ps, nil
}

// entryReader reads uvarints and strings from an encoded entry.
type entryReader struct {
	e   string
	i   int
	err error
}

func (r *entryReader) num() int {
	if r.err != nil {
		return 0
	}
	var x uint64
	var s uint
	for {
		if r.i >= len(r.e) || s > 63 {
			r.err = errBadEntry
			return 0
		}
		c := r.e[r.i]
		r.i++
		x |= uint64(c&0x7f) << s
		if c < 0x80 {
			break
		}
		s += 7
	}
	if x > 1<<31 {
		r.err = errBadEntry
		return 0
	}
	return int(x)
}

func (r *entryReader) str() string {
	n := r.num()
	if r.err != nil || n > len(r.e)-r.i {
		r.err = errBadEntry
		return ""
	}
	s := r.e[r.i : r.i+n]
	r.i += n
	return s
}

// The entry encoding: counts and numbers as uvarints, strings as a length
// and their bytes.
//
//	entry   = n triggers snippet{n} m problem{m}   (triggers: of all n snippets)
//	snippet = line col flags n (trigger line col){n} replace label n tag{n}
//	          [image_path line col]   (when flags has 16)
//
// flags: 1 word, 2 propagate_case, 4 markdown, 8 html, 16 an image reply.
//	problem = line col severity msg

func encodeEntry(snips []Snippet, ps []Problem) string {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n int) { b = binary.AppendUvarint(b, uint64(n)) }
	num(len(snips))
	nt := 0
	for i := range snips {
		nt += len(snips[i].Triggers)
	}
	num(nt)
	for i := range snips {
		s := &snips[i]
		num(s.Pos.Line)
		num(s.Pos.Col)
		flags := 0
		if s.Word {
			flags |= 1
		}
		if s.PropagateCase {
			flags |= 2
		}
		switch s.Format {
		case format.Markdown:
			flags |= 4
		case format.HTML:
			flags |= 8
		}
		if s.ImagePath != "" {
			flags |= 16
		}
		num(flags)
		num(len(s.Triggers))
		for j, t := range s.Triggers {
			str(t)
			p := s.triggerPos(j)
			num(p.Line)
			num(p.Col)
		}
		str(s.Replace)
		str(s.Label)
		num(len(s.Tags))
		for _, t := range s.Tags {
			str(t)
		}
		if s.ImagePath != "" {
			str(s.ImagePath)
			num(int(s.imageAt.line))
			num(int(s.imageAt.col))
		}
	}
	num(len(ps))
	for _, p := range ps {
		num(p.Pos.Line)
		num(p.Pos.Col)
		num(int(p.Severity))
		str(p.Msg)
	}
	return string(b)
}

var errBadEntry = errors.New("bad cache entry")

// readEntry reads what encodeEntry wrote; strings are slices of e.
func readEntry(name string, e string) (snips []Snippet, ps []Problem, err error) {
	r := entryReader{e: e}
	n, total := r.num(), r.num()
	if r.err != nil || n > len(e) || total > len(e) {
		return nil, nil, errBadEntry
	}
	if n > 0 {
		snips = make([]Snippet, n)
	}
	// One array of triggers and one of positions for the whole file.
	trigs, tpos := make([]string, total), make([]Pos, total)
	for k := 0; k < n && r.err == nil; k++ {
		s := &snips[k]
		s.Pos = Pos{name, r.num(), r.num()}
		flags := r.num()
		s.Word, s.PropagateCase = flags&1 != 0, flags&2 != 0
		switch {
		case flags&4 != 0:
			s.Format = format.Markdown
		case flags&8 != 0:
			s.Format = format.HTML
		}
		nt := r.num()
		if nt > len(trigs) {
			return nil, nil, errBadEntry
		}
		s.Triggers, trigs = trigs[:nt:nt], trigs[nt:]
		s.TriggerPos, tpos = tpos[:nt:nt], tpos[nt:]
		for j := 0; j < nt; j++ {
			s.Triggers[j] = r.str()
			s.TriggerPos[j] = Pos{name, r.num(), r.num()}
		}
		s.Replace = r.str()
		s.Label = r.str()
		if ntags := r.num(); ntags > 0 && ntags <= len(e)-r.i {
			s.Tags = make([]string, ntags)
			for j := range s.Tags {
				s.Tags[j] = r.str()
			}
		}
		if flags&16 != 0 {
			s.ImagePath = r.str()
			s.imageAt = linecol{int32(r.num()), int32(r.num())}
		}
	}
	np := r.num()
	if r.err == nil && np > len(e)-r.i {
		return nil, nil, errBadEntry
	}
	for k := 0; k < np && r.err == nil; k++ {
		ps = append(ps, Problem{Pos{name, r.num(), r.num()}, Severity(r.num()), r.str()})
	}
	if r.err != nil || r.i != len(e) || len(trigs) != 0 {
		return nil, nil, errBadEntry
	}
	return snips, ps, nil
}

// CachePath is where the library cache for home lives: under the user's
// cache folder ($XDG_CACHE_HOME, else ~/.cache), one file per home.
// getenv reads the environment (os.Getenv outside tests).
func CachePath(getenv func(string) string, home string) string {
	base := getenv("XDG_CACHE_HOME")
	if base == "" {
		h := getenv("HOME")
		if h == "" {
			return ""
		}
		base = filepath.Join(h, ".cache")
	}
	abs, err := filepath.Abs(home)
	if err != nil {
		abs = home
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(base, "kindly", fmt.Sprintf("library-%x.cache", sum[:8]))
}
