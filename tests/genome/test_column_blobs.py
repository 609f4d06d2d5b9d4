"""The columnar store's encodings (`columns.py`): blobs read back exactly, whatever mix of
compressed and stored planes the writer chose, the rsID index keeps genome order, and IDs
that are not rs numbers are found whole."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from phr.genome.columns import (
    _rs_sorted,
    pack_array,
    pack_strings,
    unpack_array,
    unpack_string_array,
)
from phr.genome.model import Build, CoverageKind, Locus
from phr.genome.store import GenotypeReader, GenotypeRow, NewGenome, get_genome, store_genome
from phr.vault import Vault


@pytest.mark.parametrize("seed", range(6))
def test_every_array_reads_back_exactly_from_its_blob(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.choice([0, 1, 7, 4095, 4096, 70_000]))
    arrays = [
        rng.integers(0, 4, n).astype(np.uint8),  # genotype codes: compressed
        rng.integers(0, 256, n).astype(np.uint8),  # random bytes: stored
        np.cumsum(rng.integers(0, 9000, n)).astype(np.uint32),  # positions: both kinds
        rng.integers(0, 2**16, n).astype(np.uint16),
        rng.integers(-(2**62), 2**62, n),
        np.zeros(n, dtype=np.uint32),
    ]
    for array in arrays:
        blob = pack_array(array)
        back = unpack_array(blob)
        assert back.dtype == array.dtype
        assert np.array_equal(back, array)


def test_a_blob_is_one_plain_zlib_stream_after_its_type_tag() -> None:
    """Vaults written before planes were stored apart read the same way: tag + zlib."""
    rng = np.random.default_rng(1)
    array = rng.integers(0, 2**32, 20_000, dtype=np.uint64).astype(np.uint32)
    blob = pack_array(array)
    assert blob[:4] == b"<u4 "
    planes = zlib.decompress(blob[4:])
    assert planes == array.view(np.uint8).reshape(-1, 4).T.tobytes()


def test_random_planes_are_stored_and_regular_ones_compressed() -> None:
    rng = np.random.default_rng(2)
    gaps = rng.integers(1, 9000, 100_000).astype(np.uint32)  # a random low byte, small high bytes
    blob = pack_array(gaps)
    assert 100_000 < len(blob) < 2 * 100_000  # the low plane whole, the three others shrunk
    assert len(pack_array(np.zeros(100_000, dtype=np.uint32))) < 2_000


@pytest.mark.parametrize("big", [False, True])
def test_rs_index_is_sorted_by_number_then_row(big: bool) -> None:
    rng = np.random.default_rng(4)
    top = 10**18 if big else 10**9  # beyond what one 64-bit key holds with the row: fallback
    every = rng.integers(0, top, 50_000)
    every[rng.random(50_000) < 0.1] = 0  # rows without an rs number
    every[::97] = 12345  # one number on many rows
    ranked, rows = _rs_sorted(every)
    expected = np.argsort(every, kind="stable")
    expected = expected[every[expected] > 0]
    assert np.array_equal(rows, expected)
    assert np.array_equal(ranked, every[expected])


def test_name_heap_reads_back_as_utf8_bytes_of_each_entry() -> None:
    names = ["i7", "kgp123456789", "é-probe", "i70", "x"]
    assert unpack_string_array(pack_strings(names)).tolist() == [n.encode() for n in names]
    assert len(unpack_string_array(pack_strings([]))) == 0


def test_names_are_found_whole_never_by_a_prefix_or_a_longer_spelling(vault: Vault) -> None:
    rows: list[GenotypeRow] = [
        ("i70", "1", 100, None, None, "A/G"),
        ("i7", "1", 200, None, None, "C/T"),
        ("é-probe", "2", 300, None, None, "G/G"),
        ("i7", "3", 400, None, None, "A/A"),  # one name on two rows: the first in genome order
    ]
    genome_id = store_genome(
        vault, NewGenome("t", Build.GRCH37, CoverageKind.ARRAY, "t", "n"), rows
    )
    reader = GenotypeReader(vault, get_genome(vault, genome_id))
    found = {name: reader.at(Locus(rsid=name)) for name in ["i7", "i70", "é-probe", "i700", "i"]}
    assert (found["i7"].chrom, found["i7"].pos) == ("1", 200)
    assert found["i70"].pos == 100 and found["é-probe"].pos == 300
    assert found["i700"].status == found["i"].status == "not_tested"
    assert reader.at("1:200").rsid == "i7" and reader.at("2:300").rsid == "é-probe"
