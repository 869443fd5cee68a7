#!/usr/bin/python3
"""A terminal text field for kindly's benchmarks: run it inside xterm.

usage: ttyapp.py OUT

Puts its terminal in raw mode without echo, reads bytes as they arrive and
keeps a text buffer: UTF-8 is decoded, DEL and BS delete the last character,
CR becomes a newline (xterm sends CR for Enter and turns newlines in pastes
into CRs), escape sequences and other control bytes are ignored. Like e2e/testdata/textapp.py,
whenever the text changes it writes the whole text to OUT (atomically) and
appends "<monotonic seconds> <length>\\t<text as JSON>" to OUT.log, so a
benchmark can time, on the target's own clock, when each key arrived.

Commands come through the FIFO OUT.ctl: "clear" empties the buffer, "quit"
exits. (The terminal itself is the text field, so stdin is taken.)
"""
import codecs
import json
import os
import select
import sys
import termios
import time
import tty

out = sys.argv[1]
log = open(out + ".log", "a", buffering=1)
ctl_path = out + ".ctl"
if not os.path.exists(ctl_path):
    os.mkfifo(ctl_path)
# O_RDWR keeps the FIFO open even when no writer is connected (no EOF spin).
ctl = os.open(ctl_path, os.O_RDWR | os.O_NONBLOCK)

text = []


def publish():
    s = "".join(text)
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(s)
    os.replace(tmp, out)
    log.write("%.6f %d\t%s\n" % (time.monotonic(), len(s), json.dumps(s)))


fd = sys.stdin.fileno()
saved = termios.tcgetattr(fd)
tty.setraw(fd)  # raw: no echo, no line editing, no signals, CR stays CR
decoder = codecs.getincrementaldecoder("utf-8")("replace")
esc = 0  # 1 after ESC, 2 inside a CSI/SS3 sequence
publish()
try:
    while True:
        ready, _, _ = select.select([fd, ctl], [], [])
        if ctl in ready:
            cmds = os.read(ctl, 4096).decode(errors="replace").split()
            if "quit" in cmds:
                break
            if "clear" in cmds:
                text.clear()
                decoder.reset()
                publish()
        if fd in ready:
            data = os.read(fd, 65536)
            if not data:
                break
            changed = False
            for ch in decoder.decode(data):
                if esc:  # skip escape sequences (arrow keys and the like)
                    if esc == 1 and ch in "[O":
                        esc = 2
                    elif esc == 1 or "@" <= ch <= "~":
                        esc = 0
                    continue
                if ch == "\x1b":
                    esc = 1
                elif ch in "\x7f\x08":
                    if text:
                        text.pop()
                        changed = True
                elif ch == "\r" or ch == "\n":
                    text.append("\n")
                    changed = True
                elif ch == "\t" or ch >= " ":
                    text.append(ch)
                    changed = True
            if changed:
                publish()
finally:
    termios.tcsetattr(fd, termios.TCSADRAIN, saved)
