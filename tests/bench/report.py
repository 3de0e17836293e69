#!/usr/bin/python3
"""Writes tests/bench/REPORT.md from the logs of scripts/bench, and copies
it into README.md between <!-- bench-report:begin --> and
<!-- bench-report:end -->.

    report.py --logs DIR --build BUILD --runs R [--settings TEXT]
              [--load-start L] [--seconds S] [--trial] --out REPORT.md
              [--readme README.md]

DIR holds one log per benchmark and run, NAME.RUN.log (the benchmark's whole
output), NAME.RUN.failed for a run that failed (its figures are left out),
and callgrind.txt when instruction counts were taken.  The logs' lines

    # result: BENCH METRIC VALUE UNIT LABEL...
    # ratio: BENCH METRIC VALUE LABEL...
    # callgrind: METRIC COUNT LABEL...

(tests/bench/bench-result.h) give the figures: each result's median, min and
max over the runs; a ratio (two figures measured side by side in one run,
divided in that run) likewise, in its result's row.  Rows keep the order in
which the benchmarks print them.  Nothing here judges the figures."""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

BEGIN = "<!-- bench-report:begin"
END = "<!-- bench-report:end -->"


def fmt(v):
    """A figure with as many digits as it deserves."""
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:#.3g}"


def read_logs(logs):
    """{(bench, metric): row} in print order, runs seen, failures."""
    rows = {}
    failures = []
    runs = set()
    names = sorted(os.listdir(logs))
    for name in names:
        m = re.fullmatch(r"(.+)\.(\d+)\.failed", name)
        if m:
            with open(os.path.join(logs, name), encoding="utf-8") as f:
                failures.append((m.group(1), int(m.group(2)), f.read().strip()))
    failed = {(b, r) for b, r, _ in failures}

    def key(name):
        m = re.fullmatch(r"(.+)\.(\d+)\.log", name)
        if not m:
            return None
        return (int(m.group(2)), os.stat(os.path.join(logs, name)).st_mtime, m.group(1))

    # the benchmarks in the order they ran (their logs' times), rows as printed
    for (run, _, bench_name), name in sorted((key(n), n) for n in names if key(n)):
        if (bench_name, run) in failed:
            continue
        runs.add(run)
        with open(os.path.join(logs, name), encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split(" ")
                if line.startswith("# result: ") and len(parts) >= 7:
                    bench, metric, value, unit = parts[2:6]
                    row = rows.setdefault((bench, metric), {
                        "bench": bench, "metric": metric, "unit": unit,
                        "label": " ".join(parts[6:]), "values": {}, "ratios": {},
                        "ratio_label": None})
                    row["values"][run] = float(value)
                elif line.startswith("# ratio: ") and len(parts) >= 6:
                    bench, metric, value = parts[2:5]
                    row = rows.get((bench, metric))
                    if row is None:
                        continue
                    row["ratios"][run] = float(value)
                    row["ratio_label"] = " ".join(parts[5:])
    order = []
    seen_bench = []
    for row in rows.values():
        if row["bench"] not in seen_bench:
            seen_bench.append(row["bench"])
    for bench in seen_bench:
        order += [r for r in rows.values() if r["bench"] == bench]
    return order, sorted(runs), failures


def read_callgrind(logs):
    path = os.path.join(logs, "callgrind.txt")
    out = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split(" ")
                if line.startswith("# callgrind: ") and len(parts) >= 5:
                    out.append((parts[2], int(parts[3]), " ".join(parts[4:])))
    return out


def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
        return out.strip().splitlines()[0] if out.strip() else "unknown"
    except OSError:
        return "unknown"


def machine(build, load_start):
    """(label, value) pairs describing the machine and the build."""
    info = []
    cpu, cores = "unknown", os.cpu_count()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info.append(("CPU", f"{cpu}, {cores} cores (logical CPUs) online"))
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kib = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
        info.append(("memory", f"{kib / 1048576:.1f} GiB"))
    except (OSError, StopIteration):
        pass
    info.append(("kernel", f"{platform.system()} {platform.release()} {platform.machine()}"))
    debian = "unknown"
    try:
        with open("/etc/debian_version", encoding="utf-8") as f:
            debian = f.read().strip()
    except OSError:
        pass
    info.append(("Debian", debian))
    compiler = None
    try:  # "C compiler for the host machine: cc (gcc 12.2.0 "cc (Debian ...) 12.2.0")"
        with open(os.path.join(build, "meson-logs", "meson-log.txt"), encoding="utf-8",
                  errors="replace") as f:
            for line in f:
                if line.startswith("C compiler for the host machine: "):
                    m = re.search(r'"([^"]*)"', line)
                    compiler = m.group(1) if m else line.split(": ", 1)[1].strip()
    except OSError:
        pass
    compiler = compiler or first_line(["cc", "--version"])
    buildtype = "unknown"
    try:
        with open(os.path.join(build, "meson-info", "intro-buildoptions.json"),
                  encoding="utf-8") as f:
            buildtype = next(o["value"] for o in json.load(f) if o["name"] == "buildtype")
    except (OSError, StopIteration, ValueError):
        pass
    info.append(("compiler", f"{compiler}, --buildtype={buildtype}"))
    libs = []
    for name, pc in (("libcurl", "libcurl"), ("SQLite", "sqlite3"), ("cJSON", "libcjson"),
                     ("utf8proc", "libutf8proc")):
        libs.append(f"{name} {first_line(['pkg-config', '--modversion', pc])}")
    info.append(("libraries", ", ".join(libs)))
    info.append(("valgrind", first_line(["valgrind", "--version"])))
    info.append(("Python (test server)", platform.python_version()))
    commit = first_line(["git", "rev-parse", "--short=12", "HEAD"])
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, check=False).stdout.strip()
    info.append(("commit", commit + (" with uncommitted changes" if dirty else "")))
    info.append(("date", datetime.datetime.now(datetime.timezone.utc)
                 .strftime("%Y-%m-%d %H:%M UTC")))
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            load_end = " ".join(f.read().split()[:3])
        info.append(("load average (1, 5, 15 min)",
                     f"{load_start or '?'} at the start, {load_end} at the end"))
    except OSError:
        pass
    return info


