#!/bin/sh
# End-to-end test of the sample extension (examples/browser-extension) and
# contactcore-native-host in a real, headless Chromium.
#   tests/browser/run.sh HOST [--bench N] [--bench-only] [--keep]
# HOST is the built contactcore-native-host (this script builds nothing).
# Installs Debian's chromium and npm's playwright-core (pinned in
# package-lock.json, into tests/browser/node_modules) when missing, writes
# the host manifest and config into a temporary profile with
# `HOST install --user-data-dir`, then runs e2e.mjs with node.
# --bench N sets the round trips of the benchmark (default 500, 0: none);
# --bench-only runs the composer and the benchmark only; --keep keeps the
# temporary directory.  Exit 77 (skipped) only when something is missing
# and cannot be installed because we are not root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
ext="$src/examples/browser-extension"

[ $# -ge 1 ] || { echo "usage: $0 HOST [--bench N] [--bench-only] [--keep]" >&2; exit 2; }
host=$1; shift
bench=500 only="" keep=""
while [ $# -gt 0 ]; do
  case $1 in
    --bench) bench=$2; shift 2 ;;
    --bench-only) only=--bench-only; shift ;;
    --keep) keep=1; shift ;;
    *) echo "$0: unknown option $1" >&2; exit 2 ;;
  esac
done
case $host in /*) ;; *) host=$(pwd)/$host ;; esac
[ -x "$host" ] || { echo "$0: no host executable at $host" >&2; exit 1; }

start=$(date +%s)

# Debian's chromium (about 160 MB the first time).
if [ ! -x /usr/lib/chromium/chromium ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "SKIP: chromium is not installed and we are not root (apt-get install chromium)"
    exit 77
  fi
  echo "# installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends chromium >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }
fi
for p in /usr/bin/node /usr/bin/npm; do
  if [ ! -x $p ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "SKIP: $p is missing and we are not root (apt-get install nodejs npm)"
      exit 77
    fi
    echo "# installing Debian's nodejs and npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null ||
      { apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; }
    break
  fi
done

# npm's playwright-core, the version of package-lock.json (no browser
# download: e2e.mjs uses /usr/bin/chromium).
want=$(sed -n 's/^ *"playwright-core": "\([0-9][^"]*\)".*/\1/p' "$here/package.json")
have=$(sed -n 's/^ *"version": "\([^"]*\)".*/\1/p' "$here/node_modules/playwright-core/package.json" 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "# installing playwright-core $want into tests/browser/node_modules"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

tmp=$(mktemp -d /tmp/contactcore-browser.XXXXXX)
if [ -z "$keep" ]; then
  trap 'rm -rf "$tmp"' EXIT
else
  echo "# keeping $tmp"
fi
mkdir -p "$tmp/profile" "$tmp/work"

# The browser starts the host with only the caller's origin: the host finds
# its configuration in $XDG_CONFIG_HOME/contactcore/native-host.json, and
# the browser passes our environment on.
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
mkdir -p "$XDG_CONFIG_HOME/contactcore" "$XDG_DATA_HOME"
id=$(cat "$ext/extension-id.txt")
config="$XDG_CONFIG_HOME/contactcore/native-host.json"
cat >"$config" <<EOF
{
  "backend": "engine",
  "store": "$tmp/data/engine.db",
  "demo": true,
  "allowed_origins": []
}
EOF
"$host" install --extension-id "$id" --browser chromium --user-data-dir "$tmp/profile" \
  --config "$config" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; exit 1; }

cd "$here"
set +e
/usr/bin/node e2e.mjs --extension "$ext" --profile "$tmp/profile" --workdir "$tmp/work" \
  --config "$config" --bench "$bench" $only
rc=$?
set -e
echo "# browser test: $(( $(date +%s) - start )) s in all"
exit $rc
