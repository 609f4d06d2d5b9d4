"""Genome import benchmark: whole import (parse + encrypt + store + index) against baselines.

Generates realistic synthetic files once into a cache folder (default /tmp/phr-bench-genomes):
~700k-row files in the 23andMe, AncestryDNA, MyHeritage and FTDNA layouts, and single-sample
VCF.gz files of 1.15M, 1.5M and 4.6M records with the genotype mix of real ones (BGZF via
`bgzip` or `bcftools` when either exists). Then, each in a fresh child process so peak RSS is
its own, times:

- PHR `import_genome` into a new vault, and for VCFs the reader alone (parse only, no vault;
  `--htslib-baseline` adds the per-record cyvcf2 reader);
- the baseline in the same run: the `snps` library's parse of the same array file (bench extra;
  never a runtime dependency), and
  `bcftools query -f '%CHROM\\t%POS\\t%REF\\t%ALT[\\t%GT]\\n'` over the same VCF (skipped
  with a message where bcftools is absent);
- linearity: the 23andMe layout at 1x and 4x (175k and 700k rows) and the VCF at 1x and 4x
  (1.15M and 4.6M records).

Run: `.venv/bin/python benchmarks/bench_import.py [--quick] [--no-vcf] [--htslib-baseline]
[--cache DIR]`. For the whole `phr import` process against bcftools, paired run by run, use
`benchmarks/phr_import_fresh.sh` under farm-bench (its header shows how) on the files this
script generated; `PHR_CODE=DIR` there times another checkout (a `git archive` of main) in
the same farm-bench call for before/after figures.
`--quick` divides every size by 10. Synthetic data only; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ARRAY_ROWS = 700_000
VCF_SIZES = (1_150_000, 1_500_000, 4_600_000)  # 1x, the 1.5M case, 4x
CHROMS = [*(str(n) for n in range(1, 23)), "X", "Y", "MT"]
LENGTHS_37 = [
    249250621,
    243199373,
    198022430,
    191154276,
    180915260,
    171115067,
    159138663,
    146364022,
    141213431,
    135534747,
    135006516,
    133851895,
    115169878,
    107349540,
    102531392,
    90354753,
    81195210,
    78077248,
    59128983,
    63025520,
    48129895,
    51304566,
    155270560,
    59373566,
    16569,
]

CHILD_PHR = """
import json, os, resource, sys, tempfile, time
from pathlib import Path
from phr.vault import create_vault
from phr.genome.importer import import_genome
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "bench.phr"
    vault = create_vault(path, "bench")
    empty = os.path.getsize(path)
    start = time.perf_counter()
    result = import_genome(vault, sys.argv[1])
    wall = time.perf_counter() - start
    rows = result.genome.called + result.genome.no_calls
    vault.close()
    growth = (os.path.getsize(path) - empty) / 1e6
