"""`phr log ...` and `phr meds ...`: output shapes and exit codes scripts rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phr.cli import main
from tests.lifestyle.helpers import DATA, QUIRKS


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PHR_PASSPHRASE", "pw")
    vault = str(tmp_path / "v.phr")
    assert main(["--vault", vault, "init"]) == 0
    capsys.readouterr()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--vault", vault, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_log_add_list_summary_json(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("log", "add", "bp", "128/82", "--at", "2024-03-01T08:00+01:00")[0] == 0
    assert cli("log", "add", "weight", "154", "--unit", "lb", "--at", "2024-03-01")[0] == 0
    _, out, _ = cli("log", "list", "--json")
    entries = json.loads(out)
    assert [e["kind"] for e in entries] == ["weight", "blood_pressure"]
    assert entries[1]["value"] == [128.0, 82.0] and entries[1]["at"] == "2024-03-01T08:00:00+01:00"
    _code, out, _ = cli("log", "summary", "--kind", "bp", "--json")
    (bp,) = json.loads(out)
    assert {"kind", "unit", "latest", "days", "mean_7d", "mean_30d", "trend_90d"} <= set(bp)
    assert bp["days"] == [{"date": "2024-03-01", "value": [128.0, 82.0]}]


def test_log_add_implausible_exits_1_with_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = cli("log", "add", "bp", "400/90")
    assert code == 1
    assert err.count("\n") == 1 and "systolic" in err and "400" not in err


def test_log_import_json_counts(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("log", "import", str(QUIRKS), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["format"] == "apple_health"
    assert result["added"]["steps"] == 3 and result["duplicates"] == 0
    assert result["skipped"]["other data types"] == 6
    code, out, _ = cli("log", "import", str(QUIRKS))
    assert code == 0 and "0 new readings" in out


def test_log_import_shows_warnings(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("log", "import", str(DATA / "export_ios16.xml"))
    assert code == 0
    assert "warning: export_ios16.xml had 4 control character(s)" in out
    code, out, _ = cli("log", "import", str(DATA / "export_ios16.xml"), "--json")
    assert "4 control character(s)" in json.loads(out)["warnings"][0]


def test_log_import_bad_csv_exits_1(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,value,unit\n2024-13-01,weight,70,kg\n", encoding="utf-8")
    code, _, err = cli("log", "import", str(bad))
    assert code == 1 and "line 2" in err
    assert "--skip-bad-lines" in err and err.count("\n") == 1
    code, out, _ = cli("log", "import", str(bad), "--skip-bad-lines", "--json")
    assert code == 0 and json.loads(out)["bad_lines"][0]["line"] == 2


def test_log_facts_json(cli) -> None:  # type: ignore[no-untyped-def]
    cli("log", "add", "smoking", "current")
    code, out, _ = cli("log", "facts", "--json")
    assert code == 0 and json.loads(out)["current_smoker"] is True


def test_meds_add_list_stop_remove(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("meds", "add", "Plavix", "--dose", "75mg", "--since", "2024-01-01")
    assert code == 0 and "matched to clopidogrel" in out
    code, out, err = cli("meds", "add", "simvastatine")
    assert code == 0 and "kept as typed" in out
    assert "phr meds edit 2 --name simvastatin" in err  # not "--yes": that would add it twice
    code, out, err = cli("meds", "add", "simvastatine", "--yes")
    assert code == 1 and "already on your list" in err
    code, out, _ = cli("meds", "add", "simvastatine", "--yes", "--allow-duplicate")
    assert "matched to simvastatin" in out
    cli("meds", "add", "Vitamin D")
    code, out, _ = cli("meds", "list", "--json")
    meds = json.loads(out)
    assert [(m["name"], m["generic"]) for m in meds] == [
        ("Plavix", "clopidogrel"),
        ("simvastatine", None),
        ("simvastatin", "simvastatin"),  # the accepted match; "simvastatine" kept in the reason
        ("Vitamin D", None),
    ]
    assert meds[0]["dose"] == "75" and meds[0]["unit"] == "mg"
    assert cli("meds", "stop", "1", "--on", "2024-02-01")[0] == 0
    assert cli("meds", "remove", "2")[0] == 0
    code, out, _ = cli("meds", "list", "--current", "--json")
    assert [m["id"] for m in json.loads(out)] == [3, 4]
    code, _, err = cli("meds", "remove", "99")
    assert code == 1 and "no medicine with id 99" in err


def test_meds_bad_date_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("meds", "add", "Plavix", "--since", "2024-02-30")
    assert code == 2 and "YYYY-MM-DD" in err


def test_meds_edit_dose_splits_like_add_and_future_stop_still_reads_taking(cli) -> None:  # type: ignore[no-untyped-def]
    cli("meds", "add", "Plavix")
    assert cli("meds", "edit", "1", "--dose", "150mg")[0] == 0
    (med,) = json.loads(cli("meds", "list", "--json")[1])
    assert (med["dose"], med["unit"]) == ("150", "mg")
    assert cli("meds", "stop", "1", "--on", "2999-01-01")[0] == 0
    _, out, _ = cli("meds", "list")
    assert "taking (until 2999-01-01)" in out and "stopped" not in out
