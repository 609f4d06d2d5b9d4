"""The bad-input corpus: each file is refused with one clear line, and the vault is unchanged."""

from __future__ import annotations

import pytest

from phr.errors import MalformedFile, PhrError, UnsupportedFile
from phr.genome.importer import import_genome
from tests.genome.conftest import fingerprint, fixture

CASES = [
    ("empty.txt", MalformedFile, "empty"),
    ("blank_lines.txt", MalformedFile, "empty"),
    ("header_only_23andme.txt", MalformedFile, "no genotype rows"),
    ("truncated.txt.gz", MalformedFile, "truncated or corrupt"),
    ("corrupt_crc.txt.gz", MalformedFile, "truncated or corrupt"),
    ("truncated.zip", MalformedFile, "truncated or corrupt"),
    ("zip_without_genome.zip", MalformedFile, "no genome data file"),
    ("binary_garbage.bin", UnsupportedFile, "binary data"),
    ("unknown_vendor.csv", UnsupportedFile, "unknown vendor"),
    ("unknown_table.tsv", UnsupportedFile, "3 tab-separated columns"),
    ("malformed_rows_23andme.txt", MalformedFile, "first at lines 7, 10, 13"),
    ("nonsense_chromosomes_23andme.txt", MalformedFile, "not valid genotype rows"),
    ("ragged_rows_23andme.txt", MalformedFile, "not valid genotype rows"),
    ("vcf_no_gt.vcf", MalformedFile, "no genotype \\(GT\\) field"),
    ("vcf_header_only.vcf", MalformedFile, "header but no records"),
    ("vcf_truncated.vcf.gz", MalformedFile, "damaged|truncated"),
]


@pytest.mark.parametrize(("name", "error", "words"), CASES)
def test_bad_file_is_refused_and_vault_unchanged(vault, name, error, words) -> None:
    before = fingerprint(vault)
    with pytest.raises(error, match=words) as caught:
        import_genome(vault, fixture("bad", name))
    message = str(caught.value)
    assert name in message
    assert "\n" not in message
    assert fingerprint(vault) == before


def test_refusals_never_quote_file_content(vault) -> None:
    for name, _error, _words in CASES:
        with pytest.raises(PhrError) as caught:
            import_genome(vault, fixture("bad", name))
        for leak in ("rs1\t", "ZZ", "AG", "96541616"):
            assert leak not in str(caught.value), name


def test_unknown_file_message_lists_the_formats_phr_reads(vault) -> None:
    with pytest.raises(UnsupportedFile) as caught:
        import_genome(vault, fixture("bad", "unknown_vendor.csv"))
    for vendor in ("23andMe", "AncestryDNA", "MyHeritage", "FamilyTreeDNA", "LivingDNA", "VCF"):
        assert vendor in str(caught.value)


def test_few_bad_rows_are_skipped_with_a_warning(vault, tmp_path) -> None:
    text = fixture("23andme", "v5_build37_crlf.txt").read_bytes().decode()
    lines = text.split("\r\n")
    lines.insert(8, "rs999\t10\tnot-a-number\tAA")
    path = tmp_path / "one_bad_row.txt"
    path.write_bytes("\r\n".join(lines).encode())
    result = import_genome(vault, path)
    assert result.genome.skipped == {"malformed row": 1}
    assert any("line 9" in w for w in result.genome.warnings)


def test_missing_file_and_folder(vault, tmp_path) -> None:
    with pytest.raises(UnsupportedFile, match="no such file"):
        import_genome(vault, tmp_path / "nope.txt")
    with pytest.raises(UnsupportedFile, match="folder"):
        import_genome(vault, tmp_path)
