#!/usr/bin/env python3
"""ABI gate: the dynamic symbols the built library defines are exactly the
global symbols of lib/libcontactcore.map, all start with lcc_, and the SONAME
major is the one meson.build intends.

usage: check-symbols.py LIBRARY MAPFILE EXPECTED_SONAME
"""
import re
import subprocess
import sys


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    syms = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] != "A":  # "A" = version node names
            syms.add(parts[2].split("@")[0])
    return syms


def mapped(path):
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    syms = set()
    for block in re.findall(r"global:(.*?)(?:local:|\})", text, flags=re.S):
        syms.update(s.strip() for s in block.split(";") if s.strip())
    return syms


def soname(lib):
    out = subprocess.run(["readelf", "-d", lib], check=True, capture_output=True, text=True).stdout
    m = re.search(r"\(SONAME\).*\[(.*)\]", out)
    return m.group(1) if m else None


def main():
    lib, mapfile, want_soname = sys.argv[1:4]
    exp, mp = exported(lib), mapped(mapfile)
    ok = True
    for s in sorted(exp - mp):
        print(f"exported but not in the map: {s}")
        ok = False
    for s in sorted(mp - exp):
        print(f"in the map but not exported: {s}")
        ok = False
    for s in sorted(exp):
        if not s.startswith("lcc_"):
            print(f"exported symbol without the lcc_ prefix: {s}")
            ok = False
    got = soname(lib)
    if got != want_soname:
        print(f"SONAME is {got}, expected {want_soname}")
        ok = False
    print(f"{len(exp)} exported symbols checked against {mapfile}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
