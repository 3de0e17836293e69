#!/usr/bin/python3
"""Runs examples/ivr-tool and checks what it prints and its exit codes:
check on the seed scripts (ok) and on broken ones (exact
"file:line:col: RULE:" lines), explain, run (the trace format), and the
callback of seed-direct handed to the engine with --engine (offered,
accepted, and only then dialled).

Usage: check-ivr-tool.py path/to/ivr-tool path/to/tests/ivr
"""
import os
import re
import subprocess
import sys
import tempfile

TOOL = os.path.abspath(sys.argv[1])
SEEDS = os.path.abspath(sys.argv[2])
CALLER = "+13125550100"  # ivr-tool's default
problems = []


def tool(*args, cwd=None):
    proc = subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=60, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


def expect(cond, what, out=""):
    if not cond:
        problems.append(what + (f"\n--- output ---\n{out}--------------" if out else ""))


def expect_rc(rc, want, what, out, err):
    expect(rc == want, f"{what}: exit {rc}, expected {want}; stderr: {err.strip()!r}", out)


def in_order(lines, patterns, what, out):
    """Each pattern matches a line after the previous match; returns the
    indexes of the matching lines (None when one is missing)."""
    pos, found = -1, []
    for p in patterns:
        rx = re.compile(p)
        for i in range(pos + 1, len(lines)):
            if rx.search(lines[i]):
                pos = i
                found.append(i)
                break
        else:
            expect(False, f"{what}: no line matching {p!r} after line {pos + 1}", out)
            return None
    return found


def seed(name):
    return os.path.join(SEEDS, name)


# ---- check: the seeds are clean --------------------------------------------
SEED_FILES = ["seed-direct.yaml", "seed-direct.json", "seed-queue.yaml", "seed-queue.json"]
for name in SEED_FILES:
    rc, out, err = tool("check", seed(name))
    expect_rc(rc, 0, f"check {name}", out, err)
    expect(out == f"{seed(name)}: ok\n", f"check {name}: expected exactly 'FILE: ok'", out)
rc, out, err = tool("check", *[seed(n) for n in SEED_FILES])
expect_rc(rc, 0, "check of the four seeds at once", out, err)
expect(out.count(": ok\n") == 4, "check of four seeds: four ok lines", out)

# ---- check: broken scripts, exact positions ---------------------------------
BROKEN = """\
online:
  - play: https://example.com/welcome.mp3
  - goto: nowhere
offline:
  - callback
queue:
  - dance
"""
# (line, col, rule): the value or key at fault.
BROKEN_EXPECTED = [(3, 11, "IVR-GOTO"), (5, 5, "IVR-CB-OFFLINE"), (7, 5, "IVR-COMMANDS")]

WARNED = """\
online:
  - ring
offline:
  - voicemail
queue: []
orphan:
  - ring
"""

SYNTAX = "online:\n\t- ring\noffline: []\nqueue: []\n"

