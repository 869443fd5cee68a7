#!/usr/bin/python3
"""A GTK 3 window for kindly's IBus tests: a multi-line text view and a
password entry (input purpose PASSWORD), both talking to the input method
GTK_IM_MODULE names.

usage: imapp.py OUT

Whenever the text view changes it writes its whole text to OUT (atomically)
and appends "<monotonic seconds> <length>" to OUT.log (benchmarks time the
arrival of a reply from it); the password entry's text goes to OUT.pw.
Commands on stdin: "clear" empties both, "text" / "password" focus one of
them (then print "focused"), "quit" exits. Prints "ready" once shown.
"""
import os
import sys
import time

import gi
gi.require_version("Gtk", "3.0")
from gi.repository import Gtk, GLib

out = sys.argv[1]
log = open(out + ".log", "a", buffering=1)


def publish(path, text, logit):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
    if logit:
        log.write("%.6f %d\n" % (time.monotonic(), len(text)))


win = Gtk.Window(title="kindly-ibus-test")
win.set_wmclass("kindly-ibus-test", "Kindly-ibus-test")
win.set_default_size(900, 600)
box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
pw = Gtk.Entry()
pw.set_visibility(False)
pw.set_input_purpose(Gtk.InputPurpose.PASSWORD)
view = Gtk.TextView()
buf = view.get_buffer()
scroll = Gtk.ScrolledWindow()
scroll.set_vexpand(True)
scroll.add(view)
box.pack_start(pw, False, False, 0)
box.pack_start(scroll, True, True, 0)
win.add(box)
buf.connect("changed", lambda b: publish(out, b.get_text(b.get_start_iter(), b.get_end_iter(), True), True))
pw.connect("changed", lambda e: publish(out + ".pw", e.get_text(), False))
win.connect("destroy", Gtk.main_quit)


def on_stdin(source, cond):
    line = sys.stdin.readline()
    cmd = line.strip()
    if not line or cmd == "quit":
        Gtk.main_quit()
        return False
    if cmd == "clear":
        buf.set_text("")
        pw.set_text("")
        publish(out, "", True)
        publish(out + ".pw", "", False)
    elif cmd == "text":
        view.grab_focus()
        print("focused", flush=True)
    elif cmd == "password":
        pw.grab_focus()
        print("focused", flush=True)
    return True


GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, on_stdin)
win.show_all()
view.grab_focus()
publish(out, "", True)
publish(out + ".pw", "", False)
print("ready", flush=True)
Gtk.main()
