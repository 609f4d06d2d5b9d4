"""Importing a raw genome file into the vault: sniff, stream, store, all or nothing.

The whole import is one transaction: a bad row past the tolerance, a cancel, a crash or a
killed process leaves the vault exactly as it was (SQLite's rollback journal). Readers stream
the file in batches, so memory stays flat whatever the file size. The build and the sex are
decided at the end from evidence gathered on the way (see `build.py`, `sex.py`), then written
into the genome row before the commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from phr.errors import AlreadyImported, UnsupportedFile
from phr.genome.build import build_from_text, decide_build
from phr.genome.bulk import GenotypeWriter, write_batch
from phr.genome.coverage import classify_variant_only
from phr.genome.duplicates import resolve_duplicates
from phr.genome.formats.base import Head, ImportStats, ReadOptions
from phr.genome.formats.registry import sniff, supported_formats
from phr.genome.layout import CHROM_NAME, SITE_CHROM_SHIFT
from phr.genome.model import Build, CoverageKind, GenomeRecord
from phr.genome.sex import PAR_X
from phr.genome.source import HEAD_BYTES, GenomeSource, open_source, sha256_of
from phr.genome.store import (
    NewGenome,
    find_by_sha256,
    forget_columns,
    get_genome,
    insert_genome,
    insert_reference_blocks,
    set_active_in,
    update_genome_summary,
)
from phr.progress import CancelToken, Changes, Progress, no_progress
from phr.vault import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    genome: GenomeRecord
    changes: Changes = field(default_factory=lambda: Changes(genome=True))

    def as_json(self) -> dict[str, object]:
        """The `phr import --json` contract."""
        g = self.genome
        return {
            "genome_id": g.id,
            "vendor": g.vendor,
            "build": str(g.build),
            "coverage": str(g.coverage),
            "variants": g.called,
            "no_calls": g.no_calls,
            "skipped": g.skipped,
            "source_sha256": g.source_sha256,
            "warnings": g.warnings,
        }


def import_genome(
    vault: Vault,
    path: Path | str,
    *,
    sample: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Import a genome file; the new genome becomes the active one.

    Raises AlreadyImported (same SHA-256 already in the vault), UnsupportedFile, MalformedFile
    (a `SampleChoiceNeeded` for a multi-sample VCF without `sample`), or Cancelled; in every
    case the vault is unchanged.
    """
    path = Path(path).expanduser()
    source = open_source(path)
    progress(0, 0, "Checking the file")
    digest = sha256_of(path)
    existing = find_by_sha256(vault, digest)
    if existing is not None:
        raise AlreadyImported(
            f"{path.name} is already imported (genome {existing.id}); nothing was changed."
        )
    head = Head(source, source.head(HEAD_BYTES))
    fmt = sniff(head)
    if cancel is not None:
        cancel.check()
    coverage = CoverageKind.ARRAY if fmt.vendor != "VCF" else CoverageKind.VARIANT_ONLY_VCF
    stats = ImportStats(vendor=fmt.vendor, coverage=coverage)
    batches = fmt.read(head, ReadOptions(sample=sample, cancel=cancel), stats)
    with vault.transaction() as conn:
        genome_id = insert_genome(
            conn,
            NewGenome(
                vendor=fmt.vendor,
                build=Build.GRCH37,  # provisional: decided from the data at the end
                coverage=coverage,
                source_name=path.name,
                source_sha256=digest,
            ),
        )
        writer = GenotypeWriter(conn, genome_id)
        per_chrom = np.zeros(32, dtype=np.int64)
        for batch in batches:
            write_batch(writer, batch)
            if batch.sites is not None and len(batch.sites):
                per_chrom += np.bincount(batch.sites >> SITE_CHROM_SHIFT, minlength=32)[:32]
            if batch.blocks:
                insert_reference_blocks(conn, genome_id, batch.blocks)
            progress(batch.done, batch.total, "Reading genotypes")
            if cancel is not None:
                cancel.check()
        _settle_duplicates(writer, stats)
        if stats.called == 0:
            raise UnsupportedFile(
                f"{path.name}: no genotype was called in this file. PHR reads: "
                f"{supported_formats()}."
            )
        if cancel is not None:
            cancel.check()
        records = {CHROM_NAME[c]: int(n) for c, n in enumerate(per_chrom) if c in CHROM_NAME}
        summary = _finish(writer, source, stats, records)
        progress(1, 1, "Storing")
        writer.flush()
        update_genome_summary(conn, genome_id, summary)
        set_active_in(conn, genome_id)
    forget_columns(vault, genome_id)
    record = get_genome(vault, genome_id)
    log.info(
        "imported genome id=%d vendor=%s coverage=%s called=%d no_calls=%d skipped=%d",
        record.id,
        record.vendor,
        record.coverage,
        record.called,
        record.no_calls,
        sum(record.skipped.values()),
    )
    return ImportResult(record)


def _settle_duplicates(writer: GenotypeWriter, stats: ImportStats) -> None:
    """Repeated rows collapse and contradicting ones become flagged no-calls (`duplicates`);
    the counts the reader gathered are corrected to match what is stored."""
    report = resolve_duplicates(writer)
    stats.called -= report.removed_called + report.called_to_no_call
    stats.no_calls += report.called_to_no_call - report.removed_no_calls
    stats.warnings.extend(report.warnings())


def _finish(
    writer: GenotypeWriter,
    source: GenomeSource,
    stats: ImportStats,
    records_by_chrom: dict[str, int],
) -> NewGenome:
    """Decide build, coverage and the suggested sex, make hemizygous calls one allele, and
    word the warnings."""
    warnings = list(stats.warnings)
    coverage = stats.coverage
    if coverage == CoverageKind.VARIANT_ONLY_VCF:
        coverage = classify_variant_only(records_by_chrom)
    claimed = build_from_text(stats.header_build) if stats.header_build else None
    kind = "VCF" if stats.vendor == "VCF" else "raw data file"
    build = decide_build(stats.build, claimed, warnings, file_kind=kind)
    sex = stats.sex.decide()
    _collapse_hemizygous(writer, build, sex)
    if build == Build.GRCH36:
        warnings.append(
            "This file uses the old NCBI36 build: PHR finds variants in it by rsID only, "
            "never by position."
        )
    if coverage == CoverageKind.VARIANT_ONLY_VCF:
        warnings.append(
            "This VCF lists only the places where you differ from the reference, across the "
            "whole genome. Where it is silent close to places it lists, PHR reads the reference "
            "and says so; anywhere else a place it does not list counts as not tested."
        )
    elif coverage == CoverageKind.PARTIAL_VCF:
        warnings.append(
            "This file covers only part of the genome (an exome, a panel or an excerpt): PHR "
            "can only read the positions it lists. Anything else counts as not tested, never "
            "as normal."
        )
    return NewGenome(
        vendor=stats.vendor,
        build=build,
        coverage=coverage,
        source_name=source.name,
        source_sha256="",
        format_version=stats.format_version,
        header_build=stats.header_build,
        sample=stats.sample,
        sex=sex,
        called=stats.called,
        no_calls=stats.no_calls,
        indels=stats.indels,
        skipped=dict(stats.skipped),
        warnings=warnings,
    )


def _collapse_hemizygous(writer: GenotypeWriter, build: Build, sex: str | None) -> None:
    """One copy, one allele: MT always; X outside the PARs and Y for a male."""
    writer.collapse_hemizygous(list(PAR_X[build]) if sex == "male" else None)
