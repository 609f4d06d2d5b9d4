"""VCF, VCF.gz (BGZF or plain gzip), BCF and zipped VCF from sequencing services.

Records are keyed on chrom/pos/ref/alt: an ID of `.` keeps its record (rsid NULL), unlike a
widely used parser that drops every such record and so reads nothing from real Dante or
Platinum VCFs. Symbolic ALTs (`<DEL>`, `<DUP>`, breakends) are structural variants, not
genotypes: they are skipped and counted. gVCF reference blocks (`<NON_REF>` / `<*>` with END)
go to `reference_blocks`, which is what lets PHR say "tested reference" instead of "assumed".

Two ways in, one set of rules (`_Rows.take`):

- A single-sample VCF as text (plain, gzip, BGZF), nearly every genome a person has, is read
  by PHR itself in 4 MB blocks: `vcftext.split_block` turns the simple lines into numpy
  columns (in a worker thread, a block ahead, while another inflates) and `_take_block`
  applies the rules to each distinct REF/ALT/GT once and hands the writer `Coded` /
  `SplitIds` columns, with no Python object per record; a whole import of 4.6 M records
  takes about 0.6x the time of `bcftools query` over the same file, not the ~30 s of a
  per-record Python loop.
  Every other line (gVCF blocks, long alleles, ID lists, odd GTs, SVTYPE records) is parsed
  by htslib one line at a time and goes through `_Rows.take`, so nothing reads differently
  from htslib. The header and sample names still come from cyvcf2, opened only after PHR has
  read the header itself, and the same pass refuses a line longer than `MAX_LINE_BYTES`
  (decompression bombs are stopped by the stream, `phr.input_file`).
- BCF, a VCF inside a zip and a chosen sample of a multi-sample VCF go record by record
  through cyvcf2. htslib keeps a whole line in memory and inflates whatever it is given, so
  there the decompressed text is read through once first (`check_whole_stream`).
"""

from __future__ import annotations

import ctypes
import os
import re
import subprocess
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any

import cyvcf2.cyvcf2 as _cyvcf2_module
import numpy as np
from cyvcf2 import VCF, Writer

from phr.errors import MalformedFile, UnsupportedFile
from phr.genome.build import (
    CHR1_LENGTHS,
    MARKER_POSITIONS,
    MARKER_RSIDS,
    build_from_text,
)
from phr.genome.chromosomes import MAX_LENGTH
from phr.genome.formats.base import Batch, Coded, Head, ImportStats, ReadOptions, SplitIds
from phr.genome.formats.vcftext import Block, split_block
from phr.genome.layout import CHROM_CODE, SITE_CHROM_SHIFT, rs_number
from phr.genome.model import CHROMOSOMES, CoverageKind, normalize_chrom
from phr.genome.sex import X_CORE
from phr.genome.source import (
    CountingStream,
    GenomeSource,
    Wrapper,
    check_whole_stream,
    line_too_long,
)

RECORDS_PER_BATCH = 50_000
TEXT_CHUNK_BYTES = 4 * 1024 * 1024  # about 35,000 records of a single-sample VCF
SPLITS_AHEAD = 1  # blocks split ahead of the one being taken (2 measured no faster)
MAX_LINE_BYTES = 16 * 1024 * 1024  # a record of a thousand-sample VCF is a few hundred kB
NON_REF = frozenset({"<NON_REF>", "<*>"})
_CONTIG = re.compile(r"^##contig=<(.*)>\s*$", re.MULTILINE)
_REFERENCE = re.compile(r"^##(?:reference|assembly)=(.*)$", re.MULTILINE)
_ZIP_FEEDER = (
    "import shutil, sys, zipfile\n"
    "with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as m:\n"
    "    shutil.copyfileobj(m, sys.stdout.buffer, 1 << 20)\n"
)


