"""Fitbit, Garmin and Withings exports: what each imports, re-imports, sniffing, bad input."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from phr.cli import main
from phr.errors import MalformedFile, PhrError, UnsupportedFile
from phr.lifestyle.entries import list_entries
from phr.lifestyle.importer import import_logs
from phr.vault import Vault
from tests.lifestyle.helpers import counts, snapshot
from tests.lifestyle.sources import fixtures as fx


def refused(vault: Vault, path: Path, error: type[PhrError], *words: str) -> str:
    before = snapshot(vault)
    with pytest.raises(error) as caught:
        import_logs(vault, path)
    assert snapshot(vault) == before
    message = str(caught.value)
    for word in words:
        assert word in message
    return message


def values(vault: Vault, kind: str) -> list[tuple[str, float | None]]:
    return sorted((e.at.isoformat(), e.value) for e in list_entries(vault, kind))


# -- Fitbit -----------------------------------------------------------------------------------


def test_fitbit_takeout_zip(vault: Vault, tmp_path: Path) -> None:
    result = import_logs(vault, fx.fitbit_zip(tmp_path / "takeout.zip"))
    assert result.format == "fitbit"
    assert result.added == {
        "heart_rate": 2,
        "resting_heart_rate": 1,
        "sleep": 1,
        "steps": 2,
        "weight": 1,
    }
    assert result.skipped["heart rate the tracker was unsure of"] == 1
    assert result.skipped["other files"] == 1  # calories
    # Local times in the profile's zone (New York, UTC-5 in January)
    assert values(vault, "steps") == [
        ("2024-01-31T07:01:00-05:00", 40.0),
        ("2024-01-31T07:02:00-05:00", 35.0),
    ]
    # One night: main sleep and nap summed, timed at the last wake-up
    assert values(vault, "sleep") == [("2024-01-31T14:40:00-05:00", 7.5)]
    assert list_entries(vault, "sleep")[0].value2 == pytest.approx((472 + 40) / 60, abs=1e-3)
    assert values(vault, "resting_heart_rate") == [("2024-01-31T12:00:00-05:00", 58.6)]
    (weight,) = list_entries(vault, "weight")
    assert weight.value == pytest.approx(178.6 * 0.45359237)  # the profile says pounds


def test_fitbit_reimport_adds_nothing(vault: Vault, tmp_path: Path) -> None:
    archive = fx.fitbit_zip(tmp_path / "takeout.zip")
    first = import_logs(vault, archive)
    before = counts(vault)
    second = import_logs(vault, archive)
    assert second.total_added == 0
    assert second.total_duplicates == first.total_added
    assert counts(vault) == before


def test_fitbit_folder_and_single_file(vault: Vault, tmp_path: Path) -> None:
    folder = fx.fitbit_folder(tmp_path / "export")
    result = import_logs(vault, folder)
    assert result.format == "fitbit" and result.added["heart_rate"] == 2
    assert result.added["steps"] == 2 and result.skipped["other files"] == 1
    # One file alone, twice: without Profile.csv the times are read in this computer's zone
    single = folder / "user-site-export" / "heart_rate-2024-01-31.json"
    import_logs(vault, single)
    assert import_logs(vault, single).total_added == 0


def test_fitbit_sniffed_by_content_not_name(vault: Vault, tmp_path: Path) -> None:
    renamed = tmp_path / "my data.bin"
    renamed.write_text(fx.fitbit_files()["heart_rate-2024-01-31.json"])
    assert import_logs(vault, renamed).added == {"heart_rate": 2}


def test_fitbit_truncated_json_refused(vault: Vault, tmp_path: Path) -> None:
    archive = tmp_path / "takeout.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, text in fx.fitbit_files().items():
            if name.startswith("heart_rate"):
                text = text[: len(text) // 2]
            zf.writestr(fx.FITBIT_ROOT + name.lstrip("./"), text)
    message = refused(vault, archive, MalformedFile, "heart_rate-2024-01-31.json", "JSON")
    assert "nothing was imported" in message


def test_fitbit_wrong_layout_refused(vault: Vault, tmp_path: Path) -> None:
    odd = tmp_path / "steps.json"
    odd.write_text('[{"dateTime": "01/31/24 07:00:00", "value": "40"}')  # never closed
    refused(vault, odd, MalformedFile, "steps.json", "not complete JSON")


# -- Garmin -----------------------------------------------------------------------------------


def test_garmin_connect_export(vault: Vault, tmp_path: Path) -> None:
    result = import_logs(vault, fx.garmin_zip(tmp_path / "garmin.zip"))
    assert result.format == "garmin"
    assert result.added == {"resting_heart_rate": 1, "sleep": 1, "steps": 2}
    assert values(vault, "steps") == [
        ("2024-03-01T12:00:00+01:00", 9120.0),
        ("2024-03-02T12:00:00+01:00", 4000.0),
    ]
    assert values(vault, "sleep") == [("2024-03-01T07:10:00+01:00", 7.5)]
    assert list_entries(vault, "sleep")[0].value2 == 8.0  # 22:10 to 06:10 UTC
    assert import_logs(vault, tmp_path / "garmin.zip").total_added == 0


def test_garmin_fit_activity(vault: Vault, tmp_path: Path) -> None:
    fit = tmp_path / "12345_ACTIVITY.fit"
    fit.write_bytes(fx.activity_fit())
    result = import_logs(vault, fit)
    assert result.format == "garmin" and result.added == {"exercise": 1}
    # 30 minutes of timer time (the 5-minute pause is not counted), local time +01:00
    assert values(vault, "exercise") == [("2024-03-02T08:00:00+01:00", 30.0)]
    assert import_logs(vault, fit).total_added == 0


def test_garmin_fit_monitoring(vault: Vault, tmp_path: Path) -> None:
    fit = tmp_path / "monitor.fit"
    fit.write_bytes(fx.monitoring_fit())
    result = import_logs(vault, fit)
    assert result.added == {"heart_rate": 5, "resting_heart_rate": 1, "steps": 1}
    hr = values(vault, "heart_rate")
    assert hr[0] == ("2024-03-02T07:00:00+01:00", 60.0)
    assert hr[-1] == ("2024-03-02T07:04:00+01:00", 64.0)  # timestamp_16 completed
    assert values(vault, "steps") == [("2024-03-02T12:00:00+01:00", 50.0)]  # cumulative max


def test_garmin_fit_in_a_zip_and_truncated(vault: Vault, tmp_path: Path) -> None:
    archive = tmp_path / "activity.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("12345_ACTIVITY.fit", fx.activity_fit())
    assert import_logs(vault, archive).added == {"exercise": 1}
    cut = tmp_path / "cut.fit"
    data = fx.monitoring_fit()
    cut.write_bytes(data[: len(data) - 20])
    refused(vault, cut, MalformedFile, "cut.fit", "not a complete FIT file")
    bad = tmp_path / "crc.fit"
    bad.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    refused(vault, bad, MalformedFile, "crc.fit")


# -- Withings ---------------------------------------------------------------------------------


def test_withings_export(vault: Vault, tmp_path: Path) -> None:
    result = import_logs(vault, fx.withings_zip(tmp_path / "data_ABC.zip"))
    assert result.format == "withings"
    assert result.added == {
        "blood_pressure": 1,
        "heart_rate": 2,
        "sleep": 1,
        "steps": 2,
        "weight": 1,
    }
    assert result.skipped == {"implausible value": 1, "other files": 2}
    assert values(vault, "sleep") == [("2024-02-01T07:00:00+01:00", 7.0)]
    assert list_entries(vault, "sleep")[0].value2 == 7.5
    (bp,) = list_entries(vault, "blood_pressure")
    assert (bp.value, bp.value2) == (128.0, 82.0)
    again = import_logs(vault, tmp_path / "data_ABC.zip")
    assert again.total_added == 0 and again.total_duplicates == result.total_added


def test_withings_single_csv_and_header_only(vault: Vault, tmp_path: Path) -> None:
    weight = tmp_path / "export.csv"
    weight.write_text(fx.WITHINGS["weight.csv"].replace("Weight (kg)", "Weight (lb)"))
    import_logs(vault, weight)
    (entry,) = list_entries(vault, "weight")
    assert entry.value == pytest.approx(81.2 * 0.45359237)
    empty = tmp_path / "bp.csv"
    empty.write_text("Date,Heart rate,Systolic,Diastolic,Comments\n")
    refused(vault, empty, MalformedFile, "bp.csv", "no data rows")


# -- sniffing and bad input -------------------------------------------------------------------


def test_binary_garbage_and_empty(vault: Vault, tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_bytes(bytes(range(256)) * 10)
    refused(vault, junk, UnsupportedFile, "junk.json", "Fitbit, Garmin or Withings")
    empty = tmp_path / "steps-2024-01-01.json"
    empty.write_bytes(b"")
    refused(vault, empty, MalformedFile, "empty")
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.txt").write_text("hello")
    refused(vault, folder, UnsupportedFile, "photos", "folder")


def test_bad_member_rolls_back_earlier_members(vault: Vault, tmp_path: Path) -> None:
    """A damaged last file leaves nothing of the earlier, good files in the vault."""
    archive = tmp_path / "withings.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("aggregates_steps.csv", fx.WITHINGS["aggregates_steps.csv"])
        zf.writestr("weight.csv", b"Date,Weight (kg)\n\xff\xfe\xfd,80\n")
    refused(vault, archive, MalformedFile, "weight.csv")


def test_fifo_refused_without_blocking(vault: Vault, tmp_path: Path) -> None:
    pipe = tmp_path / "export.zip"
    os.mkfifo(pipe)
    refused(vault, pipe, UnsupportedFile, "export.zip", "not a regular file")


def test_cli_imports_a_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PHR_PASSPHRASE", "pw")
    where = str(tmp_path / "v.phr")
    assert main(["--vault", where, "init"]) == 0
    archive = fx.withings_zip(tmp_path / "withings.zip")
    capsys.readouterr()
    assert main(["--vault", where, "log", "import", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "from the Withings export" in out and "skipped: other files" in out
    assert main(["--vault", where, "log", "import", str(archive), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "withings"


def test_log_csv_still_reads_as_csv(vault: Vault, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("date,kind,value,unit\n2024-01-01,weight,80,kg\n")
    assert import_logs(vault, log).format == "csv"


def test_garmin_fit_weight_scale(vault: Vault, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from tests.lifestyle.sources.fit_writer import FitWriter, fit_time

    writer = FitWriter()
    writer.define(0, 0, [(0, "enum"), (1, "uint16"), (4, "uint32")])
    stamp = fit_time(datetime(2024, 3, 3, 6, 30, tzinfo=UTC))
    writer.write(0, 9, 1, stamp)  # file type 9: weight
    writer.define(1, 30, [(253, "uint32"), (0, "uint16")])
    writer.write(1, stamp, 8120)  # 81.20 kg (scale 100)
    fit = tmp_path / "scale.fit"
    fit.write_bytes(writer.data())
    assert import_logs(vault, fit).added == {"weight": 1}
    (entry,) = list_entries(vault, "weight")
    assert entry.value == pytest.approx(81.2)


def test_garmin_wrong_layout_refused(vault: Vault, tmp_path: Path) -> None:
    odd = tmp_path / "UDSFile_1.json"
    odd.write_text(json.dumps({"userProfilePK": 1, "calendarDate": "2024-03-01", "totalSteps": 5}))
    refused(vault, odd, MalformedFile, "UDSFile_1.json", "not a list of Garmin daily records")


def test_zip_bomb_member_refused(vault: Vault, tmp_path: Path) -> None:
    archive = tmp_path / "withings.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("weight.csv", "Date,Weight (kg)\n" + "\n" * (40 * 1024 * 1024))
    refused(vault, archive, MalformedFile, "withings.zip", "decompression bomb")


def test_traversal_names_are_only_names(vault: Vault, tmp_path: Path) -> None:
    """Members are never extracted, so '../' in a name cannot write anywhere."""
    archive = tmp_path / "inner" / "withings.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../aggregates_steps.csv", fx.WITHINGS["aggregates_steps.csv"])
    before = sorted(p.name for p in tmp_path.iterdir())
    assert import_logs(vault, archive).added == {"steps": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_password_protected_wearable_zip_says_so(vault: Vault, tmp_path: Path) -> None:
    from tests.hostile import corpus

    locked = corpus.zip_patched(
        tmp_path / "withings.zip",
        "weight.csv",
        fx.WITHINGS["weight.csv"].encode(),
        method=zipfile.ZIP_DEFLATED,
        flags=1,
    )
    refused(vault, locked, UnsupportedFile, "withings.zip", "password-protected")