with tempfile.TemporaryDirectory() as tmp:
    def write(name, text, mode="w"):
        with open(os.path.join(tmp, name), mode) as f:
            f.write(text)
        return name

    # Relative names: the lines start with the name exactly as given.
    write("broken.yaml", BROKEN)
    rc, out, err = tool("check", "broken.yaml", cwd=tmp)
    expect_rc(rc, 1, "check broken.yaml", out, err)
    lines = out.splitlines()
    for line, col, rule in BROKEN_EXPECTED:
        prefix = f"broken.yaml:{line}:{col}: {rule}: "
        expect(any(l.startswith(prefix) and len(l) > len(prefix) for l in lines),
               f"check broken.yaml: no line starting {prefix!r}", out)
    expect(all(re.match(r"^broken\.yaml(:\d+(:\d+)?)?: IVR-[A-Z-]+: \S", l) for l in lines),
           "check broken.yaml: every line is 'file:line:col: RULE: message'", out)
    expect(": ok" not in out, "check broken.yaml: no ok line", out)

    # The same problems in JSON: the same rules, JSON positions.
    write("broken.json", '{"online": [{"play": "https://example.com/welcome.mp3"},\n'
                         '            {"goto": "nowhere"}],\n'
                         ' "offline": ["callback"],\n'
                         ' "queue": ["dance"]}\n')
    rc, out, err = tool("check", "broken.json", cwd=tmp)
    expect_rc(rc, 1, "check broken.json", out, err)
    for prefix in ["broken.json:2:22: IVR-GOTO: ", "broken.json:3:14: IVR-CB-OFFLINE: ",
                   "broken.json:4:12: IVR-COMMANDS: "]:
        expect(any(l.startswith(prefix) for l in out.splitlines()),
               f"check broken.json: no line starting {prefix!r}", out)

    # A warning only: printed with "warning: ", and the exit status is 0.
    write("warned.yaml", WARNED)
    rc, out, err = tool("check", "warned.yaml", cwd=tmp)
    expect_rc(rc, 0, "check warned.yaml (warnings only)", out, err)
    expect(re.fullmatch(r"warned\.yaml:6:1: IVR-[A-Z-]+: warning: \S.*\n", out) is not None,
           "check warned.yaml: one 'warned.yaml:6:1: RULE: warning: ...' line", out)

    # Not acceptable YAML: a tab in the indentation.
    write("tab.yaml", SYNTAX)
    rc, out, err = tool("check", "tab.yaml", cwd=tmp)
    expect_rc(rc, 1, "check tab.yaml", out, err)
    expect(re.match(r"^tab\.yaml:2:\d+: IVR-SYNTAX: \S", out) is not None,
           "check tab.yaml: 'tab.yaml:2:COL: IVR-SYNTAX: ...'", out)

    # The extension decides the language: JSON text in a .yaml file is
    # still fine (JSON is YAML), YAML in a .json file is not JSON.
    write("yaml-in.json", open(seed("seed-direct.yaml")).read())
    rc, out, err = tool("check", "yaml-in.json", cwd=tmp)
    expect_rc(rc, 1, "check yaml-in.json (YAML read as JSON)", out, err)
    expect("IVR-SYNTAX" in out, "check yaml-in.json: IVR-SYNTAX", out)
    write("no-extension", open(seed("seed-direct.json")).read())
    rc, out, err = tool("check", "no-extension", cwd=tmp)
    expect_rc(rc, 0, "check no-extension (AUTO: JSON)", out, err)

    # Larger than the library's limit: refused, without reading all of it.
    with open(os.path.join(tmp, "big.yaml"), "w") as f:
        f.write("# padding\n" * 110000)  # 1.1 MB
    rc, out, err = tool("check", "big.yaml", cwd=tmp)
    expect_rc(rc, 1, "check big.yaml", out, err)
    expect(re.match(r"^big\.yaml:1:1: IVR-SYNTAX: ", out) is not None,
           "check big.yaml: 'big.yaml:1:1: IVR-SYNTAX: ...'", out)

    # I/O errors: 2, and the other files are still checked.
    rc, out, err = tool("check", "missing.yaml", "broken.yaml", cwd=tmp)
    expect_rc(rc, 2, "check missing.yaml broken.yaml", out, err)
    expect("missing.yaml" in err, "check missing.yaml: the file is named on stderr", err)
    expect("broken.yaml:3:11: IVR-GOTO: " in out, "check missing + broken: broken still checked",
           out)
    os.mkdir(os.path.join(tmp, "a-dir.yaml"))
    rc, out, err = tool("check", "a-dir.yaml", cwd=tmp)
    expect_rc(rc, 2, "check a directory", out, err)

    # explain and run refuse a script with errors (exit 1, report on stderr).
    rc, out, err = tool("explain", "broken.yaml", cwd=tmp)
    expect_rc(rc, 1, "explain broken.yaml", out, err)
    expect("broken.yaml:3:11: IVR-GOTO: " in err, "explain broken.yaml: report on stderr", err)
    rc, out, err = tool("run", "broken.yaml", "online", cwd=tmp)
    expect_rc(rc, 1, "run broken.yaml", out, err)