def _silence_htslib() -> None:
    """htslib writes warnings to stderr that can quote a damaged record's text: turn them off
    (PHR reports problems itself, without file content)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(_cyvcf2_module.__file__).hts_set_log_level(0)


_silence_htslib()


class SampleChoiceNeeded(UnsupportedFile):
    """A multi-sample VCF imported without `sample`; `samples` lists the names to pick from."""

    def __init__(self, file_name: str, samples: list[str]) -> None:
        shown = ", ".join(samples[:20]) + (", ..." if len(samples) > 20 else "")
        super().__init__(
            f"{file_name} holds {len(samples)} people's genomes ({shown}). "
            "Choose one with --sample NAME."
        )
        self.samples = samples


class Vcf:
    vendor = "VCF"
    label = "VCF / VCF.gz / BCF from sequencing (single- or multi-sample, gVCF)"

    def sniff(self, head: Head) -> bool:
        return head.raw.startswith(b"BCF\x02") or head.text.startswith("##fileformat=VCF")

    def read(self, head: Head, options: ReadOptions, stats: ImportStats) -> Iterator[Batch]:
        source = head.source
        if head.raw.startswith(b"BCF\x02") or source.wrapper == Wrapper.ZIP:
            binary = head.raw.startswith(b"BCF\x02")
            check_whole_stream(source, None if binary else MAX_LINE_BYTES, options.cancel)
            yield from self._read_htslib(source, head, options, stats)
            return
        with source.open_binary() as stream:
            carry, lines = _read_header(source, stream)
            with open_vcf(source, threads=None) as vcf:
                several = len(vcf.samples) > 1  # before `_describe` narrows it to one
                offsets, sv_info = _describe(source, head, vcf, options, stats)
                if several:  # the chosen sample of several: htslib picks it out
                    check_whole_stream(source, MAX_LINE_BYTES, options.cancel)
                    yield from _records(source, vcf, stats, options, offsets, sv_info)
                    return
                rows = _Rows(source.name, stats, sv_info, keep_phase=keeps_phase(vcf.raw_header))
                yield from _text_records(source, stream, vcf, rows, options, carry, lines)

    def _read_htslib(
        self, source: GenomeSource, head: Head, options: ReadOptions, stats: ImportStats
    ) -> Iterator[Batch]:
        with open_vcf(source) as vcf:
            offsets, sv_info = _describe(source, head, vcf, options, stats)
            yield from _records(source, vcf, stats, options, offsets, sv_info)


def _describe(
    source: GenomeSource, head: Head, vcf: Any, options: ReadOptions, stats: ImportStats
) -> tuple[_GenomeOffsets, bool]:
    """Check the header and fill what it tells `stats`; (progress scale, whether the header
    declares SVTYPE)."""
    header: str = vcf.raw_header
    _check_genotypes(source, vcf, header)
    stats.sample = _choose_sample(source, vcf, options.sample)
    stats.format_version = "BCF" if head.raw.startswith(b"BCF") else _version(header)
    stats.coverage = (
        CoverageKind.GVCF
        if "<NON_REF>" in header or "GVCFBlock" in header
        else CoverageKind.VARIANT_ONLY_VCF
    )
    reference = _REFERENCE.search(header)
    claimed = build_from_text(reference[1]) if reference else None
    stats.header_build = str(claimed) if claimed else None
    lengths = _contig_lengths(header)
    stats.build.contig_build = _contig_build(lengths)
    stats.sex.female_het_fraction = 0.3
    stats.sex.male_het_fraction = 0.15
    return _GenomeOffsets(lengths), "##INFO=<ID=SVTYPE," in header


def _read_header(source: GenomeSource, stream: CountingStream) -> tuple[bytes, int]:
    """Read up to the end of the #CHROM line (so htslib is handed a header already checked
    for line length and expansion); (the bytes read past it, header lines)."""
    buffer = b""
    at = lines = 0
    while True:
        newline = buffer.find(b"\n", at)
        if newline < 0:
            if len(buffer) - at > MAX_LINE_BYTES:
                raise line_too_long(source.name, lines + 1, MAX_LINE_BYTES)
            more = stream.read(TEXT_CHUNK_BYTES)
            if not more:
                return b"", lines
            buffer = buffer[at:] + more
            at = 0
            continue
        if newline - at > MAX_LINE_BYTES:
            raise line_too_long(source.name, lines + 1, MAX_LINE_BYTES)
        line_start = at
        lines += 1
        at = newline + 1
        if buffer.startswith(b"#CHROM", line_start) or not buffer.startswith(b"#", line_start):
            return buffer[at:], lines


@contextmanager
def open_vcf(source: GenomeSource, threads: int | None = 2) -> Iterator[Any]:
    """htslib reads plain, gzip, BGZF and BCF itself; a zip member is streamed through a pipe
    from a child process (never a temp file). The text path asks for no threads: htslib
    only reads the header there."""
    feeder: subprocess.Popen[bytes] | None = None
    try:
        if source.wrapper == Wrapper.ZIP:
            assert source.member is not None
            feeder = subprocess.Popen(
                [sys.executable, "-c", _ZIP_FEEDER, str(source.path), source.member],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            assert feeder.stdout is not None
            vcf = VCF(feeder.stdout.fileno(), lazy=True)
        else:
            vcf = VCF(str(source.path), lazy=True, threads=threads)
    except (OSError, ValueError, Exception) as exc:
        if feeder is not None:
            feeder.kill()
        raise MalformedFile(f"{source.name}: the VCF header cannot be read.") from exc
    try:
        yield vcf
        if feeder is not None and feeder.wait() != 0:
            raise MalformedFile(f"{source.name}: the zip file is truncated or corrupt.")
    finally:
        vcf.close()
        if feeder is not None and feeder.poll() is None:
            feeder.kill()
            feeder.wait()


def _check_genotypes(source: GenomeSource, vcf: Any, header: str) -> None:
    if "##FORMAT=<ID=GT," not in header or not vcf.samples:
        raise MalformedFile(
            f"{source.name}: this VCF has no genotype (GT) field, so it lists sites but not "
            "a person's genotypes."
        )


def _choose_sample(source: GenomeSource, vcf: Any, sample: str | None) -> str:
    samples: list[str] = list(vcf.samples)
    if sample is None:
        if len(samples) > 1:
            raise SampleChoiceNeeded(source.name, samples)
        return samples[0]
    if sample not in samples:
        raise UnsupportedFile(
            f"{source.name} has no sample named {sample!r}; it has: {', '.join(samples[:20])}."
        )
    if len(samples) > 1:
        vcf.set_samples([sample])
    return sample


def _version(header: str) -> str | None:
    first = header.split("\n", 1)[0]
    return first.removeprefix("##fileformat=") if first.startswith("##fileformat=") else None


def _contig_lengths(header: str) -> dict[str, int]:
    lengths: dict[str, int] = {}
    for body in _CONTIG.findall(header):
        fields = dict(part.split("=", 1) for part in body.split(",") if "=" in part)
        chrom = normalize_chrom(fields.get("ID", ""))
        if chrom is not None and fields.get("length", "").isdigit():
            lengths[chrom] = int(fields["length"])
    return lengths


def _contig_build(lengths: dict[str, int]) -> Any:
    return CHR1_LENGTHS.get(lengths.get("1", 0))


class _GenomeOffsets:
    """Progress as the fraction of the genome passed (htslib hides its file offset)."""

    def __init__(self, lengths: dict[str, int]) -> None:
        self.offset: dict[str, int] = {}
        running = 0
        if lengths:
            for chrom in CHROMOSOMES:
                self.offset[chrom] = running
                running += lengths.get(chrom, 0)
        else:  # no ##contig lines: one unit per chromosome
            for index, chrom in enumerate(CHROMOSOMES):
                self.offset[chrom] = index
            running = len(CHROMOSOMES)
        self.total = running
        self.scaled = bool(lengths)

    def at(self, chrom: str, pos: int) -> int:
        base = self.offset.get(chrom, 0)
        return base + pos if self.scaled else base


class _Rows:
    """The rules that turn one htslib record into a row, a reference block or a skip, with the
    column lists and counts they fill. The text path gives it the lines it leaves to htslib,
    so a record reads the same whichever path reads it."""

    def __init__(
        self, name: str, stats: ImportStats, sv_info: bool, *, keep_phase: bool = False
    ) -> None:
        self.name = name
        self.stats = stats
        self.sv_info = sv_info
        self.keep_phase = keep_phase  # store phased hets as "A|G" (see `keeps_phase`)
        self.chrom_of: dict[str, tuple[str, int, int]] = {}  # raw -> (name, site base, length)
        self.called = self.no_calls = self.indels = self.block_count = 0
        self.chrom, self.pos = "", 0  # the last record kept (progress)
        self.clear()

    def clear(self) -> None:
        self.sites: list[int] = []
        self.ids: list[str | None] = []
        self.refs: list[str] = []
        self.alts: list[str] = []  # "" when no ALT is kept
        self.calls: list[str] = []  # "" for a no-call
        self.blocks: list[tuple[str, int, int]] = []

    def contig(self, raw_chrom: str) -> tuple[str, int, int]:
        """(PHR's name or "", site base, chromosome length) of a CHROM value."""
        found = self.chrom_of.get(raw_chrom)
        if found is None:
            name = normalize_chrom(raw_chrom) or ""
            found = self.chrom_of[raw_chrom] = (
                name,
                CHROM_CODE[name] << SITE_CHROM_SHIFT if name else 0,
                MAX_LENGTH[name] if name else 0,
            )
        return found

    def take(self, variant: Any, record: int) -> bool:
        """Read record number `record`; True if it became a row."""
        skipped = self.stats.skipped
        chrom, base, chrom_end = self.contig(variant.CHROM)
        if not chrom:
            skipped["contig PHR does not keep (unplaced, decoy, alt)"] += 1
            return False
        # cyvcf2's POS is 32-bit and wraps (2**32 + 752721 reads as 752721); `start` is htslib's
        # 64-bit position, so an impossible position is seen and refused, never moved.
        pos = variant.start + 1
        if pos > chrom_end:
            skipped["position past the end of its chromosome"] += 1
            return False
        ref = variant.REF
        alts = variant.ALT
        try:
            gt = variant.genotypes[0]
        except Exception as exc:  # cyvcf2 raises a bare Exception for a short row
            raise MalformedFile(
                f"{self.name}: record {record} has no genotype column for the sample "
                "(the row is cut short or the file is damaged)."
            ) from exc
        if not alts or (len(alts) == 1 and alts[0] in NON_REF):
            end = variant.end
            if alts or end > pos:  # a gVCF reference block
                if gt[0] == 0 and (len(gt) == 2 or gt[1] == 0):
                    self.blocks.append((chrom, pos, min(end, chrom_end)))
                    self.block_count += 1
                else:
                    skipped["gVCF block without a call"] += 1
                return False
        kept = alts
        for alt in alts:
            if alt[0] == "<" or "[" in alt or "]" in alt:
                if alt not in NON_REF:
                    kept = None
                    break
                kept = [a for a in alts if a not in NON_REF]
        if kept is None:
            skipped["structural variant (symbolic ALT)"] += 1
            return False
        if self.sv_info and variant.INFO.get("SVTYPE") is not None:
            skipped["structural variant (SVTYPE)"] += 1
            return False
        x_core = chrom == "X" and _in_x_core(pos)
        alleles, alt_text, indel = _call(ref, kept, gt, x_core, self, self.keep_phase)
        rsid = variant.ID
        if rsid is not None and ";" in rsid:
            rsid = rsid.split(";", 1)[0]
        if pos in MARKER_POSITIONS:
            self.stats.build.vote_reference_base(chrom, pos, ref)
        if rsid in MARKER_RSIDS:
            self.stats.build.vote_rsid_position(rsid, chrom, pos)
        self.sites.append(base | pos)
        self.ids.append(rsid)
        self.refs.append(ref)
        self.alts.append(alt_text)
        self.calls.append(alleles)
        self.called += bool(alleles)
        self.no_calls += not alleles
        self.indels += indel
        self.chrom, self.pos = chrom, pos
        return True

    def finish(self, source: GenomeSource, records: int) -> None:
        """Counts into `stats`, and the refusal of a file that gave nothing to keep."""
        stats = self.stats
        stats.called, stats.no_calls, stats.indels = self.called, self.no_calls, self.indels
        if records == 0:
            raise MalformedFile(f"{source.name}: the VCF has a header but no records.")
        if self.block_count:
            stats.coverage = CoverageKind.GVCF
        if self.called + self.no_calls == 0 and not self.block_count:
            raise UnsupportedFile(
                f"{source.name} holds no SNV or indel genotypes (only structural variants or "
                "contigs PHR does not keep). PHR reads genotype VCFs, not structural-variant "
                "calls."
            )


def _in_x_core(pos: int) -> bool:
    return X_CORE[0] <= pos <= X_CORE[1]


def keeps_phase(header: str) -> bool:
    """Whether a phased genotype ("0|1") can be stored with its phase: only where the file
    declares no phase sets. With phase sets (PS) two phased sites are on known copies only
    within one set, and PHR does not store the set, so it keeps such calls unphased (as if
    "0/1"): never a phase the file did not give. Files phased along the whole chromosome
    (pedigree or statistical phasing, such as Platinum Genomes) declare no PS."""
    return "##FORMAT=<ID=PS," not in header


def _call(
    ref: str, kept: list[str], gt: Any, x_core: bool, rows: _Rows | None, keep_phase: bool = False
) -> tuple[str, str, bool]:
    """(alleles or "" for a no-call, ALT text, whether some allele is not one base) of a
    genotype `gt` as cyvcf2 gives it ([a, b, phased] or [a, phased]; -1 for "."), counting an
    X call of the non-PAR core into `rows`' sex evidence. With `keep_phase` a phased
    heterozygous call keeps its copies in order, "G|A" (first copy, second copy); every other
    call is '/'-joined and sorted."""
    if len(gt) == 3:
        first, second = gt[0], gt[1]
        if first < 0 or second < 0 or first > len(kept) or second > len(kept):
            alleles = ""
        else:
            a = ref if first == 0 else kept[first - 1]
            b = ref if second == 0 else kept[second - 1]
            if keep_phase and gt[2] and a != b:
                alleles = a + "|" + b
            else:
                alleles = a + "/" + b if a <= b else b + "/" + a
            if x_core and len(ref) == 1 and rows is not None:
                rows.stats.sex.x_called += 1
                rows.stats.sex.x_het += first != second
    elif len(gt) == 2:
        first = gt[0]
        if first < 0 or first > len(kept):
            alleles = ""
        else:
            alleles = ref if first == 0 else kept[first - 1]
            if x_core and len(ref) == 1 and rows is not None:
                rows.stats.sex.x_called += 1
                rows.stats.sex.x_haploid += 1
    else:  # polyploid or empty GT: not a person's diploid call
        alleles = ""
    alt_text = ",".join(kept) if kept else ""
    indel = len(ref) != 1 or bool(kept and len(alt_text) != 2 * len(kept) - 1)
    return alleles, alt_text, indel


def _records(
    source: GenomeSource,
    vcf: Any,
    stats: ImportStats,
    options: ReadOptions,
    offsets: _GenomeOffsets,
    sv_info: bool,
) -> Iterator[Batch]:
    """Every record through htslib (BCF, zip members, multi-sample files)."""
    rows = _Rows(source.name, stats, sv_info, keep_phase=keeps_phase(vcf.raw_header))
    records = 0
    iterator = iter(vcf)
    while True:
        try:
            variant = next(iterator)
        except StopIteration:
            break
        except Exception as exc:  # htslib: truncated BGZF, garbage line
            raise _damaged(source, records) from exc
        records += 1
        rows.take(variant, records)
        if len(rows.sites) >= RECORDS_PER_BATCH:
            stats.called, stats.no_calls, stats.indels = rows.called, rows.no_calls, rows.indels
            yield _rows_batch(rows, offsets.at(rows.chrom, rows.pos), offsets.total)
            if options.cancel is not None:
                options.cancel.check()
    rows.finish(source, records)
    yield _rows_batch(rows, offsets.total, offsets.total)


def _damaged(source: GenomeSource, records: int) -> MalformedFile:
    return MalformedFile(
        f"{source.name}: the VCF is damaged after record {records} "
        "(truncated download or corrupt data)."
    )


def _rows_batch(rows: _Rows, done: int, total: int) -> Batch:
    batch = _batch(rows.sites, rows.ids, rows.refs, rows.alts, rows.calls, rows.blocks, done, total)
    rows.clear()
    return batch


def _text_records(
    source: GenomeSource,
    stream: CountingStream,
    vcf: Any,
    rows: _Rows,
    options: ReadOptions,
    carry: bytes,
    header_lines: int,
) -> Iterator[Batch]:
    """A single-sample VCF's records from its decompressed text, a block of whole lines at a
    time: the simple lines by `split_block`, the rest one at a time through htslib. The same
    pass refuses an over-long line and checks for cancel; progress is compressed bytes read."""
    total = max(source.size, 1)
    records = 0
    parser = _LineParser(vcf)
    with ThreadPoolExecutor(max_workers=SPLITS_AHEAD + 1) as pool:
        for buffer, split, too_long in _blocks(pool, stream, carry, rows.sv_info, options):
            line = header_lines + records + 1  # of the block's first line
            if too_long == "first":
                raise line_too_long(source.name, line, MAX_LINE_BYTES)
            if too_long == "last":
                raise line_too_long(source.name, line + buffer.count(b"\n"), MAX_LINE_BYTES)
            if split is not None:
                block = split.result()
                batch = _take_block(source, buffer, block, rows, parser, records)
                records += block.count
                batch.done, batch.total = min(stream.raw_done, total - 1), total
                yield batch
    rows.finish(source, records)
    yield Batch(sites=np.empty(0, dtype=np.int64), ref=[], alt=[], done=total, total=total)


_Block = tuple[bytes, "Future[Block] | None", str]


def _blocks(
    pool: ThreadPoolExecutor,
    stream: CountingStream,
    carry: bytes,
    sv_info: bool,
    options: ReadOptions,
) -> Iterator[_Block]:
    """The text's blocks in order: (buffer, its whole lines' `split_block` running in `pool`
    (None if it has none), "first"/"last" when that line of it is over-long, else "").

    A block is yielded only once the next one is inflating and being split in `pool`, so on
    two cores inflating (ISA-L releases the GIL) and splitting (numpy mostly does) overlap
    with the caller's work on the block before. Nothing after an over-long line is read."""
    pending = pool.submit(stream.read, TEXT_CHUNK_BYTES)
    ahead: deque[_Block] = deque()
    while True:
        data = pending.result()
        if data:
            pending = pool.submit(stream.read, TEXT_CHUNK_BYTES)
        if options.cancel is not None:
            options.cancel.check()
        if data:
            buffer = carry + data if carry else data
            size = buffer.rfind(b"\n") + 1  # the block: whole lines; the rest carries
        else:
            buffer = carry if not carry or carry.endswith(b"\n") else carry + b"\n"
            size = len(buffer)
        too_long = ""
        if buffer.find(b"\n", 0, size) > MAX_LINE_BYTES:
            too_long = "first"
        elif len(buffer) - size > MAX_LINE_BYTES:
            too_long = "last"
        split = pool.submit(split_block, buffer, size, sv_info) if size and not too_long else None
        ahead.append((buffer, split, too_long))
        if too_long or not data:
            yield from ahead
            return
        if len(ahead) > SPLITS_AHEAD:
            yield ahead.popleft()
        carry = buffer[size:]


class _LineParser:
    """htslib's reading of one record line (for the lines `split_block` leaves)."""

    def __init__(self, vcf: Any) -> None:
        self._header: str = vcf.raw_header
        self._writer: Any = None

    def parse(self, text: str) -> Any:
        if self._writer is None:  # htslib parses against a header it holds for writing
            self._writer = Writer.from_string(os.devnull, self._header)
        return self._writer.variant_from_string(text)


# What a distinct (REF, ALT, GT) gives: ref, ALT text, alleles, then flags: called, indel, a
# one-base X call (sex evidence), heterozygous, haploid, a structural variant (skipped), a
# gVCF reference block, whose GT calls the reference. None: left to htslib.
_Meaning = tuple[str, str, str, bool, bool, bool, bool, bool, bool, bool, bool]
_STRUCTURAL: _Meaning = ("", "", "", False, False, False, False, False, True, False, False)


@lru_cache(maxsize=1 << 16)  # the same few thousand values recur in every block
def _meaning(
    ref_raw: bytes, alt_raw: bytes, gt_raw: bytes, keep_phase: bool = False
) -> _Meaning | None:
    """The rules of `_Rows.take` for a record whose ALTs are all plain alleles."""
    ref, alt = ref_raw.decode("ascii"), alt_raw.decode("ascii")
    alts = alt.split(",")
    if any(not one or one == "." for one in alts):
        return None  # no ALT or an empty one: htslib's reading
    codes = [-1 if c == 46 else c - 48 for c in gt_raw[::2]]  # "0/1" -> [0, 1]; "." -> -1
    if len(alts) == 1 and alts[0] in NON_REF:  # a gVCF reference block (its END: the caller)
        reference = codes[0] == 0 and (len(codes) == 1 or codes[1] == 0)
        return ("", "", "", False, False, False, False, False, False, True, reference)
    if any(one not in NON_REF and (one[0] == "<" or "[" in one or "]" in one) for one in alts):
        return _STRUCTURAL  # a symbolic ALT or a breakend
    kept = [one for one in alts if one not in NON_REF]  # a gVCF site drops <NON_REF>
    gt = [*codes, b"|" in gt_raw]
    alleles, alt_text, indel = _call(ref, kept, gt, False, None, keep_phase)
    called = bool(alleles)
    one_base = called and len(ref) == 1
    return (
        ref,
        alt_text,
        alleles,
        called,
        indel,
        one_base,
        len(codes) == 2 and codes[0] != codes[1],
        len(codes) == 1,
        False,
        False,
        False,
    )


_MARKER_POSITIONS = np.array(sorted(MARKER_POSITIONS), dtype=np.int64)


def _take_block(
    source: GenomeSource,
    text_block: bytes,
    split: Block,
    rows: _Rows,
    parser: _LineParser,
    before: int,
) -> Batch:
    """One block's rows in file order: the simple lines as arrays, the others through
    `rows.take`; counts, skips and evidence go where `rows.take` puts them. REF, ALT and the
    call leave as `Coded` columns over the block's distinct keys (and the slow lines' own
    values), IDs as `SplitIds`: no Python object per row."""
    stats = rows.stats
    skipped = stats.skipped
    contigs = [rows.contig(raw.decode("ascii")) for raw in split.chroms]
    names = np.array([c[0] for c in contigs] or [""], dtype=object)
    bases = np.array([c[1] for c in contigs] or [0], dtype=np.int64)
    lengths = np.array([c[2] for c in contigs] or [0], dtype=np.int64)
    meanings = [_meaning(*key, rows.keep_phase) for key in split.keys]
    table = [m or _STRUCTURAL for m in meanings]
    flags = np.array([m[3:] for m in table] or [(False,) * 8], dtype=bool)
    plain = np.array([m is not None for m in meanings] or [True], dtype=bool)[split.key_index]
    # A reference block is read here only with an END at or after POS at the start of INFO.
    plain &= ~(flags[split.key_index, 6] & (split.info_end < split.pos))
    chosen = np.flatnonzero(plain)  # among the lines `split` read
    chrom_index = split.chrom_index[chosen]
    pos = split.pos[chosen]
    lines = split.lines[chosen]
    placed = (names != "")[chrom_index]
    unplaced = int(np.count_nonzero(~placed))
    if unplaced:
        skipped["contig PHR does not keep (unplaced, decoy, alt)"] += unplaced
    keep = placed & (pos <= lengths[chrom_index])
    past = int(np.count_nonzero(placed & ~keep))
    if past:
        skipped["position past the end of its chromosome"] += past
    key_index = split.key_index[chosen]
    block = keep & flags[key_index, 6]
    block_lines: list[int] = []
    blocks: list[tuple[str, int, int]] = []
    if block.any():
        called_ref = block & flags[key_index, 7]
        uncalled = int(np.count_nonzero(block & ~called_ref))
        if uncalled:
            skipped["gVCF block without a call"] += uncalled
        which = np.flatnonzero(called_ref)
        ends = np.minimum(split.info_end[chosen][which], lengths[chrom_index[which]])
        block_lines = lines[which].tolist()
        blocks = list(
            zip(
                names[chrom_index[which]].tolist(),
                pos[which].tolist(),
                ends.tolist(),
                strict=True,
            )
        )
        rows.block_count += len(blocks)
        keep &= ~block
    structural = keep & flags[key_index, 5]
    if structural.any():
        skipped["structural variant (symbolic ALT)"] += int(np.count_nonzero(structural))
        keep &= ~structural
    chosen, chrom_index, pos, lines = chosen[keep], chrom_index[keep], pos[keep], lines[keep]
    key_index = key_index[keep]
    rs = split.rs[chosen]
    named, id_names = _named_ids(split, chosen)

    called = flags[key_index, 0]
    n_called = int(np.count_nonzero(called))
    rows.called += n_called
    rows.no_calls += len(called) - n_called
    rows.indels += int(np.count_nonzero(flags[key_index, 1]))
    x_code = [i for i, c in enumerate(contigs) if c[0] == "X"]
    if x_code:
        x_core = (chrom_index == x_code[0]) & (pos >= X_CORE[0]) & (pos <= X_CORE[1])
        x_core &= flags[key_index, 2]
        if x_core.any():
            sex = stats.sex
            sex.x_called += int(np.count_nonzero(x_core))
            sex.x_het += int(np.count_nonzero(x_core & flags[key_index, 3]))
            sex.x_haploid += int(np.count_nonzero(x_core & flags[key_index, 4]))
    _vote_markers(stats, names[chrom_index], pos, rs, named, id_names, table, key_index)
    sites = bases[chrom_index] | pos
    ref_values = [m[0] for m in table]
    alt_values = [m[1] for m in table]
    call_values = [m[2] for m in table]

    slow = np.union1d(split.slow, split.lines[~plain])
    if len(slow):
        taken: list[int] = []
        slow_block_lines: list[int] = []
        for line in slow.tolist():
            text = text_block[split.starts[line] : split.ends[line]].decode("utf-8", "replace")
            try:
                variant = parser.parse(text)
            except Exception:  # htslib refuses the line; its message quotes it
                raise _damaged(source, before + line) from None
            had = len(rows.blocks)
            if rows.take(variant, before + line + 1):
                taken.append(line)
            elif len(rows.blocks) > had:
                slow_block_lines.append(line)
        if rows.blocks:  # the blocks of both ways, in file order
            both = sorted(
                zip(block_lines + slow_block_lines, blocks + rows.blocks, strict=True),
                key=lambda pair: pair[0],
            )
            blocks = [pair[1] for pair in both]
        if taken:
            fast = len(lines)
            order = np.argsort(np.concatenate([lines, taken]), kind="stable")
            where = np.empty(len(order), dtype=np.int64)  # each row's place in file order
            where[order] = np.arange(len(order))
            sites = np.concatenate([sites, np.array(rows.sites, dtype=np.int64)])[order]
            slow_codes = np.arange(len(table), len(table) + len(taken))
            key_index = np.concatenate([key_index, slow_codes])[order]
            ref_values += rows.refs
            alt_values += rows.alts
            call_values += rows.calls
            slow_rs = [(rs_number(rsid) or 0) if rsid else 0 for rsid in rows.ids]
            rs = np.concatenate([rs, np.array(slow_rs, dtype=np.int64)])[order]
            others = [
                (fast + j, rsid) for j, rsid in enumerate(rows.ids) if rsid and not rs_number(rsid)
            ]
            named = where[np.concatenate([named, [row for row, _ in others]]).astype(np.int64)]
            id_names = id_names + [rsid for _, rsid in others]
    batch = Batch(
        sites=sites,
        ids=SplitIds(rs, named, id_names),
        alleles=Coded(key_index, call_values),
        ref=Coded(key_index, ref_values),
        alt=Coded(key_index, alt_values),
        blocks=blocks,
    )
    rows.clear()
    return batch


def _named_ids(split: Block, chosen: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The IDs other than rs numbers among the `chosen` lines, by their row among them."""
    if not len(split.named):
        return np.zeros(0, dtype=np.int64), []
    row = np.full(len(split.lines), -1, dtype=np.int64)
    row[chosen] = np.arange(len(chosen))
    found = row[split.named]
    kept = np.flatnonzero(found >= 0)
    return found[kept], [split.names[i] for i in kept.tolist()]


def _vote_markers(
    stats: ImportStats,
    chroms: np.ndarray,
    pos: np.ndarray,
    rs: np.ndarray,
    named: np.ndarray,
    id_names: list[str],
    table: list[_Meaning],
    key_index: np.ndarray,
) -> None:
    """Build evidence as `_Rows.take` gathers it. Both votes count only at a marker's
    position, so only those records are looked at."""
    near = np.minimum(np.searchsorted(_MARKER_POSITIONS, pos), len(_MARKER_POSITIONS) - 1)
    hits = np.flatnonzero(_MARKER_POSITIONS[near] == pos).tolist()
    if not hits:
        return
    others = dict(zip(named.tolist(), id_names, strict=True))
    for i in hits:
        chrom, at = chroms[i], int(pos[i])
        stats.build.vote_reference_base(chrom, at, table[key_index[i]][0])
        number = int(rs[i])
        rsid = f"rs{number}" if number else others.get(i)
        if rsid in MARKER_RSIDS:
            stats.build.vote_rsid_position(rsid, chrom, at)


def _batch(
    sites: list[int],
    ids: list[str | None],
    refs: list[str],
    alts: list[str],
    calls: list[str],
    blocks: list[tuple[str, int, int]],
    done: int,
    total: int,
) -> Batch:
    id_array = np.empty(len(ids), dtype=object)
    id_array[:] = ids
    return Batch(
        sites=np.array(sites, dtype=np.int64),
        ids=id_array,
        alleles=calls,
        ref=refs,
        alt=alts,
        blocks=blocks,
        done=done,
        total=total,
    )
