#!/bin/bash
# bench/library/daemon.sh HOME [KINDLY]: the daemon on the library in HOME
# (docs/performance.md, "Libraries of 100,000 replies"): ready time (wall
# clock and the daemon's CPU time when `kindly status` first answers),
# resident memory 1.5 s later, the CPU time of five `kindly reload`s and the
# resident memory after them. Starts its own Xvfb. Run it twice: the first
# start after a new build decodes every file and fills the library cache.
set -euo pipefail
H=$1
BIN=${2:-bin/kindly}
exec 3< <(Xvfb -displayfd 1 -screen 0 800x600x24 -nolisten tcp 2>/dev/null & echo "pid $!")
read -r _ XPID <&3
read -r DISP <&3
trap 'kill $XPID 2>/dev/null' EXIT
export DISPLAY=:$DISP
LOG=$(mktemp)
"$BIN" --home "$H" run >"$LOG" 2>&1 &
PID=$!
until "$BIN" --home "$H" status >/dev/null 2>&1; do sleep 0.005; done
read -r -a st </proc/$PID/stat
cpu=$(( (st[13] + st[14]) * 1000 / $(getconf CLK_TCK) ))
sleep 1.5
rss1=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
for _ in 1 2 3 4 5; do
	read -r -a a </proc/$PID/stat
	"$BIN" --home "$H" reload >/dev/null
	read -r -a b </proc/$PID/stat
	echo -n "reload cpu $(( (b[13] + b[14] - a[13] - a[14]) * 1000 / $(getconf CLK_TCK) )) ms; "
done
echo
sleep 1.5
rss2=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
echo "$(grep -o 'started in [^)]*' "$LOG"); cpu to ready ${cpu} ms; RSS ${rss1} kB; after 5 reloads ${rss2} kB"
kill -INT $PID
wait $PID 2>/dev/null || true
rm -f "$LOG"
