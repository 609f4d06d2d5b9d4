"""`phr export [--pdf FILE] [--fhir FILE] [--csv DIR] [--include ...] [--name] [--birth-date]
[--force]`: exit codes, messages, defaults."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from phr.cli import main
from phr.vault import create_vault
from tests.report.helpers import pdf_text

PASS = "cli-export-pass"


@pytest.fixture
def vault_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "v.phr"
    create_vault(path, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return path


def test_export_all_three_formats(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, fhir, csv = tmp_path / "s.pdf", tmp_path / "s.json", tmp_path / "csv"
    code = main(
        ["--vault", str(vault_file), "export", "--pdf", str(pdf), "--fhir", str(fhir),
         "--csv", str(csv), "--name", "Zoë Łukasiewicz-Ngũgĩ", "--birth-date", "1984-03-02"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "PDF (" in out and str(pdf) in out and "Sensitive results were left out" in out
    assert "Zoë Łukasiewicz-Ngũgĩ" in pdf_text(pdf.read_bytes())
    patient = json.loads(fhir.read_text("utf-8"))["entry"][0]["resource"]
    assert patient["name"] == [{"text": "Zoë Łukasiewicz-Ngũgĩ"}]
    assert sorted(os.listdir(csv)) == ["lifestyle.csv", "medications.csv", "notes.csv", "pgx.csv"]


def test_existing_file_needs_force(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(b"keep")
    args = ["--vault", str(vault_file), "export", "--pdf", str(pdf)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "already exists; use --force" in err and err.count("\n") == 1
    assert pdf.read_bytes() == b"keep"
    assert main([*args, "--force"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "Choose what to write"),
        (["--pdf", "x.pdf", "--include", "pgx,dna"], "unknown part 'dna'"),
        (["--pdf", "x.pdf", "--include", "sensitive"], "at least one of"),
        (["--pdf", "x.pdf", "--birth-date", "02/03/1984"], "not a date"),
    ],
)
def test_usage_errors_exit_2(
    vault_file: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--vault", str(vault_file), "export", *extra]) == 2
    assert message in capsys.readouterr().err


def test_include_limits_sections(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "s.pdf"
    args = ["--vault", str(vault_file), "export", "--pdf", str(pdf), "--include", "pgx,sensitive"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Sensitive results were left out" not in out
    text = pdf_text(pdf.read_bytes())
    assert text.count("Left out: not chosen for this report.") == 3
