#!/bin/sh
# The whole `phr import FILE` process into a fresh empty vault, for farm-bench (issue 14's
# VCF target compares it with bcftools over the same file):
#
#   farm-bench -n 5 --vs "bcftools query -f '%CHROM\t%POS\t%REF\t%ALT[\t%GT]\n' FILE" \
#       -- benchmarks/phr_import_fresh.sh FILE
#
# The empty vault is made once (creating a vault is not part of an import) and copied for
# each run. With PHR_BENCH_SIZES=PATH set, each run appends the vault's size in bytes to PATH
# (the vault growth is that minus the empty vault's size, also kept there as empty.size).
# PHR_CODE=DIR imports phr from DIR instead (another checkout, for before/after in one run).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PHR_PYTHON:-$here/.venv/bin/python}
cache=${PHR_BENCH_CACHE:-/tmp/phr-bench-genomes}
mkdir -p "$cache"
template="$cache/empty.phr"
passphrase="$cache/passphrase"
[ -f "$passphrase" ] || printf 'bench\n' > "$passphrase"
if [ ! -f "$template" ]; then
    "$python" -m phr --vault "$template" --passphrase-file "$passphrase" init >/dev/null
    wc -c < "$template" > "$cache/empty.size"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$template" "$work/v.phr"
PYTHONPATH=${PHR_CODE:-$here} "$python" -m phr --vault "$work/v.phr" \
    --passphrase-file "$passphrase" import "$1" >/dev/null
if [ -n "${PHR_BENCH_SIZES:-}" ]; then wc -c < "$work/v.phr" >> "$PHR_BENCH_SIZES"; fi
