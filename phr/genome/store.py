"""Genomes in the vault: storing them, listing, activating, removing, and `genotype_at`.

`genotype_at` is the one query the rules engine uses. It never answers "normal": it says what
the file holds at a locus (`called`, `no_call`) or why it holds nothing (`not_tested`,
`assumed_reference`, `reference_block`), according to the genome's coverage kind and, for a
whole-genome variant-only VCF, the records around the position (`coverage.py`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from phr.errors import NotFound
from phr.genome.build import known_position
from phr.genome.coverage import LOCAL_WINDOW
from phr.genome.layout import CHROM_CODE, rs_number, site_of
from phr.genome.model import (
    Build,
    CoverageKind,
    GenomeRecord,
    GenotypeAt,
    GenotypeStatus,
    Locus,
    parse_locus,
)
from phr.progress import Changes
from phr.vault import Vault
from phr.vault.vault import Connection

if TYPE_CHECKING:  # numpy (behind the columns) loads when a genome is read, not at start-up
    from phr.genome.columns import GenomeColumns

# (rsid, chrom, pos, ref, alt, alleles) -- alleles '/'-joined and sorted, None for a no-call;
# a phased heterozygous VCF call is '|'-joined in copy order ('G|A'), read back by `at`
GenotypeRow = tuple[str | None, str, int, str | None, str | None, str | None]

# `vault.caches` key of the decoded genome columns (`columns.genome_columns`)
COLUMNS_CACHE = "genome_columns"

# (chrom, start, end), inclusive, gVCF reference blocks
ReferenceBlock = tuple[str, int, int]

_GENOME_COLUMNS = (
    "id, vendor, format_version, build, header_build, coverage, sample, sex, source_name, "
    "source_sha256, imported_at, called, no_calls, indels, skipped_json, warnings_json, active"
)


@dataclass
class NewGenome:
    """What an importer knows about a genome before its rows are written."""

    vendor: str
    build: Build
    coverage: CoverageKind
    source_name: str
    source_sha256: str
    format_version: str | None = None
    header_build: str | None = None
    sample: str | None = None
    sex: str | None = None
    called: int = 0
    no_calls: int = 0
    indels: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def join_alleles(alleles: Iterable[str]) -> str:
    return "/".join(sorted(alleles))


def split_phase(alleles: str) -> tuple[str, tuple[str, ...] | None]:
    """A stored genotype as (its '/'-joined sorted alleles, the copy order or None). A phased
    heterozygous VCF call is stored "G|A" so the genome's genotype list keeps its phase; every
    reader but the allele matcher wants the sorted form."""
    if "|" not in alleles:
        return alleles, None
    phase = tuple(alleles.split("|"))
    return join_alleles(phase), phase


# -- writing (inside a caller's transaction) --------------------------------------------------


def insert_genome(conn: Connection, genome: NewGenome) -> int:
    cursor = conn.execute(
        "INSERT INTO genomes (vendor, format_version, build, header_build, coverage, sample, sex,"
        " source_name, source_sha256, imported_at, called, no_calls, indels, skipped_json,"
        " warnings_json, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        (
            genome.vendor,
            genome.format_version,
            str(genome.build),
            genome.header_build,
            str(genome.coverage),
            genome.sample,
            genome.sex,
            genome.source_name,
            genome.source_sha256,
            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            genome.called,
            genome.no_calls,
            genome.indels,
            json.dumps(genome.skipped, sort_keys=True),
            json.dumps(genome.warnings),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update_genome_summary(conn: Connection, genome_id: int, genome: NewGenome) -> None:
    """Write what an importer only knows at the end: build, coverage (a VCF turns out to be a
    gVCF), sample, sex, counts and warnings. Vendor, source name and sha256 stay as inserted."""
    conn.execute(
        "UPDATE genomes SET build = ?, coverage = ?, format_version = ?, header_build = ?,"
        " sample = ?, sex = ?, called = ?, no_calls = ?, indels = ?,"
        " skipped_json = ?, warnings_json = ? WHERE id = ?",
        (
            str(genome.build),
            str(genome.coverage),
            genome.format_version,
            genome.header_build,
            genome.sample,
            genome.sex,
            genome.called,
            genome.no_calls,
            genome.indels,
            json.dumps(genome.skipped, sort_keys=True),
            json.dumps(genome.warnings),
            genome_id,
        ),
    )


def insert_genotypes(conn: Connection, genome_id: int, rows: Iterable[GenotypeRow]) -> None:
    """Store rows of one genome (keyed by position, see `layout.py`)."""
    import numpy as np  # writers only: readers (phr pgx, notes) start faster without it

    from phr.genome.bulk import GenotypeWriter

    listed = list(rows)
    if not listed:
        return
    ids = np.empty(len(listed), dtype=object)
    ids[:] = [row[0] for row in listed]
    sites = np.array([site_of(row[1], row[2]) for row in listed], dtype=np.int64)
    writer = GenotypeWriter(conn, genome_id)
    writer.write(
        sites,
        ids,
        [row[5] or "" for row in listed],
        [row[3] or "" for row in listed],
        [row[4] or "" for row in listed],
    )
    writer.flush()


def insert_reference_blocks(
    conn: Connection, genome_id: int, blocks: Iterable[ReferenceBlock]
) -> None:
    conn.executemany(
        "INSERT INTO reference_blocks (genome_id, chrom, start, end) VALUES (?, ?, ?, ?)",
        ((genome_id, *block) for block in blocks),
    )


def forget_columns(vault: Vault, genome_id: int | None = None) -> None:
    """Drop decoded columns after the vault's genomes changed (import, removal): a genome id
    can be reused after a removal."""
    held: dict[int, Any] = vault.caches.get(COLUMNS_CACHE, {})
    if genome_id is None:
        held.clear()
    else:
        held.pop(genome_id, None)


def set_active_in(conn: Connection, genome_id: int) -> None:
    conn.execute("UPDATE genomes SET active = (id = ?)", (genome_id,))


def store_genome(
    vault: Vault,
    genome: NewGenome,
    rows: Iterable[GenotypeRow],
    blocks: Iterable[ReferenceBlock] = (),
    *,
    activate: bool = True,
) -> int:
    """Store a complete genome in one transaction (for small genomes: demo, tests)."""
    with vault.transaction() as conn:
        genome_id = insert_genome(conn, genome)
        insert_genotypes(conn, genome_id, rows)
        insert_reference_blocks(conn, genome_id, blocks)
        if activate:
            set_active_in(conn, genome_id)
    forget_columns(vault, genome_id)
    return genome_id


# -- reading ----------------------------------------------------------------------------------


def _record(row: Sequence[Any]) -> GenomeRecord:
    return GenomeRecord(
        id=int(row[0]),
        vendor=str(row[1]),
        format_version=None if row[2] is None else str(row[2]),
        build=Build(row[3]),
        header_build=None if row[4] is None else str(row[4]),
        coverage=CoverageKind(row[5]),
        sample=None if row[6] is None else str(row[6]),
        sex=None if row[7] is None else str(row[7]),
        source_name=str(row[8]),
        source_sha256=str(row[9]),
        imported_at=str(row[10]),
        called=int(row[11]),
        no_calls=int(row[12]),
        indels=int(row[13]),
        skipped=json.loads(str(row[14])),
        warnings=json.loads(str(row[15])),
        active=bool(row[16]),
    )


def list_genomes(vault: Vault) -> list[GenomeRecord]:
    return [_record(r) for r in vault.query(f"SELECT {_GENOME_COLUMNS} FROM genomes ORDER BY id")]


def get_genome(vault: Vault, genome_id: int) -> GenomeRecord:
    rows = vault.query(f"SELECT {_GENOME_COLUMNS} FROM genomes WHERE id = ?", (genome_id,))
    if not rows:
        raise NotFound(f"There is no genome with id {genome_id} in this vault.")
    return _record(rows[0])


def active_genome(vault: Vault) -> GenomeRecord | None:
    rows = vault.query(f"SELECT {_GENOME_COLUMNS} FROM genomes WHERE active = 1")
    return _record(rows[0]) if rows else None


def find_by_sha256(vault: Vault, sha256: str) -> GenomeRecord | None:
    rows = vault.query(f"SELECT {_GENOME_COLUMNS} FROM genomes WHERE source_sha256 = ?", (sha256,))
    return _record(rows[0]) if rows else None


def has_calls_on(vault: Vault, genome_id: int, chrom: str) -> bool:
    """Whether a genome lists anything on `chrom` (the sex question is asked for X data)."""
    return bool(
        vault.scalar(
            "SELECT 1 FROM genome_columns WHERE genome_id = ? AND chrom = ? AND part = 'pos'",
            (genome_id, CHROM_CODE[chrom]),
        )
    )


def activate_genome(vault: Vault, genome_id: int) -> Changes:
    get_genome(vault, genome_id)
    with vault.transaction() as conn:
        set_active_in(conn, genome_id)
    return Changes(genome=True)


def remove_genome(vault: Vault, genome_id: int) -> Changes:
    """Delete a genome and all its rows; if it was active, the newest remaining one becomes so."""
    record = get_genome(vault, genome_id)
    with vault.transaction() as conn:
        conn.execute("DELETE FROM genome_columns WHERE genome_id = ?", (genome_id,))
        conn.execute("DELETE FROM genotype_flags WHERE genome_id = ?", (genome_id,))
        conn.execute("DELETE FROM reference_blocks WHERE genome_id = ?", (genome_id,))
        conn.execute("DELETE FROM genomes WHERE id = ?", (genome_id,))
        if record.active:
            newest = conn.execute("SELECT max(id) FROM genomes").fetchone()[0]
            if newest is not None:
                set_active_in(conn, int(newest))
    forget_columns(vault, genome_id)
    return Changes(genome=True)


# -- genotype_at ------------------------------------------------------------------------------


# From this many rsID questions on, `at_many` loads every chromosome at once: their answers
# lie anywhere in the genome.
PREFETCH_ALL = 100


class GenotypeReader:
    """Answers many `genotype_at` questions about one genome from its decoded columns (loaded
    once per unlocked session, see `columns.py`)."""

    def __init__(self, vault: Vault, genome: GenomeRecord) -> None:
        self._vault = vault
        self.genome = genome
        self._columns: GenomeColumns | None = None
        self._splits: dict[tuple[str, str], tuple[str, ...]] = {}

    @property
    def columns(self) -> GenomeColumns:
        if self._columns is None:
            from phr.genome.columns import genome_columns

            self._columns = genome_columns(self._vault.conn, self._vault.caches, self.genome.id)
        return self._columns

    def at(self, query: str | Locus) -> GenotypeAt:
        locus, label = self._locus(query)
        return self._answer(locus, label, self._find(locus))

    def at_many(self, queries: Sequence[str | Locus]) -> list[GenotypeAt]:
        """`at` for many queries, the same answers in the same order, with the searches done
        as a few numpy calls over all of them (`GenomeColumns.search_many`) instead of one
        call chain per query: what `phr lookup` and the genome page use."""
        placed = [self._locus(query) for query in queries]
        loci = [locus for locus, _label in placed]
        columns = self.columns
        ids = [locus.rsid for locus in loci if locus.rsid is not None]
        codes = {CHROM_CODE[locus.chrom] for locus in loci if locus.chrom is not None}
        # A row found by position is answered with its own ID, read from the rs and name
        # indexes too; anything not fetched here is loaded on first need.
        columns.prefetch(
            range(1, len(columns.counts)) if len(ids) >= PREFETCH_ALL else codes,
            rs_index=bool(ids or codes),
            names=bool(codes) or any(not rsid.startswith("rs") for rsid in ids),
        )
        hits = columns.search_many(loci, by_position=self.genome.build != Build.GRCH36)
        rows: list[GenotypeRow | None] = [None] * len(loci)
        single: list[int] = []  # one row found: no choosing, read with the others at once
        for index, (locus, (found, by_rsid)) in enumerate(zip(loci, hits, strict=True)):
            asked = locus.rsid if by_rsid else None
            if len(found) > 1:
                rows[index] = _best(columns, found, locus, asked)
            elif found:
                single.append(index)
        places = [(*hits[i][0][0], loci[i].rsid if hits[i][1] else None) for i in single]
        for index, got in zip(single, columns.rows_many(places), strict=True):
            rows[index] = got
        silent = [index for index, row in enumerate(rows) if row is None]
        statuses = dict(zip(silent, self._absent_statuses([loci[i] for i in silent]), strict=True))
        answers = []
        flags, split = columns.flags, self._split
        called, no_call = GenotypeStatus.CALLED, GenotypeStatus.NO_CALL
        for index, ((locus, label), row) in enumerate(zip(placed, rows, strict=True)):
            if row is None:
                status = statuses[index]
                answers.append(GenotypeAt(label, status, locus.rsid, locus.chrom, locus.pos))
                continue
            rsid, chrom, pos, ref, alt, alleles = row  # as `_answer`, positional: 5,000 of them
            alleles, phase = (None, None) if alleles is None else split_phase(alleles)
            answers.append(
                GenotypeAt(
                    label,
                    no_call if alleles is None else called,
                    rsid or locus.rsid,  # an ID-less VCF row found by position keeps the rsID
                    chrom,
                    pos,
                    None if alleles is None else split(alleles, "/"),
                    ref,
                    None if alt is None else split(alt, ","),
                    alleles is None and (chrom, pos) in flags,
                    phase,
                )
            )
        return answers

    def _locus(self, query: str | Locus) -> tuple[Locus, str]:
        if isinstance(query, str):
            plain_rsid = query.startswith("rs") and query.isascii() and query[2:].isdigit()
            locus = Locus(rsid=query) if plain_rsid else parse_locus(query)  # as parse_locus
            label = query
        else:
            locus, label = query, query.label
        if locus.pos is None and locus.rsid and self.genome.coverage != CoverageKind.ARRAY:
            # VCFs often carry no rsIDs (ID '.'): place a known rsID by its position instead.
            place = known_position(locus.rsid, self.genome.build)
            if place is not None:
                locus = Locus(rsid=locus.rsid, chrom=place[0], pos=place[1])
        return locus, label

    def _answer(self, locus: Locus, label: str, row: GenotypeRow | None) -> GenotypeAt:
        if row is not None:
            rsid, chrom, pos, ref, alt, alleles = row
            alleles, phase = (None, None) if alleles is None else split_phase(alleles)
            return GenotypeAt(
                query=label,
                status=GenotypeStatus.NO_CALL if alleles is None else GenotypeStatus.CALLED,
                # a VCF row without an ID found by the asked rsID's position keeps that rsID
                rsid=rsid or locus.rsid,
                chrom=chrom,
                pos=pos,
                alleles=None if alleles is None else self._split(alleles, "/"),
                ref=ref,
                alt=None if alt is None else self._split(alt, ","),
                discordant=alleles is None and (chrom, pos) in self.columns.flags,
                phase=phase,
            )
        return GenotypeAt(
            query=label,
            status=self._absent_status(locus),
            rsid=locus.rsid,
            chrom=locus.chrom,
            pos=locus.pos,
        )

    def _split(self, text: str, separator: str) -> tuple[str, ...]:
        """`tuple(text.split(separator))`, kept: a genome has a few dozen distinct texts."""
        key = (text, separator)
        found = self._splits.get(key)
        if found is None:
            found = self._splits[key] = tuple(text.split(separator))
        return found

    def _find(self, locus: Locus) -> GenotypeRow | None:
        columns = self.columns
        found: list[tuple[int, int]] = []
        if locus.chrom is not None and locus.pos is not None and self.genome.build != Build.GRCH36:
            found = columns.rows_at(locus.chrom, locus.pos)
        if found:
            return _best(columns, found, locus, None)
        if locus.rsid is not None:
            number = rs_number(locus.rsid)
            found = (
                columns.rows_named(locus.rsid) if number is None else columns.rows_with_rs(number)
            )
        return _best(columns, found, locus, locus.rsid) if found else None

    def _absent_statuses(self, loci: list[Locus]) -> list[GenotypeStatus]:
        """`_absent_status` of many loci; a whole-genome VCF's flanking test in one search per
        chromosome (`GenomeColumns.flanked_many`)."""
        if self.genome.coverage != CoverageKind.VARIANT_ONLY_VCF:
            return [self._absent_status(locus) for locus in loci]
        places = [
            (locus.chrom, locus.pos)
            for locus in loci
            if locus.chrom is not None and locus.pos is not None
        ]
        flanked = iter(self.columns.flanked_many(places, LOCAL_WINDOW))
        return [
            GenotypeStatus.ASSUMED_REFERENCE
            if locus.chrom is not None and locus.pos is not None and next(flanked)
            else GenotypeStatus.NOT_TESTED
            for locus in loci
        ]

    def _absent_status(self, locus: Locus) -> GenotypeStatus:
        """Why the genome holds nothing here; silence is evidence only with proof that the
        position was examined (CLINICAL.md rule 1, `coverage.py`)."""
        coverage = self.genome.coverage
        if locus.chrom is None or locus.pos is None:
            return GenotypeStatus.NOT_TESTED
        if coverage == CoverageKind.GVCF:
            # gVCF blocks do not overlap, so only the last block starting at or before the
            # position can hold it: one index seek instead of a scan of every earlier block.
            end = self._vault.scalar(
                "SELECT end FROM reference_blocks WHERE genome_id = ? AND chrom = ?"
                " AND start <= ? ORDER BY start DESC LIMIT 1",
                (self.genome.id, locus.chrom, locus.pos),
            )
            inside = end is not None and int(end) >= locus.pos
            return GenotypeStatus.REFERENCE_BLOCK if inside else GenotypeStatus.NOT_TESTED
        if coverage == CoverageKind.VARIANT_ONLY_VCF and self._flanked(locus.chrom, locus.pos):
            return GenotypeStatus.ASSUMED_REFERENCE
        return GenotypeStatus.NOT_TESTED

    def _flanked(self, chrom: str, pos: int) -> bool:
        """A record within LOCAL_WINDOW on each side: the position sits inside read sequence."""
        columns = self.columns
        return columns.any_between(chrom, pos - LOCAL_WINDOW, pos - 1) and columns.any_between(
            chrom, pos + 1, pos + LOCAL_WINDOW
        )


def _best(
    columns: GenomeColumns, found: list[tuple[int, int]], locus: Locus, asked: str | None
) -> GenotypeRow:
    """The row to answer with among those found (`asked`: the ID they were found by).

    Several rows can share a position (23andMe rsID + i-ID probes; a VCF SNP and an indel):
    prefer the asked-for rsID, then a called row."""
    rows = [columns.row(code, index, asked) for code, index in found]
    if len(rows) > 1:
        rows.sort(key=lambda r: (r[0] != locus.rsid, r[5] is None))
    return rows[0]


def genotype_rows(vault: Vault, genome_id: int) -> list[GenotypeRow]:
    """Every stored row of a genome in position order (tests, checks; small genomes)."""
    from phr.genome.columns import GenomeColumns

    return GenomeColumns.load(vault.conn, genome_id).all_rows()


def stored_row_count(vault: Vault, genome_id: int | None = None) -> int:
    """Rows stored for one genome, or for every genome in the vault."""
    from phr.genome.columns import GenomeColumns

    ids = [genome_id] if genome_id is not None else [g.id for g in list_genomes(vault)]
    return sum(int(GenomeColumns.load(vault.conn, gid).counts.sum()) for gid in ids)


def warm_active_genome(vault: Vault) -> bool:
    """Decode the active genome's columns now (the UI calls this in the background after
    unlock), so the first interpretation does not wait. False when there is no genome."""
    genome = active_genome(vault)
    if genome is None:
        return False
    from phr.genome.columns import genome_columns

    genome_columns(vault.conn, vault.caches, genome.id).warm()
    return True


def genotype_at(vault: Vault, genome: GenomeRecord, query: str | Locus) -> GenotypeAt:
    """What `genome` says at an rsID, a `CHROM:POS`, or a `Locus` (see GenotypeStatus)."""
    return GenotypeReader(vault, genome).at(query)
