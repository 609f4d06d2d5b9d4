"""Helpers for the genome tests: fixture paths and a vault fingerprint for "unchanged" checks."""

from __future__ import annotations

import hashlib
from pathlib import Path

from phr.genome.importer import ImportResult, import_genome
from phr.genome.model import GenotypeAt
from phr.genome.store import genotype_at
from phr.vault import Vault

DATA = Path(__file__).resolve().parents[1] / "data"


def fixture(*parts: str) -> Path:
    return DATA.joinpath(*parts)


def load(vault: Vault, *parts: str, sample: str | None = None) -> ImportResult:
    return import_genome(vault, fixture(*parts), sample=sample)


def at(vault: Vault, result: ImportResult, query: str) -> GenotypeAt:
    return genotype_at(vault, result.genome, query)


def alleles(vault: Vault, result: ImportResult, query: str) -> tuple[str, ...] | None:
    return at(vault, result, query).alleles


def fingerprint(vault: Vault) -> tuple[str, tuple[int, ...]]:
    """The vault file's bytes and the genome tables' row counts."""
    digest = hashlib.sha256(Path(vault.path).read_bytes()).hexdigest()
    counts = tuple(
        int(vault.scalar(f"SELECT count(*) FROM {table}"))
        for table in ("genomes", "genome_columns", "reference_blocks")
    )
    return digest, counts
