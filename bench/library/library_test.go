// Package library benchmarks kindly on a library of 100,000 replies in 100
// files, the size of espanso's hub packages together: loading it (cold, and
// warm through the library cache as the daemon's start and reloads are),
// compiling it for the engine, the memory that stays live, and searching
// it. docs/performance.md has the numbers:
//
//	go test -run XXX -bench . -benchtime 5x ./bench/library
package library

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindly-support/kindly/reply"
	"github.com/kindly-support/kindly/snippets"
	"github.com/kindly-support/kindly/snippets/pack"
	"github.com/kindly-support/kindly/snippets/search"
)

const (
	files   = 100
	perFile = 1000
)

var (
	homeOnce sync.Once
	home     string
)

// libraryHome writes the library once per run: short replies of support
// words, triggers ";" + a word + a number, every tenth a word trigger and
// every fifth propagating case, as an import would write them.
func libraryHome(b *testing.B) string {
	homeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kindly-bench-library")
		if err != nil {
			b.Fatal(err)
		}
		home = dir
		words := strings.Fields("order refund shipping delay sorry thanks account password billing invoice plan " +
			"upgrade cancel return label track package customer support team parcel warehouse courier address")
		rng := rand.New(rand.NewPCG(100000, 18))
		os.MkdirAll(filepath.Join(dir, "snippets", "imported", "bench"), 0o755)
		for f := range files {
			var sb strings.Builder
			sb.WriteString("snippets:\n")
			for i := range perFile {
				n := f*perFile + i
				w := words[rng.IntN(len(words))]
				fmt.Fprintf(&sb, "  - trigger: \";%s%06d\"\n    replace: \"", w, n)
				for k := range 8 {
					if k > 0 {
						sb.WriteByte(' ')
					}
					sb.WriteString(words[rng.IntN(len(words))])
				}
				sb.WriteString("\"\n")
				if n%10 == 0 {
					sb.WriteString("    word: true\n")
				}
				if n%5 == 0 {
					sb.WriteString("    propagate_case: true\n")
				}
			}
			p := filepath.Join(dir, "snippets", "imported", "bench", fmt.Sprintf("%03d.yml", f))
			if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	})
	return home
}

func TestMain(m *testing.M) {
	code := m.Run()
	if home != "" {
		os.RemoveAll(home)
	}
	os.Exit(code)
}

// cpuPerOp reports the CPU time per iteration (all threads) beside the
// wall clock: call it with the time taken before the loop.
func cpuPerOp(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

func load(b *testing.B, c *snippets.Cache) *snippets.Library {
	lib, ps, err := pack.LoadLibraryWith(libraryHome(b), c)
	if err != nil || snippets.HasErrors(ps) || len(lib.Snippets) != files*perFile {
		b.Fatalf("load: %v %v (%d snippets)", err, ps, len(lib.Snippets))
	}
	return lib
}

// BenchmarkLoadCold reads and decodes every file (no cache): the first
// start after an import.
func BenchmarkLoadCold(b *testing.B) {
	libraryHome(b)
	defer cpuPerOp(b, cpuTime())
	for b.Loop() {
		load(b, nil)
	}
}

// BenchmarkLoadWarm loads through a cache that knows every file: a reload,
// or a start after the last run saved the cache.
func BenchmarkLoadWarm(b *testing.B) {
	c := snippets.NewCache()
	load(b, c)
	defer cpuPerOp(b, cpuTime())
	for b.Loop() {
		load(b, c)
	}
}

// BenchmarkLoadSavedCache opens the saved cache file and loads through it:
// what `kindly check`, `kindly search` and the daemon's start do.
func BenchmarkLoadSavedCache(b *testing.B) {
	path := filepath.Join(b.TempDir(), "library.cache")
	load(b, snippets.OpenCache(path))
	defer cpuPerOp(b, cpuTime())
	for b.Loop() {
		load(b, snippets.OpenCache(path))
	}
}

// BenchmarkReady is what the daemon does before it is ready or swaps a
// reload in: a warm load and compiling the replies and the engine's index.
func BenchmarkReady(b *testing.B) {
	c := snippets.NewCache()
	load(b, c)
	defer cpuPerOp(b, cpuTime())
	for b.Loop() {
		reply.Compile(load(b, c), nil)
	}
}

// BenchmarkCompile is reply.Compile alone (placeholders, the index).
func BenchmarkCompile(b *testing.B) {
	lib := load(b, nil)
	defer cpuPerOp(b, cpuTime())
	for b.Loop() {
		reply.Compile(lib, nil)
	}
}

// BenchmarkLiveHeap reports the memory a loaded, compiled library keeps
// live (after a collection), as the daemon holds it.
func BenchmarkLiveHeap(b *testing.B) {
	c := snippets.NewCache()
	load(b, c)
	var set *reply.Set
	var before, after runtime.MemStats
	defer cpuPerOp(b, cpuTime())
	for b.Loop() {
		set = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		set = reply.Compile(load(b, c), nil)
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-live")
	runtime.KeepAlive(set)
	runtime.KeepAlive(c)
}

// BenchmarkSearchIndex builds the search index (once per `kindly search`
// or picker).
func BenchmarkSearchIndex(b *testing.B) {
	lib := load(b, nil)
	defer cpuPerOp(b, cpuTime())
	for b.Loop() {
		search.New(lib)
	}
}

// BenchmarkSearch is one query over the built index, 20 results with
// highlights, as `kindly search` asks.
func BenchmarkSearch(b *testing.B) {
	ix := search.New(load(b, nil))
	queries := []string{"refund", "late parcel", "pasword", ";refund4", "courier address", "t", "cancel plan upgrade"}
	i := 0
	defer cpuPerOp(b, cpuTime())
	for b.Loop() {
		ix.Search(queries[i%len(queries)], search.Options{Limit: 20})
		i++
	}
}
