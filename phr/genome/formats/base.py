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
    (`values[codes[i]]`; a value may be listed twice). Both bulk readers group their rows
    already (the array reader's few dozen genotype spellings, the VCF text path's REF/ALT/GT)
    and hand them over this way, so neither they nor the writer make a Python object per row
    or hash 700k strings again: the writer maps each distinct value once."""

    codes: np.ndarray  # non-negative integers, one per row
    values: Sequence[str]

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def tolist(self) -> list[str]:
        values = list(self.values)
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
    IDs (str or None), `alleles` '/'-joined sorted alleles or "" (no-call); `ref` and `alt`
    ("" for no ALT) only for VCFs; empty strings rather than None because binding None costs
    far more. `blocks` are gVCF reference blocks (chrom, start, end).

    The bulk readers make no Python object per row. The array reader hands over `rs`, each
    row's rs number (N of an ID `rs<N>`, by the rule of `layout.rs_number`; 0 where the ID is
    something else), with `ids` a fixed-width bytes array (`S`) holding only the other IDs
    (b"" on rs rows), and `alleles` as `Coded` genotypes. The VCF text reader hands over
    `SplitIds` and `Coded` REF, ALT and genotypes.
    """

    sites: np.ndarray | None = None
    ids: np.ndarray | SplitIds = field(default_factory=lambda: np.empty(0, dtype=object))
    alleles: Sequence[str] | np.ndarray | Coded = ()
    ref: Sequence[str] | Coded | None = None
    alt: Sequence[str] | Coded | None = None
    blocks: list[tuple[str, int, int]] = field(default_factory=list)
    done: int = 0  # progress units reached after this batch
    total: int = 0
    rs: np.ndarray | None = None

    def id_texts(self) -> list[str | None]:
        """Every row's ID as text, whichever way the reader handed them over (tests)."""
        if isinstance(self.ids, SplitIds):
            return self.ids.tolist()
        ids = self.ids.astype(str).tolist() if self.ids.dtype.kind == "S" else list(self.ids)
        if self.rs is None:
            return ids
        return [f"rs{n}" if n else i for n, i in zip(self.rs.tolist(), ids, strict=True)]

    def allele_texts(self) -> list[str]:
        """Every row's genotype as text (tests)."""
        if isinstance(self.alleles, Coded):
            return self.alleles.tolist()
        if isinstance(self.alleles, np.ndarray):
            return [a.decode() if isinstance(a, bytes) else a for a in self.alleles.tolist()]
        return list(self.alleles)


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