print(json.dumps({"wall": wall, "rows": rows, "growth": growth,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD_VCF_PARSE = """
import json, resource, sys, time
from pathlib import Path
from phr.genome.formats.base import Head, ImportStats, ReadOptions
from phr.genome.formats.vcf import Vcf
from phr.genome.model import CoverageKind
from phr.genome.source import HEAD_BYTES, open_source
start = time.perf_counter()
source = open_source(Path(sys.argv[1]))
head = Head(source, source.head(HEAD_BYTES))
stats = ImportStats(vendor="VCF", coverage=CoverageKind.VARIANT_ONLY_VCF)
reader = Vcf()
batches = (reader._read_htslib(source, head, ReadOptions(), stats) if HTSLIB
           else reader.read(head, ReadOptions(), stats))
rows = sum(len(b.sites) for b in batches)
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "rows": rows,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
CHILD_VCF_PARSE_HTSLIB = "HTSLIB = True" + CHILD_VCF_PARSE
CHILD_VCF_PARSE = "HTSLIB = False" + CHILD_VCF_PARSE

CHILD_SNPS = """
import json, resource, sys, time
from snps import SNPs
start = time.perf_counter()
s = SNPs(sys.argv[1])
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "rows": s.count,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


# -- generators --------------------------------------------------------------------------------


def _array_rows(count: int, seed: int) -> list[tuple[str, str, int, str]]:
    rng = random.Random(seed)
    weights = [n / sum(LENGTHS_37) for n in LENGTHS_37]
    rows: list[tuple[str, str, int, str]] = []
    for chrom, length, weight in zip(CHROMS, LENGTHS_37, weights, strict=True):
        n = max(200, int(count * weight))
        positions = sorted(rng.sample(range(10_000, length), n))
        for pos in positions:
            ref, alt = rng.sample("ACGT", 2)
            draw = rng.random()
            if draw < 0.025:
                genotype = "--"
            elif chrom in ("Y", "MT"):
                genotype = ref
            elif draw < 0.3:
                genotype = ref + alt
            elif draw < 0.45:
                genotype = alt + alt
            else:
                genotype = ref + ref
            rsid = (
                f"i{rng.randrange(700000, 800000)}"
                if draw > 0.93
                else f"rs{rng.randrange(1, 10**9)}"
            )
            rows.append((rsid, chrom, pos, genotype))
    return rows[:count]


def write_arrays(folder: Path, rows: int) -> dict[str, Path]:
    files = {
        "23andme": folder / f"23andme_{rows}.txt",
        "ancestry": folder / f"ancestry_{rows}.txt",
        "myheritage": folder / f"myheritage_{rows}.csv",
        "ftdna": folder / f"ftdna_{rows}.csv",
    }
    if all(p.exists() for p in files.values()):
        return files
    # Generated only when missing: a child's ru_maxrss starts from this process's RSS at
    # fork (Linux keeps the high-water mark across exec), so a big parent would inflate it.
    data = _array_rows(rows, 1)
    crlf = "\r\n"
    with open(files["23andme"], "w", newline="") as out:
        out.write(f"# This data file generated by 23andMe at: (synthetic benchmark){crlf}")
        out.write(
            f"# We are using reference human assembly build 37 (also known as Annotation "
            f"Release 104).{crlf}# rsid\tchromosome\tposition\tgenotype{crlf}"
        )
        out.writelines(f"{r}\t{c}\t{p}\t{g}{crlf}" for r, c, p, g in data)
    code = {"X": "23", "Y": "24", "MT": "26"}
    with open(files["ancestry"], "w", newline="") as out:
        out.write(
            f"#AncestryDNA raw data download (synthetic benchmark){crlf}"
            f"#human reference build 37.1 coordinates{crlf}"
            f"rsid\tchromosome\tposition\tallele1\tallele2{crlf}"
        )
        for r, c, p, g in data:
            if r.startswith("i"):
                continue
            a1, a2 = ("0", "0") if g == "--" else (g[0], g[-1])
            out.write(f"{r}\t{code.get(c, c)}\t{p}\t{a1}\t{a2}{crlf}")
    with open(files["myheritage"], "w") as out:
        out.write(
            "##fileformat=MyHeritage\n##format=MHv1.0\n##chip=GSA\n##reference=build37\n"
            "RSID,CHROMOSOME,POSITION,RESULT\n"
        )
        out.writelines(f'"{r}","{c}","{p}","{g}"\n' for r, c, p, g in data if c != "MT")
    with open(files["ftdna"], "w") as out:
        out.write("RSID,CHROMOSOME,POSITION,RESULT\n")
        out.writelines(f'"{r}","{c}","{p}","{g}"\n' for r, c, p, g in data if c not in ("Y", "MT"))
    return files


ODD_CONTIGS = ["chrUn_gl000220", "chr1_gl000191_random", "chr6_apd_hap1", "chrEBV"]


def _vcf_record(rng: random.Random, chrom: str, pos: int) -> str:
    """One record with the mix a real single-sample WGS VCF has: mostly SNVs (0/1, 1/1,
    phased 0|1 / 1|0), some short indels, multi-allelic sites (1/2, 2/2, `*` alleles), a few
    no-calls (./., .|., ./1) and symbolic ALTs; haploid calls on chrY and chrM; an rsID on
    about half the records."""
    ref = rng.choice("ACGT")
    other = rng.choice([b for b in "ACGT" if b != ref])
    kind = rng.random()
    if kind < 0.84:
        alt, alleles = other, 1
    elif kind < 0.92:
        alt, alleles = (ref + rng.choice(["T", "TG", "CA"]), 1) if kind < 0.88 else (other, 1)
        ref = ref if kind < 0.88 else ref + rng.choice(["A", "GT"])
    elif kind < 0.965:
        alt, alleles = f"{other},{ref}T", 2
    elif kind < 0.99:
        alt, alleles = f"{other},*", 2
    else:
        alt, alleles = rng.choice(["<DEL>", "<INS>", "<DUP>"]), 1
    if chrom in ("chrY", "chrM"):
        gt = rng.choice(["1", "1", "1", "0", "."])
    elif alleles == 2:
        gt = rng.choice(["1/2", "1/2", "2/2", "0/2", "1|2"])
    else:
        draw = rng.random()
        gt = (
            "0/1"
            if draw < 0.5
            else "1/1"
            if draw < 0.8
            else "0|1"
            if draw < 0.86
            else "1|0"
            if draw < 0.92
            else "./."
            if draw < 0.96
            else ".|."
            if draw < 0.98
            else "./1"
        )
    rsid = f"rs{rng.randrange(1, 10**9)}" if rng.random() < 0.5 else "."
    depth = rng.randrange(8, 60)
    return (
        f"{chrom}\t{pos}\t{rsid}\t{ref}\t{alt}\t{rng.randrange(50, 2000)}.06\tPASS\t"
        f"AC=1;AF=0.5;AN=2;DP={depth}\tGT:AD:DP:GQ:PL\t"
        f"{gt}:{depth // 2},{depth - depth // 2}:{depth}:99:500,0,600\n"
    )


def write_vcf(folder: Path, records: int) -> Path:
    """A single-sample VCF.gz (BGZF via bgzip or bcftools when either exists, else gzip) of
    `records` records over every chromosome, chrY and chrM included, and unplaced contigs."""
    path = folder / f"wgs_mix_{records}.vcf.gz"
    if path.exists():
        return path
    rng = random.Random(2)
    header = [
        "##fileformat=VCFv4.2",
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
        '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">',
        '##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Phred likelihoods">',
        '##INFO=<ID=AC,Number=A,Type=Integer,Description="Allele count">',
        '##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency">',
        '##INFO=<ID=AN,Number=1,Type=Integer,Description="Allele number">',
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">',
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##ALT=<ID=DEL,Description="Deletion">',
        '##ALT=<ID=INS,Description="Insertion">',
        '##ALT=<ID=DUP,Description="Duplication">',
    ]
    header += [
        f"##contig=<ID=chr{'M' if c == 'MT' else c},length={n}>"
        for c, n in zip(CHROMS, LENGTHS_37, strict=True)
    ]
    header += [f"##contig=<ID={c},length=200000>" for c in ODD_CONTIGS]
    header += [
        "##reference=file:///ref/ucsc.hg19.fasta",
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tSYNTH0001",
    ]
    plain = folder / f"wgs_mix_{records}.vcf"
    names = [f"chr{'M' if c == 'MT' else c}" for c in CHROMS]
    # chrY and chrM get a fixed share (a male genome's Y calls, the mitochondrion's few
    # hundred); unplaced contigs about 0.3%.
    shares = [length / sum(LENGTHS_37[:23]) * 0.99 for length in LENGTHS_37[:23]]
    shares += [0.003, 0.0005]
    contigs = list(zip(names, LENGTHS_37, shares, strict=True))
    contigs += [(c, 200_000, 0.003 / len(ODD_CONTIGS)) for c in ODD_CONTIGS]
    with open(plain, "w") as out:
        out.write("\n".join(header) + "\n")
        for chrom, length, share in contigs:
            n = max(20, int(records * share))
            step = max(1, (length - 20_000) // (n + 1))
            pos = 10_000
            lines = []
            for _ in range(n):
                pos += rng.randrange(1, 2 * step) if step > 1 else 1
                lines.append(_vcf_record(rng, chrom, pos))
                if len(lines) >= 100_000:
                    out.writelines(lines)
                    lines = []
            out.writelines(lines)
    if shutil.which("bgzip"):
        subprocess.run(["bgzip", "-@", "2", "-f", str(plain)], check=True)
    elif shutil.which("bcftools"):
        subprocess.run(
            ["bcftools", "view", "--no-version", "-Oz", "-o", str(path), str(plain)], check=True
        )
        plain.unlink()
    else:
        with open(plain, "rb") as src, gzip.open(path, "wb", compresslevel=6) as dst:
            shutil.copyfileobj(src, dst)
        plain.unlink()
    return path


# -- measuring ---------------------------------------------------------------------------------


def child(code: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bcftools_query(path: Path) -> float | None:
    if not shutil.which("bcftools"):
        return None
    start = time.perf_counter()
    subprocess.run(
        ["bcftools", "query", "-f", "%CHROM\t%POS\t%REF\t%ALT[\t%GT]\n", str(path)],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def line(label: str, result: dict[str, float], extra: str = "") -> None:
    rate = result["rows"] / result["wall"] if result["wall"] else 0
    growth = f"vault +{result['growth']:5.1f} MB  " if "growth" in result else ""
    print(
        f"{label:<34} {result['wall']:7.2f} s  {rate:>11,.0f} rows/s  "
        f"peak RSS {result['rss']:6.0f} MB  {growth}{extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="sizes / 10")
    parser.add_argument("--no-vcf", action="store_true")
    parser.add_argument(
        "--htslib-baseline",
        action="store_true",
        help="also time the per-record cyvcf2 reader (about 30 s for 4.6M records)",
    )
    parser.add_argument("--cache", default="/tmp/phr-bench-genomes")
    parser.add_argument(
        "--full-myheritage-baseline", action="store_true", help="run snps on 700k MyHeritage rows"
    )
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    folder = Path(args.cache)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import snps  # noqa: F401

        have_snps = True
    except ImportError:
        have_snps = False
        print("snps is not installed (pip install -e '.[bench]'): array baselines skipped")

    print(f"== arrays ({ARRAY_ROWS // scale:,} rows; generated once into {folder})")
    files = write_arrays(folder, ARRAY_ROWS // scale)
    for vendor, path in files.items():
        phr = child(CHILD_PHR, path)
        extra = ""
        if have_snps and vendor == "myheritage" and not args.full_myheritage_baseline:
            # snps's MyHeritage parser is quadratic (13.5 min for 715k rows per FORMATS.md):
            # time it on the 1/10 file and say so, unless asked for the full run.
            small_mh = write_arrays(folder, ARRAY_ROWS // 10 // scale)["myheritage"]
            base = child(CHILD_SNPS, small_mh)
            line(f"snps parse only   {vendor} 1/10 size", base)
            extra = f"snps needs {base['wall']:.1f} s for 1/10 of the rows (quadratic)"
        elif have_snps:
            base = child(CHILD_SNPS, path)
            line(f"snps parse only   {vendor}", base)
            extra = f"ratio {phr['wall'] / base['wall']:.2f}x snps (target <= 0.35x)"
        line(f"PHR import        {vendor}", phr, extra)

    print("== linearity, 23andMe layout")
    small = write_arrays(folder, ARRAY_ROWS // 4 // scale)["23andme"]
    one, four = child(CHILD_PHR, small), child(CHILD_PHR, files["23andme"])
    line("PHR import 1x", one)
    line("PHR import 4x", four, f"time ratio 4x/1x = {four['wall'] / one['wall']:.2f}")

    if args.no_vcf:
        return
    sizes = [n // scale for n in VCF_SIZES]
    print(f"== VCF ({', '.join(f'{n:,}' for n in sizes)} records; the genotype mix of real files)")
    results: dict[int, dict[str, float]] = {}
    for records in sizes:
        vcf = write_vcf(folder, records)
        base = bcftools_query(vcf)
        parse = child(CHILD_VCF_PARSE, vcf)
        phr = child(CHILD_PHR, vcf)
        results[records] = phr
        if base is None:
            print("bcftools not found (apt-get install bcftools): VCF baseline skipped")
        else:
            print(f"{f'bcftools query    {records:,}':<34} {base:7.2f} s")
        ratio = f"ratio {parse['wall'] / base:.2f}x bcftools" if base else ""
        line(f"PHR parse only    {records:,}", parse, ratio)
        if args.htslib_baseline:
            old = child(CHILD_VCF_PARSE_HTSLIB, vcf)
            line(f"cyvcf2 per record {records:,}", old, "the reader before the text path")
        ratio = f"ratio {phr['wall'] / base:.2f}x bcftools (target <= 1x)" if base else ""
        line(f"PHR import        {records:,}", phr, ratio)
    one, four = results[sizes[0]], results[sizes[-1]]
    print(
        f"linearity: {sizes[-1]:,} / {sizes[0]:,} records = {sizes[-1] / sizes[0]:.1f}x rows, "
        f"{four['wall'] / one['wall']:.2f}x time"
    )


if __name__ == "__main__":
    main()
