"""Apple Health import: mapping, units, de-duplication, re-import and the real public samples."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from phr.errors import Cancelled
from phr.lifestyle.importer import import_logs
from phr.lifestyle.summary import summarize
from phr.progress import CancelToken
from phr.vault import Vault
from tests.conftest import shared_file
from tests.lifestyle.helpers import QUIRKS, counts, snapshot

EXPECTED = {
    "weight": 2,
    "height": 1,
    "heart_rate": 2,
    "resting_heart_rate": 1,
    "steps": 3,  # hourly totals: 09h and 14h on the 2nd (+0100), 23h (-0500)
    "blood_glucose": 2,
    "exercise": 2,  # one watch exercise minute and one workout
    "alcohol": 1,
    "blood_pressure": 2,
    "sleep": 1,
}


def day_values(vault: Vault, kind: str) -> dict[str, object]:
    (summary,) = summarize(vault, [kind], today=date(2024, 3, 10))
    return {d.date: d.value for d in summary.days}


def test_quirks_export_maps_every_kind_and_counts_what_it_skips(vault: Vault) -> None:
    result = import_logs(vault, QUIRKS)
    assert result.format == "apple_health"
    assert result.added == EXPECTED
    assert counts(vault) == EXPECTED
    # distance, 2 BP twins, mindful, food, activity summary (InBed/Awake: time in bed)
    assert result.skipped == {"other data types": 6, "implausible value": 1, "unknown unit": 1}


def test_units_arrive_per_record_and_are_converted(vault: Vault) -> None:
    import_logs(vault, QUIRKS)
    weights = sorted(v for (v,) in vault.query("SELECT value FROM log_entries WHERE kind='weight'"))
    assert weights == pytest.approx([74.9, 165.5 * 0.45359237])
    glucose = sorted(
        v for (v,) in vault.query("SELECT value FROM log_entries WHERE kind='blood_glucose'")
    )
    assert glucose == pytest.approx([5.2, 99 / 18.016])
    assert vault.scalar("SELECT value FROM log_entries WHERE kind='height'") == pytest.approx(
        175.26
    )
    assert vault.scalar("SELECT value FROM log_entries WHERE kind='alcohol'") == 28.0


def test_phone_and_watch_steps_for_the_same_walk_count_once(vault: Vault) -> None:
    import_logs(vault, QUIRKS)
    # 09h: the watch's 1250 (09:01-09:19) in full, and the phone only for the minutes the
    # watch did not cover: 800 over 09:00-09:10 -> 1 min = 80, 400 over 09:10-09:20 -> 40;
    # 14h: phone 300; 23h (New York): 50
    assert day_values(vault, "steps") == {"2024-03-02": 1720.0}


def test_days_are_local_dates_of_each_record(vault: Vault) -> None:
    import_logs(vault, QUIRKS)
    late = vault.query("SELECT at_utc, tz_offset FROM log_entries WHERE kind='steps' AND value=50")
    # the 23:00 hour in New York: UTC says the 3rd, the person's day is the 2nd
    assert late == [("2024-03-03T04:00:00Z", -300)]
    assert "2024-03-03" not in day_values(vault, "steps")


def test_blood_pressure_comes_from_the_correlation_once(vault: Vault) -> None:
    import_logs(vault, QUIRKS)
    assert day_values(vault, "blood_pressure") == {
        "2024-03-06": (134.0, 86.0),
        "2024-03-07": (122.0, 78.0),
    }


def test_sleep_merges_overlapping_apps_and_ignores_in_bed_and_awake(vault: Vault) -> None:
    import_logs(vault, QUIRKS)
    # asleep 23:00-02:00 and 02:30-06:00 (watch) + 05:00-06:30 (other app) = 3 h + 4 h
    assert day_values(vault, "sleep") == {"2024-03-06": 7.0}


def test_no_break_space_in_device_names_is_normalised(vault: Vault) -> None:
    import_logs(vault, QUIRKS)
    sources = {s for (s,) in vault.query("SELECT DISTINCT source FROM log_entries")}
    assert "apple_health:Sam’s Apple Watch" in sources
    assert not any("\u00a0" in s for s in sources)


def test_reimporting_the_same_export_adds_nothing_twice(vault: Vault, tmp_path: Path) -> None:
    import_logs(vault, QUIRKS)
    again = import_logs(vault, QUIRKS)
    assert again.total_added == 0
    assert again.duplicates == EXPECTED
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(QUIRKS, "apple_health_export/export.xml")
        zf.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    assert import_logs(vault, archive).total_added == 0
    assert counts(vault) == EXPECTED


def test_zip_export_with_localised_member_name(vault: Vault, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(QUIRKS, "apple_health_export/导出.xml")
        zf.writestr("apple_health_export/workout-routes/route_1.gpx", "<gpx/>")
    assert import_logs(vault, archive).added == EXPECTED


def test_a_longer_night_from_a_later_export_replaces_the_shorter(
    vault: Vault, tmp_path: Path
) -> None:
    text = QUIRKS.read_text(encoding="utf-8")
    partial = text.replace(
        'startDate="2024-03-06 05:00:00 +0000" endDate="2024-03-06 06:30:00 +0000"',
        'startDate="2024-03-06 05:00:00 +0000" endDate="2024-03-06 05:30:00 +0000"',
    )
    early = tmp_path / "early.xml"
    early.write_text(partial, encoding="utf-8")
    import_logs(vault, early)
    assert day_values(vault, "sleep") == {"2024-03-06": 6.5}
    import_logs(vault, QUIRKS)
    assert day_values(vault, "sleep") == {"2024-03-06": 7.0}
    assert counts(vault)["sleep"] == 1


def test_cancel_mid_import_leaves_vault_unchanged(vault: Vault) -> None:
    before = snapshot(vault)
    token = CancelToken()

    def cancel_on_first_progress(done: int, total: int, message: str) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        import_logs(vault, QUIRKS, progress=cancel_on_first_progress, cancel=token)
    assert snapshot(vault) == before


def test_progress_counts_bytes_up_to_the_file_size(vault: Vault) -> None:
    seen: list[tuple[int, int]] = []
    import_logs(vault, QUIRKS, progress=lambda d, t, m: seen.append((d, t)))
    assert seen[-1] == (QUIRKS.stat().st_size, QUIRKS.stat().st_size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# -- the real public samples (shared/data/apple-health; skipped where absent) ----------------


def test_real_hkimport_excerpt(vault: Vault) -> None:
    path = shared_file("data", "apple-health", "ashtom_hkimport__Data_export__excerpt.xml")
    result = import_logs(vault, path)
    assert result.added == {
        "blood_glucose": 4,
        "exercise": 4,  # the four workouts
        "heart_rate": 4,
        "sleep": 1,
        "steps": 7,  # hourly totals of the 10 samples
        "weight": 6,
    }
    steps = day_values(vault, "steps")
    assert steps == {
        "2017-01-22": 19.0,
        "2017-01-24": 401.0,
        "2017-03-05": 56.0,
        "2017-10-09": 1047.0,
    }
    # the absurd 152 kg manual entry beside ~70 kg is imported, not silently cleaned
    assert vault.scalar("SELECT count(*) FROM log_entries WHERE kind='weight' AND value=152") == 1


def test_real_tdda_sample_steps_and_dogsheep_heart_rate(vault: Vault) -> None:
    tdda = shared_file("data", "apple-health", "tdda_applehealthdata__export6s3sample.xml")
    assert import_logs(vault, tdda).added == {
        "exercise": 1,
        "steps": 2,
    }  # 10 samples in two clock hours
    assert day_values(vault, "steps") == {"2014-09-13": 2517.0}
    dogsheep = shared_file("data", "apple-health", "dogsheep_healthkit-to-sqlite__tests_export.xml")
    assert import_logs(vault, dogsheep).added == {"exercise": 1, "heart_rate": 1}
    (hr,) = summarize(vault, ["heart_rate"], today=date(2018, 9, 10))
    assert hr.latest == 72.0
    assert hr.latest_at == "2018-09-10T02:28:55-07:00"
