"""A process killed in the middle of a large write leaves the old state or the new, never a mix."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from phr.vault import create_vault, integrity_check, open_vault

PASS = "pw"
ROWS_PER_RUN = 40_000

WRITER = f"""
import sys
from phr.vault import open_vault
vault = open_vault(sys.argv[1], sys.argv[2])
run = sys.argv[3]
print("open", flush=True)
with vault.transaction() as conn:
    for start in range(0, {ROWS_PER_RUN}, 1000):
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [(f"bulk-{{run}}-{{i}}", "x" * 64) for i in range(start, start + 1000)],
        )
print("committed", flush=True)
vault.close()
"""


def _bulk_rows(path: Path) -> int:
    with open_vault(path, PASS) as vault:
        assert integrity_check(vault).ok
        return int(vault.scalar("SELECT count(*) FROM settings WHERE key LIKE 'bulk-%'"))


def test_kill_mid_transaction_twenty_times(tmp_path: Path) -> None:
    path = tmp_path / "crash.phr"
    create_vault(path, PASS).close()
    rng = random.Random(20261126)
    expected = 0
    outcomes = {"rolled_back": 0, "committed": 0}
    for run in range(20):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), PASS, str(run)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "open"
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        finished = child.stdout.read().strip() == "committed"
        count = _bulk_rows(path)
        assert count in (expected, expected + ROWS_PER_RUN)
        if count == expected + ROWS_PER_RUN:
            expected = count
            outcomes["committed"] += 1
        else:
            assert not finished
            outcomes["rolled_back"] += 1
    assert outcomes["rolled_back"] > 0  # the kill really landed mid-transaction
