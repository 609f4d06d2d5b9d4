"""What every genome format module provides, and what a reader reports while it reads.

A format module sniffs a file from its first decompressed bytes (never its name) and, if it
claims the file, reads it in chunks. Readers do not touch the vault: they yield `Batch`es of
rows and fill an `ImportStats` with counts and the evidence (marker positions, X-chromosome
calls) from which the importer decides the build and the sex at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from phr.genome.build import BuildEvidence
from phr.genome.model import CoverageKind
from phr.genome.sex import SexEvidence
from phr.genome.source import GenomeSource
from phr.progress import CancelToken


@dataclass(frozen=True)
class Head:
    """The first decompressed bytes of a file, decoded leniently for sniffing."""

    source: GenomeSource
    raw: bytes

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r", "")

    @property
    def lines(self) -> list[str]:
        lines = self.text.split("\n")
        return lines[:-1] if len(self.raw) >= 4096 and len(lines) > 1 else lines

    @property
    def looks_binary(self) -> bool:
        sample = self.raw[:4096]
        if b"\x00" in sample:
            return True
        printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in sample)
        return printable < 0.9 * len(sample)


@dataclass
class ImportStats:
    """Counts and evidence gathered while reading; becomes the genome row's summary."""

    vendor: str
    coverage: CoverageKind
    format_version: str | None = None
    header_build: str | None = None
    sample: str | None = None
    called: int = 0
    no_calls: int = 0
    indels: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    build: BuildEvidence = field(default_factory=BuildEvidence)
    sex: SexEvidence = field(default_factory=SexEvidence)


@dataclass(frozen=True)
class Coded:
    """A column of few distinct strings as `values` plus each row's index into them
    (`values[codes[i]]`; a value may be listed twice). A reader that has grouped its rows
    already (the VCF text path groups REF/ALT/GT) hands them over this way, so neither it nor
    the writer makes a Python object per row."""

    codes: np.ndarray  # integer, one per row
    values: list[str]

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def tolist(self) -> list[str]:
        values = self.values
        return [values[code] for code in self.codes.tolist()]


@dataclass(frozen=True)
class SplitIds:
    """IDs already read as the writer stores them: each row's rs number (`rsN` as N under the
    rule of `layout.rs_number`; 0 for none) and, for the rows whose ID is something else,
    that ID's text. No ID at all is neither."""

    rs: np.ndarray  # int64, one per row
    rows: np.ndarray  # int64: the rows with another ID
    names: list[str]  # their IDs

    def __len__(self) -> int:
        return len(self.rs)

    def __iter__(self) -> Iterator[str | None]:
        return iter(self.tolist())

    def tolist(self) -> list[str | None]:
        ids: list[str | None] = [f"rs{n}" if n else None for n in self.rs.tolist()]
        for row, name in zip(self.rows.tolist(), self.names, strict=True):
            ids[row] = name
        return ids


@dataclass
class Batch:
    """Rows ready for the vault, as columns (so the writer needs no per-row Python).

    `sites` is int64 `chrom_code << 28 | pos` (see `layout.py`), `ids` an object array of
    IDs (str or None), `alleles` '/'-joined sorted alleles or "" (no-call); the array reader
    gives both as fixed-width ASCII bytes arrays (`S`) instead, and the VCF text reader gives
    `SplitIds` and `Coded` columns, making no Python object per row; `ref` and `alt`
    ("" for no ALT) only for VCFs; empty strings rather than None because binding None costs
    far more. `blocks` are gVCF reference blocks (chrom, start, end).
    """

    sites: np.ndarray | None = None
    ids: np.ndarray | SplitIds = field(default_factory=lambda: np.empty(0, dtype=object))
    alleles: Sequence[str] | np.ndarray | Coded = ()
    ref: Sequence[str] | Coded | None = None
    alt: Sequence[str] | Coded | None = None
    blocks: list[tuple[str, int, int]] = field(default_factory=list)
    done: int = 0  # progress units reached after this batch
    total: int = 0


@dataclass(frozen=True)
class ReadOptions:
    sample: str | None = None
    cancel: CancelToken | None = None


class GenomeFormat(Protocol):
    """One vendor family's parser. `vendor` is what `genomes.vendor` records."""

    vendor: str
    label: str

    def sniff(self, head: Head) -> bool:
        """True if this module reads the file (decided from content only)."""
        ...

    def read(self, head: Head, options: ReadOptions, stats: ImportStats) -> Iterator[Batch]:
        """Yield the file's rows in batches, filling `stats` as it goes."""
        ...
