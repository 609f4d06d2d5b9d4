"""Writing millions of genotype rows into the encrypted vault quickly.

Rows are keyed by position (see `layout.py`): a position-sorted batch becomes keys in rising
order and is appended with multi-row `INSERT ... VALUES` statements of 250 rows (binding
many rows per statement was 4x faster than one row per `executemany` call). Rows that could
collide with keys already written (a file that is not sorted by position, AncestryDNA's X PAR
block after Y) take a slow path that asks the vault for the next free key at each position.
The rsID indexes are dropped for a big import and rebuilt once at the end, inside the same
transaction (a rollback restores them): building an index from sorted data beats updating it
row by row.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from phr.errors import MalformedFile
from phr.genome.formats.base import Batch
from phr.genome.layout import (
    GENOME_SHIFT,
    MAX_DUP,
    MAX_GENOME_ID,
    POS_SHIFT,
    SITE_CHROM_SHIFT,
    check_sites,
    keys_for,
    split_ids,
)
from phr.vault.vault import Connection

ROWS_PER_STATEMENT = 250
_INSERT = "INSERT INTO genotype_calls (key, rs, name, ref, alt, alleles) VALUES "


class GenotypeWriter:
    """Appends one genome's rows, remembering the highest key written on each chromosome."""

    def __init__(self, conn: Connection, genome_id: int) -> None:
        if not 0 < genome_id <= MAX_GENOME_ID:
            raise MalformedFile(f"Genome id {genome_id} is outside what the vault can key.")
        self.conn = conn
        self.genome_id = genome_id
        self._highest: dict[int, int] = {}  # chromosome code -> highest key written
        # Sites where one ID may have been written twice (`duplicates.py` looks at them at
        # the end): same site and ID within a batch, or a site continued across writes.
        self.repeated_sites: set[int] = set()

    def write(
        self,
        sites: np.ndarray,
        ids: np.ndarray,
        alleles: Sequence[str],
        ref: Sequence[str] | None = None,
        alt: Sequence[str] | None = None,
    ) -> None:
        """Rows as columns: `sites` int64 (chrom_code << 28 | pos), `ids` an object array of
        IDs or None, alleles ("" for a no-call), and for VCFs ref and alt ("" for none).
        Empty strings are stored as NULL."""
        n = len(sites)
        if n == 0:
            return
        check_sites(sites)
        columns: list[Sequence[object]] = [alleles] if ref is None else [ref, alt or [], alleles]
        if n > 1 and bool(np.any(sites[1:] < sites[:-1])):
            order = np.argsort(sites, kind="stable")
            sites, ids = sites[order], ids[order]
            columns = [np.asarray(c, dtype=object)[order].tolist() for c in columns]
        keys, dup = keys_for(self.genome_id, sites)
        if n > 1:
            self._note_repeats(sites, ids)
        fast = self._claim(sites, keys, dup)
        rs, names = split_ids(ids)
        width = 3 + len(columns)
        if fast.all():
            self._append(keys.tolist(), rs, names, columns, width)
            return
        keep = np.flatnonzero(fast).tolist()
        slow = np.flatnonzero(~fast).tolist()
        key_list = keys.tolist()
        pick = [[c[i] for i in keep] for c in columns]
        self._append([key_list[i] for i in keep], [rs[i] for i in keep],
                     [names[i] for i in keep], pick, width)  # fmt: skip
        for i in slow:
            self._insert_one(int(sites[i]), rs[i], names[i], [c[i] for c in columns])

    def _note_repeats(self, sites: np.ndarray, ids: np.ndarray) -> None:
        """Sorted sites: only rows sharing a site with a neighbour are looked at in Python
        (23andMe's rsID + i-ID pairs, a few percent of a file), and a site is noted only if
        one ID repeats there."""
        same = np.flatnonzero(sites[1:] == sites[:-1])
        if not len(same):
            return
        rows_at: dict[int, set[int]] = {}  # site -> rows there
        site_list = sites.tolist()
        for index in same.tolist():
            rows_at.setdefault(site_list[index], set()).update((index, index + 1))
        for site, rows in rows_at.items():
            names = [ids[row] for row in rows]
            if len(set(names)) < len(names):
                self.repeated_sites.add(site)

    def _claim(self, sites: np.ndarray, keys: np.ndarray, dup: np.ndarray) -> np.ndarray:
        """Mark the rows whose keys cannot collide with rows written before (the fast path),
        shifting a leading run that continues the last position written."""
        n = len(sites)
        fast = np.ones(n, dtype=bool)
        chrom = sites >> SITE_CHROM_SHIFT
        cuts = [0, *(np.flatnonzero(chrom[1:] != chrom[:-1]) + 1).tolist(), n]
        for start, end in itertools.pairwise(cuts):
            code = int(chrom[start])
            highest = self._highest.get(code)
            if highest is not None:
                if keys[start] >> POS_SHIFT == highest >> POS_SHIFT:
                    self.repeated_sites.add(int(sites[start]))
                    other = np.flatnonzero(sites[start:end] != sites[start])
                    same = int(other[0]) if len(other) else end - start
                    shift = (highest & MAX_DUP) + 1
                    keys[start : start + same] += shift
                    dup[start : start + same] += shift
                elif keys[start] < highest:
                    fast[start:end] = False
                    continue
            if int(dup[start:end].max()) > MAX_DUP:
                raise _too_many_at_one_position()
            self._highest[code] = int(keys[end - 1])
        return fast

    def _append(
        self,
        keys: list[int],
        rs: list[int],
        names: list[str],
        columns: list[list[object]] | list[Sequence[object]],
        width: int,
    ) -> None:
        rows = len(keys)
        if not rows:
            return
        # Columns in table order (key, rs, name, ref, alt, alleles); a column that is empty in
        # the whole batch (no IDs in a WGS VCF, no ref/alt for arrays) is written as a NULL
        # literal instead of being bound row by row.
        given: list[Sequence[object]] = [rs, names, *columns]
        if width == 4:
            given = [rs, names, [], [], columns[0]]
        bound: list[Sequence[object]] = [keys]
        parts = ["?"]
        for column in given:
            if any(column):
                bound.append(column if isinstance(column, list) else list(column))
                parts.append("nullif(?,0)" if column is rs else "nullif(?,'')")
            else:
                parts.append("NULL")
        width = len(bound)
        flat: list[object] = [None] * (rows * width)
        for offset, column in enumerate(bound):
            flat[offset::width] = column
        row_sql = "(" + ",".join(parts) + ")"
        full = rows - rows % ROWS_PER_STATEMENT
        if full:
            step = ROWS_PER_STATEMENT * width
            statement = _INSERT + ",".join([row_sql] * ROWS_PER_STATEMENT)
            self.conn.executemany(
                statement, (flat[i : i + step] for i in range(0, full * width, step))
            )
        if rows > full:
            self.conn.execute(_INSERT + ",".join([row_sql] * (rows - full)), flat[full * width :])

    def _insert_one(self, site: int, rs: int, name: str, values: list[object]) -> None:
        base = self.genome_id << GENOME_SHIFT | site << POS_SHIFT
        top = self.conn.execute(
            "SELECT max(key) FROM genotype_calls WHERE key BETWEEN ? AND ?", (base, base + MAX_DUP)
        ).fetchone()[0]
        key = base if top is None else int(top) + 1
        if top is not None:
            self.repeated_sites.add(site)
        if key > base + MAX_DUP:
            raise _too_many_at_one_position()
        ref, alt, alleles = values if len(values) == 3 else (None, None, values[0])
        self.conn.execute(
            "INSERT INTO genotype_calls (key, rs, name, ref, alt, alleles) VALUES (?,?,?,?,?,?)",
            (key, rs or None, name or None, ref or None, alt or None, alleles or None),
        )
        code = site >> SITE_CHROM_SHIFT
        self._highest[code] = max(self._highest.get(code, key), key)


def _too_many_at_one_position() -> MalformedFile:
    return MalformedFile(
        f"The file lists more than {MAX_DUP + 1} records at one position; PHR cannot store it."
    )


def write_batch(writer: GenotypeWriter, batch: Batch) -> None:
    """Store a reader's batch of genotype rows (reference blocks are written by the caller)."""
    if batch.sites is not None:
        ids, alleles = batch.ids, batch.alleles
        # The array reader's IDs and alleles come as fixed-width ASCII bytes (`S`); this row
        # writer binds str objects.
        if ids.dtype.kind == "S":
            ids = ids.astype(str).astype(object)
        if isinstance(alleles, np.ndarray):
            alleles = alleles.astype(str).tolist()
        writer.write(batch.sites, ids, alleles, batch.ref, batch.alt)


def drop_genotype_indexes(conn: Connection) -> list[str]:
    """Drop the genotype ID indexes and return the SQL that recreates them."""
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
        " AND tbl_name = 'genotype_calls' AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _name, sql in found]


def recreate_indexes(conn: Connection, statements: list[str]) -> None:
    for sql in statements:
        conn.execute(sql)
