"""Apple Health workouts become exercise entries: old attributes, iOS 16 statistics, pauses."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.lifestyle.apple_workouts import activity_name
from phr.lifestyle.entries import list_entries
from phr.lifestyle.importer import import_logs
from phr.vault import Vault
from tests.conftest import shared_file
from tests.lifestyle.apple_export import WATCH, record, write_export

EXERCISE_TIME = "HKQuantityTypeIdentifierAppleExerciseTime"


def workout(start: str, end: str, children: str = "", **attrs: str) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning"{extra}'
        f' sourceName="{WATCH}" sourceVersion="10.2" creationDate="{end}"'
        f' startDate="{start}" endDate="{end}">\n{children} </Workout>\n'
    )


def workouts(vault: Vault) -> list[tuple[object, ...]]:
    return vault.query(
        "SELECT at_utc, tz_offset, value, activity, distance_km, energy_kcal FROM log_entries"
        " WHERE kind = 'exercise' AND activity IS NOT NULL ORDER BY at_utc"
    )


def test_old_style_totals_in_attributes(vault: Vault, tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "export.xml",
        workout(
            "2016-11-14 07:25:41 -0700",
            "2016-11-14 07:30:53 -0700",
            duration="5.194083333333333",
            durationUnit="min",
            totalDistance="0.4971749504535062",
            totalDistanceUnit="mi",
            totalEnergyBurned="48.74499999999999",
            totalEnergyBurnedUnit="kcal",
        ),
    )
    assert import_logs(vault, path).added == {"exercise": 1}
    ((at, offset, minutes, activity, km, kcal),) = workouts(vault)
    assert (at, offset, activity) == ("2016-11-14T14:25:41Z", -420, "Running")
    assert minutes == pytest.approx(5.194, abs=1e-3)
    assert km == pytest.approx(0.8001, abs=1e-4) and kcal == pytest.approx(48.74)


def test_ios16_statistics_children_win_and_cal_is_a_kilocalorie(
    vault: Vault, tmp_path: Path
) -> None:
    stats = (
        '  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned"'
        ' startDate="2023-05-01 18:00:00 +0200" endDate="2023-05-01 18:40:00 +0200"'
        ' sum="312.5" unit="Cal"/>\n'
        '  <WorkoutStatistics type="HKQuantityTypeIdentifierBasalEnergyBurned"'
        ' startDate="2023-05-01 18:00:00 +0200" endDate="2023-05-01 18:40:00 +0200"'
        ' sum="60" unit="Cal"/>\n'
        '  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceCycling"'
        ' startDate="2023-05-01 18:00:00 +0200" endDate="2023-05-01 18:40:00 +0200"'
        ' sum="14200" unit="m"/>\n'
        '  <WorkoutRoute sourceName="x"><FileReference path="/workout-routes/r.gpx"/>'
        "</WorkoutRoute>\n"
    )
    path = write_export(
        tmp_path / "export.xml",
        workout(
            "2023-05-01 18:00:00 +0200",
            "2023-05-01 18:40:00 +0200",
            stats,
            duration="40",
            durationUnit="min",
            totalEnergyBurned="1",
            totalEnergyBurnedUnit="kcal",
        ).replace("TypeRunning", "TypeCycling"),
    )
    import_logs(vault, path)
    assert workouts(vault) == [("2023-05-01T16:00:00Z", 120, 40.0, "Cycling", 14.2, 312.5)]
    (entry,) = list_entries(vault, "exercise")
    assert entry.display_value() == "40 min (Cycling, 14.2 km, 312 kcal)"
    assert entry.as_json()["activity"] == "Cycling"


def test_pauses_are_left_out_when_apple_gives_no_duration(vault: Vault, tmp_path: Path) -> None:
    events = (
        '  <WorkoutEvent type="HKWorkoutEventTypePause" date="2024-04-02 07:10:00 +0100"/>\n'
        '  <WorkoutEvent type="HKWorkoutEventTypeResume" date="2024-04-02 07:15:00 +0100"/>\n'
        '  <WorkoutEvent type="HKWorkoutEventTypeLap" date="2024-04-02 07:20:00 +0100"/>\n'
        '  <WorkoutEvent type="HKWorkoutEventTypeMotionPaused"'
        ' date="2024-04-02 07:30:00 +0100"/>\n'
        '  <WorkoutEvent type="HKWorkoutEventTypeMotionResumed"'
        ' date="2024-04-02 07:32:00 +0100"/>\n'
        '  <WorkoutEvent type="HKWorkoutEventTypePause" date="2024-04-02 07:55:00 +0100"/>\n'
    )
    path = write_export(
        tmp_path / "export.xml",
        workout("2024-04-02 07:00:00 +0100", "2024-04-02 08:00:00 +0100", events),
    )
    import_logs(vault, path)
    # 60 min less 5 (pause), 2 (motion pause) and 5 (paused until the end)
    assert workouts(vault)[0][2] == pytest.approx(48.0)


def test_exercise_minutes_inside_a_workout_are_not_counted_twice(
    vault: Vault, tmp_path: Path
) -> None:
    def minute(at: str) -> str:
        return record(EXERCISE_TIME, f"2024-04-02 {at}:00 +0100", f"2024-04-02 {at}:59 +0100",
                      "1", unit="min")  # fmt: skip

    path = write_export(
        tmp_path / "export.xml",
        minute("06:50"),
        minute("07:05"),
        minute("07:40"),
        minute("08:30"),
        workout(
            "2024-04-02 07:00:00 +0100",
            "2024-04-02 08:00:00 +0100",
            duration="60",
            durationUnit="min",
        ),
    )
    assert import_logs(vault, path).added == {"exercise": 3}  # 06:50, 08:30 and the workout
    total = vault.scalar("SELECT sum(value) FROM log_entries WHERE kind = 'exercise'")
    assert total == 62.0


def test_reimport_adds_nothing_and_clears_minutes_an_older_import_kept(
    vault: Vault, tmp_path: Path
) -> None:
    inside = record(EXERCISE_TIME, "2024-04-02 07:05:00 +0100", "2024-04-02 07:06:00 +0100", "1",
                    unit="min")  # fmt: skip
    session = workout("2024-04-02 07:00:00 +0100", "2024-04-02 08:00:00 +0100", duration="60",
                      durationUnit="min")  # fmt: skip
    import_logs(vault, write_export(tmp_path / "old.xml", inside))  # before the workout synced
    path = write_export(tmp_path / "export.xml", inside, session)
    assert import_logs(vault, path).added == {"exercise": 1}
    assert vault.scalar("SELECT sum(value) FROM log_entries WHERE kind = 'exercise'") == 60.0
    again = import_logs(vault, path)
    assert again.total_added == 0 and again.duplicates == {"exercise": 1}


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("HKWorkoutActivityTypeRunning", "Running"),
        ("HKWorkoutActivityTypeTraditionalStrengthTraining", "Traditional Strength Training"),
        ("HKWorkoutActivityTypeHighIntensityIntervalTraining", "High Intensity Interval Training"),
        ("", "Workout"),
    ],
)
def test_activity_names_read_as_words(raw: str, name: str) -> None:
    assert activity_name(raw) == name


def test_real_hkimport_workouts(vault: Vault) -> None:
    path = shared_file("data", "apple-health", "ashtom_hkimport__Data_export__excerpt.xml")
    import_logs(vault, path)
    found = [(a, round(float(m), 2), d, e) for _, _, m, a, d, e in workouts(vault)]  # type: ignore[arg-type]
    assert found == [
        ("Walking", 4.31, 0.0, 21.0),
        ("Running", 0.0, 5.0, 300.0),  # typed by hand: no minutes, still a run
        ("Running", 5.68, 5.5, 0.0),
        ("Running", 17.46, 0.267, 178.0),  # Apple's duration, pauses already left out
    ]
