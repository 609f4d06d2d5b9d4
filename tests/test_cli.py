"""`phr` vault commands: the behaviour scripts rely on (output, exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from phr.cli import main


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "phr.cli", *args], capture_output=True, text=True, env=full_env
    )


def test_init_then_info_json(tmp_path: Path) -> None:
    vault = str(tmp_path / "v.phr")
    assert run(["--vault", vault, "init"], PHR_PASSPHRASE="pw").returncode == 0
    result = run(["--vault", vault, "info", "--json"], PHR_PASSPHRASE="pw")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["schema_version"] >= 1
    assert facts["counts"]["genomes"] == 0
    assert facts["file_size"] > 0


def test_wrong_passphrase_exits_1_with_one_line(tmp_path: Path) -> None:
    vault = str(tmp_path / "v.phr")
    run(["--vault", vault, "init"], PHR_PASSPHRASE="pw")
    result = run(["--vault", vault, "info"], PHR_PASSPHRASE="nope")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "Wrong passphrase" in result.stderr
    assert "Traceback" not in result.stderr


def test_passwd_backup_check(tmp_path: Path) -> None:
    vault = str(tmp_path / "v.phr")
    copy = str(tmp_path / "copy.phr")
    run(["--vault", vault, "init"], PHR_PASSPHRASE="old")
    assert (
        run(["--vault", vault, "passwd"], PHR_PASSPHRASE="old", PHR_NEW_PASSPHRASE="new").returncode
        == 0
    )
    assert run(["--vault", vault, "info"], PHR_PASSPHRASE="old").returncode == 1
    assert run(["--vault", vault, "backup", copy], PHR_PASSPHRASE="new").returncode == 0
    check = run(["--vault", copy, "check"], PHR_PASSPHRASE="new")
    assert check.returncode == 0, check.stderr
    assert "OK" in check.stdout


def test_passphrase_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("from a file\n")
    vault = str(tmp_path / "v.phr")
    assert main(["--vault", vault, "--passphrase-file", str(secret), "init"]) == 0
    assert main(["--vault", vault, "--passphrase-file", str(secret), "check"]) == 0


def test_vault_from_env_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHR_VAULT", str(tmp_path / "env.phr"))
    monkeypatch.setenv("PHR_PASSPHRASE", "pw")
    assert main(["init"]) == 0
    assert (tmp_path / "env.phr").exists()


def test_no_passphrase_without_terminal_is_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "phr.cli", "--vault", str(tmp_path / "v.phr"), "init"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "PHR_PASSPHRASE"},
    )
    assert result.returncode == 2
    assert "PHR_PASSPHRASE" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(["no-such-command"]).returncode == 2
    assert run([]).returncode == 2


def test_missing_vault_exits_1(tmp_path: Path) -> None:
    result = run(["--vault", str(tmp_path / "none.phr"), "info"], PHR_PASSPHRASE="pw")
    assert result.returncode == 1
    assert "No vault" in result.stderr


def test_demo_creates_openable_vault(tmp_path: Path) -> None:
    path = tmp_path / "demo.phr"
    result = run(["demo", str(path)])
    assert result.returncode == 0, result.stderr
    assert run(["--vault", str(path), "check"], PHR_PASSPHRASE="demo").returncode == 0


def test_version() -> None:
    result = run(["--version"])
    assert result.returncode == 0
    assert result.stdout.startswith("phr ")


def test_unexpected_error_is_one_line_and_log_has_no_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import phr.cli.vault_cmds as vault_cmds

    def broken(vault: object) -> object:
        raise ValueError("invalid literal for int(): 'SECRET-AG'")

    vault = str(tmp_path / "v.phr")
    monkeypatch.setenv("PHR_PASSPHRASE", "pw")
    assert main(["--vault", vault, "init"]) == 0
    capsys.readouterr()  # init's own output (a weak-passphrase warning for "pw")
    monkeypatch.setattr(vault_cmds, "info", broken)
    assert main(["--vault", vault, "info"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ValueError" in err and "Traceback" not in err
    logs = Path(err.split("Details are in ")[1].strip().rstrip(".")).read_text()
    assert "ValueError" in logs and "cmd_info" in logs
    assert "SECRET-AG" not in logs and "SECRET-AG" not in err


def test_info_says_what_the_vault_holds_and_details_show_the_tables(tmp_path: Path) -> None:
    vault = str(tmp_path / "v.phr")
    run(["--vault", vault, "init"], PHR_PASSPHRASE="pw")
    out = run(["--vault", vault, "info"], PHR_PASSPHRASE="pw").stdout
    assert "Genome:       none yet" in out and "Medicines:    none listed" in out
    assert "Last backup:  never" in out
    assert "genome_columns" not in out and "Schema" not in out
    assert (
        run(["--vault", vault, "backup", str(tmp_path / "b.phr")], PHR_PASSPHRASE="pw").returncode
        == 0
    )
    out = run(["--vault", vault, "info", "--details"], PHR_PASSPHRASE="pw").stdout
    assert "Last backup:  20" in out and " UTC" in out
    assert "Table" in out and "genome_columns" in out and "Schema:       version" in out
    facts = json.loads(run(["--vault", vault, "info", "--json"], PHR_PASSPHRASE="pw").stdout)
    assert facts["counts"]["genomes"] == 0 and facts["holdings"]["last_backup"].endswith("Z")


def test_bare_meds_and_log_list_with_headers(tmp_path: Path) -> None:
    vault = str(tmp_path / "v.phr")
    run(["--vault", vault, "init"], PHR_PASSPHRASE="pw")
    run(["--vault", vault, "meds", "add", "warfarin"], PHR_PASSPHRASE="pw")
    run(["--vault", vault, "log", "add", "blood_glucose", "5.5"], PHR_PASSPHRASE="pw")
    meds = run(["--vault", vault, "meds"], PHR_PASSPHRASE="pw")
    assert meds.returncode == 0 and meds.stdout.split("\n")[0].split()[:2] == ["ID", "Name"]
    assert "warfarin" in meds.stdout
    logs = run(["--vault", vault, "log"], PHR_PASSPHRASE="pw")
    assert logs.returncode == 0 and logs.stdout.startswith("ID")
    assert "blood glucose" in logs.stdout and "blood_glucose" not in logs.stdout
    assert "typed in" in logs.stdout
