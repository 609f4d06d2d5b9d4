"""Hostile genome files are refused early, naming the file (and line), and change nothing.

Reproduces the adversarial findings: a 2 GiB line without a newline took 219 s and 6.5 GB; a
3 MB zip holding 3 GB of NUL bytes ran past 120 s at 3.3 GB; a password-protected or Deflate64
zip ended in "unexpected error (RuntimeError)". Each file here is a few MB on disk at most.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from phr.cli import main
from phr.errors import MalformedFile, PhrError, UnsupportedFile
from phr.genome import source
from phr.genome.importer import import_genome
from phr.vault import Vault, create_vault
from tests.genome.conftest import fingerprint
from tests.hostile import corpus
from tests.hostile.child import MB, needs_wait4, run_phr
from tests.hostile.corpus import ARRAY_HEADER, GIB, MIB, VCF_HEADER

BOMB = "expands to more than 200 times its compressed size"
LONG_VCF_RECORD = b"1\t800000\t.\tA\tG\t50\tPASS\tX=" + b"7" * (17 * MIB) + b"\tGT\t0/1\n"
PASS = "hostile genome files"

MAKERS: dict[str, Callable[[Path], Path]] = {
    "gzip_2gib_line": lambda d: corpus.gzip_run(
        d / "long_line.txt.gz", ARRAY_HEADER, b"A", 2 * GIB
    ),
    "plain_1mib_row": lambda d: corpus.plain(
        d / "long_row.txt", ARRAY_HEADER + b"rs1\t1\t100\t" + b"A" * MIB + b"\nrs2\t1\t2\tAA\n"
    ),
    "first_line_100kb": lambda d: corpus.plain(d / "no_newline.txt", b"# " + b"A" * 100_000),
    "gzip_3gb_of_newlines": lambda d: corpus.gzip_run(
        d / "blank.txt.gz", ARRAY_HEADER, b"\n", 3 * 10**9
    ),
    "zip_3gb_of_nul": lambda d: corpus.zip_bomb(d / "bomb.zip", "genome.txt", ARRAY_HEADER),
    "zip_declares_9gib": lambda d: corpus.zip_declaring(
        d / "huge.zip", "genome.txt", 9 * GIB, 60 * MIB
    ),
    "zip_password": lambda d: corpus.zip_patched(
        d / "locked.zip", "genome.txt", ARRAY_HEADER, method=zipfile.ZIP_DEFLATED, flags=1
    ),
    "zip_aes": lambda d: corpus.zip_patched(
        d / "aes.zip", "genome.txt", ARRAY_HEADER, method=99, flags=0
    ),
    "zip_deflate64": lambda d: corpus.zip_patched(
        d / "d64.zip", "genome.txt", ARRAY_HEADER, method=9, flags=0
    ),
    "vcf_gzip_3gb": lambda d: corpus.gzip_run(d / "bomb.vcf.gz", VCF_HEADER, b"A", 3 * 10**9),
    "vcf_zip_3gb": lambda d: corpus.zip_bomb(
        d / "bomb.vcf.zip", "genome.vcf", VCF_HEADER, fill=b"\n"
    ),
    "vcf_17mib_line": lambda d: corpus.plain(d / "long.vcf", VCF_HEADER + LONG_VCF_RECORD),
}

CASES: list[tuple[str, type[PhrError], str]] = [
    ("gzip_2gib_line", MalformedFile, "line 9: the line is longer than 64 kB"),
    ("plain_1mib_row", MalformedFile, "line 9: the line is longer than 64 kB"),
    ("first_line_100kb", MalformedFile, "line 1: the line is longer than 64 kB"),
    ("gzip_3gb_of_newlines", MalformedFile, BOMB),
    ("zip_3gb_of_nul", MalformedFile, BOMB),
    ("zip_declares_9gib", UnsupportedFile, "expands to more than 8 GB"),
    ("zip_password", UnsupportedFile, "is password-protected"),
    ("zip_aes", UnsupportedFile, "is password-protected"),
    ("zip_deflate64", UnsupportedFile, "is compressed with Deflate64, which PHR cannot read"),
    ("vcf_gzip_3gb", MalformedFile, BOMB),
    ("vcf_zip_3gb", MalformedFile, BOMB),
    ("vcf_17mib_line", MalformedFile, "line 5: the line is longer than 16 MB"),
]


def _never_quotes_content(message: str) -> None:
    for content in ("AAAAAAAA", "7777777", "rs1", "rs2", "\t", "\x00"):
        assert content not in message


@pytest.mark.parametrize(("case", "error", "words"), CASES)
def test_hostile_genome_file_is_refused_early_and_the_vault_is_unchanged(
    vault: Vault, tmp_path: Path, case: str, error: type[PhrError], words: str
) -> None:
    path = MAKERS[case](tmp_path)
    before = fingerprint(vault)
    start = time.monotonic()
    with pytest.raises(error, match=words) as caught:
        import_genome(vault, path)
    assert time.monotonic() - start < 15  # before: minutes
    message = str(caught.value)
    assert message.startswith(path.name)
    assert "\n" not in message
    _never_quotes_content(message)
    assert fingerprint(vault) == before


def test_a_gzip_expanding_past_the_size_limit_is_refused_as_it_streams(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gzip declares no size: the limit is enforced on what comes out, while it comes out."""
    rows = "".join(f"rs{n}\t1\t{1000 + n * 7}\t{'ACGT'[n % 4]}G\n" for n in range(100_000))
    path = corpus.gzip_run(tmp_path / "genome.txt.gz", ARRAY_HEADER + rows.encode(), b"\n", 0)
    monkeypatch.setattr(source, "GENOME_MAX_BYTES", MIB)
    before = fingerprint(vault)
    with pytest.raises(UnsupportedFile, match=r"genome\.txt\.gz expands to more than 1 MB"):
        import_genome(vault, path)
    assert fingerprint(vault) == before


@pytest.fixture
def closed_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "vault.phr"
    create_vault(path, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return path


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("zip_password", "is password-protected; PHR cannot open encrypted zip files"),
        ("zip_deflate64", "is compressed with Deflate64"),
        ("zip_3gb_of_nul", "looks like a decompression bomb"),
        ("gzip_2gib_line", "line 9: the line is longer than 64 kB"),
    ],
)
def test_cli_import_says_what_is_wrong_in_one_line_and_exits_1(
    closed_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, words: str
) -> None:
    path = MAKERS[case](tmp_path)
    before = closed_vault.read_bytes()
    capsys.readouterr()
    assert main(["--vault", str(closed_vault), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"phr: {path.name} ")
    assert words in err
    assert "unexpected error" not in err
    assert err.count("\n") == 1
    assert closed_vault.read_bytes() == before


@needs_wait4
@pytest.mark.parametrize("case", ["gzip_2gib_line", "zip_3gb_of_nul", "vcf_gzip_3gb"])
def test_hostile_import_stays_small_and_quick_in_a_real_process(
    closed_vault: Path, tmp_path: Path, case: str
) -> None:
    path = MAKERS[case](tmp_path)
    before = closed_vault.read_bytes()
    run = run_phr(["--vault", str(closed_vault), "import", str(path)], tmp_path, {})
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith(f"phr: {path.name} ") and run.stderr.count("\n") == 1
    assert run.peak_rss < 300 * MB  # before: 1.2 GB and rising when killed at 25 s
    assert run.seconds < 20  # before: 219 s (2 GiB line), > 120 s (zip)
    assert closed_vault.read_bytes() == before
