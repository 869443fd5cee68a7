// Package examples holds kindly's starter pack (embedded in the binary and written into a new library by `kindly init`) and other examples that tests load, so documentation cannot rot.
package examples

import "embed"

// StarterDir is the directory of the starter pack inside Starter.
const StarterDir = "starter"

// Starter is the starter pack: starter/*.yml, in the library format.
//
//go:embed starter/*.yml
var Starter embed.FS
