"""Small exports written the way each vendor writes them (see each source module's docstring)."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from tests.lifestyle.sources.fit_writer import activity_file, monitoring_file

FITBIT_ROOT = "Takeout/Fitbit/Global Export Data/"


def fitbit_files() -> dict[str, str]:
    steps = [
        {"dateTime": "01/31/24 07:00:00", "value": "0"},
        {"dateTime": "01/31/24 07:01:00", "value": "40"},
        {"dateTime": "01/31/24 07:02:00", "value": "35"},
    ]
    heart = [
        {"dateTime": "01/31/24 07:00:05", "value": {"bpm": 62, "confidence": 2}},
        {"dateTime": "01/31/24 07:00:15", "value": {"bpm": 64, "confidence": 3}},
        {"dateTime": "01/31/24 07:00:25", "value": {"bpm": 90, "confidence": 0}},
    ]
    resting = [
        {"dateTime": "01/30/24 00:00:00", "value": {"date": None, "value": 0.0, "error": 0.0}},
        {
            "dateTime": "01/31/24 00:00:00",
            "value": {"date": "01/31/24", "value": 58.6, "error": 6.8},
        },
    ]
    sleep = [
        {
            "logId": 41000000001, "dateOfSleep": "2024-01-31",
            "startTime": "2024-01-30T23:10:30.000", "endTime": "2024-01-31T07:02:30.000",
            "duration": 28320000, "minutesToFallAsleep": 0, "minutesAsleep": 420,
            "minutesAwake": 52, "minutesAfterWakeup": 0, "timeInBed": 472, "efficiency": 92,
            "type": "stages", "infoCode": 0, "mainSleep": True,
            "levels": {
                "summary": {
                    "deep": {"count": 4, "minutes": 80, "thirtyDayAvgMinutes": 70},
                    "wake": {"count": 20, "minutes": 52, "thirtyDayAvgMinutes": 50},
                    "light": {"count": 25, "minutes": 250, "thirtyDayAvgMinutes": 240},
                    "rem": {"count": 6, "minutes": 90, "thirtyDayAvgMinutes": 85},
                },
                "data": [{"dateTime": "2024-01-30T23:10:30.000", "level": "light", "seconds": 600}],
                "shortData": [],
            },
        },
        {
            "logId": 41000000002, "dateOfSleep": "2024-01-31",
            "startTime": "2024-01-31T14:00:00.000", "endTime": "2024-01-31T14:40:00.000",
            "minutesAsleep": 30, "timeInBed": 40, "type": "classic", "mainSleep": False,
            "levels": {"summary": {"asleep": {"count": 0, "minutes": 30}}, "data": []},
        },
    ]  # fmt: skip
    weight = [
        {"logId": 1706685154000, "weight": 178.6, "bmi": 24.9, "date": "01/31/24",
         "time": "07:12:34", "source": "Aria"},
    ]  # fmt: skip
    calories = [{"dateTime": "01/31/24 07:00:00", "value": "1.2"}]
    profile = (
        "id,full_name,timezone,weight_unit,member_since\n"
        "ABC123,Pat Example,America/New_York,POUND,2015-06-01\n"
    )
    return {
        "steps-2024-01-31.json": json.dumps(steps, indent=1),
        "heart_rate-2024-01-31.json": json.dumps(heart, indent=1),
        "resting_heart_rate-2024-01-01.json": json.dumps(resting, indent=1),
        "sleep-2024-01-01.json": json.dumps(sleep, indent=1),
        "weight-2024-01-01.json": json.dumps(weight, indent=1),
        "calories-2024-01-31.json": json.dumps(calories, indent=1),
        "../Personal & Account/Profile.csv": profile,
    }


def fitbit_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in fitbit_files().items():
            member = (FITBIT_ROOT + name).replace("Global Export Data/../", "")
            zf.writestr(member, text)
    return path


def fitbit_folder(path: Path) -> Path:
    for name, text in fitbit_files().items():
        target = path / "user-site-export" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.resolve().parent.mkdir(parents=True, exist_ok=True)
        target.resolve().write_text(text)
    return path


UDS = [
    {
        "userProfilePK": 1234, "calendarDate": "2024-03-01", "totalSteps": 9120,
        "restingHeartRate": 51, "wellnessStartTimeGmt": "2024-02-29T23:00:00.0",
        "wellnessStartTimeLocal": "2024-03-01T00:00:00.0",
    },
    {
        "userProfilePK": 1234, "calendarDate": {"date": "Mar 2, 2024 12:00:00 AM"},
        "totalSteps": 4000, "restingHeartRate": 0,
        "wellnessStartTimeGmt": "2024-03-01T23:00:00.0",
        "wellnessStartTimeLocal": "2024-03-02T00:00:00.0",
    },
]  # fmt: skip
SLEEP = [
    {
        "sleepStartTimestampGMT": "2024-02-29T22:10:00.0",
        "sleepEndTimestampGMT": "2024-03-01T06:10:00.0", "calendarDate": "2024-03-01",
        "deepSleepSeconds": 5400, "lightSleepSeconds": 16200, "remSleepSeconds": 5400,
        "awakeSleepSeconds": 1800, "unmeasurableSeconds": 0,
    }
]  # fmt: skip


def garmin_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("DI_CONNECT/DI-Connect-Aggregator/UDSFile_2024-01-01_2024-04-10.json",
                    json.dumps(UDS))  # fmt: skip
        zf.writestr("DI_CONNECT/DI-Connect-Wellness/2024-01-01_2024-04-10_1234_sleepData.json",
                    json.dumps(SLEEP))  # fmt: skip
        zf.writestr("DI_CONNECT/DI-Connect-User/user_profile.json", '{"userName": "x"}')
    return path


def activity_fit() -> bytes:
    return activity_file([(datetime(2024, 3, 2, 7, 0, tzinfo=UTC), 1800.0, 1)], 60)


def monitoring_fit() -> bytes:
    return monitoring_file(datetime(2024, 3, 2, 6, 0, tzinfo=UTC), 5, 60)


WITHINGS = {
    "weight.csv": (
        "Date,Weight (kg),Fat mass (kg),Bone mass (kg),Muscle mass (kg),Hydration (kg),Comments\n"
        '"2024-02-01 07:30:00",81.2,14.2,3.1,35.8,45.0,\n'
        '"2024-02-02 07:25:00",,14.0,3.1,35.9,45.1,\n'
    ),
    "bp.csv": (
        "Date,Heart rate,Systolic,Diastolic,Comments\n"
        '"2024-02-01 08:00:00",68,128,82,\n'
        '"2024-02-01 20:00:00",72,300,400,\n'
    ),
    "raw_hr_hr.csv": (
        "start,duration,value\n"
        '2024-02-01T08:15:00+01:00,"[60]","[71]"\n'
        '2024-02-01T08:16:00+01:00,"[60]","[73]"\n'
    ),
    "raw_tracker_distance.csv": 'start,duration,value\n2024-02-01T08:15:00+01:00,"[60]","[42]"\n',
    "aggregates_steps.csv": "date,value\n2024-02-01,8432\n2024-02-02,10211\n",
    "aggregates_distance.csv": "date,value\n2024-02-01,6100\n",
    "sleep.csv": (
        "from,to,light (s),deep (s),rem (s),awake (s),wake up,Duration to sleep (s)\n"
        "2024-01-31T23:30:00+01:00,2024-02-01T07:00:00+01:00,14400,7200,3600,1800,1,600\n"
    ),
}


def withings_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in WITHINGS.items():
            zf.writestr(name, text)
    return path
