#!/bin/sh
# ABI gate: compare the built library with the released baseline.
# Additions pass; an incompatible change fails unless the baseline
# (tests/abi/libcontactcore.abi) is regenerated in the same commit, with a
# CHANGELOG entry:   scripts/update-abi-baseline
# usage: check-abidiff.sh BASELINE LIBRARY PUBLIC_HEADERS_DIR
set -u
baseline=$1 lib=$2 headers=$3
suppr=$(dirname "$0")/opaque-handles.suppr
out=$(abidiff --suppressions "$suppr" --headers-dir2 "$headers" --no-added-syms "$baseline" "$lib" 2>&1)
rc=$?
echo "$out"
# abidiff's exit status is a bit field: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible ABI change.  Added symbols are filtered out (--no-added-syms),
# so any remaining change (a changed signature or type, a removal) fails:
# abidiff sets only bit 4 for many breaking changes such as a new return type.
if [ $((rc & 3)) -ne 0 ]; then echo "abidiff failed to run (status $rc)"; exit 1; fi
if [ $((rc & 12)) -ne 0 ]; then echo "ABI change against $baseline (status $rc)"; exit 1; fi
echo "ABI compatible with $baseline (abidiff status $rc)"
exit 0
