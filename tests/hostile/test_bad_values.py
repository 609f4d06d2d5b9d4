"""Implausible reading dates: refused when typed, skipped and counted on import, and harmless
when an older vault already holds them.

PHR accepts a reading dated from 1900-01-01 up to one day after now. Before this, `phr log add
weight 70 --at 0001-01-01T00:30+05:00` was an "unexpected error (OverflowError)", year 9999 was
stored, and one stored year-9999 row made `phr log list`, `phr log summary` and every export
fail (the chart's date axis and pandas' dates overflowed).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from phr.cli import main
from phr.lifestyle.entries import implausible_entries, list_entries
from phr.lifestyle.facts import lifestyle_facts
from phr.lifestyle.summary import summarize
from phr.report.charts import chart_png
from phr.vault import create_vault, open_vault
from tests.report.helpers import csv_rows, pdf_text

PASS = "bad values"
NOT_PLAUSIBLE = (
    "The date is not plausible for a reading: PHR accepts dates from 1900-01-01 up to one day "
    "after now."
)
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def vault_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "vault.phr"
    create_vault(path, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return path


@pytest.fixture
def cli(vault_file: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--vault", str(vault_file), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _count(path: Path) -> int:
    with open_vault(path, PASS) as vault:
        return int(vault.scalar("SELECT count(*) FROM log_entries"))


# -- typed on the command line --------------------------------------------------------------


@pytest.mark.parametrize(
    "at",
    [
        "0001-01-01",
        "9999-12-31",
        "1899-12-31",
        "9999-12-31T23:00-05:00",  # year 10000 in UTC
        "0001-01-01T00:30+05:00",  # year 0 in UTC
        (date.today() + timedelta(days=3)).isoformat(),
    ],
)
def test_log_add_refuses_an_implausible_date_and_changes_nothing(
    cli: Run, vault_file: Path, at: str
) -> None:
    before = vault_file.read_bytes()
    code, out, err = cli("log", "add", "weight", "70", "--at", at)
    assert code == 1
    assert out == ""
    assert err == f"phr: {NOT_PLAUSIBLE}\n"
    assert vault_file.read_bytes() == before
    assert _count(vault_file) == 0


@pytest.mark.parametrize("at", ["1900-01-01", date.today().isoformat(), None])
def test_log_add_accepts_1900_up_to_now(cli: Run, vault_file: Path, at: str | None) -> None:
    code, out, err = cli("log", "add", "weight", "70", *(["--at", at] if at else []))
    assert (code, out, err) == (0, "Reading added.\n", "")
    assert _count(vault_file) == 1


# -- imported -------------------------------------------------------------------------------


def test_csv_import_skips_and_counts_implausible_dates_without_stopping(
    cli: Run, vault_file: Path, tmp_path: Path
) -> None:
    csv_file = tmp_path / "logs.csv"
    csv_file.write_text(
        "date,kind,value,unit\n"
        "2024-03-01,weight,70,kg\n"
        "9999-12-31,weight,71,kg\n"
        "0001-01-01,weight,72,kg\n"
        "9999-12-31T23:30:00-05:00,weight,73,kg\n"
        "0001-01-01T00:10:00+05:00,weight,74,kg\n"
        "2024-03-02,bp,120/80,\n",
        encoding="utf-8",
    )
    code, out, err = cli("log", "import", str(csv_file), "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["added"] == {"blood_pressure": 1, "weight": 1}
    assert result["skipped"] == {"implausible date": 4}
    assert result["bad_lines"] == [
        {"line": line, "problem": NOT_PLAUSIBLE} for line in (3, 4, 5, 6)
    ]
    assert _count(vault_file) == 2

    code, out, _err = cli("log", "import", str(csv_file))
    assert code == 0
    assert "skipped: implausible date" in out and "skipped line 3: The date is not" in out


APPLE = """<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <ExportDate value="2024-01-01 00:00:00 +0000"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" value="70"
  startDate="2023-05-01 08:00:00 +0200" endDate="2023-05-01 08:00:00 +0200"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" value="71"
  startDate="9999-12-31 08:00:00 +0200" endDate="9999-12-31 08:00:00 +0200"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" value="72"
  startDate="0001-01-01 08:00:00 +0200" endDate="0001-01-01 08:00:00 +0200"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" value="73"
  startDate="9999-12-31 23:30:00 -0500" endDate="9999-12-31 23:30:00 -0500"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" value="74"
  startDate="0001-01-01 00:10:00 +0500" endDate="0001-01-01 00:10:00 +0500"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" value="10"
  startDate="1899-12-31 10:00:00 +0000" endDate="1899-12-31 10:01:00 +0000"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch"
  value="HKCategoryValueSleepAnalysisAsleepCore"
  startDate="9999-12-30 23:00:00 +0000" endDate="9999-12-31 06:00:00 +0000"/>
 <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Cuff"
  startDate="9999-12-31 23:59:00 -1400" endDate="9999-12-31 23:59:00 -1400">
  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Cuff" unit="mmHg"
   value="120" startDate="9999-12-31 23:59:00 -1400" endDate="9999-12-31 23:59:00 -1400"/>
  <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="Cuff" unit="mmHg"
   value="80" startDate="9999-12-31 23:59:00 -1400" endDate="9999-12-31 23:59:00 -1400"/>
 </Correlation>
