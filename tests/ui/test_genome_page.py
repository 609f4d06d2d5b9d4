"""The Genome page: import with progress, multi-sample choice, list actions, lookup, cancel."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from phr.genome.store import active_genome, list_genomes
from phr.vault import create_vault
from tests.genome.conftest import fixture
from tests.genome.test_damaged_files import HEADER_23, rows_23
from tests.ui.conftest import PASSPHRASE, Modals, on_worker, wait_for_main_window
from ui.main_window import MainWindow
from ui.pages import genome as genome_page
from ui.pages.genome import GenomePage, split_queries
from ui.qt import QtCore


@pytest.fixture
def window(qtbot, make_shell, tmp_path: Path) -> MainWindow:
    path = tmp_path / "v.phr"
    create_vault(path, PASSPHRASE).close()
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    return wait_for_main_window(qtbot, shell)


def genomes(window: MainWindow):  # type: ignore[no-untyped-def]
    return on_worker(lambda: list_genomes(window.session.vault))


def test_import_button_imports_and_shows_the_summary_and_list(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.show_page(GenomePage)
    assert isinstance(page, GenomePage)
    monkeypatch.setattr(
        genome_page, "choose_genome_file", lambda parent: fixture("23andme", "v5_build37_crlf.txt")
    )
    page.import_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert "23andMe" in page.summary.text() and "GRCh37" in page.summary.text()
    assert "only the places the chip tested" in page.summary.text()
    assert page.table.item(0, 0).text() == "●"
    assert page.table.item(0, 4).text() == "73"


def test_lookup_box_answers_in_plain_words(qtbot, window: MainWindow) -> None:
    page = window.show_page(GenomePage)
    page.start_import(fixture("vcf", "gvcf.g.vcf"))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    page.lookup_box.setText("rs4244285 10:94785000, 10:94900000")
    page.lookup_button.click()
    qtbot.waitUntil(lambda: page.lookup_results.rowCount() == 3, timeout=10_000)
    assert page.lookup_results.item(0, 2).text() == "A / G"
    assert page.lookup_results.item(1, 3).text().startswith("Tested")
    assert page.lookup_results.item(2, 3).text() == "Not tested by this file"


def test_bad_query_is_explained(window: MainWindow, modals: Modals) -> None:
    page = window.show_page(GenomePage)
    page.lookup_box.setText("BRCA1")
    page.run_lookup()
    assert modals.errors and "not an rsID" in modals.errors[-1]


def test_multisample_file_asks_whose_genome(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[str]] = []
    monkeypatch.setattr(
        genome_page, "choose_sample", lambda parent, samples: asked.append(samples) or "CHILD"
    )
    page = window.show_page(GenomePage)
    page.start_import(fixture("vcf", "multisample.vcf"))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert asked == [["MOTHER", "CHILD"]]
    assert genomes(window)[0].sample == "CHILD"


def test_bad_file_shows_one_clear_error_and_changes_nothing(
    qtbot, window: MainWindow, modals: Modals
) -> None:
    page = window.show_page(GenomePage)
    page.start_import(fixture("bad", "binary_garbage.bin"))
    qtbot.waitUntil(lambda: bool(modals.errors), timeout=10_000)
    assert "binary" in modals.errors[-1]
    assert genomes(window) == []


def test_activate_and_remove_from_the_list(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.show_page(GenomePage)
    page.start_import(fixture("23andme", "v5_build37_crlf.txt"))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    page.start_import(fixture("livingdna", "build37.txt"))
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=10_000)
    page.table.selectRow(0)
    page.activate_selected()
    qtbot.waitUntil(lambda: page.table.item(0, 0).text() == "●", timeout=10_000)
    assert on_worker(lambda: active_genome(window.session.vault)).vendor == "23andMe"
    monkeypatch.setattr(genome_page, "confirm_remove", lambda parent, genome: True)
    page.table.selectRow(0)
    page.remove_selected()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert [g.vendor for g in genomes(window)] == ["LivingDNA"]


def test_cancel_leaves_the_vault_unchanged(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, modals: Modals
) -> None:
    import phr.genome.importer as importer

    page = window.show_page(GenomePage)
    real = importer.write_batch

    def slow_then_cancel(writer, batch):  # type: ignore[no-untyped-def]
        real(writer, batch)
        for op in genome_page_ops():
            if op.progress_dialog is not None:  # the import, not a page refresh
                op.cancel()

    monkeypatch.setattr(importer, "write_batch", slow_then_cancel)
    copy = tmp_path / "to_cancel.txt"
    shutil.copy(fixture("ancestry", "v2_crlf.txt"), copy)
    page.start_import(copy)
    qtbot.waitUntil(lambda: not genome_page_ops(), timeout=10_000)
    assert genomes(window) == []
    assert modals.errors == []  # a cancel is not an error


def genome_page_ops():  # type: ignore[no-untyped-def]
    from ui import ops

    return list(ops._RUNNING)


def test_drop_of_one_local_file_imports_it(qtbot, window: MainWindow) -> None:
    page = window.show_page(GenomePage)
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(fixture("myheritage", "quoted.csv")))])
    assert genome_page._dropped_file(mime) == fixture("myheritage", "quoted.csv")
    page.start_import(genome_page._dropped_file(mime))  # what dropEvent does
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    two = QtCore.QMimeData()
    two.setUrls([QtCore.QUrl.fromLocalFile("/a"), QtCore.QUrl.fromLocalFile("/b")])
    assert genome_page._dropped_file(two) is None


def test_queries_split_on_spaces_and_commas_but_not_thousands() -> None:
    assert split_queries("rs1, rs2 10:96,541,616;X:5") == ["rs1", "rs2", "10:96,541,616", "X:5"]


def test_a_damaged_file_shows_its_warnings_under_the_summary(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    damaged = tmp_path / "genome.txt"
    damaged.write_text(HEADER_23 + rows_23() + "rs4244285\t10\t96541616\tAA\nrs9\t10\t96")
    page = window.show_page(GenomePage)
    page.start_import(damaged)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert page.warnings.isVisibleTo(page)
    assert "looks truncated" in page.warnings.text()
    assert "(discordant)" in page.warnings.text()
    page.lookup_box.setText("rs4244285")
    page.lookup_button.click()
    qtbot.waitUntil(lambda: page.lookup_results.rowCount() == 1, timeout=10_000)
    assert "two different genotypes" in page.lookup_results.item(0, 3).text()
