"""CSV folder: four UTF-8 files with header rows, one row per entry, canonical units."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.errors import ExportError
from phr.report import ALL_SECTIONS, CSV_NAMES, Section, csv_files, write_csv
from tests.report import samples
from tests.report.helpers import csv_rows


def test_four_files_with_headers_and_rows() -> None:
    files = csv_files(samples.report())
    assert tuple(files) == CSV_NAMES
    pgx = csv_rows(files["pgx.csv"])
    assert [r["gene"] for r in pgx][:2] == ["CYP2C19", "SLCO1B1"]
    cyp2c19 = pgx[0]
    assert cyp2c19["diplotypes"] == "*2/*2" and cyp2c19["taking_now"] == "clopidogrel"
    g6pd = next(r for r in pgx if r["gene"] == "G6PD")
    assert g6pd["status"] == "not_tested" and g6pd["missing"] == "rs1050828; rs5030868"
    notes = csv_rows(files["notes.csv"])
    assert {n["id"] for n in notes} >= {"cyp2c19-clopidogrel", "f5-leiden", "hfe-c282y-h63d"}
    f5 = next(n for n in notes if n["id"] == "f5-leiden")
    assert f5["genotypes"] == "rs6025 C/T" and "PMID 20301542" in f5["sources"]
    meds = csv_rows(files["medications.csv"])
    assert len(meds) == 5 and meds[0]["generic"] == "clopidogrel"


def test_lifestyle_has_one_row_per_entry_in_canonical_units() -> None:
    rows = csv_rows(csv_files(samples.report())["lifestyle.csv"])
    assert len(rows) == 90 * 4
    bp = next(r for r in rows if r["kind"] == "blood_pressure")
    assert bp["unit"] == "mmHg" and bp["value"] and bp["value2"]
    assert {r["unit"] for r in rows} == {"kg", "mmHg", "bpm", "steps"}


def test_lifestyle_rows_respect_the_date_range() -> None:
    data = samples.report(
        period_start=samples.TODAY.replace(day=1), period_end=samples.TODAY.replace(day=10)
    )
    rows = csv_rows(csv_files(data)["lifestyle.csv"])
    assert len(rows) == 10 * 4
    assert all("2026-11-01" <= r["at"][:10] <= "2026-11-10" for r in rows)


def test_unchosen_sections_leave_header_only_files() -> None:
    files = csv_files(samples.report(sections=ALL_SECTIONS - {Section.MEDS, Section.LIFESTYLE}))
    assert files["medications.csv"].decode().strip() == "id,name,generic,classes,genetic_flags"
    assert len(csv_rows(files["lifestyle.csv"])) == 0


def test_utf8_text_round_trips(tmp_path: Path) -> None:
    data = samples.report()
    written = write_csv(data, tmp_path / "export")
    assert [p.name for p in written] == list(CSV_NAMES)
    assert "Grandma's herbal tea" in (tmp_path / "export" / "medications.csv").read_text("utf-8")


def test_existing_csv_files_are_not_overwritten_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "notes.csv").write_text("keep me")
    with pytest.raises(ExportError, match=r"notes\.csv"):
        write_csv(samples.report(), folder)
    assert (folder / "notes.csv").read_text() == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.csv"]
    write_csv(samples.report(), folder, force=True)
    assert (folder / "notes.csv").read_text().startswith("id,category")


def test_text_columns_sit_beside_the_machine_values_in_the_app_s_words() -> None:
    files = csv_files(samples.report())
    g6pd = next(r for r in csv_rows(files["pgx.csv"]) if r["gene"] == "G6PD")
    assert (g6pd["status"], g6pd["status_text"]) == ("not_tested", "Not tested")
    assert g6pd["diplotypes_text"] == "—"
    notes = {n["id"]: n for n in csv_rows(files["notes.csv"])}
    assert notes["cyp2c19-clopidogrel"]["status_text"] == "Discuss"
    bp = next(r for r in csv_rows(files["lifestyle.csv"]) if r["kind"] == "blood_pressure")
    assert bp["kind_text"] == "blood pressure" and bp["source_text"]
