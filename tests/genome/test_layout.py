"""The genotype store: ID columns, and the writer over unsorted batches and every input type."""

from __future__ import annotations

import numpy as np
import pytest

from phr.errors import MalformedFile
from phr.genome.bulk import GenotypeWriter
from phr.genome.columns import _rs_sorted, id_columns
from phr.genome.formats.base import Coded, SplitIds
from phr.genome.layout import MAX_DUP, rs_number, site_of
from phr.genome.model import Build, CoverageKind
from phr.genome.store import (
    NewGenome,
    genotype_at,
    genotype_rows,
    get_genome,
    insert_genome,
    store_genome,
)
from phr.vault import Vault

IDS = ["rs1", "rs012", "i123", "rs123456789012345678", "rs1234567890123456789", "rsx1",
       "rs12a", None, "RS5", "rs9 ", "rs0", "rs", "rs77"]  # fmt: skip


def test_vectorised_split_matches_the_scalar_rule() -> None:
    table: dict[str, int] = {}
    rs, codes = id_columns(np.array(IDS, dtype=object), table)
    names = {code: name for name, code in table.items()}
    for raw, number, code in zip(IDS, rs.tolist(), codes.tolist(), strict=True):
        expected = rs_number(raw)
        assert number == (expected or 0)
        assert names.get(code, "") == ("" if expected is not None or raw is None else raw)
    assert rs_number("rs012") is None  # leading zero: kept as text so it reads back the same


def test_non_ascii_ids_take_the_plain_path() -> None:
    table: dict[str, int] = {}
    rs, codes = id_columns(np.array(["rs5", "é1"], dtype=object), table)
    assert rs.tolist() == [5, 0] and codes.tolist() == [0, table["é1"]]


def _genome(vault: Vault) -> int:
    genome = NewGenome("Test", Build.GRCH37, CoverageKind.ARRAY, "t.txt", "0" * 64)
    with vault.transaction() as conn:
        return insert_genome(conn, genome)


def test_unsorted_batches_and_shared_positions_all_read_back(vault: Vault) -> None:
    gid = _genome(vault)
    with vault.transaction() as conn:
        writer = GenotypeWriter(conn, gid)
        # batch 1 sorted; batch 2 continues the last position, then goes back into chr1
        writer.write(
            np.array([site_of("1", 100), site_of("1", 200), site_of("2", 50)]),
            np.array(["rs1", "i2", "rs3"], dtype=object),
            ["A/G", "", "C/C"],
        )
        writer.write(
            np.array([site_of("2", 50), site_of("1", 150), site_of("1", 100)]),
            np.array(["rs4", "rs5", "i6"], dtype=object),
            ["T/T", "G/G", "A/A"],
        )
        writer.flush()
    rows = [(r[0], r[1], r[2], r[5]) for r in genotype_rows(vault, gid)]
    assert sorted(rows, key=str) == sorted(
        [
            ("rs1", "1", 100, "A/G"),
            ("i6", "1", 100, "A/A"),
            ("rs5", "1", 150, "G/G"),
            ("i2", "1", 200, None),
            ("rs3", "2", 50, "C/C"),
            ("rs4", "2", 50, "T/T"),
        ],
        key=str,
    )
    genome = get_genome(vault, gid)
    assert genotype_at(vault, genome, "rs5").alleles == ("G", "G")
    assert genotype_at(vault, genome, "i6").pos == 100
    assert genotype_at(vault, genome, "2:50").rsid in {"rs3", "rs4"}
    assert genotype_at(vault, genome, "i2").status == "no_call"


def test_too_many_records_at_one_position_is_a_clear_error(vault: Vault) -> None:
    gid = _genome(vault)
    n = MAX_DUP + 2
    with pytest.raises(MalformedFile, match="one position"), vault.transaction() as conn:
        writer = GenotypeWriter(conn, gid)
        writer.write(
            np.full(n, site_of("3", 10), dtype=np.int64), np.full(n, None, dtype=object), ["A"] * n
        )
        writer.flush()
    assert vault.scalar("SELECT count(*) FROM genome_columns") == 0


def test_store_genome_round_trips_public_rows(vault: Vault) -> None:
    genome = NewGenome("VCF", Build.GRCH38, CoverageKind.VARIANT_ONLY_VCF, "v.vcf", "1" * 64)
    rows = [
        (None, "X", 5_000_000, "A", "G", "G"),
        ("rs7", "MT", 73, "A", "G,T", "G/T"),
        ("weird id", "22", 1, "C", None, None),
    ]
    gid = store_genome(vault, genome, rows)
    stored = genotype_rows(vault, gid)
    assert sorted(stored, key=str) == sorted(rows, key=str)


@pytest.mark.parametrize("kind", ["list", "object", "str", "bytes", "coded"])
def test_the_writer_takes_lists_and_numpy_arrays_alike(vault: Vault, kind: str) -> None:
    """Fast parsers hand fixed-width numpy arrays; the reading must not depend on the type."""
    ids = ["rs10", "i55", "", "rs012"]
    calls = ["A/G", "", "C/C", "T"]
    ref = ["A", "AT", "C", "T"]
    alt = ["G", "A", "", "C,G"]

    def shaped(values: list[str]) -> object:
        if kind == "list":
            return values
        if kind == "object":
            return np.array(values, dtype=object)
        if kind == "str":
            return np.array(values)
        if kind == "coded":  # the VCF text path: distinct values (one listed twice) + indexes
            return Coded(np.array([4, 0, 2, 3]), [values[1], *values[1:], values[0]])
        return np.array([v.encode() for v in values])

    def id_column(values: list[str]) -> object:
        if kind != "coded":
            return shaped(values)
        return SplitIds(np.array([10, 0, 0, 0]), np.array([3, 1]), ["rs012", "i55"])

    gid = _genome(vault)
    sites = np.array([site_of("1", p) for p in (5, 9, 9, 20)], dtype=np.int64)
    with vault.transaction() as conn:
        writer = GenotypeWriter(conn, gid)
        writer.write(sites, id_column(ids), shaped(calls), shaped(ref), shaped(alt))
        writer.flush()
    assert genotype_rows(vault, gid) == [
        ("rs10", "1", 5, "A", "G", "A/G"),
        ("i55", "1", 9, "AT", "A", None),
        (None, "1", 9, "C", None, "C/C"),
        ("rs012", "1", 20, "T", "C,G", "T"),
    ]


def test_a_second_writer_appends_to_stored_columns(vault: Vault) -> None:
    gid = _genome(vault)
    for site, rsid in ((site_of("2", 7), "rs2"), (site_of("1", 3), "rs1")):
        with vault.transaction() as conn:
            writer = GenotypeWriter(conn, gid)
            writer.write(np.array([site]), np.array([rsid], dtype=object), ["A/T"])
            writer.flush()
    assert [r[0] for r in genotype_rows(vault, gid)] == ["rs1", "rs2"]
    assert genotype_at(vault, get_genome(vault, gid), "rs2").pos == 7


@pytest.mark.parametrize("top", [10**9, 2**62])  # packed sort keys, and the argsort beyond them
def test_the_rs_index_sorts_like_a_stable_argsort(top: int) -> None:
    rng = np.random.default_rng(3)
    every = np.where(rng.random(5000) < 0.5, rng.integers(1, 50, 5000), 0)  # many repeats
    every[::7] = rng.integers(1, top, len(every[::7]))
    order = np.argsort(every, kind="stable")
    order = order[every[order] > 0]
    ranked, rows = _rs_sorted(every)
    assert rows.tolist() == order.tolist() and ranked.tolist() == every[order].tolist()
