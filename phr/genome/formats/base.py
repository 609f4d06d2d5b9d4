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
    """A column as codes into a short list of its distinct values (`values[code]`).

    The array reader knows each row's genotype as an index into its own table of a few dozen
    spellings; handing those indexes over lets the writer map each distinct value once
    instead of hashing or sorting 700k strings again."""

    codes: np.ndarray  # non-negative integers
    values: Sequence[str]

    def __len__(self) -> int:
        return len(self.codes)

    def texts(self) -> list[str]:
        """The column spelled out (tests, checks)."""
        values = list(self.values)
        return [values[code] for code in self.codes.tolist()]


@dataclass
class Batch:
    """Rows ready for the vault, as columns (so the writer needs no per-row Python).

    `sites` is int64 `chrom_code << 28 | pos` (see `layout.py`), `ids` an object array of
    IDs (str or None), `alleles` '/'-joined sorted alleles or "" (no-call); `ref` and `alt`
    ("" for no ALT) only for VCFs; empty strings rather than None because binding None costs
    far more. `blocks` are gVCF reference blocks (chrom, start, end).

    The array reader makes no Python object per row: it hands over `rs`, each row's rs
    number (N of an ID `rs<N>`, by the rule of `layout.rs_number`; 0 where the ID is
    something else), with `ids` a fixed-width bytes array (`S`) holding only the other IDs
    (b"" on rs rows), and `alleles` as `Coded` genotypes.
    """

    sites: np.ndarray | None = None
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    alleles: Sequence[str] | np.ndarray | Coded = ()
    ref: Sequence[str] | None = None
    alt: Sequence[str] | None = None
    blocks: list[tuple[str, int, int]] = field(default_factory=list)
    done: int = 0  # progress units reached after this batch
    total: int = 0
    rs: np.ndarray | None = None

    def id_texts(self) -> list[str | None]:
        """Every row's ID as text, whichever way the reader handed them over (tests)."""
        ids = self.ids.astype(str).tolist() if self.ids.dtype.kind == "S" else list(self.ids)
        if self.rs is None:
            return ids
        return [f"rs{n}" if n else i for n, i in zip(self.rs.tolist(), ids, strict=True)]

    def allele_texts(self) -> list[str]:
        """Every row's genotype as text (tests)."""
        if isinstance(self.alleles, Coded):
            return self.alleles.texts()
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
