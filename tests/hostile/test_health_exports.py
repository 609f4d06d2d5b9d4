"""Hostile Apple Health exports are refused early and change nothing.

Before: a zip whose export.xml was 3 GB of spaces read for 6 s to end in a CRC error; one whose
export.xml was a tag that never ends ran on (expat rescans an unfinished token with every
chunk: quadratic, 60 MB in 25 s); a password-protected zip ended in "unexpected error
(RuntimeError)".
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from phr.cli import main
from phr.errors import MalformedFile, PhrError, UnsupportedFile
from phr.lifestyle.importer import import_logs
from phr.vault import Vault, create_vault
from tests.hostile import corpus
from tests.hostile.child import MB, needs_wait4, run_phr
from tests.hostile.corpus import APPLE_HEAD, GIB, MIB
from tests.lifestyle.helpers import snapshot

EXPORT = "apple_health_export/export.xml"
BOMB = "expands to more than 200 times its compressed size"
ENDLESS = "an XML tag or comment runs on for more than 1 MB"
PASS = "hostile health exports"
GOOD_RECORD = (
    b' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count"'
    b' startDate="2024-01-01 10:00:00 +0000" endDate="2024-01-01 10:05:00 +0000"'
    b' value="500"/>\n'
)

MAKERS: dict[str, Callable[[Path], Path]] = {
    "zip_3gb_of_nul": lambda d: corpus.zip_bomb(d / "export.zip", EXPORT, APPLE_HEAD),
    "zip_3gb_of_spaces": lambda d: corpus.zip_bomb(d / "spaces.zip", EXPORT, APPLE_HEAD, b" "),
    "zip_3gb_attribute": lambda d: corpus.zip_bomb(
        d / "attribute.zip", EXPORT, APPLE_HEAD + b'<Record value="', b"7"
    ),
    "zip_declares_40gib": lambda d: corpus.zip_declaring(d / "huge.zip", EXPORT, 40 * GIB, GIB),
    "zip_password": lambda d: corpus.zip_patched(
        d / "locked.zip", EXPORT, APPLE_HEAD, method=zipfile.ZIP_DEFLATED, flags=1
    ),
    "zip_deflate64": lambda d: corpus.zip_patched(
        d / "d64.zip", EXPORT, APPLE_HEAD, method=9, flags=0
    ),
    "xml_endless_attribute": lambda d: corpus.plain(
        d / "export.xml", APPLE_HEAD + b'<Record value="' + b"7" * (8 * MIB)
    ),
    "xml_endless_comment": lambda d: corpus.plain(
        d / "comment.xml", APPLE_HEAD + b"<!-- " + b"7" * (8 * MIB)
    ),
}

CASES: list[tuple[str, type[PhrError], str]] = [
    ("zip_3gb_of_nul", MalformedFile, BOMB),
    ("zip_3gb_of_spaces", MalformedFile, BOMB),
    ("zip_3gb_attribute", MalformedFile, BOMB),
    ("zip_declares_40gib", UnsupportedFile, "expands to more than 32 GB"),
    ("zip_password", UnsupportedFile, "is password-protected"),
    ("zip_deflate64", UnsupportedFile, "is compressed with Deflate64, which PHR cannot read"),
    ("xml_endless_attribute", MalformedFile, f"line 4: {ENDLESS}"),
    ("xml_endless_comment", MalformedFile, f"line 4: {ENDLESS}"),
]


@pytest.mark.parametrize(("case", "error", "words"), CASES)
def test_hostile_health_export_is_refused_early_and_the_vault_is_unchanged(
    vault: Vault, tmp_path: Path, case: str, error: type[PhrError], words: str
) -> None:
    path = MAKERS[case](tmp_path)
    before = snapshot(vault)
    start = time.monotonic()
    with pytest.raises(error, match=words) as caught:
        import_logs(vault, path)
    assert time.monotonic() - start < 10
    message = str(caught.value)
    assert message.startswith(path.name) and "\n" not in message
    assert "7777" not in message and "\x00" not in message
    assert snapshot(vault) == before


def test_long_runs_of_whitespace_between_records_are_not_refused(
    vault: Vault, tmp_path: Path
) -> None:
    """The guard counts a token that does not end, not bytes without an element."""
    path = corpus.plain(
        tmp_path / "export.xml",
        APPLE_HEAD + b" " * (8 * MIB) + GOOD_RECORD + b"\n" * (4 * MIB) + b"</HealthData>\n",
    )
    assert import_logs(vault, path).added == {"steps": 1}


@pytest.fixture
def closed_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "vault.phr"
    create_vault(path, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return path


@pytest.mark.parametrize(
    ("case", "words"),
    [("zip_password", "is password-protected"), ("zip_deflate64", "Deflate64")],
)
def test_cli_log_import_says_what_is_wrong_in_one_line_and_exits_1(
    closed_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, words: str
) -> None:
    path = MAKERS[case](tmp_path)
    before = closed_vault.read_bytes()
    capsys.readouterr()
    assert main(["--vault", str(closed_vault), "log", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"phr: {path.name} ") and words in err
    assert err.count("\n") == 1
    assert closed_vault.read_bytes() == before


@needs_wait4
def test_health_zip_bomb_stays_small_and_quick_in_a_real_process(
    closed_vault: Path, tmp_path: Path
) -> None:
    path = MAKERS["zip_3gb_attribute"](tmp_path)
    before = closed_vault.read_bytes()
    run = run_phr(["--vault", str(closed_vault), "log", "import", str(path)], tmp_path, {})
    assert run.returncode == 1, run.stderr
    assert BOMB in run.stderr and run.stderr.count("\n") == 1
    assert run.peak_rss < 300 * MB
    assert run.seconds < 20
    assert closed_vault.read_bytes() == before
