#!/usr/bin/python3
"""A real X11 text window for kindly's end-to-end tests and benchmarks.

usage: textapp.py gtk|tk OUT

Shows one multi-line text widget (GTK 3 TextView or Tk Text), focused.
Whenever the text changes it writes the whole text to OUT (atomically) and
appends "<monotonic seconds> <length>\\t<text as JSON>" to OUT.log, so tests
can wait for an exact final text and benchmarks can time when it arrived.
Commands on stdin: "clear" empties the widget (and OUT), "quit" exits.
"""
import json
import os
import sys
import time

kind, out = sys.argv[1], sys.argv[2]
title = os.environ.get("KINDLY_E2E_TITLE", "kindly-e2e-" + kind)
log = open(out + ".log", "a", buffering=1)


def publish(text):
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, out)
    log.write("%.6f %d\t%s\n" % (time.monotonic(), len(text), json.dumps(text)))


if kind == "gtk":
    import gi
    gi.require_version("Gtk", "3.0")
    from gi.repository import Gtk, GLib

    win = Gtk.Window(title=title)
    win.set_wmclass("kindly-e2e-gtk", "Kindly-e2e-gtk")
    win.set_default_size(900, 600)
    view = Gtk.TextView()
    buf = view.get_buffer()
    scroll = Gtk.ScrolledWindow()
    scroll.add(view)
    win.add(scroll)
    buf.connect("changed", lambda b: publish(b.get_text(b.get_start_iter(), b.get_end_iter(), True)))
    win.connect("destroy", Gtk.main_quit)

    def on_stdin(source, cond):
        line = sys.stdin.readline()
        if not line or line.strip() == "quit":
            Gtk.main_quit()
            return False
        if line.strip() == "clear":
            buf.set_text("")
            publish("")
        return True

    GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, on_stdin)
    win.show_all()
    view.grab_focus()
    publish("")
    Gtk.main()
elif kind == "tk":
    import tkinter as tk

    root = tk.Tk(className="kindly-e2e-tk")
    root.title(title)
    text = tk.Text(root, width=100, height=30, undo=False)
    text.pack(fill="both", expand=True)
    state = {"last": None}

    def changed(event=None):
        if text.edit_modified():
            text.edit_modified(False)
        s = text.get("1.0", "end-1c")
        if s != state["last"]:
            state["last"] = s
            publish(s)

    text.bind("<<Modified>>", changed)

    def on_stdin(fd, mask):
        line = sys.stdin.readline()
        if not line or line.strip() == "quit":
            root.destroy()
            return
        if line.strip() == "clear":
            text.delete("1.0", "end")
            changed()

    root.tk.createfilehandler(sys.stdin, tk.READABLE, on_stdin)
    text.focus_set()
    publish("")
    root.mainloop()
else:
    sys.exit("usage: textapp.py gtk|tk OUT")
