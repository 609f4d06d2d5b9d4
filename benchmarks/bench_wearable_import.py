"""Fitbit, Garmin and Withings imports against a bare parse of the same generated file.

Run: `.venv/bin/python benchmarks/bench_wearable_import.py [--mb 100] [--source NAME]
[--cache DIR]`, or one phase alone (for farm-bench's whole-process timings):
`... --source fitbit --phase import`.

For each source one synthetic export of about `--mb` megabytes (uncompressed) is generated
once and cached (default /tmp/phr-bench/), shaped like the real one (see the docstrings of
phr/lifestyle/sources/*.py):
- fitbit: a Takeout-style zip of per-day `heart_rate-*.json` (a sample every 5 s, the bulk
  of a real export) and `steps-*.json` (per minute), with monthly sleep, weight and resting
  heart rate files;
- garmin: a zip of FIT files, one monitoring file per day (heart rate and cumulative steps
  every minute) and an hour-long activity every other day (per-second `record` messages with
  position, heart rate, speed, which PHR decodes but does not store, and one session);
- withings: a Health Mate zip with `raw_hr_hr.csv` (a heart rate per minute, the bulk),
  `aggregates_steps.csv`, `weight.csv`, `bp.csv` and `sleep.csv`.

Phases, each in its own process so its peak RSS is its own:
- bare: the same reading with no PHR code: `json.load` of every JSON member, fitdecode over
  every FIT member, `csv.reader` over every CSV member, counting the records;
- import: `phr.lifestyle.importer.import_logs` into a fresh encrypted vault (one transaction).

Measured 2026-12-05 on the shared 2-core build machine (heavily loaded, so wall times stretch;
whole-process CPU seconds from farm-bench, median of 3 paired runs, are the steadier figures):
- fitbit 100 MB (1.12M records): import 14.9 s CPU (75k records/s, 144 MiB peak) against
  json.load 1.25 s (27 MiB): 12x;
- withings 100 MB (2.49M rows): import 37.0 s CPU (67k rows/s, 123 MiB) against csv.reader
  1.21 s (17 MiB): 30x; both imports spend most of it building rows and in SQLite inserts;
- garmin 10 MB (518k FIT messages): import 28.4 s CPU (18k/s, 76 MiB) against fitdecode
  alone 20.1 s (26k/s, 17 MiB): 1.39x; decoding dominates. The 100 MB garmin file (5.1M
  messages) ran in-process at 635 s wall for the import, 2.28M readings stored.
Import peaks sit near 120-145 MiB whatever the size: the vault's 64 MiB page cache.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.lifestyle.sources.fit_writer import FitWriter, fit_time  # noqa: E402

# ruff: noqa: E501  (generators write long literal lines on purpose)

START = date(2016, 1, 1)


# -- generators ---------------------------------------------------------------------------------


def gen_fitbit(path: Path, target: int) -> None:
    rng = random.Random(1)
    written = 0
    day = START
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        base = "Takeout/Fitbit/Global Export Data/"
        months: dict[str, list[dict[str, object]]] = {}
        while written < target:
            us = day.strftime("%m/%d/%y")
            heart = [
                {
                    "dateTime": f"{us} {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}",
                    "value": {"bpm": 55 + rng.randrange(60), "confidence": rng.randrange(4)},
                }
                for s in range(0, 86400, 5)
            ]
            steps = [
                {"dateTime": f"{us} {m // 60:02d}:{m % 60:02d}:00", "value": str(rng.randrange(0, 3) * rng.randrange(120))}
                for m in range(1440)
            ]  # fmt: skip
            for name, records in (("heart_rate", heart), ("steps", steps)):
                text = json.dumps(records, indent=1)
                zf.writestr(f"{base}{name}-{day.isoformat()}.json", text)
                written += len(text)
            month = day.strftime("%Y-%m-01")
            months.setdefault(month, []).append(
                {
                    "logId": 30_000_000_000 + day.toordinal(), "dateOfSleep": day.isoformat(),
                    "startTime": f"{(day - timedelta(days=1)).isoformat()}T23:05:00.000",
                    "endTime": f"{day.isoformat()}T06:55:00.000", "minutesAsleep": 400 + rng.randrange(60),
                    "timeInBed": 470, "type": "stages", "mainSleep": True,
                    "levels": {"summary": {"deep": {"count": 4, "minutes": 80}}, "data": []},
                }
            )  # fmt: skip
            day += timedelta(days=1)
        for month, nights in months.items():
            zf.writestr(f"{base}sleep-{month}.json", json.dumps(nights, indent=1))
            rest = [
                {"dateTime": f"{n['dateOfSleep'][5:7]}/{n['dateOfSleep'][8:10]}/{n['dateOfSleep'][2:4]} 00:00:00",  # type: ignore[index]
                 "value": {"date": f"{n['dateOfSleep'][5:7]}/{n['dateOfSleep'][8:10]}/{n['dateOfSleep'][2:4]}",  # type: ignore[index]
                           "value": 55.5, "error": 6.1}}
                for n in nights
            ]  # fmt: skip
            zf.writestr(f"{base}resting_heart_rate-{month}.json", json.dumps(rest, indent=1))
            weights = [{"logId": 1, "weight": 80.5, "bmi": 24.1, "date": rest[0]["dateTime"][:8],  # type: ignore[index]
                        "time": "07:10:00", "source": "Aria"}]  # fmt: skip
            zf.writestr(f"{base}weight-{month}.json", json.dumps(weights, indent=1))


def _monitoring_day(day: date, rng: random.Random) -> bytes:
    w = FitWriter()
    begin = fit_time(datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=1))
    w.define(0, 0, [(0, "enum"), (1, "uint16"), (4, "uint32")])
    w.write(0, 32, 1, begin)
    w.define(1, 103, [(253, "uint32"), (0, "uint32")])
    w.write(1, begin, begin + 3600)
    fields = [(5, "enum"), (3, "uint32"), (27, "uint8"), (19, "uint16"), (4, "uint32")]
    w.define(2, 55, [(253, "uint32"), *fields])
    w.define(3, 55, [(26, "uint16"), *fields])
    steps = 0
    for minute in range(1440):
        stamp = begin + minute * 60
        steps += rng.randrange(0, 3) * rng.randrange(60)
        values = (6, steps, 50 + rng.randrange(70), rng.randrange(5), 60_000)
        if minute == 0:
            w.write(2, stamp, *values)
        else:
            w.write(3, stamp & 0xFFFF, *values)
    w.define(4, 211, [(253, "uint32"), (0, "uint8")])
    w.write(4, begin + 86400, 50 + rng.randrange(10))
    return w.data()


def _activity(day: date, rng: random.Random) -> bytes:
    w = FitWriter()
    begin = fit_time(datetime(day.year, day.month, day.day, 17, tzinfo=UTC))
    w.define(0, 0, [(0, "enum"), (1, "uint16"), (4, "uint32")])
    w.write(0, 4, 1, begin)
    w.define(1, 20, [(253, "uint32"), (0, "sint32"), (1, "sint32"), (3, "uint8"),
                     (5, "uint32"), (6, "uint16"), (2, "uint16"), (4, "uint8")])  # fmt: skip
    lat, lon = 612_000_000, 12_000_000
    for second in range(3600):
        lat += rng.randrange(-50, 60)
        lon += rng.randrange(-50, 60)
        w.write(1, begin + second, lat, lon, 120 + rng.randrange(50), second * 280, 2800, 2600, 85)
    w.define(2, 18, [(253, "uint32"), (2, "uint32"), (8, "uint32"), (7, "uint32"), (5, "enum")])
    w.write(2, begin + 3600, begin, 3_500_000, 3_600_000, 1)
    w.define(3, 34, [(253, "uint32"), (5, "uint32"), (1, "uint16")])
    w.write(3, begin + 3600, begin + 7200, 1)
    return w.data()


def gen_garmin(path: Path, target: int) -> None:
    rng = random.Random(2)
    written = 0
    day = START
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        while written < target:
            data = _monitoring_day(day, rng)
            zf.writestr(f"DI_CONNECT/DI-Connect-Fitness/{day.isoformat()}_monitor.fit", data)
            written += len(data)
            if day.toordinal() % 2 == 0:
                data = _activity(day, rng)
                zf.writestr(f"DI_CONNECT/DI-Connect-Fitness/{day.isoformat()}_activity.fit", data)
                written += len(data)
            day += timedelta(days=1)


def gen_withings(path: Path, target: int) -> None:
    rng = random.Random(3)
    hr = io.StringIO()
    hr.write("start,duration,value\n")
    steps, weight, bp, sleep = (io.StringIO() for _ in range(4))
    steps.write("date,value\n")
    weight.write(
        "Date,Weight (kg),Fat mass (kg),Bone mass (kg),Muscle mass (kg),Hydration (kg),Comments\n"
    )
    bp.write("Date,Heart rate,Systolic,Diastolic,Comments\n")
    sleep.write("from,to,light (s),deep (s),rem (s),awake (s),wake up,Duration to sleep (s)\n")
    moment = datetime(START.year, START.month, START.day, tzinfo=UTC)
    day = START
    while hr.tell() < target:
        for minute in range(1440):
            at = moment + timedelta(minutes=minute)
            hr.write(
                f'{at.strftime("%Y-%m-%dT%H:%M:%S+00:00")},"[60]","[{50 + rng.randrange(70)}]"\n'
            )
        steps.write(f"{day.isoformat()},{rng.randrange(2000, 15000)}\n")
        weight.write(
            f'"{day.isoformat()} 07:30:00",{75 + rng.random() * 5:.2f},14.2,3.1,35.8,45.0,\n'
        )
        bp.write(
            f'"{day.isoformat()} 08:00:00",{60 + rng.randrange(20)},{110 + rng.randrange(30)},{70 + rng.randrange(15)},\n'
        )
        sleep.write(
            f"{day.isoformat()}T00:30:00+01:00,{day.isoformat()}T07:00:00+01:00,14400,5400,3600,1800,1,600\n"
        )
        moment += timedelta(days=1)
        day += timedelta(days=1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in (("raw_hr_hr.csv", hr), ("aggregates_steps.csv", steps),
                           ("weight.csv", weight), ("bp.csv", bp), ("sleep.csv", sleep)):  # fmt: skip
            zf.writestr(name, text.getvalue())


GENERATORS = {"fitbit": gen_fitbit, "garmin": gen_garmin, "withings": gen_withings}


# -- phases -------------------------------------------------------------------------------------


def phase_bare(path: Path) -> dict[str, float]:
    """Only the parsing libraries: json.load, fitdecode, csv.reader; counts records."""
    import fitdecode

    records = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            with zf.open(info) as raw:
                if info.filename.endswith(".json"):
                    records += len(json.load(raw))
                elif info.filename.endswith(".fit"):
                    for frame in fitdecode.FitReader(raw, check_crc=fitdecode.CrcCheck.RAISE):
                        records += isinstance(frame, fitdecode.FitDataMessage)
                else:
                    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                    records += sum(1 for _ in csv.reader(text)) - 1
    return {"records": records}


def phase_import(path: Path) -> dict[str, float]:
    """Times `import_logs` only (not the vault's key derivation or Python imports)."""
    from phr.lifestyle.importer import import_logs
    from phr.vault import create_vault

    with tempfile.TemporaryDirectory() as folder:
        vault = create_vault(Path(folder) / "bench.phr", "benchmark passphrase")
        start = time.perf_counter()
        result = import_logs(vault, path)
        seconds = time.perf_counter() - start
        vault.close()
    return {
        "added": result.total_added,
        "skipped": sum(result.skipped.values()),
        "seconds": seconds,
    }


PHASES = {"bare": phase_bare, "import": phase_import}


def run_phase(name: str, path: Path) -> dict[str, float]:
    """One phase in a child process; its figures, seconds and peak RSS (MB)."""
    done = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--file", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"phase {name} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def cached(source: str, mb: int, cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{source}_{mb}mb.zip"
    if not path.exists():
        start = time.perf_counter()
        partial = path.with_suffix(".part")
        GENERATORS[source](partial, mb * 1_000_000)
        partial.rename(path)
        print(f"generated {path} in {time.perf_counter() - start:.0f} s", flush=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=100, help="uncompressed size per source")
    parser.add_argument("--source", choices=sorted(GENERATORS), action="append")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/phr-bench"))
    parser.add_argument("--phase", choices=sorted(PHASES), help="run one phase, print JSON")
    parser.add_argument("--file", type=Path, help="with --phase: the file (default: cached)")
    args = parser.parse_args()
    sources = args.source or sorted(GENERATORS)
    if args.phase:
        path = args.file or cached(sources[0], args.mb, args.cache)
        start = time.perf_counter()
        out = PHASES[args.phase](path)
        out.setdefault("seconds", time.perf_counter() - start)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        out["peak_mb"] = usage.ru_maxrss / 1024
        out["cpu_s"] = usage.ru_utime + usage.ru_stime  # the whole process, set-up included
        print(json.dumps(out))
        return
    for source in sources:
        path = cached(source, args.mb, args.cache)
        with zipfile.ZipFile(path) as zf:
            inflated = sum(i.file_size for i in zf.infolist()) / 1e6
        print(
            f"{source}: {path} ({path.stat().st_size / 1e6:,.0f} MB, {inflated:,.0f} MB inflated)"
        )
        results = {name: run_phase(name, path) for name in PHASES}
        records = results["bare"]["records"]
        for name, figures in results.items():
            print(
                f"  {name:<7} {figures['seconds']:7.1f} s  {records / figures['seconds']:>10,.0f} "
                f"records/s  peak RSS {figures['peak_mb']:6.0f} MB  "
                f"(process CPU {figures.get('cpu_s', 0):.1f} s: a busy machine stretches wall time)",
                flush=True,
            )
        imp = results["import"]
        print(
            f"  import stored {imp['added']:,.0f} readings, skipped {imp['skipped']:,.0f}; "
            f"{records:,.0f} records; import/bare time "
            f"{imp['seconds'] / results['bare']['seconds']:.2f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
