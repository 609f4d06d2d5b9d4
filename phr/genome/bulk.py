"""Writing millions of genotypes into the encrypted vault quickly, as columns.

The writer encodes each batch at once into compact columns (position, genotype code, rs
number, name code, and for VCFs REF/ALT codes; see `columns.py`) and keeps them per chromosome
in memory, each in the smallest integer type that holds it: 10-16 bytes a row, so a
4.6M-record VCF holds ~60 MB before the end. `flush()`
sorts each chromosome by position (stable: rows sharing a position keep the file's order, which
duplicates and look-ups rely on) and writes a few compressed blobs per chromosome. The
importer settles duplicates (`duplicates.py`) and collapses hemizygous calls on these arrays
before the flush, so nothing is written twice.

The batches need not be sorted or grouped by chromosome (AncestryDNA lists the X PAR after
Y). A writer opened on a genome that already has columns appends to them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from phr.errors import MalformedFile
from phr.genome.columns import (
    ChromRows,
    GenomeColumns,
    check_one_position_runs,
    encode,
    id_columns,
    narrow,
    store_genome_columns,
)
from phr.genome.formats.base import Batch, Coded, SplitIds
from phr.genome.layout import CHROM_NAME, MAX_GENOME_ID, MAX_POS, SITE_CHROM_SHIFT, check_sites
from phr.vault.vault import Connection


class GenotypeWriter:
    """Collects one genome's rows as columns; `flush()` stores them (inside the caller's
    transaction)."""

    def __init__(self, conn: Connection, genome_id: int) -> None:
        if not 0 < genome_id <= MAX_GENOME_ID:
            raise MalformedFile(f"Genome id {genome_id} is outside what the vault can key.")
        self.conn = conn
        self.genome_id = genome_id
        self.genotypes: dict[str, int] = {}
        self.alleles: dict[str, int] = {}
        self.names: dict[str, int] = {}
        self._parts: dict[int, list[ChromRows]] = {}
        self.chroms: dict[int, ChromRows] = {}  # after `settle_order`: one sorted block each
        self.flags: list[tuple[str, int]] = []  # discordant sites (chrom, pos)
        self._load_existing()

    def _load_existing(self) -> None:
        stored = GenomeColumns.load(self.conn, self.genome_id)
        if not stored.counts.any():
            return
        self.genotypes = {text: code + 1 for code, text in enumerate(stored.genotypes)}
        self.alleles = {text: code + 1 for code, text in enumerate(stored.alleles)}
        for code in range(1, len(stored.counts)):
            columns = stored.chrom(code)
            if columns is None:
                continue
            rs, named = stored.ids_of(code)
            name = np.zeros(len(columns.pos), dtype=np.uint32)
            if named:
                rows = np.fromiter(named, dtype=np.int64, count=len(named))
                name[rows] = encode(list(named.values()), self.names)
            self._parts[code] = [
                ChromRows(
                    columns.pos.astype(np.uint32),
                    columns.gt.astype(np.uint32),
                    rs,
                    name,
                    None if columns.ref is None else columns.ref.astype(np.uint32),
                    None if columns.alt is None else columns.alt.astype(np.uint32),
                )
            ]

    def write(
        self,
        sites: np.ndarray,
        ids: np.ndarray | Sequence[Any] | SplitIds,
        alleles: np.ndarray | Sequence[Any] | Coded,
        ref: np.ndarray | Sequence[Any] | Coded | None = None,
        alt: np.ndarray | Sequence[Any] | Coded | None = None,
        rs: np.ndarray | None = None,
    ) -> None:
        """Rows as columns: `sites` int64 (chrom_code << 28 | pos), `ids` IDs or None/"",
        alleles ('/'-joined sorted; "" or None for a no-call), and for VCFs ref and alt ("" for
        none). Lists, object arrays, fixed-width str or bytes arrays and the VCF text path's
        `SplitIds` / `Coded` columns are all accepted. With `rs` (rs numbers, 0 for none) `ids` is
        read only where rs is 0 (the array reader's hand-over, `Batch`)."""
        sites = np.asarray(sites, dtype=np.int64)
        n = len(sites)
        if n == 0:
            return
        for column in (ids, alleles, ref, alt):
            if column is not None and len(column) != n:
                raise ValueError("genotype columns of different lengths")
        check_sites(sites)
        # Each column in the smallest type that holds it (a VCF without IDs keeps one byte a
        # row for them): the writer holds the whole genome until `flush`.
        if rs is None:
            rs, names = id_columns(ids, self.names)
        else:
            names = np.zeros(n, dtype=np.uint32)
            other = np.flatnonzero(rs == 0)
            if len(other):
                names[other] = encode(np.asarray(ids)[other], self.names)
        rows = ChromRows(
            (sites & MAX_POS).astype(np.uint32),
            narrow(encode(alleles, self.genotypes)),
            narrow(rs),
            narrow(names),
        )
        if ref is not None:
            rows.ref = narrow(encode(ref, self.alleles))
            rows.alt = (
                narrow(encode(alt, self.alleles)) if alt is not None else np.zeros(n, np.uint8)
            )
        codes = sites >> SITE_CHROM_SHIFT
        if n > 1 and bool(np.any(codes[1:] != codes[:-1])):
            if bool(np.any(codes[1:] < codes[:-1])):
                order = np.argsort(codes, kind="stable")
                rows, codes = rows.take(order), codes[order]
            cuts = [0, *(np.flatnonzero(codes[1:] != codes[:-1]) + 1).tolist(), n]
        else:
            cuts = [0, n]
        for start, end in itertools.pairwise(cuts):
            part = rows.take(slice(start, end)) if (start, end) != (0, n) else rows
            self._parts.setdefault(int(codes[start]), []).append(part)

    def settle_order(self) -> None:
        """Join each chromosome's parts and sort them by position (stable)."""
        for code, parts in self._parts.items():
            rows = parts[0] if len(parts) == 1 else ChromRows.join(parts)
            if len(rows) > 1 and bool(np.any(rows.pos[1:] < rows.pos[:-1])):
                rows = rows.take(np.argsort(rows.pos, kind="stable"))
            check_one_position_runs(rows.pos)
            self.chroms[code] = rows
        self._parts = {}

    def flush(self) -> None:
        """Store the genome's columns and its discordant flags."""
        self.settle_order()
        store_genome_columns(
            self.conn, self.genome_id, self.chroms, self.genotypes, self.alleles, self.names
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO genotype_flags (genome_id, chrom, pos, flag)"
            " VALUES (?, ?, ?, 'discordant')",
            ((self.genome_id, chrom, pos) for chrom, pos in self.flags),
        )
        self._parts = {code: [rows] for code, rows in self.chroms.items()}
        self.chroms = {}
        self.flags = []

    def collapse_hemizygous(self, build_pars: list[tuple[int, int]] | None) -> None:
        """One copy, one allele: 'A/A' becomes 'A' on MT always, and, when `build_pars` is
        given (a male: the X pseudo-autosomal regions of the build), on Y and on X outside
        those regions. Call after `settle_order`."""
        lookup = np.arange(len(self.genotypes) + 1, dtype=np.uint32)
        for text, code in list(self.genotypes.items()):
            cut = text.find("/")
            if cut > 0 and text[:cut] == text[cut + 1 :]:
                single = text[:cut]
                lookup[code] = self.genotypes.setdefault(single, len(self.genotypes) + 1)
        for name in ("MT", "Y", "X"):
            rows = self.chroms.get(_code(name))
            if rows is None or (name != "MT" and build_pars is None):
                continue
            where = np.ones(len(rows), dtype=bool)
            if name == "X" and build_pars is not None:
                for start, end in build_pars:
                    where &= (rows.pos < start) | (rows.pos > end)
            rows.gt = np.where(where, lookup[rows.gt], rows.gt).astype(np.uint32)


def _code(name: str) -> int:
    return next(code for code, chrom in CHROM_NAME.items() if chrom == name)


def write_batch(writer: GenotypeWriter, batch: Batch) -> None:
    """Collect a reader's batch of genotype rows (reference blocks are written by the caller)."""
    if batch.sites is not None:
        writer.write(batch.sites, batch.ids, batch.alleles, batch.ref, batch.alt, batch.rs)
