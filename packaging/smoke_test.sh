#!/usr/bin/env bash
# Smoke test of the built bundle (make package-test): run it as a user would, from outside the
# source tree, with its own HOME folders in a temp dir so nothing touches the real ones.
#   packaging/smoke_test.sh [dist/phr]
# Prints the bundle size, the versions, the desktop self-test, the bundle check (native
# modules, every page of the demo rendered), a CLI session and the time from a cold start to
# the welcome window. A failing self-test does not stop the other checks (so
# one run shows everything); the script then exits non-zero naming it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$(cd "${1:-$root/dist/phr}" && pwd)"
app="$bundle/phr-desktop"
cli="$bundle/phr"
[ -x "$app" ] && [ -x "$cli" ] || { echo "smoke: no bundle at $bundle; run make package" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/data" XDG_STATE_HOME="$tmp/home/state" \
       XDG_CACHE_HOME="$tmp/home/cache" XDG_CONFIG_HOME="$tmp/home/config"
mkdir -p "$HOME"
unset PHR_VAULT PHR_PASSPHRASE
cd "$tmp"  # never import from the source tree by accident

expected="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/phr/__init__.py")"
echo "== bundle $bundle: $(du -sh "$bundle" | cut -f1)"

echo "== versions (expected $expected)"
"$cli" --version | tee "$tmp/v1"
"$app" --version | tee "$tmp/v2"
grep -qx "phr $expected" "$tmp/v1" && grep -qx "PHR $expected" "$tmp/v2" \
  || { echo "smoke: bundle version differs from phr.__version__ ($expected)" >&2; exit 1; }

failed=()
echo "== phr-desktop --self-test"
"$app" --self-test || failed+=("phr-desktop --self-test")

echo "== phr-desktop --bundle-check (native modules, then every page of the demo)"
"$app" --bundle-check "$root/tests/data/vcf/variant_only.vcf.bgz" 2> "$tmp/check.err" \
  || { cat "$tmp/check.err" >&2; failed+=("phr-desktop --bundle-check"); }

echo "== phr CLI end to end"
export PHR_PASSPHRASE="smoke test passphrase"
"$cli" --vault "$tmp/v.phr" init
"$cli" --vault "$tmp/v.phr" info --json > "$tmp/info.json"
grep -q '"schema_version"' "$tmp/info.json"
head -c 16 "$tmp/v.phr" | grep -q "SQLite format 3" && { echo "smoke: vault is not encrypted" >&2; exit 1; }
"$cli" --vault "$tmp/v.phr" check
"$cli" --vault "$tmp/v.phr" backup "$tmp/copy.phr"
"$cli" --vault "$tmp/copy.phr" check
if PHR_PASSPHRASE=wrong "$cli" --vault "$tmp/v.phr" info 2> "$tmp/err"; then
  echo "smoke: a wrong passphrase opened the vault" >&2; exit 1
fi
echo "wrong passphrase refused: $(cat "$tmp/err")"
# Real files through the bundled parsers: a zipped 23andMe file and a bgzipped VCF (htslib
# via cyvcf2, a native library the bundle must carry). Small fixtures from tests/data.
"$cli" --vault "$tmp/v.phr" import "$root/tests/data/23andme/genome_in_zip.zip"
"$cli" --vault "$tmp/v.phr" import "$root/tests/data/vcf/variant_only.vcf.bgz"
"$cli" --vault "$tmp/v.phr" genomes --json > "$tmp/genomes.json"
grep -q '"VCF"' "$tmp/genomes.json" || { echo "smoke: the VCF import is not listed" >&2; exit 1; }
"$cli" --vault "$tmp/v.phr" pgx > /dev/null
"$cli" --vault "$tmp/v.phr" notes > /dev/null
"$cli" --vault "$tmp/v.phr" export --pdf "$tmp/r.pdf" --fhir "$tmp/r.json" --csv "$tmp/csv"
head -c 5 "$tmp/r.pdf" | grep -q "%PDF-" || { echo "smoke: the exported PDF is not a PDF" >&2; exit 1; }
grep -q '"resourceType": *"Bundle"' "$tmp/r.json" || { echo "smoke: FHIR export is not a Bundle" >&2; exit 1; }
echo "exported: r.pdf $(wc -c < "$tmp/r.pdf") bytes, r.json, $(ls "$tmp/csv" | wc -l) CSV files"
PHR_PASSPHRASE=demo "$cli" demo "$tmp/demo.phr"
PHR_PASSPHRASE=demo "$cli" --vault "$tmp/demo.phr" info
"$cli" self-test || failed+=("phr self-test")

echo "== cold start to welcome window"
# With COLD=1 (root, Linux) the page cache is dropped first, so the first run reads every
# file from disk as after a reboot; otherwise "cold" is just the first run. Under Xvfb when
# there is no display.
if [ "${COLD:-0}" = 1 ]; then
  sync; (echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null && echo "(page cache dropped)" \
    || echo "(could not drop the page cache: not root?)"
fi
run_timed() {
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    "$app" --startup-time
  elif command -v xvfb-run >/dev/null 2>&1; then
    xvfb-run -a -s "-screen 0 1280x800x24" "$app" --startup-time
  else
    QT_QPA_PLATFORM=offscreen "$app" --startup-time
  fi
}
run_timed | sed 's/^/cold:  /'
for i in 1 2 3; do run_timed | sed "s/^/warm $i: /"; done
if [ ${#failed[@]} -gt 0 ]; then
  echo "smoke: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "smoke: all checks passed"
