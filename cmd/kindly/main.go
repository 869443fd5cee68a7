// Command kindly is the text expander for customer-support teams: the daemon
// and the command line. It plugs the OS adapters (hooks) into the commands.
package main

import (
	"os"

	"github.com/kindly-support/kindly/cmd"
	"github.com/kindly-support/kindly/daemon"
)

func main() { os.Exit(cmd.Main(daemon.Plug(cmd.OSDeps(version)), os.Args[1:])) }
