#!/usr/bin/env bash
# Build the wheel from pyproject.toml, check it holds every source and resource file, install it
# into a fresh venv (dependencies from the package index or pip's cache) and run PHR from there,
# outside the source tree: `phr --version`, `phr demo`, `phr self-test`.
#   packaging/check_wheel.sh          (uses .venv/bin/python to build; PYTHON=... to override)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
py="${PYTHON:-$root/.venv/bin/python}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/data" XDG_STATE_HOME="$tmp/home/state" \
       XDG_CACHE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}" XDG_CONFIG_HOME="$tmp/home/config" \
       PIP_CACHE_DIR="${PIP_CACHE_DIR:-$(cd ~ && pwd)/.cache/pip}"
unset PHR_VAULT PHR_PASSPHRASE

echo "== building the wheel"
"$py" -m pip wheel "$root" --no-deps --quiet -w "$tmp/wheels"
wheel="$(ls "$tmp"/wheels/phr-*.whl)"
echo "$(basename "$wheel"): $(du -h "$wheel" | cut -f1)"
"$py" "$root/packaging/wheel_files.py" "$wheel"

echo "== installing into a fresh venv"
"$py" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --upgrade pip
"$tmp/venv/bin/python" -m pip install --quiet "$wheel"

cd "$tmp"  # so `import phr` can only find the installed copy
expected="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/phr/__init__.py")"
where="$("$tmp/venv/bin/python" -c 'import phr, resources; print(phr.__file__, resources.__file__)')"
case "$where" in *"$root"*) echo "check_wheel: imported from the source tree: $where" >&2; exit 1;; esac
got="$("$tmp/venv/bin/phr" --version)"
echo "$got"
[ "$got" = "phr $expected" ] || { echo "check_wheel: expected phr $expected" >&2; exit 1; }
PHR_PASSPHRASE=demo "$tmp/venv/bin/phr" demo "$tmp/demo.phr"
PHR_PASSPHRASE=demo "$tmp/venv/bin/phr" --vault "$tmp/demo.phr" check
QT_QPA_PLATFORM=offscreen "$tmp/venv/bin/phr-desktop" --version
"$tmp/venv/bin/phr" self-test
echo "check_wheel: the wheel installs and runs"