def render(rows, runs, failures, callgrind, info, settings, want_runs, seconds, load_start,
           trial):
    out = []
    if trial:
        out.append("**A trial run, with sizes or a number of runs other than the defaults: "
                   "not figures to quote.**")
        out.append("")
    out.append("Machine and build:\n")
    for k, v in info:
        out.append(f"- {k}: {v}")
    out.append("")
    n = len(runs)
    line = (f"{n} run{'s' if n != 1 else ''} of each benchmark"
            f"{' (of ' + str(want_runs) + ' asked)' if n != want_runs else ''}, "
            "taken in rounds (each round runs every benchmark once)")
    if seconds:
        line += f"; the whole of `scripts/bench` took {int(seconds) // 60} min {int(seconds) % 60} s"
    out.append(line + ".  " + (settings or ""))
    out.append("")
    try:
        load = float((load_start or "").split()[0])
    except (IndexError, ValueError):
        load = None
    if load is not None and load >= 1.5:
        out.append(f"The machine was not idle when `scripts/bench` started (load average "
                   f"{load:.2f} over the last minute): other work shared its CPUs; the "
                   "timings suffer from it, the ratios less, the instruction counts not at "
                   "all.")
        out.append("")
    for bench, run, why in failures:
        out.append(f"- {bench}, run {run}, failed ({why}): its figures are left out.")
    if failures:
        out.append("")
    out.append("| benchmark | metric | median | unit | min–max over runs | ratio, side by side "
               "in one run: median (min–max) |")
    out.append("|---|---|---:|---|---|---|")
    last = None
    for r in rows:
        vals = [r["values"][k] for k in sorted(r["values"])]
        med = statistics.median(vals)
        spread = f"{fmt(min(vals))}–{fmt(max(vals))}" if len(vals) > 1 else ""
        if len(vals) != n:
            spread += f" ({len(vals)} runs)"
        ratio = ""
        if r["ratios"]:
            rv = [r["ratios"][k] for k in sorted(r["ratios"])]
            ratio = f"{statistics.median(rv):.2f}"
            if len(rv) > 1:
                ratio += f" ({min(rv):.2f}–{max(rv):.2f})"
            ratio += " " + r["ratio_label"]
        bench = r["bench"] if r["bench"] != last else ""
        last = r["bench"]
        label = r["label"].replace("|", "\\|")
        out.append(f"| {bench} | {label} | {fmt(med)} | {r['unit']} | {spread} | {ratio} |")
    if callgrind:
        out.append("")
        out.append("Instructions (valgrind --tool=callgrind; one run, they do not depend on "
                   "the machine's load):")
        out.append("")
        out.append("| operation | instructions |")
        out.append("|---|---:|")
        for _, count, label in callgrind:
            out.append(f"| {label.replace('|', chr(92) + '|')} | {count:,} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--logs", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--settings", default="")
    ap.add_argument("--load-start", default="")
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--readme")
    ap.add_argument("--trial", action="store_true",
                    help="sizes or runs other than the defaults: say so at the top")
    a = ap.parse_args()

    rows, runs, failures = read_logs(a.logs)
    body = render(rows, runs, failures, read_callgrind(a.logs), machine(a.build, a.load_start),
                  a.settings, a.runs, a.seconds, a.load_start, a.trial)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("# Benchmark report\n\n"
                "Written by `scripts/bench` (tests/bench/report.py); README.md's Benchmarks "
                "section includes it.  Do not edit by hand: run `scripts/bench` again.\n\n")
        f.write(body)
    if a.readme:
        with open(a.readme, encoding="utf-8") as f:
            text = f.read()
        b = text.find(BEGIN)
        e = text.find(END, b)
        if b < 0 or e < 0:
            sys.exit(f"report.py: no {BEGIN} ... {END} markers in {a.readme}")
        begin_line_end = text.index("\n", b) + 1
        text = text[:begin_line_end] + "\n" + body + "\n" + text[e:]
        with open(a.readme, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"report.py: {len(rows)} figures over {len(runs)} runs written to {a.out}"
          + (f" and {a.readme}" if a.readme else ""))


if __name__ == "__main__":
    main()
