#!/bin/sh
# sway.sh W KINDLY: the Wayland set's session, run by TestSway as an
# unprivileged user (sway refuses root): a private D-Bus, ibus-daemon,
# `kindly run --backend ibus`, headless sway and the GTK window on it
# (GDK_BACKEND=wayland, GTK_IM_MODULE=ibus). Then it types what the test
# asks, one command a line on stdin:
#   T DELAY TEXT   wtype TEXT at DELAY ms a key
#   W ARGS…        wtype ARGS (shell words: text and -k KEY mixed)
#   C              clear the window
# and answers "done" after each. It prints "ready" once the window has the
# kindly engine. All logs go to W/*.log.
set -u
W=$1
KINDLY=$2
export HOME=$W/home XDG_RUNTIME_DIR=$W/run XDG_CONFIG_HOME=$W/home/.config XDG_CACHE_HOME=$W/home/.cache
export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 KINDLY_HOME=$W/khome
export DBUS_SESSION_BUS_ADDRESS=unix:path=$W/bus IBUS_ADDRESS=unix:path=$W/ibus
unset DISPLAY

waitfor() { i=0; while [ ! -S "$1" ]; do i=$((i+1)); [ $i -gt 300 ] && { echo "no $1" >&2; exit 1; }; sleep 0.05; done; }

dbus-daemon --session --nofork --nopidfile --address="$DBUS_SESSION_BUS_ADDRESS" >"$W/dbus.log" 2>&1 &
waitfor "$W/bus"
ibus-daemon --panel=disable --emoji-extension=disable --config=disable --cache=none --address="$IBUS_ADDRESS" >"$W/ibus.log" 2>&1 &
waitfor "$W/ibus"
printf 'xwayland disable\n' >"$W/sway.conf"
WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman sway -c "$W/sway.conf" >"$W/sway.log" 2>&1 &
waitfor "$W/run/wayland-1"
export WAYLAND_DISPLAY=wayland-1
"$KINDLY" run --verbose --backend ibus >"$W/kindly.log" 2>&1 &
i=0; until "$KINDLY" status >/dev/null 2>&1; do i=$((i+1)); [ $i -gt 300 ] && { echo "kindly did not start" >&2; exit 1; }; sleep 0.05; done
mkfifo "$W/app.in"
GDK_BACKEND=wayland GTK_IM_MODULE=ibus /usr/bin/python3 "$W/imapp.py" "$W/app.out" <"$W/app.in" >"$W/app.stdout" 2>"$W/app.log" &
exec 3>"$W/app.in"
i=0; until grep -q ready "$W/app.stdout" 2>/dev/null; do i=$((i+1)); [ $i -gt 300 ] && { echo "the GTK window did not start" >&2; exit 1; }; sleep 0.05; done
# `ibus engine NAME` exits 1 for an engine that keeps the layout ("default":
# it then has no setxkbmap to run) even though it switched: check instead.
ibus engine kindly 2>/dev/null
[ "$(ibus engine)" = kindly ] || { echo "ibus engine kindly failed: $(ibus engine 2>&1)" >&2; exit 1; }
echo ready
while read -r cmd delay text; do
  case $cmd in
  # Each wtype run is a keyboard of its own, with a map of only the keys
  # it types. Its first key can reach the window before the map does (and
  # be lost), so each run starts with Left, which in the empty window moves
  # nothing; Left in the map also lets GTK find the key kindly forwards to
  # place the caret. When wtype exits its keyboard goes and the window
  # loses the focus, so each run waits a little after its last key for the
  # reply to land. (A real keyboard has every key and stays.) No "--":
  # nothing typed here starts with "-", and "-s" must follow the text.
  T) if [ "$delay" = 0 ]; then wtype -k Left -s 100 "$text" -s 300; else wtype -k Left -s 100 -d "$delay" "$text" -s 300; fi ;;
  W) eval "wtype -k Left -s 100 $delay $text -s 300" ;;
  C) echo clear >&3 ;;
  esac
  echo done
done
