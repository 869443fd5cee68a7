#!/usr/bin/python3
"""kindly next to AutoKey: speed, correctness, idle cost and start-up.

Run it through bench/run, which builds kindly, starts a private Xvfb and a
D-Bus session bus and passes them in the environment (DISPLAY,
DBUS_SESSION_BUS_ADDRESS). Everything it starts it stops again.

Tools: kindly (`kindly run --home <tmp>`) and AutoKey (autokey-gtk, the
Debian package) with the same abbreviations and texts, once with every phrase
in keyboard mode ("kb") and once in clipboard mode (Ctrl+V).

Targets: a stock xterm running bench/ttyapp.py, e2e/testdata/textapp.py as
a Tk text widget and a GTK 3 text view, and (for reference) an xterm that
accepts synthetic keys (allowSendEvents: true), which AutoKey's keyboard
mode needs. Each target logs
"<monotonic> <len>\\t<json text>" on every change of its text.

Timing: t0 is when the target first shows the whole trigger at the end of its
text (the last trigger key arrived), t1 is when its text equals the expected
final text; both come from the target's own log. t1 - t0, median and p95
(nearest rank) of BENCH_N runs (30 by default).

Raw results go to OUT/results.json, tables to OUT/results.md and stdout.
"""
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
AUTOKEY = "/usr/bin/autokey-gtk"

N = int(os.environ.get("BENCH_N", "30"))
STARTS = int(os.environ.get("BENCH_STARTS", "5"))
IDLE_SECS = float(os.environ.get("BENCH_IDLE_SECS", "10"))
OUT = os.path.abspath(os.environ.get("BENCH_OUT", os.path.join(HERE, "out")))
KINDLY = os.path.abspath(os.environ.get("KINDLY_BIN", os.path.join(REPO, "bin", "kindly")))
ONLY = os.environ.get("BENCH_TOOLS", "kindly,autokey-kb,autokey-cb").split(",")
TARGETS = os.environ.get("BENCH_TARGETS", "xterm,tk,gtk,xterm+sendevents").split(",")

# --- the texts -------------------------------------------------------------

_SENTENCE = ("Thank you for your patience while we look into this. Your order is on its way "
             "and should arrive within two business days. If anything else comes up, reply "
             "here and we will help right away. ")


