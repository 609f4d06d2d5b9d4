"""Names that try to act: spreadsheet formulas in CSV exports, terminal escapes in CLI output.

A medicine is named by the person, an Apple Health device name or a DNA file name comes from a
file. Before, a medicine named `=HYPERLINK(...)` became a live formula in medications.csv, and
`phr meds list` sent a name's escape sequences to the terminal as they were (recolouring it,
retitling the window, or hiding the rest of a line).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from phr.cli import main
from phr.cli.terminal import printable
from phr.meds.model import CurrentMedication
from phr.report.csv_export import csv_files
from phr.report.data import LifestyleEntry
from phr.vault import create_vault
from tests.genome.conftest import fixture
from tests.report import samples
from tests.report.helpers import csv_rows

PASS = "escapes"
Run = Callable[..., tuple[int, str, str]]

FORMULAS = [
    '=HYPERLINK("http://example.invalid","Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
ESCAPED = (
    "\x1b]0;owned\x07"  # OSC: retitle the window
    "Asp\x1b[2J\x1b[31mirin"  # CSI: clear the screen, then red
    "\x9b1;1H"  # 8-bit CSI: move the cursor
    "\u202e100 mg\u202c"  # bidi override: shows reversed
    "\x00\x7f\n"
)
VISIBLE = "Aspirin100 mg "
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SCRIPTS = "Ζωή Ωμέγα · 阿司匹林 · باراسيتامول · पैरासिटामोल"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    vault = tmp_path / "vault.phr"
    create_vault(vault, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--vault", str(vault), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _safe(text: str) -> bool:
    """No control character, DEL or bidi control except the line ends print() adds."""
    return _UNSAFE.search(text) is None


# -- CSV exports ------------------------------------------------------------------------------


def test_csv_cells_that_start_like_a_formula_get_an_apostrophe() -> None:
    meds = tuple(CurrentMedication(i, name, None) for i, name in enumerate(FORMULAS, start=1))
    meds += (CurrentMedication(99, "Ibuprofen 400", "ibuprofen"),)
    rows = csv_rows(csv_files(samples.report(medications=meds))["medications.csv"])
    assert [r["name"] for r in rows] == ["'" + name for name in FORMULAS] + ["Ibuprofen 400"]


def test_numbers_phr_writes_stay_numbers_but_text_like_them_does_not() -> None:
    entry = LifestyleEntry("weight", "2026-11-20T08:00:00+01:00", -1.5, None, "kg", "-1.5")
    data = dataclasses.replace(samples.report(), lifestyle_entries=(entry,))
    (row,) = csv_rows(csv_files(data)["lifestyle.csv"])
    assert row["value"] == "-1.5"  # PHR's own number: a spreadsheet can still sum it
    assert row["source"] == "'-1.5"  # a device name from a file: text


def test_csv_export_from_the_cli_neutralises_a_medicine_name(cli: Run, tmp_path: Path) -> None:
    assert cli("meds", "add", FORMULAS[0], "--as-typed")[0] == 0
    code, _out, err = cli("export", "--csv", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    (row,) = csv_rows((tmp_path / "out" / "medications.csv").read_bytes())
    assert row["name"] == "'" + FORMULAS[0]


# -- terminal output --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain Ibuprofen", "plain Ibuprofen"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b]0;title\x07name", "name"),
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink, ST-terminated
        ("name\x1b]52;c;c2VjcmV0", "name"),  # unterminated OSC (clipboard write) to the end
        ("a\x9b2Jb", "ab"),  # 8-bit CSI
        ("a\x1bcb", "ab"),  # ESC c: reset the terminal
        ("line\nbreak\ttab\r", "line break tab "),
        ("\u202eabc\u202c", "abc"),
        (SCRIPTS, SCRIPTS),
        ("👩\u200d⚕️", "👩\u200d⚕️"),  # zero-width joiner stays
        (None, "None"),
    ],
)  # fmt: skip
def test_printable_keeps_every_script_and_drops_what_a_terminal_would_run(
    raw: str | None, shown: str
) -> None:
    assert printable(raw) == shown


def test_meds_add_and_list_print_names_without_escapes(cli: Run) -> None:
    code, out, err = cli("meds", "add", ESCAPED, "--as-typed")
    assert code == 0 and err == ""
    assert _safe(out) and f"Added medicine 1: {VISIBLE}" in out
    code, out, err = cli("meds", "list")
    assert code == 0 and err == "" and _safe(out)
    assert out.splitlines()[1].startswith(f" 1  {VISIBLE}")  # under the header line
    code, out, _err = cli("meds", "list", "--json")  # JSON keeps the name as stored
    assert code == 0 and "\\u001b]0;owned\\u0007" in out


def test_log_list_prints_an_apple_device_name_without_escapes(cli: Run, tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
        ' <Record type="HKQuantityTypeIdentifierBodyMass" unit="kg" value="70"'
        ' sourceName="Scale&#x9b;2J&#x202e;evil&#10;x"'
        ' startDate="2024-03-01 08:00:00 +0100" endDate="2024-03-01 08:00:00 +0100"/>\n'
        "</HealthData>\n",
        encoding="utf-8",
    )
    assert cli("log", "import", str(export))[0] == 0
    code, out, err = cli("log", "list")
    assert (code, err) == (0, "")
    assert _safe(out) and out.rstrip().endswith("Apple Health (Scaleevil x)")


def test_genomes_and_import_print_a_file_name_without_escapes(cli: Run, tmp_path: Path) -> None:
    hostile = tmp_path / "genome\x1b]0;owned\x07\x1b[8m.txt"
    shutil.copy(fixture("23andme", "v5_build37_crlf.txt"), hostile)
    code, out, err = cli("import", str(hostile))
    assert code == 0 and err == ""
    assert _safe(out) and "file genome.txt" in out
    code, out, err = cli("genomes")
    assert (code, err) == (0, "")
    assert _safe(out) and out.rstrip().endswith("genome.txt")


def test_an_error_naming_a_hostile_file_is_one_clean_line(cli: Run, tmp_path: Path) -> None:
    hostile = tmp_path / "logs\x1b[2J\x1b]0;owned\x07.csv"
    hostile.write_text("not,a,log\n", encoding="utf-8")
    code, out, err = cli("log", "import", str(hostile))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and _safe(err)
    assert err.startswith("phr: logs.csv line 1: the columns must be date,kind,value,unit")