# ---- usage -------------------------------------------------------------------
for args, what in [((), "no command"), (("check",), "check without FILE"),
                   (("frobnicate",), "unknown command"), (("explain",), "explain without FILE"),
                   (("run",), "run without FILE"),
                   (("run", seed("seed-direct.yaml"), "jump"), "run with a bad input"),
                   (("run", seed("seed-direct.yaml"), "key:12"), "run with a bad key"),
                   (("run", seed("seed-direct.yaml"), "--caller"), "run --caller without value"),
                   (("run", seed("seed-direct.yaml"), "--frob", "online"), "run --frob"),
                   (("run", seed("seed-direct.yaml"), "--caller", "12", "online"),
                    "run with a caller not in E.164")]:
    rc, out, err = tool(*args)
    expect_rc(rc, 2, f"usage: {what}", out, err)
    expect(err.strip() != "", f"usage: {what}: a message on stderr", out)
rc, out, err = tool("--help")
expect_rc(rc, 0, "--help", out, err)
for word in ["check FILE", "explain FILE", "run FILE", "--caller", "--queue", "--engine",
             "key:N", "exit status", "wait: STATE"]:
    expect(word in out, f"--help mentions {word!r}", out)

# ---- explain ------------------------------------------------------------------
rc, out, err = tool("explain", seed("seed-direct.yaml"))
expect_rc(rc, 0, "explain seed-direct.yaml", out, err)
for word in ["online", "offline", "queue", "choice"]:
    expect(word in out, f"explain seed-direct.yaml mentions {word!r}", out)

# ---- run ----------------------------------------------------------------------
ACTION = r"^  ([A-Z_]+) +(\d+|-)(?:  (.*))?$"


def actions(out):
    """The (action, text) pairs of a trace, line numbers left out."""
    return [(m.group(1), m.group(3)) for m in map(re.compile(ACTION).match, out.splitlines()) if m]


# Every line of a trace has one of the documented shapes.
TRACE_LINE = re.compile(r"^(\[input\] \S+|" + ACTION[1:-1] + r"|\[engine\] \+\d+s [A-Z]+ .*|"
                        r"\[agent\] .*|wait: (start|key|ring|queue|done))$")

# seed-direct, option 2: a callback, without an engine.
rc, out, err = tool("run", seed("seed-direct.yaml"), "online", "key:2")
expect_rc(rc, 0, "run seed-direct.yaml online key:2", out, err)
expect(all(TRACE_LINE.match(l) for l in out.splitlines()),
       "run: every line is an input, action, engine, agent or wait line", out)
in_order(out.splitlines(), [r"^\[input\] online$", r"^  ENTER +\d+  online$", r"^  PLAY +\d+  https://",
                            r"^  COLLECT +\d+  12$", r"^\[input\] key:2$", r"^  SELECT +\d+  2$",
                            rf"^  CALLBACK +\d+  \{CALLER}$", r"^  HANGUP +(\d+|-)$",
                            r"^wait: done$"],
         "run seed-direct.yaml online key:2", out)
expect(out.splitlines()[-1] == "wait: done", "run: the last line is 'wait: done'", out)
expect("[engine]" not in out, "run without --engine: no engine lines", out)

# The JSON twin gives the same actions (other line numbers).
rc2, out2, err2 = tool("run", seed("seed-direct.json"), "online", "key:2")
expect_rc(rc2, 0, "run seed-direct.json online key:2", out2, err2)
expect(actions(out) == actions(out2), "run: seed-direct.json acts as seed-direct.yaml", out + out2)

# seed-queue: all busy, the queue's choice, a timeout, then an agent answers.
rc, out, err = tool("run", seed("seed-queue.yaml"), "--caller", "+14155550123", "online",
                    "busy", "timeout", "answer")
