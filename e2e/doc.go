// Package e2e tests the real kindly binary end to end (its tests are all
// in _test files; this file only documents the package): a private Xvfb
// display, the daemon started with `kindly run` on a temporary home, real X
// clients (a stock xterm running `cat > file`, a GTK 3 text view, a Tk text
// widget) and xdotool typing into them. Every case asserts the exact final
// text. The tests need Xvfb, xdotool, xterm and python3 with GTK and Tk
// (`make test` installs them); without them they fail under CI=true and skip
// elsewhere.
// The X11 set runs under Xvfb; each backend's set runs under that backend's
// real server or its nearest stand-in.
package e2e
