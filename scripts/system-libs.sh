#!/usr/bin/env bash
# Installs the few system libraries Qt's offscreen/xcb platforms load, where they are missing.
# Debian/Ubuntu only; a no-op when everything is present.
set -euo pipefail
needed=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0)
command -v dpkg-query >/dev/null 2>&1 || { echo "system-libs: not a Debian system, skipping"; exit 0; }
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "system-libs: please install: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "system-libs: installing ${missing[*]}"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
