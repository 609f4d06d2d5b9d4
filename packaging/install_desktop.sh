#!/usr/bin/env bash
# Install (or with --uninstall, remove) PHR's launcher, icons and AppStream metadata for the
# current user, following the freedesktop layout under ${XDG_DATA_HOME:-~/.local/share}.
#   packaging/install_desktop.sh /abs/path/to/phr-desktop
#   packaging/install_desktop.sh --uninstall
# The launcher's Exec= is set to the path given (the bundle or the venv's phr-desktop), so the
# menu entry works without anything on PATH. Nothing here needs root.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
app_id="$(sed -n 's/^APP_ID = "\(.*\)"$/\1/p' "$here/phr/__init__.py")"
[ -n "$app_id" ] || { echo "install-desktop: APP_ID not found in phr/__init__.py" >&2; exit 1; }
data="${XDG_DATA_HOME:-$HOME/.local/share}"
sizes=(16 24 32 48 64 128 256 512)

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/$app_id.desktop" "$data/metainfo/$app_id.metainfo.xml" \
        "$data/icons/hicolor/scalable/apps/$app_id.svg"
  for s in "${sizes[@]}"; do rm -f "$data/icons/hicolor/${s}x${s}/apps/$app_id.png"; done
  refresh
  echo "install-desktop: removed PHR's launcher, icons and metadata from $data"
  exit 0
fi

exe="${1:?usage: install_desktop.sh /abs/path/to/phr-desktop | --uninstall}"
case "$exe" in /*) ;; *) echo "install-desktop: give an absolute path, not $exe" >&2; exit 2;; esac
[ -x "$exe" ] || { echo "install-desktop: $exe is not an executable; run make package (or make run) first" >&2; exit 1; }

install -d "$data/applications" "$data/metainfo" "$data/icons/hicolor/scalable/apps"
# Quote the path for the Exec key (spaces are legal in it when quoted).
sed "s|^Exec=.*|Exec=\"$exe\"|" "$here/resources/phr.desktop" > "$data/applications/$app_id.desktop"
chmod 0644 "$data/applications/$app_id.desktop"
install -m 0644 "$here/resources/$app_id.metainfo.xml" "$data/metainfo/$app_id.metainfo.xml"
install -m 0644 "$here/resources/icons/phr.svg" "$data/icons/hicolor/scalable/apps/$app_id.svg"
for s in "${sizes[@]}"; do
  install -d "$data/icons/hicolor/${s}x${s}/apps"
  install -m 0644 "$here/resources/icons/phr-$s.png" "$data/icons/hicolor/${s}x${s}/apps/$app_id.png"
done
refresh
echo "install-desktop: PHR is in your applications menu (launcher runs $exe)"
