#!/usr/bin/env bash
# Installs the system libraries Qt loads, where they are missing: `offscreen` (tests) needs the
# first set; `run` (a real window on X11) also needs the xcb platform plugin's libraries.
# Debian/Ubuntu only; a no-op when everything is present.
set -euo pipefail
needed=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0)
if [ "${1:-test}" = "run" ]; then
  needed+=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
           libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0)
fi
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