def _ascii(n):
    s = (_SENTENCE * (n // len(_SENTENCE) + 2))[: n - 1].rstrip() + "."
    return s + "x" * (n - len(s))  # exactly n characters


LONG = _ascii(300)    # plain ASCII, one line: what both tools can type
HUGE = _ascii(2000)
UNI = "Café — naïve ’quotes’ 😀 ok"
LINES = "Hi,\nline two\n\nbye"  # short multi-line: kindly types it
PARA = ("Thank you for your patience while we look into this. Your\n"
        "order is on its way and should arrive within two business\n"
        "days. If anything else comes up, reply here and we will\n"
        "help right away. ok Thank you for your patience while we\n"
        "look into this. Your order is on its way and should arrive\n"
        "within two b.")  # 300-character multi-line: kindly pastes it
SORRY = "I'm sorry about the delay."
TY = "thank you"

PHRASES = [  # trigger, reply
    (";long", LONG), (";huge", HUGE), (";uni", UNI), (";lines", LINES),
    (";para", PARA), (";sorry", SORRY), (";ty", TY),
]
SIZES = [("300", ";long", LONG), ("2000", ";huge", HUGE)]

# name, [(text typed, ms per key)], expected final text
CASES = [
    ("non-ASCII reply (é — ’ 😀)", [("Voila: ;uni", 5)], "Voila: " + UNI),
    ("multi-line, short (typed)", [("Hi ;lines", 5)], "Hi " + LINES),
    ("multi-line, 300 chars", [("Hi ;para", 5)], "Hi " + PARA),
    ("typing straight on, 5 ms/key", [(";sorry We are on it ;ty", 5)], SORRY + " We are on it " + TY),
    ("typing straight on, no pause", [(";sorry We are on it, ;ty again", 0)],
     SORRY + " We are on it, " + TY + " again"),
    ("300 chars, then straight on, no pause", [(";long and more text", 0)], LONG + " and more text"),
]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def env(**extra):
    e = dict(os.environ)
    e.pop("WAYLAND_DISPLAY", None)
    e.update(extra)
    return e


def xdo(*args):
    subprocess.run(["xdotool", *args], check=True, env=env(), stdout=subprocess.DEVNULL)


def xtype(text, delay):
    xdo("type", "--delay", str(delay), "--", text)


# --- targets ---------------------------------------------------------------

class Log:
    """Reads a target's change log incrementally: entries are (t, text)."""

    def __init__(self, path):
        self.path = path
        self.off = os.path.getsize(path) if os.path.exists(path) else 0
        self.rest = b""
        self.entries = []

    def poll(self):
        with open(self.path, "rb") as f:
            f.seek(self.off)
            data = f.read()
        self.off += len(data)
        data = self.rest + data
        lines = data.split(b"\n")
        self.rest = lines.pop()
        new = []
        for ln in lines:
            head, _, js = ln.decode().partition("\t")
            new.append((float(head.split()[0]), json.loads(js)))
        self.entries += new
        return new

    def last(self):
        return self.entries[-1][1] if self.entries else None


class Target:
    name = "?"

    def __init__(self, out):
        self.out = out
        self.logpath = out + ".log"
        for p in (out, self.logpath):
            if os.path.exists(p):
                os.remove(p)

    def wait_window(self, *search):
        deadline = time.time() + 20
        while time.time() < deadline:
            r = subprocess.run(["xdotool", "search", "--onlyvisible", *search],
                               capture_output=True, text=True, env=env())
            if r.returncode == 0 and r.stdout.split():
                self.wid = r.stdout.split()[-1]
                return
            time.sleep(0.05)
        raise RuntimeError("no window for %s" % (search,))

    def wait_started(self):
        deadline = time.time() + 20
        while not os.path.exists(self.logpath) or os.path.getsize(self.logpath) == 0:
            if time.time() > deadline:
                raise RuntimeError(self.name + " did not start")
            time.sleep(0.05)

    def focus(self):
        xdo("windowraise", self.wid)
        xdo("mousemove", "--window", self.wid, "50", "50")
        xdo("windowfocus", "--sync", self.wid)

    def clear(self):
        for attempt in range(2):
            lg = Log(self.logpath)
            self.send("clear")
            deadline = time.time() + 10
            while time.time() < deadline:
                lg.poll()
                if lg.entries and lg.last() == "":
                    self.focus()
                    return
                if not lg.entries and time.time() > deadline - 9.5 and self.text() == "":
                    # It was empty already (Tk logs only real changes).
                    self.focus()
                    return
                time.sleep(0.005)
        raise RuntimeError(self.name + ": clear did not take (text: %r)" % self.text()[:80])

    def text(self):
        with open(self.out, encoding="utf-8", errors="replace") as f:
            return f.read()


class XtermTarget(Target):
    def __init__(self, out, send_events=False):
        # A stock xterm ignores synthetic (XSendEvent) keys; the second
        # variant allows them, to show what AutoKey's keyboard mode would do.
        self.name = "xterm+sendevents" if send_events else "xterm"
        super().__init__(out)
        ctl = out + ".ctl"
        if os.path.exists(ctl):
            os.remove(ctl)
        opts = ["-xrm", "XTerm*allowSendEvents: true"] if send_events else []
        self.proc = subprocess.Popen(
            ["xterm", "-name", "xterm", *opts, "-geometry", "160x50+0+0", "-e", PY,
             os.path.join(HERE, "ttyapp.py"), out],
            env=env(), stdin=subprocess.DEVNULL)
        self.wait_window("--pid", str(self.proc.pid))
        self.wait_started()
        self.ctl = ctl

    def send(self, cmd):
        fd = os.open(self.ctl, os.O_WRONLY)
        os.write(fd, (cmd + "\n").encode())
        os.close(fd)

    def close(self):
        try:
            self.send("quit")
            self.proc.wait(3)
        except Exception:
            self.proc.kill()
            self.proc.wait()


class AppTarget(Target):
    def __init__(self, kind, out):
        self.name = kind
        super().__init__(out)
        self.proc = subprocess.Popen([PY, os.path.join(REPO, "e2e", "testdata", "textapp.py"), kind, out],
                                     env=env(), stdin=subprocess.PIPE, text=True)
        self.wait_window("--name", "kindly-e2e-" + kind)
        self.wait_started()

    def send(self, cmd):
        self.proc.stdin.write(cmd + "\n")
        self.proc.stdin.flush()

    def close(self):
        try:
            self.send("quit")
            self.proc.stdin.close()
            self.proc.wait(3)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def start_target(name):
    out = os.path.join(OUT, "target-" + name)
    if name == "xterm":
        return XtermTarget(out)
    if name == "xterm+sendevents":
        return XtermTarget(out, send_events=True)
    return AppTarget(name, out)


# --- tools -----------------------------------------------------------------

def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


class Kindly:
    name = "kindly"
    mode = "-"

    def __init__(self, binary=None, label="kindly"):
        self.bin = binary or KINDLY
        self.label = label
        self.dir = os.path.join(OUT, label.replace(" ", "-").replace("(", "").replace(")", "").replace(",", ""))
        self.proc = None

    def prepare(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        lib = os.path.join(self.dir, "home", "snippets")
        os.makedirs(lib)
        with open(os.path.join(lib, "bench.yml"), "w", encoding="utf-8") as f:
            f.write("# kindly's benchmark library (bench/bench.py writes it)\nsnippets:\n")
            for trig, rep in PHRASES:
                f.write("  - trigger: %s\n    replace: %s\n" % (yaml_str(trig), yaml_str(rep)))

    def start(self):
        self.logf = open(os.path.join(self.dir, "daemon.log"), "a")
        t = time.monotonic()
        self.proc = subprocess.Popen([self.bin, "run", "--home", os.path.join(self.dir, "home")],
                                     env=env(), stdout=self.logf, stderr=self.logf, stdin=subprocess.DEVNULL)
        return t

    def stop(self):
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        self.logf.close()


class AutoKey:
    name = "autokey"

    def __init__(self, mode):
        self.mode = mode  # "kb" or "cb"
        self.dir = os.path.join(OUT, "autokey-" + mode)
        self.proc = None

    def xdg(self):
        return {k: os.path.join(self.dir, v) for k, v in
                (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                 ("XDG_CACHE_HOME", "cache"), ("XDG_RUNTIME_DIR", "run"))}

    def prepare(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        for d in self.xdg().values():
            os.makedirs(d, mode=0o700)
        cfg = os.path.join(self.dir, "config", "autokey")
        folder = os.path.join(cfg, "data", "bench")
        os.makedirs(folder)
        settings = {
            "isFirstRun": False, "serviceRunning": True, "menuTakesFocus": False,
            "showTrayIcon": False, "sortByUsageCount": True, "promptToSave": False,
            "enableQT4Workaround": False, "interfaceType": "XRecord", "undoUsingBackspace": True,
            "windowDefaultSize": [600, 400], "hPanePosition": 150, "columnWidths": [150, 50, 100],
            "showToolbar": True, "notificationIcon": "autokey-status",
            "workAroundApps": ".*VirtualBox.*|krdc.Krdc", "triggerItemByInitial": False,
            "disabledModifiers": [], "scriptGlobals": {},
        }
        hk = lambda mods: {"enabled": True, "modifiers": mods, "hotKey": "k"}
        with open(os.path.join(cfg, "autokey.json"), "w") as f:
            json.dump({"version": "0.95.10", "userCodeDir": None, "settings": settings, "folders": [],
                       "toggleServiceHotkey": hk(["<shift>", "<super>"]), "configHotkey": hk(["<super>"])},
                      f, indent=4)
        abbr = lambda abbrs: {"abbreviations": abbrs, "backspace": True, "ignoreCase": False,
                              # immediate: expand on the trigger's last key, and
                              # triggerInside: whatever came before, as kindly does
                              "immediate": True, "triggerInside": True, "wordChars": "[\\w]"}
        nohk = {"modifiers": [], "hotKey": None}
        nofilter = {"regex": None, "isRecursive": False}
        with open(os.path.join(folder, ".folder.json"), "w") as f:
            json.dump({"type": "folder", "title": "bench", "modes": [], "usageCount": 0,
                       "showInTrayMenu": False, "abbreviation": abbr([]), "hotkey": nohk,
                       "filter": nofilter}, f, indent=4)
        send = "kb" if self.mode == "kb" else "<ctrl>+v"
        for i, (trig, rep) in enumerate(PHRASES):
            base = "p%d" % i
            with open(os.path.join(folder, base + ".txt"), "w", encoding="utf-8") as f:
                f.write(rep)
            with open(os.path.join(folder, "." + base + ".json"), "w") as f:
                json.dump({"type": "phrase", "description": base, "modes": [1], "usageCount": 0,
                           "prompt": False, "omitTrigger": False, "matchCase": False,
                           "showInTrayMenu": False, "abbreviation": abbr([trig]), "hotkey": nohk,
                           "filter": nofilter, "sendMode": send}, f, indent=4)

    def start(self):
        self.logf = open(os.path.join(self.dir, "autokey.log"), "a")
        t = time.monotonic()
        self.proc = subprocess.Popen([AUTOKEY, *os.environ.get("BENCH_AUTOKEY_ARGS", "").split()], env=env(**self.xdg()), stdout=self.logf, stderr=self.logf,
                                     stdin=subprocess.DEVNULL)
        return t

    def stop(self):
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        self.logf.close()


def tool_label(t):
    return t.label if t.name == "kindly" else "autokey %s" % ("keyboard" if t.mode == "kb" else "clipboard")


# --- measurements ----------------------------------------------------------

def wait_result(lg, expected, quiet=1.5, limit=15.0, settle=0.3):
    """Polls the log until the text equals expected (and stays so for settle
    seconds) or nothing changed for quiet seconds, or limit passed. Returns
    (ok, final text)."""
    start = time.monotonic()
    last_change = start
    hit = None
    while True:
        if lg.poll():
            last_change = time.monotonic()
        now = time.monotonic()
        cur = lg.last()
        if cur == expected:
            if hit is None:
                hit = now
            elif now - hit >= settle:
                return True, cur
        else:
            hit = None
        if now - last_change > quiet or now - start > limit:
            return cur == expected, cur
        time.sleep(0.003)


def timing_trial(tg, trigger, expected):
    tg.clear()
    lg = Log(tg.logpath)
    xtype(trigger, 5)
    ok, got = wait_result(lg, expected)
    t0 = t1 = None
    for t, s in lg.entries:
        if t0 is None and s.endswith(trigger):
            t0 = t
        if t1 is None and s == expected:
            t1 = t
    res = {"ok": ok, "changes": len(lg.entries)}
    if t0 is None and t1 is not None:
        # The target never showed the whole trigger (a GUI toolkit merged
        # changes): take the first change after the last proper prefix.
        prefix_end = 0
        for i, (t, s) in enumerate(lg.entries):
            if s and trigger.startswith(s) and s != trigger:
                prefix_end = i + 1
        t0 = lg.entries[min(prefix_end, len(lg.entries) - 1)][0]
        res["t0_approx"] = True
    if ok and t0 is not None and t1 is not None:
        res["ms"] = (t1 - t0) * 1000
        # Phases, for whoever tunes the daemon: trigger shown → first change
        # (the first Backspace), and the step that completed the text.
        after = [t for t, _ in lg.entries if t > t0]
        before = [t for t, _ in lg.entries if t < t1]
        res["first_change_ms"] = (after[0] - t0) * 1000 if after else None
        res["last_step_ms"] = (t1 - before[-1]) * 1000 if before else None
        # The whole timeline: (ms from t0, text length) per change.
        res["steps"] = [(round((t - t0) * 1000, 2), len(s)) for t, s in lg.entries]
    else:
        res["got"] = got
    return res


def pct(values, p):
    v = sorted(values)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]


def measure_timing(tool, tg, results):
    for size, trig, expected in SIZES:
        key = "%s|%s|%s" % (tool_label(tool), tg.name, size)
        trials = []
        fails = 0
        for i in range(N):
            r = timing_trial(tg, trig, expected)
            trials.append(r)
            if "ms" not in r:
                fails += 1
                if fails >= 2 and fails == len(trials):
                    log("  %s: the first %d runs failed; skipping the rest" % (key, fails))
                    break
        ms = [r["ms"] for r in trials if "ms" in r]
        row = {"tool": tool_label(tool), "target": tg.name, "size": int(size), "runs": len(trials),
               "ok": len(ms), "trials": trials}
        if ms:
            row.update(median=statistics.median(ms), p95=pct(ms, 95), min=min(ms), max=max(ms))
            for ph in ("first_change_ms", "last_step_ms"):
                v = [r[ph] for r in trials if r.get(ph) is not None]
                if v:
                    row[ph] = statistics.median(v)
        else:
            row["got"] = trials[-1].get("got")
        results["timing"].append(row)
        log("  %-18s %-5s %4s chars: %s" % (tool_label(tool), tg.name, size,
                                            "median %.1f ms, p95 %.1f ms (%d/%d ok)" % (row["median"], row["p95"], row["ok"], row["runs"])
                                            if ms else "FAILED (%d/%d ok)" % (row["ok"], row["runs"])))


def measure_correctness(tool, tg, results):
    for name, steps, expected in CASES:
        tg.clear()
        lg = Log(tg.logpath)
        for text, delay in steps:
            xtype(text, delay)
        ok, got = wait_result(lg, expected, quiet=1.5, limit=10, settle=0.5)
        results["correctness"].append({"tool": tool_label(tool), "target": tg.name, "case": name,
                                       "ok": ok, "expected": expected, "got": got})
        log("  %-18s %-5s %-40s %s" % (tool_label(tool), tg.name, name, "ok" if ok else "FAIL got %r" % (got,)[:200]))


def proc_tree(pid):
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def cpu_ticks(pids):
    total = 0
    for p in pids:
        try:
            with open("/proc/%d/stat" % p) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total


def cpu_ns(pids):
    """CPU time of every thread of pids, in ns (/proc/<pid>/task/*/schedstat:
    nanosecond resolution, where utime and stime count 10 ms ticks)."""
    total = 0
    for p in pids:
        try:
            tasks = os.listdir("/proc/%d/task" % p)
        except OSError:
            continue
        for t in tasks:
            try:
                with open("/proc/%d/task/%s/schedstat" % (p, t)) as f:
                    total += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
    return total


KEYS = int(os.environ.get("BENCH_KEYS", "1000"))
KEY_ROUNDS = int(os.environ.get("BENCH_KEY_ROUNDS", "5"))
PLAIN = ("the quick brown fox jumps over the lazy dog and then sends a reply "
         * (KEYS // 60 + 2))[:KEYS]


def measure_keystrokes(tool, tg, results):
    """CPU per plain keystroke: KEYS keys that are no trigger, typed by
    xdotool at 1 ms per key into tg while the tool runs; the tool's CPU time
    (every process and thread, schedstat) over the whole burst divided by the
    number of keys. KEY_ROUNDS bursts, median."""
    per_key = []
    for _ in range(KEY_ROUNDS):
        tg.clear()
        pids = proc_tree(tool.proc.pid)
        lg = Log(tg.logpath)
        c0 = cpu_ns(pids)
        xtype(PLAIN, 1)
        ok, got = wait_result(lg, PLAIN, quiet=1.0, limit=30.0, settle=0.2)
        c1 = cpu_ns(proc_tree(tool.proc.pid))
        per_key.append((c1 - c0) / KEYS / 1000.0)  # µs
        if not ok:
            raise RuntimeError("plain typing arrived changed: %s" % short(got))
    row = {"tool": tool_label(tool), "target": tg.name, "keys": KEYS, "rounds": per_key,
           "us_per_key": statistics.median(per_key)}
    results["keystrokes"].append(row)
    log("  %-18s CPU per plain keystroke: %.1f µs (median of %d bursts of %d keys: %s)" % (
        row["tool"], row["us_per_key"], KEY_ROUNDS, KEYS, ", ".join("%.1f" % v for v in per_key)))


def mem_kib(pids, field):
    total = 0
    for p in pids:
        try:
            with open("/proc/%d/status" % p) as f:
                for ln in f:
                    if ln.startswith(field + ":"):
                        total += int(ln.split()[1])
        except OSError:
            pass
    return total


def measure_idle(tool, probe, results):
    """Starts the tool, expands once (so it is really up), then waits 2 s
    and samples CPU time and memory over IDLE_SECS of idleness."""
    tool.prepare()
    probe.clear()
    t_exec = tool.start()
    try:
        up = startup_probe(probe, t_exec)
        time.sleep(2)
        pids = proc_tree(tool.proc.pid)
        hz = os.sysconf("SC_CLK_TCK")
        c0, w0 = cpu_ticks(pids), time.monotonic()
        rss = []
        while time.monotonic() - w0 < IDLE_SECS:
            rss.append(mem_kib(pids, "VmRSS"))
            time.sleep(0.5)
        c1, w1 = cpu_ticks(pids), time.monotonic()
        hwm = mem_kib(pids, "VmHWM")
        row = {"tool": tool_label(tool), "pids": pids, "seconds": w1 - w0, "cpu_ticks": c1 - c0,
               "cpu_pct": 100.0 * (c1 - c0) / hz / (w1 - w0), "rss_mib": max(rss) / 1024,
               "rss_mib_mean": statistics.mean(rss) / 1024, "hwm_mib": hwm / 1024, "started_ms": up}
        results["idle"].append(row)
        log("  %-18s idle: CPU %.2f %% (%d ticks in %.1f s), RSS %.1f MiB, HWM %.1f MiB" % (
            row["tool"], row["cpu_pct"], row["cpu_ticks"], row["seconds"], row["rss_mib"], row["hwm_mib"]))
    finally:
        tool.stop()


def startup_probe(tg, t_exec, limit=20.0):
    """Types " ;ty" into tg every ~20 ms until it expands; returns ms from
    t_exec to the target's log entry that first shows the reply."""
    lg = Log(tg.logpath)
    while time.monotonic() - t_exec < limit:
        xtype(" ;ty", 0)
        time.sleep(0.02)
        lg.poll()
        for t, s in lg.entries:
            if TY in s:
                return (t - t_exec) * 1000
    raise RuntimeError("no expansion within %.0f s of starting" % limit)


def measure_startup(tool, probe, results):
    times = []
    for i in range(STARTS):
        tool.prepare()
        probe.clear()
        time.sleep(0.2)
        t_exec = tool.start()
        try:
            ms = startup_probe(probe, t_exec)
        except RuntimeError as e:
            log("  %s start-up: %s" % (tool_label(tool), e))
            ms = None
        finally:
            tool.stop()
        times.append(ms)
        time.sleep(0.3)
    ok = [t for t in times if t is not None]
    row = {"tool": tool_label(tool), "runs": times, "target": probe.name}
    if ok:
        row.update(median=statistics.median(ok), min=min(ok), max=max(ok))
    results["startup"].append(row)
    log("  %-18s start-up to first expansion: %s" % (row["tool"], ", ".join("%.0f ms" % t if t else "—" for t in times)))


# --- tables ----------------------------------------------------------------

def fmt_ms(v):
    if v is None:
        return "—"
    return "%.0f" % v if v >= 100 else "%.1f" % v


def tables(results):
    lines = []
    tools = []
    for r in results["timing"] + results["correctness"]:
        if r["tool"] not in tools:
            tools.append(r["tool"])
    targets = [t for t in TARGETS]
    lines += ["### Trigger to complete (ms, median / p95 of %d)" % N, "",
              "| tool | target | 300 chars | 2,000 chars |", "|---|---|---|---|"]
    for tool in tools:
        for tg in targets:
            cells = []
            for size in (300, 2000):
                rows = [r for r in results["timing"] if r["tool"] == tool and r["target"] == tg and r["size"] == size]
                if not rows:
                    cells.append("not run")
                    continue
                r = rows[0]
                if r["ok"] == 0:
                    cells.append("fails (0/%d)" % r["runs"])
                else:
                    c = "%s / %s" % (fmt_ms(r["median"]), fmt_ms(r["p95"]))
                    if r["ok"] < r["runs"]:
                        c += " (%d/%d ok)" % (r["ok"], r["runs"])
                    cells.append(c)
            lines.append("| %s | %s | %s | %s |" % (tool, tg, cells[0], cells[1]))
    lines += ["", "Phases (medians, ms): trigger shown → first change (the first Backspace arrives) / "
              "the last step (the change that completed the text, measured from the one before it)", "",
              "| tool | target | 300 chars | 2,000 chars |", "|---|---|---|---|"]
    for tool in tools:
        for tg in targets:
            cells = []
            for size in (300, 2000):
                rows = [r for r in results["timing"] if r["tool"] == tool and r["target"] == tg and r["size"] == size]
                r = rows[0] if rows else {}
                cells.append("%s / %s" % (fmt_ms(r.get("first_change_ms")), fmt_ms(r.get("last_step_ms")))
                             if r.get("first_change_ms") is not None else "—")
            lines.append("| %s | %s | %s | %s |" % (tool, tg, cells[0], cells[1]))
    lines += ["", "### Correctness (expected text vs what the target got)", ""]
    head = "| case | " + " | ".join("%s %s" % (tool, tg) for tool in tools for tg in targets) + " |"
    lines += [head, "|---" * (1 + len(tools) * len(targets)) + "|"]
    for name, _, _ in CASES:
        cells = []
        for tool in tools:
            for tg in targets:
                rs = [r for r in results["correctness"] if r["tool"] == tool and r["target"] == tg and r["case"] == name]
                cells.append("—" if not rs else ("ok" if rs[0]["ok"] else "**FAIL**"))
        lines.append("| %s | %s |" % (name, " | ".join(cells)))
    fails = [r for r in results["correctness"] if not r["ok"]]
    if fails:
        lines += ["", "Failures, expected → got (truncated to 90 characters):", ""]
        for r in fails:
            lines.append("- %s, %s, %s: `%s` → `%s`" % (r["tool"], r["target"], r["case"],
                                                       short(r["expected"]), short(r["got"])))
    if results["idle"]:
        lines += ["", "### Idle daemon (after 2 s, over %.0f s)" % IDLE_SECS, "",
                  "| tool | CPU | RSS (max) | VmHWM |", "|---|---|---|---|"]
        for r in results["idle"]:
            lines.append("| %s | %.2f %% (%d ticks) | %.1f MiB | %.1f MiB |" % (
                r["tool"], r["cpu_pct"], r["cpu_ticks"], r["rss_mib"], r["hwm_mib"]))
    if results["keystrokes"]:
        lines += ["", "### CPU per plain keystroke (%d keys at 1 ms per key into %s, median of %d bursts)" % (
                      KEYS, results["keystrokes"][0]["target"], KEY_ROUNDS), "",
                  "| tool | CPU per key | bursts |", "|---|---|---|"]
        for r in results["keystrokes"]:
            lines.append("| %s | %.1f µs | %s |" % (r["tool"], r["us_per_key"], ", ".join("%.1f" % v for v in r["rounds"])))
    if results["startup"]:
        lines += ["", "### Start-up: exec to first expansion (%d starts, into %s)" % (STARTS, results["startup"][0]["target"]), "",
                  "| tool | median | min | max | first start of the run |", "|---|---|---|---|---|"]
        for r in results["startup"]:
            first = [i.get("started_ms") for i in results["idle"] if i["tool"] == r["tool"]]
            lines.append("| %s | %s ms | %s ms | %s ms | %s ms |" % (
                r["tool"], fmt_ms(r.get("median")), fmt_ms(r.get("min")), fmt_ms(r.get("max")),
                fmt_ms(first[0] if first else None)))
    if results.get("errors"):
        lines += ["", "Errors (the run went on without these measurements):", ""]
        lines += ["- " + e for e in results["errors"]]
    return "\n".join(lines) + "\n"


def short(s):
    if s is None:
        return "(nothing)"
    s = json.dumps(s, ensure_ascii=False)[1:-1]
    return s if len(s) <= 90 else s[:87] + "..."


# --- main ------------------------------------------------------------------

def main():
    os.makedirs(OUT, exist_ok=True)
    results = {"n": N, "starts": STARTS, "machine": machine(), "timing": [], "correctness": [],
               "idle": [], "startup": [], "keystrokes": [], "errors": []}
    tools = []
    if "kindly" in ONLY:
        tools.append(Kindly())
    if os.environ.get("BENCH_KINDLY_BEFORE"):
        # another kindly binary to compare with (the gohook build, say)
        tools.append(Kindly(os.environ["BENCH_KINDLY_BEFORE"], os.environ.get("BENCH_KINDLY_BEFORE_LABEL", "kindly (before)")))
    have_autokey = os.path.exists(AUTOKEY)
    if not have_autokey:
        log("autokey-gtk is not installed (apt-get install autokey-gtk): measuring kindly only")
    for m in ("kb", "cb"):
        if "autokey-" + m in ONLY and have_autokey:
            tools.append(AutoKey(m))
    tgs = {}
    try:
        for name in TARGETS:
            tgs[name] = start_target(name)
        probe = tgs.get("tk") or next(iter(tgs.values()))
        for tool in tools:
            log("== %s" % tool_label(tool))
            try:
                measure_idle(tool, probe, results)
                measure_startup(tool, probe, results)
                tool.prepare()
                probe.clear()
                startup_probe(probe, tool.start())  # up and expanding
                measure_keystrokes(tool, probe, results)
            except RuntimeError as e:
                tool.stop()
                log("  %s: %s" % (tool_label(tool), e))
                results["errors"].append("%s: %s" % (tool_label(tool), e))
                continue
            try:
                for name in TARGETS:
                    try:
                        measure_timing(tool, tgs[name], results)
                        measure_correctness(tool, tgs[name], results)
                    except RuntimeError as e:
                        log("  %s, %s: %s" % (tool_label(tool), name, e))
                        results["errors"].append("%s, %s: %s" % (tool_label(tool), name, e))
            finally:
                tool.stop()
            with open(os.path.join(OUT, "results.json"), "w") as f:
                json.dump(results, f, indent=1, ensure_ascii=False)
    finally:
        for t in tgs.values():
            t.close()
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    md = tables(results)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(md)
    print(md)


def machine():
    def sh(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for ln in f:
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": os.uname().release,
            "os": sh("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"),
            "autokey": sh("dpkg-query", "-W", "-f", "${Version}", "autokey-gtk"),
            "xvfb": sh("dpkg-query", "-W", "-f", "${Version}", "xvfb"),
            "xterm": sh("dpkg-query", "-W", "-f", "${Version}", "xterm"),
            "kindly": sh("git", "-C", REPO, "rev-parse", "--short", "HEAD")}


if __name__ == "__main__":
    main()
