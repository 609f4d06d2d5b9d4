"""Nothing readable leaves the vault: no plaintext on disk, none in logs, no network."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from phr.vault import create_vault

ROOT = Path(__file__).resolve().parents[1]
MARKERS = ["ZZMARKER-rs4244285-GENOTYPE-AA", "ZZMARKER-clopidogrel-75mg", "ZZMARKER-systolic-171"]
PASS = "secret-passphrase-XYZZY"

# Runs in a child process: blocks every socket connection, then runs the CLI.
GUARDED_CLI = """
import socket, sys
def refuse(*a, **k):
    raise SystemExit("NETWORK ATTEMPT")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from phr.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _scan(paths: list[Path], needles: list[str]) -> list[str]:
    found = []
    for path in paths:
        if not path.is_file():
            continue
        data = path.read_bytes()
        found += [f"{path.name}: {n}" for n in needles if n.encode() in data]
    return found


def test_markers_written_to_vault_are_not_readable_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "v.phr"
    before = set(Path(tempfile.gettempdir()).iterdir())
    with create_vault(path, PASS) as vault, vault.transaction() as conn:
        for i, marker in enumerate(MARKERS):
            conn.execute("INSERT INTO settings VALUES (?, ?)", (f"m{i}", marker * 50))
            conn.execute(
                "INSERT INTO medications (name, created_at) VALUES (?, '2026-01-01')", (marker,)
            )
    assert not path.read_bytes().startswith(b"SQLite format 3")
    siblings = list(tmp_path.iterdir())
    new_temp = [p for p in Path(tempfile.gettempdir()).iterdir() if p not in before]
    assert _scan(siblings + new_temp, [*MARKERS, PASS]) == []


def _cli(
    args: list[str], env_extra: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-c", GUARDED_CLI, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )


def test_cli_runs_without_network_and_logs_no_secrets(tmp_path: Path) -> None:
    vault = str(tmp_path / "c.phr")
    env = {"PHR_PASSPHRASE": PASS}
    for args in (["--vault", vault, "init"], ["--vault", vault, "info", "--json"]):
        result = _cli(args, env, tmp_path)
        assert result.returncode == 0, result.stderr
        assert "NETWORK" not in result.stderr
    wrong = _cli(["--vault", vault, "info"], {"PHR_PASSPHRASE": "wrong-XYZZY"}, tmp_path)
    assert wrong.returncode == 1
    logs = list(Path(os.environ["XDG_STATE_HOME"]).rglob("*.log"))
    assert logs, "the CLI should log to the user log dir"
    assert _scan(logs, [PASS, "wrong-XYZZY"]) == []


def test_guard_really_blocks(tmp_path: Path) -> None:
    """The network guard itself must bite, or the test above proves nothing."""
    code = GUARDED_CLI.replace(
        "from phr.cli import main", "socket.create_connection(('127.0.0.1', 9))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "NETWORK ATTEMPT" in result.stderr


def test_in_process_guard_blocks() -> None:
    import socket

    with pytest.raises(AssertionError, match="network"):
        socket.create_connection(("127.0.0.1", 9))
