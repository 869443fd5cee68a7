package x11

import "errors"

// ErrNoDisplay is returned by Open when there is no X display to use.
var ErrNoDisplay = errors.New("no X11 display: DISPLAY is not set")

// ErrNoDialog says the fill-in dialog program is missing.
var ErrNoDialog = errors.New("the fill-in dialog needs yad (apt-get install yad)")
