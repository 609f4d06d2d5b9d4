"""Whole-process start-up of the `phr` command line on a demo vault.

Run: `.venv/bin/python benchmarks/bench_cli.py [--runs N]`.
Times `phr --version`, `phr info` and `phr pgx` as a person runs them (a new process each
time, interpreter start-up and imports included), both through the installed entry script and
through `python -m phr`, and prints min / median / max wall seconds beside the goal of issue 15
(0.3 s, 0.6 s, 1 s), with the CPU seconds each took (a busy machine stretches the wall time,
not the CPU time). The demo vault is synthetic and lives in a temp folder removed afterwards;
one untimed warm-up run lets the checked rule set reach its cache, as it would after the first
use.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"--version": 0.3, "info": 0.6, "pgx": 1.0}


def _entry_points() -> dict[str, list[str]]:
    script = Path(sys.executable).with_name("phr")
    points = {"python -m phr": [sys.executable, "-m", "phr"]}
    if script.exists():
        points["phr (entry script)"] = [str(script)]
    return points


def _time(command: list[str], env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall seconds and CPU seconds (user + system of the child) of each run."""
    subprocess.run(command, env=env, check=True, capture_output=True)  # warm-up, not counted
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        vault = Path(folder) / "demo.phr"
        env = {**os.environ, "PHR_VAULT": str(vault), "PHR_PASSPHRASE": "demo"}
        subprocess.run(
            [sys.executable, "-m", "phr", "demo", str(vault)],
            env=env,
            check=True,
            capture_output=True,
        )
        print(
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (wall grows with it)"
        )
        print(f"{'command':<30} {'wall min':>8} {'median':>7} {'max':>7} {'cpu med':>8}   goal")
        for label, base in _entry_points().items():
            for command, goal in GOALS.items():
                walls, cpus = _time([*base, command], env, args.runs)
                median = statistics.median(walls)
                verdict = "ok" if median < goal else "SLOW"
                print(
                    f"{label + ' ' + command:<30} {min(walls):8.3f} {median:7.3f} "
                    f"{max(walls):7.3f} {statistics.median(cpus):8.3f}  <{goal:.1f}  {verdict}"
                )


if __name__ == "__main__":
    main()
