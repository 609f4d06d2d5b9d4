"""`export()` from a vault: targets checked first, progress, cancel, and "left out" reasons."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest

from phr.errors import Cancelled, ExportError, InvalidValue
from phr.genome.model import Build, CoverageKind
from phr.genome.store import NewGenome, store_genome
from phr.progress import CancelToken
from phr.report import CSV_NAMES, ExportOptions, export
from phr.vault import Vault
from tests.report.helpers import pdf_text


def _add_genome(vault: Vault) -> None:
    genome = NewGenome(
        vendor="23andme",
        build=Build.GRCH37,
        coverage=CoverageKind.ARRAY,
        source_name="genome_Test_Person_v5_Full.txt",
        source_sha256="1" * 64,
        format_version="v5",
        called=2,
    )
    store_genome(vault, genome, [("rs4244285", "10", 96541616, None, None, "A/G")])


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An export folder apart from the vault's own folder."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _all(out: Path, **changes: object) -> ExportOptions:
    options = ExportOptions(pdf=out / "r.pdf", fhir=out / "r.json", csv=out / "csv")
    return dataclasses.replace(options, **changes)  # type: ignore[arg-type]


def test_export_writes_all_three_with_progress(vault: Vault, out: Path) -> None:
    _add_genome(vault)
    seen: list[tuple[int, int, str]] = []
    result = export(vault, _all(out), progress=lambda d, t, m: seen.append((d, t, m)))
    assert (out / "r.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "r.json").read_text(encoding="utf-8").startswith("{")
    assert sorted(os.listdir(out / "csv")) == sorted(CSV_NAMES)
    assert result.pdf_pages >= 1 and result.fhir_resources >= 1
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    text = pdf_text((out / "r.pdf").read_bytes())
    assert "23andMe v5, genotyping chip, GRCh37" in text
    assert "genome_Test_Person" not in text


def test_empty_vault_exports_left_out_lines(vault: Vault, out: Path) -> None:
    result = export(vault, ExportOptions(pdf=out / "r.pdf"))
    text = pdf_text((out / "r.pdf").read_bytes())
    assert "Left out: no DNA file has been imported." in text
    assert result.left_out["pgx"] == "Left out: no DNA file has been imported."
    assert "lifestyle" in result.left_out


def test_existing_target_fails_before_any_work(vault: Vault, out: Path) -> None:
    (out / "r.json").write_text("mine")
    calls: list[str] = []
    with pytest.raises(ExportError, match=r"r\.json already exists"):
        export(vault, _all(out), progress=lambda d, t, m: calls.append(m))
    assert calls == []
    assert sorted(os.listdir(out)) == ["r.json"]


def test_cancel_before_saving_leaves_no_files(vault: Vault, out: Path) -> None:
    token = CancelToken()

    def progress(done: int, total: int, message: str) -> None:
        if message.startswith("Building the FHIR"):
            token.cancel()

    with pytest.raises(Cancelled):
        export(vault, _all(out), progress=progress, cancel=token)
    assert os.listdir(out) == []


def test_nothing_chosen_or_bad_dates_are_invalid(vault: Vault, out: Path) -> None:
    with pytest.raises(InvalidValue, match="at least one"):
        export(vault, ExportOptions())
    with pytest.raises(InvalidValue, match="start date"):
        export(vault, _all(out, since=dt.date(2026, 2, 1), until=dt.date(2026, 1, 1)))