</HealthData>
"""


def test_apple_health_import_skips_and_counts_implausible_dates(
    cli: Run, vault_file: Path, tmp_path: Path
) -> None:
    export = tmp_path / "export.xml"
    export.write_text(APPLE, encoding="utf-8")
    code, out, err = cli("log", "import", str(export), "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["added"] == {"weight": 1}
    assert result["skipped"] == {"implausible date": 7}
    assert _count(vault_file) == 1


# -- already in an older vault --------------------------------------------------------------

STORED = [  # (at_utc, tz_offset) as an older PHR, or a hand-edited vault, may hold them
    ("9999-12-31T23:30:00Z", 120),  # year 10000 in local time: overflowed every reader
    ("9999-12-31T12:00:00Z", 0),  # broke the PDF's chart axis
    ("0001-01-01T00:00:00Z", -300),
    ("2200-01-01T12:00:00Z", 0),
    ("1-01-01T12:00:00Z", 0),  # what strftime wrote for year 1
    ("not a date", 0),
    ("2024-03-01T12:00:00Z", 100_000),  # an offset no zone has
]


@pytest.fixture
def older_vault(vault_file: Path) -> Path:
    """A vault with three plausible weights and every kind of implausible date above."""
    with open_vault(vault_file, PASS) as vault:
        today = date.today()
        with vault.transaction() as conn:
            rows = [((today - timedelta(days=d)).isoformat() + "T08:00:00Z", 60) for d in (9, 5, 1)]
            for at_utc, offset in rows + STORED:
                conn.execute(
                    "INSERT INTO log_entries (kind, at_utc, tz_offset, value, unit, source)"
                    " VALUES ('weight', ?, ?, 70, 'kg', 'manual')",
                    (at_utc, offset),
                )
    return vault_file


def test_log_list_and_summary_work_and_name_the_rows_they_leave_out(
    cli: Run, older_vault: Path
) -> None:
    code, out, err = cli("log", "list")
    assert (code, err) == (0, "")
    assert len([line for line in out.splitlines() if " weight " in line]) == 3
    assert "Not shown: 7 reading(s) with an impossible date" in out
    assert "ids 4, 5, 6, 7, 8, 9, 10; remove them with `phr log remove ID`." in out

    code, out, err = cli("log", "list", "--json")
    assert (code, err) == (0, "")
    assert len(json.loads(out)) == 3

    code, out, err = cli("log", "summary")
    assert (code, err) == (0, "")
    days = out.splitlines()[1].split()[-1]  # the Days column of the one kind
    assert days == "3" and "Left out: 7 reading(s) with an impossible date" in out

    code, out, err = cli("log", "summary", "--json")
    assert (code, err) == (0, "")
    (weight,) = json.loads(out)
    assert len(weight["days"]) == 3 and weight["latest"] == 70.0

    assert cli("log", "facts")[0] == 0
    for entry_id in range(4, 11):
        assert cli("log", "remove", str(entry_id))[0] == 0
    code, out, _ = cli("log", "list")
    assert code == 0 and "Not shown" not in out


def test_lifestyle_page_data_and_its_chart_skip_implausible_rows(older_vault: Path) -> None:
    with open_vault(older_vault, PASS) as vault:
        (weight,) = summarize(vault)
        assert len(weight.days) == 3 and weight.implausible_dates == 7
        assert chart_png(weight).startswith(b"\x89PNG")
        assert len(list_entries(vault)) == 3
        assert implausible_entries(vault) == list(range(4, 11))
        assert lifestyle_facts(vault).latest_weight_kg == 70.0


def test_exports_work_and_the_pdf_says_what_it_left_out(
    cli: Run, older_vault: Path, tmp_path: Path
) -> None:
    before = older_vault.read_bytes()
    pdf, fhir, folder = tmp_path / "r.pdf", tmp_path / "r.json", tmp_path / "csv"
    code, out, err = cli("export", "--pdf", str(pdf), "--fhir", str(fhir), "--csv", str(folder))
    assert (code, err) == (0, "")
    assert "PDF (" in out
    text = pdf_text(pdf.read_bytes())
    # the four rows the 90-day period query reaches: after it, or unreadable text
    assert "4 logged reading(s) with an impossible date (unreadable, before 1900 or" in text
    assert len(csv_rows((folder / "lifestyle.csv").read_bytes())) == 3
    observations = [
        e for e in json.loads(fhir.read_text())["entry"]
        if e["resource"]["resourceType"] == "Observation"
    ]  # fmt: skip
    assert all("9999" not in json.dumps(o) for o in observations)
    assert older_vault.read_bytes() == before