expect_rc(rc, 0, "run seed-queue.yaml online busy timeout answer", out, err)
in_order(out.splitlines(), [r"^  RING +\d+  support$", r"^\[input\] busy$", r"^  ENTER +\d+  queue$",
                            r"^  COLLECT +\d+  012$", r"^\[input\] timeout$",
                            r"^  WAIT +(\d+|-)  support$", r"^\[input\] answer$",
                            r"^  CONNECTED +(\d+|-)  support$", r"^wait: done$"],
         "run seed-queue.yaml online busy timeout answer", out)
rc, out, err = tool("run", seed("seed-queue.json"), "--queue", "sales", "--caller", "+14155550123",
                    "online", "busy", "key:2")
expect_rc(rc, 0, "run seed-queue.json online busy key:2", out, err)
in_order(out.splitlines(), [r"^  RING +\d+  sales$", r"^  SELECT +\d+  2$",
                            r"^  ENTER +\d+  callmeback$", r"^  CALLBACK +\d+  \+14155550123$",
                            r"^wait: done$"], "run seed-queue.json online busy key:2", out)

# A refused input: 1, the library's message on stderr, the trace so far.
rc, out, err = tool("run", seed("seed-direct.yaml"), "online", "busy")
expect_rc(rc, 1, "run seed-direct.yaml online busy (busy while waiting for a key)", out, err)
expect("busy" in err and len(err.strip()) > len("ivr-tool: input 'busy' refused: "),
       "run refused: the input and the library's message on stderr", err)
expect(out.splitlines()[-1:] == ["wait: key"], "run refused: ends with 'wait: key'", out)
rc, out, err = tool("run", seed("seed-direct.yaml"), "online", "key:2", "hangup")
expect_rc(rc, 1, "run: an input after the call ended", out, err)
rc, out, err = tool("run", seed("seed-direct.yaml"))
expect_rc(rc, 0, "run without inputs", out, err)
expect(out == "wait: start\n", "run without inputs: 'wait: start'", out)

# ---- run --engine: the callback is offered, accepted, and only then dialled ----
args = ("run", seed("seed-direct.yaml"), "--engine", "online", "key:2")
rc, out, err = tool(*args)
expect_rc(rc, 0, "run seed-direct.yaml --engine online key:2", out, err)
lines = out.splitlines()
expect(all(TRACE_LINE.match(l) for l in lines), "run --engine: every line has a known shape", out)
found = in_order(lines, [rf"^  CALLBACK +\d+  \{CALLER}$",
                         r"^\[engine\] \+0s OFFERED callback to agent-1 \(queue support\)$",
                         r"^\[agent\] agent-1 accepts the callback$",
                         r"^\[engine\] \+5s ACCEPTED callback by agent-1$",
                         rf"^\[engine\] \+5s DIALING callback \{CALLER}$"],
                 "run --engine", out)
if found:
    dialing = [i for i, l in enumerate(lines) if " DIALING " in l]
    accepted = [i for i, l in enumerate(lines) if " ACCEPTED " in l]
    expect(len(dialing) == 1 and dialing[0] > accepted[0],
           "run --engine: one DIALING, after ACCEPTED", out)
rc2, out2, err2 = tool(*args)
expect(out == out2, "run --engine: the same trace twice (fixed clock)", out + out2)
# The engine knows the queue given with --queue.
rc, out, err = tool("run", seed("seed-direct.json"), "--engine", "--queue", "sales", "online",
                    "key:2")
expect_rc(rc, 0, "run seed-direct.json --engine --queue sales", out, err)
expect(re.search(r"^\[engine\] \+5s DIALING callback ", out, re.M) is not None,
       "run --engine --queue sales: dialled", out)
# No callback, no engine follow-up.
rc, out, err = tool("run", seed("seed-direct.yaml"), "--engine", "offline")
expect_rc(rc, 0, "run seed-direct.yaml --engine offline", out, err)
expect("VOICEMAIL" in out and "DIALING" not in out, "run --engine offline: voicemail only", out)

if problems:
    for p in problems:
        print("FAIL:", p)
    sys.exit(1)
print("ok: ivr-tool check, explain, run and --engine behave as documented")
