#!/usr/bin/env python3
"""ABI gate: every public header compiles on its own as C99 (-pedantic
-Werror) and as C++, and every function declared LCC_API has a doc comment
(/** ... */) right above it.

usage: check-headers.py INCLUDE_DIR BUILD_INCLUDE_DIR CC CXX
"""
import os
import re
import subprocess
import sys
import tempfile


def compile_alone(header, incs, cc, cxx, tmp):
    ok = True
    tag = re.sub(r"\W", "_", header)
    src = (f'#include "contactcore/{header}"\n'   # twice: include guards work
           f'#include "contactcore/{header}"\n'
           f'int lcc_header_test_{tag};\n')
    for lang, compiler, flags in (
        ("c", cc, ["-std=c99", "-pedantic", "-Werror", "-Wall", "-Wextra", "-Wstrict-prototypes"]),
        ("c++", cxx, ["-std=c++11", "-pedantic", "-Werror", "-Wall", "-Wextra"]),
    ):
        path = os.path.join(tmp, f"t.{'c' if lang == 'c' else 'cpp'}")
        with open(path, "w") as f:
            f.write(src)
        cmd = compiler + flags + ["-fsyntax-only"] + [f"-I{i}" for i in incs] + [path]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            print(f"{header} does not compile alone as {lang}:\n{r.stderr}")
            ok = False
    return ok


def undocumented(path):
    text = open(path).read()
    missing = []
    for m in re.finditer(r"LCC_API\b[^;]*?\b(lcc_\w+)\s*\(", text):
        before = text[:m.start()].rstrip()
        if not before.endswith("*/"):
            missing.append(m.group(1))
            continue
        start = before.rfind("/*")
        if not before[start:].startswith("/**"):
            missing.append(m.group(1))
    return missing


def main():
    inc, build_inc, cc, cxx = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
    hdir = os.path.join(inc, "contactcore")
    headers = sorted(h for h in os.listdir(hdir) if h.endswith(".h"))
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for h in headers:
            ok &= compile_alone(h, [inc, build_inc], cc, cxx, tmp)
            for name in undocumented(os.path.join(hdir, h)):
                print(f"{h}: {name} has no doc comment")
                ok = False
    print(f"{len(headers)} public headers checked")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
