"""A medicine or person named in any script prints in the PDF, and says nothing on stderr.

Before, DejaVu alone drew the report: Chinese, Hindi, Japanese and Korean names were dropped
silently, Arabic and Hebrew were printed left to right in unjoined letters, and fpdf2 wrote
"Font ... is missing the following glyphs: '阿' ..." to stderr, quoting the medicine's name.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from phr.cli import main
from phr.meds.model import CurrentMedication
from phr.report import Person, render_pdf
from phr.vault import create_vault
from tests.report import samples

NAMES = {
    "Chinese": "阿司匹林肠溶片",
    "Arabic": "باراسيتامول",
    "Urdu": "ہلدی",  # a letter DejaVu lacks: the word must still be one font
    "Hebrew": "אקמול",
    "Hindi": "पैरासिटामोल",
    "Greek": "Παρακεταμόλη",
    "Russian": "Парацетамол",
    "Japanese": "ロキソニン",
    "Korean": "타이레놀",
}
NO_FONT_HAS_IT = "Pill 💊 \U0010fffd"  # an emoji no bundled font has, a private-use character


def _text(pdf: bytes) -> str:
    """The PDF's text as pdfium extracts it, without control characters.

    fpdf2 maps a shaped cluster's text to its first glyph; a second glyph of the cluster (the
    Devanagari vowel sign drawn before its consonant) has no text and comes out as U+0006."""
    document = pdfium.PdfDocument(pdf)
    try:
        raw = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return "".join(c for c in raw if unicodedata.category(c) != "Cc")


def _report_with(names: list[str], person: str | None = None) -> bytes:
    meds = tuple(CurrentMedication(10 + i, name, None) for i, name in enumerate(names))
    return render_pdf(samples.report(medications=meds, person=Person(person, None)))


def test_medicine_names_in_every_script_are_in_the_pdf_text(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    text = _text(_report_with([*NAMES.values(), NO_FONT_HAS_IT]))
    for script, name in NAMES.items():
        assert name in text, script
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    logged = [r.getMessage() for r in caplog.records]  # fontTools' DEBUG lines name tables
    assert not [m for m in logged if any(c in m for name in NAMES.values() for c in name)]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_name_in_the_footer_and_header_prints_in_its_script() -> None:
    text = _text(_report_with([], person="Ζωή 王芳 أمينة"))
    assert "Patient: Ζωή 王芳 أمينة" in text
    assert "PHR health summary for Ζωή 王芳 أمينة" in text


def test_fallback_fonts_are_embedded_only_when_a_name_needs_them() -> None:
    plain = _report_with(["Ibuprofen"])
    fonts = set(re.findall(rb"/BaseFont /[A-Z]+\+(\w+)", plain))
    assert fonts == {
        b"DejaVuSansCondensed",
        b"DejaVuSansCondensedBold",
        b"DejaVuSansCondensedOblique",
    }
    mixed = _report_with([NAMES["Chinese"], NAMES["Arabic"]])
    fonts = set(re.findall(rb"/BaseFont /[A-Z]+\+(\w+)", mixed))
    assert {b"NotoSansArabic", b"DroidSansFallback"} <= fonts
    assert not {b"NotoSansHebrew", b"NanumSquare"} & fonts


def test_cli_export_of_such_names_writes_nothing_to_stderr_or_the_log(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    seen = _Collect()
    logging.getLogger("phr").addHandler(seen)
    monkeypatch.setattr(logging.getLogger("phr"), "level", logging.DEBUG)
    try:
        _export_such_names(tmp_path, monkeypatch, capfd)
    finally:
        logging.getLogger("phr").removeHandler(seen)
    logs = "\n".join(seen.lines)
    assert "export written" in logs  # the log saw the export, and holds no name
    assert not any(name in logs for name in [*NAMES.values(), "💊"])


class _Collect(logging.Handler):
    """Every line the `phr` logger would write to the log file, whatever handlers it has."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _export_such_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault.phr"
    create_vault(vault, "scripts").close()
    monkeypatch.setenv("PHR_PASSPHRASE", "scripts")
    for name in [*NAMES.values(), NO_FONT_HAS_IT]:
        assert main(["--vault", str(vault), "meds", "add", name, "--as-typed"]) == 0
    capfd.readouterr()
    pdf = tmp_path / "summary.pdf"
    assert main(["--vault", str(vault), "export", "--pdf", str(pdf)]) == 0
    out, err = capfd.readouterr()
    assert err == "" and out.startswith("PDF (")
    text = _text(pdf.read_bytes())
    assert all(name in text for name in NAMES.values())
