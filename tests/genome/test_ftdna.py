"""FTDNA Family Finder: CSV, build 36, a repeated header line, concatenated gzip members."""

from __future__ import annotations

from phr.genome.model import Build
from tests.genome.conftest import alleles, load


def test_repeated_header_line_is_not_a_bad_row_and_build36_is_detected(vault) -> None:
    result = load(vault, "ftdna", "build36_repeated_header.csv")
    g = result.genome
    assert (g.vendor, g.build, g.called, g.skipped) == ("FTDNA", Build.GRCH36, 69, {})
    assert alleles(vault, result, "rs4244285") == ("A", "G")


def test_several_gzip_members_are_read_to_the_end(vault) -> None:
    result = load(vault, "ftdna", "two_gzip_members.csv.gz")
    assert result.genome.called == 69
    assert alleles(vault, result, "rs8000029") == ("G", "G")  # the last row
