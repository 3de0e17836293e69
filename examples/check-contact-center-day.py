#!/usr/bin/python3
"""Runs examples/contact-center-day and checks that its timeline tells the
expected story: the key lines in order, with the same interaction ids
throughout.  Fails when the engine (or the client) behaved differently.

Usage: check-contact-center-day.py path/to/contact-center-day
"""
import re
import subprocess
import sys

# (pattern, consecutive): each pattern must match a line after the previous
# match; with consecutive=True it must be the very next line.  {name} is an
# id captured earlier by (?P<name>...).
EXPECTED = [
    # Two calls, each to the agent idle the longest.
    (r"^Tue 09:00:00  QUEUED    call (?P<call1>[0-9a-f]{8})… waits in queue Support$", False),
    (r"^Tue 09:00:00  OFFERED   call {call1}… to Ana \(queue Support\)$", True),
    (r"^Tue 09:00:05  ACCEPTED  call {call1}… by Ana$", True),
    (r"^Tue 09:03:00  OFFERED   call (?P<call2>[0-9a-f]{8})… to Bo \(queue Support\)$", False),
    (r"^Tue 09:03:05  ACCEPTED  call {call2}… by Bo$", True),
    # Bo's callback for Thursday.
    (r"^Tue 09:07:00  ENDED     call {call2}…, Bo hangs up$", False),
    (r"^Tue 09:07:00  SCHEDULED callback (?P<bo_cb>[0-9a-f]{8})… for Thu 15:00:00 by Bo", False),
    (r"^Tue 09:07:00  CREATED   client's cb-1 is callback {bo_cb}…", True),
    (r"^Tue 09:07:00  DONE      client's create request: success \(HTTP 200\)$", True),
    # Ana's owned callback: 31 days out is refused, tomorrow 10:00 New York is not.
    (r"^Tue 09:12:00  ENDED     call {call1}…, Ana hangs up$", False),
    (r"^Tue 09:12:00  REPORT    draft for 2026-12-18 10:00 America/New_York: "
     r"validation failed$", False),
    (r"^ +error +CB-HORIZON +\S", True),
    (r"^Tue 09:12:00  SCHEDULED callback (?P<ana_cb>[0-9a-f]{8})… for Wed 09:00:00 by Ana", False),
    (r"^Tue 09:12:00  CREATED   client's cb-2 is callback {ana_cb}…, "
     r"at Wed 10:00:00 America/New_York$", True),
    (r"^Tue 09:12:00  DONE      client's create request: success \(HTTP 200\)$", True),
    # Wednesday: the owner is away, the window expires, Bo takes it.
    (r"^Wed 08:45:00  STATUS    Ana: away", False),
    (r"^Wed 09:00:00  DUE       callback {ana_cb}…", True),
    (r"^Wed 11:00:00  EXPIRED   callback {ana_cb}…: its owner Ana ", True),
    (r"^Wed 11:00:00  QUEUED    callback {ana_cb}…", True),
    (r"^Wed 11:00:00  OFFERED   callback {ana_cb}… to Bo", True),
    (r"^Wed 11:00:05  ACCEPTED  callback {ana_cb}… by Bo$", True),
    # IVR-OFFER: the customer is dialled only once an agent accepted.
    (r"^Wed 11:00:05  DIALING   callback {ana_cb}…: \+12125550142 for Bo$", True),
    (r"^Wed 11:09:00  ENDED     callback {ana_cb}…, Bo hangs up$", False),
    # The supervisor's list; Ana may not cancel Bo's callback, Sam may.
    (r"^Wed 11:30:00  LIST      2 callback\(s\) in queue Support$", False),
    (r"^ +{ana_cb}…  ended  .* by Ana, owner Ana$", True),
    (r"^ +{bo_cb}…  scheduled  Thu 15:00:00  \+13125550199  by Bo$", True),
    (r"^Wed 11:30:00  REPORT    Ana cancels callback {bo_cb}…: validation failed$", True),
    (r"^ +error +CB-CANCEL +\S", True),
    (r"^Wed 11:30:00  CANCELLED callback {bo_cb}… by Sam$", True),
    (r"^Wed 11:30:00  NEXT      timer: none", True),
]

# Lines that must not appear at all.
FORBIDDEN = [r"DECLINED", r"EVENT     type", r"^[A-Z][a-z][a-z] \S+  STATUS .*not responding"]


def main():
    proc = subprocess.run([sys.argv[1]], capture_output=True, text=True, timeout=60)
    out = proc.stdout
    lines = [l for l in out.splitlines() if l.strip() and not l.startswith("==")]
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit status {proc.returncode}; stderr: {proc.stderr.strip()}")
    ids = {}
    pos = -1
    for pattern, consecutive in EXPECTED:
        rx = re.compile(re.sub(r"\{([A-Za-z_]\w*)\}", lambda m: ids[m.group(1)], pattern))
        start = pos + 1
        stop = pos + 2 if consecutive else len(lines)
        for i in range(start, min(stop, len(lines))):
            m = rx.search(lines[i])
            if m:
                ids.update(m.groupdict())
                pos = i
                break
        else:
            where = lines[start] if consecutive and start < len(lines) else "(not found)"
            problems.append(f"expected {rx.pattern!r} {'next' if consecutive else 'later'}; "
                            f"got {where!r}")
            break
    for pattern in FORBIDDEN:
        for l in lines:
            if re.search(pattern, l):
                problems.append(f"unexpected line: {l!r}")
    if problems:
        sys.stdout.write(out)
        for p in problems:
            print("FAIL:", p)
        return 1
    print(f"ok: {len(EXPECTED)} key lines in order ({len(lines)} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
