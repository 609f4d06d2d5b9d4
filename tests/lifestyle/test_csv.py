"""The hand-written CSV format: what it accepts, and every way it refuses a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from phr.errors import MalformedFile
from phr.lifestyle.importer import BadLines, import_logs
from phr.lifestyle.summary import summarize
from phr.vault import Vault
from tests.lifestyle.helpers import counts, snapshot

GOOD = (
    "\ufeffDate,Kind,Value,Unit,Note\r\n"
    "2024-03-01,weight,165,lb,after breakfast\r\n"
    "2024-03-01T08:30:00+01:00,blood pressure,128/82,,\r\n"
    "2024-03-02 21:00,alcohol,3,units,\r\n"
    "2024-03-02,steps,9000,,\r\n"
    "2024-03-02,smoking,former,,\r\n"
    "2024-03-03T07:00Z,blood_glucose,99,mg/dL,fasting\r\n"
    "\r\n"
    "# a comment line\r\n"
    "2024-03-03,weight,11.5,st,\r\n"
)


def write(tmp_path: Path, text: str, name: str = "log.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_good_csv_with_bom_crlf_units_and_notes(vault: Vault, tmp_path: Path) -> None:
    result = import_logs(vault, write(tmp_path, GOOD))
    assert result.format == "csv"
    assert result.added == {
        "alcohol": 1,
        "blood_glucose": 1,
        "blood_pressure": 1,
        "smoking": 1,
        "steps": 1,
        "weight": 2,
    }
    rows = dict(vault.query("SELECT kind, value FROM log_entries WHERE kind != 'weight'"))
    assert rows["alcohol"] == 24.0  # 3 UK units of 8 g
    assert rows["blood_glucose"] == pytest.approx(99 / 18.016)
    assert vault.query("SELECT value, value2 FROM log_entries WHERE kind='blood_pressure'") == [
        (128.0, 82.0)
    ]
    assert vault.query("SELECT status FROM log_entries WHERE kind='smoking'") == [("former",)]
    assert vault.query("SELECT note FROM log_entries WHERE kind='weight' AND note IS NOT NULL")
    weights = sorted(v for (v,) in vault.query("SELECT value FROM log_entries WHERE kind='weight'"))
    assert weights == pytest.approx(sorted([165 * 0.45359237, 11.5 * 14 * 0.45359237]))


def test_a_date_alone_means_noon_that_day_locally(vault: Vault, tmp_path: Path) -> None:
    import_logs(vault, write(tmp_path, "date,kind,value,unit\n2024-03-02,steps,9000,\n"))
    (steps,) = summarize(vault, ["steps"], today=date(2024, 3, 2))
    assert [d.date for d in steps.days] == ["2024-03-02"]


def test_reimporting_a_csv_adds_nothing(vault: Vault, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    import_logs(vault, path)
    again = import_logs(vault, path)
    assert again.total_added == 0
    assert again.total_duplicates == 7


def test_semicolon_csv_with_decimal_commas_and_windows_1252(vault: Vault, tmp_path: Path) -> None:
    text = "date;kind;value;unit;note\n2024-03-01;weight;72,5;kg;apr\xe8s le caf\xe9\n"
    import_logs(vault, write(tmp_path, text, encoding="cp1252"))
    assert vault.query("SELECT value, note FROM log_entries") == [(72.5, "après le café")]


def test_wrong_columns_are_refused_naming_line_1(vault: Vault, tmp_path: Path) -> None:
    before = snapshot(vault)
    path = write(tmp_path, "when,what,how much\n2024-03-01,weight,70\n")
    with pytest.raises(MalformedFile, match=r"log\.csv line 1: the columns must be"):
        import_logs(vault, path)
    assert snapshot(vault) == before


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("2024-03-01,weight,seventy,kg", "not a number"),
        ("2024-02-30,weight,70,kg", "not a real calendar date"),
        ("2024-03-01,blood_pressure,400/90,", "systolic pressure is not plausible"),
        ("2024-03-01,blood_pressure,120,", "systolic/diastolic"),
        ("2024-03-01,weight,0,kg", "weight value is not plausible"),
        ("2024-03-01,weight,70,stones", "unit 'stones' is not known"),
        ("2024-03-01,mood,happy,", "not a kind of log"),
        ("2024-03-01,weight", "expected 4 columns"),
        (",weight,70,kg", "date is missing"),
    ],
)
def test_bad_lines_name_line_and_problem_and_store_nothing(
    vault: Vault, tmp_path: Path, line: str, problem: str
) -> None:
    before = snapshot(vault)
    path = write(tmp_path, f"date,kind,value,unit\n2024-03-01,steps,100,\n{line}\n")
    with pytest.raises(BadLines) as caught:
        import_logs(vault, path)
    assert snapshot(vault) == before
    message = str(caught.value)
    assert "line 3" in message and problem in message and "nothing was imported" in message
    assert caught.value.bad_lines[0].line == 3


def test_messages_never_repeat_the_health_value(vault: Vault, tmp_path: Path) -> None:
    path = write(tmp_path, "date,kind,value,unit\n2024-03-01,blood_pressure,417/93,\n")
    with pytest.raises(BadLines) as caught:
        import_logs(vault, path)
    assert "417" not in str(caught.value) and "93" not in str(caught.value)


def test_skip_bad_lines_imports_the_good_ones_and_reports_the_rest(
    vault: Vault, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "date,kind,value,unit\n2024-03-01,steps,100,\n2024-03-01,weight,x,\n2024-03-02,steps,50,\n",
    )
    result = import_logs(vault, path, skip_bad_lines=True)
    assert result.added == {"steps": 2}
    assert [(b.line, b.problem) for b in result.bad_lines] == [
        (3, "The weight value is not a number.")
    ]
    assert result.skipped == {"bad lines": 1}
    assert counts(vault) == {"steps": 2}


@pytest.mark.parametrize(
    "text", ["date,kind,value,unit\n", "date,kind,value,unit,note\r\n# nothing yet\r\n\r\n"]
)
def test_header_only_is_refused_and_nothing_changes(
    vault: Vault, tmp_path: Path, text: str
) -> None:
    import_logs(vault, write(tmp_path, "date,kind,value,unit\n2024-03-01,steps,10,steps\n"))
    before = snapshot(vault)
    path = tmp_path / "header_only.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MalformedFile, match=r"header_only\.csv has a header but no data rows"):
        import_logs(vault, path)
    assert snapshot(vault) == before
