"""Import behaviour: one transaction, re-import, cancel, progress, active genome, removal."""

from __future__ import annotations

import logging
import shutil

import pytest

from phr.errors import AlreadyImported, Cancelled
from phr.genome.importer import import_genome
from phr.genome.store import active_genome, list_genomes, remove_genome
from phr.progress import CancelToken
from tests.genome.conftest import fingerprint, fixture, load


def test_same_file_twice_says_already_imported_and_changes_nothing(vault, tmp_path) -> None:
    load(vault, "23andme", "v5_build37_crlf.txt")
    before = fingerprint(vault)
    copy = tmp_path / "renamed.txt"
    shutil.copy(fixture("23andme", "v5_build37_crlf.txt"), copy)
    with pytest.raises(AlreadyImported, match="already imported"):
        import_genome(vault, copy)
    assert fingerprint(vault) == before


def test_cancel_rolls_everything_back(vault) -> None:
    before = fingerprint(vault)
    token = CancelToken()

    def cancel_midway(done: int, total: int, message: str) -> None:
        if message == "Reading genotypes":
            token.cancel()

    with pytest.raises(Cancelled):
        import_genome(
            vault, fixture("ancestry", "v2_crlf.txt"), progress=cancel_midway, cancel=token
        )
    assert fingerprint(vault) == before


def test_progress_reaches_the_end(vault) -> None:
    seen: list[tuple[int, int, str]] = []
    import_genome(vault, fixture("vcf", "variant_only.vcf"), progress=lambda *a: seen.append(a))
    reading = [s for s in seen if s[2] == "Reading genotypes"]
    assert reading and reading[-1][0] == reading[-1][1] > 0


def test_new_genome_becomes_active_and_removal_falls_back(vault) -> None:
    first = load(vault, "23andme", "v5_build37_crlf.txt").genome
    second = load(vault, "vcf", "gvcf.g.vcf").genome
    assert active_genome(vault).id == second.id
    remove_genome(vault, second.id)
    assert active_genome(vault).id == first.id
    assert vault.scalar("SELECT count(*) FROM reference_blocks") == 0
    assert (
        vault.scalar("SELECT count(*) FROM genome_columns WHERE genome_id = ?", (second.id,)) == 0
    )
    assert [g.id for g in list_genomes(vault)] == [first.id]


def test_a_failed_import_leaves_no_columns_behind(vault) -> None:
    """The columns are written at the end of the import's transaction: a bad file rolls back
    to a vault without any of its rows, and the store keeps only the one lookup index."""
    load(vault, "livingdna", "build37.txt")
    before = vault.scalar("SELECT count(*) FROM genome_columns")
    with pytest.raises(Exception):  # noqa: B017
        import_genome(vault, fixture("bad", "malformed_rows_23andme.txt"))
    assert vault.scalar("SELECT count(*) FROM genome_columns") == before > 0
    plan = vault.query(
        "EXPLAIN QUERY PLAN SELECT data FROM genome_columns WHERE genome_id = 1 AND chrom = 1"
    )
    assert "genome_columns_by_part" in str(plan)


def test_log_has_counts_but_no_genotypes(vault, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="phr")
    logger = logging.getLogger("phr")
    logger.propagate, old = True, logger.propagate
    try:
        load(vault, "23andme", "v5_build37_crlf.txt")
    finally:
        logger.propagate = old
    text = caplog.text
    assert "imported genome" in text
    for leak in ("rs4244285", "A/G", "96541616", "v5_build37_crlf"):
        assert leak not in text
