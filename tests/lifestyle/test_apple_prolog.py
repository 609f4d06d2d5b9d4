"""Apple Health exports as Apple writes them: iOS 16's broken DTD, stray control characters,
and the refusals that must survive the work-around (ENTITY, external DTD)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from phr.errors import MalformedFile
from phr.lifestyle.apple_prolog import MAX_PROLOG_BYTES, CleanExport
from phr.lifestyle.importer import import_logs
from phr.vault import Vault
from tests.lifestyle.helpers import DATA, counts, snapshot

IOS16 = DATA / "export_ios16.xml"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
BODY = (
    '<HealthData locale="en_GB"><Record type="HKQuantityTypeIdentifierHeartRate"'
    ' unit="count/min" sourceName="Watch" value="70" startDate="2024-01-01 10:00:00 +0000"'
    ' endDate="2024-01-01 10:00:00 +0000"/></HealthData>\n'
)


def test_ios16_export_with_unclosed_attlist_imports(vault: Vault) -> None:
    result = import_logs(vault, IOS16)
    assert result.added == {"heart_rate": 1, "weight": 1}
    assert counts(vault) == {"heart_rate": 1, "weight": 1}


def test_vertical_tabs_are_dropped_and_counted_in_a_warning(vault: Vault) -> None:
    result = import_logs(vault, IOS16)
    assert len(result.warnings) == 1
    assert "4 control character(s)" in result.warnings[0]
    assert result.as_json()["warnings"] == result.warnings
    sources = {s for (s,) in vault.query("SELECT source FROM log_entries")}
    assert "apple_health:ScaleApp" in sources


def test_reimporting_the_ios16_export_adds_nothing(vault: Vault) -> None:
    import_logs(vault, IOS16)
    assert import_logs(vault, IOS16).total_added == 0


def test_clean_export_keeps_line_numbers_and_length() -> None:
    raw = IOS16.read_bytes()
    cleaned = CleanExport(io.BytesIO(raw), "export.xml").read(-1)
    cleaned += CleanExport(io.BytesIO(b""), "x").read(10)
    assert cleaned.count(b"\n") == raw.count(b"\n")
    assert b"VisionPrescription" not in cleaned
    assert cleaned.index(b"<HealthData") == raw.replace(b"\x0b", b"").index(b"<HealthData")


def test_error_after_the_dtd_still_names_the_right_line(vault: Vault, tmp_path: Path) -> None:
    broken = tmp_path / "export.xml"
    text = IOS16.read_text(encoding="utf-8").replace("</HealthData>", "<Record </HealthData>")
    broken.write_text(text, encoding="utf-8")
    line = text.split("\n").index("<Record </HealthData>") + 1
    with pytest.raises(MalformedFile, match=f"at line {line}"):
        import_logs(vault, broken)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE HealthData SYSTEM "http://example.invalid/health.dtd">',
        '<!DOCTYPE HealthData PUBLIC "-//X//DTD Y//EN" "health.dtd">',
        '<!DOCTYPE HealthData SYSTEM "health.dtd" [ <!ELEMENT HealthData ANY> ]>',
    ],
)
def test_a_doctype_naming_an_external_dtd_is_refused(
    vault: Vault, tmp_path: Path, doctype: str
) -> None:
    path = tmp_path / "export.xml"
    path.write_text(HEAD + doctype + "\n" + BODY, encoding="utf-8")
    before = snapshot(vault)
    with pytest.raises(MalformedFile, match="names an external DTD"):
        import_logs(vault, path)
    assert snapshot(vault) == before


@pytest.mark.parametrize(
    "subset",
    [
        '<!ENTITY name "Watch">',
        '<!ATTLIST VisionPrescription type CDATA #REQUIRED\n<!ENTITY x SYSTEM "file:///etc/passwd">',
        '<!ENTITY % p SYSTEM "http://example.invalid/p.dtd"> %p;',
    ],
)
def test_any_entity_declaration_is_refused_even_in_a_broken_dtd(
    vault: Vault, tmp_path: Path, subset: str
) -> None:
    path = tmp_path / "export.xml"
    path.write_text(HEAD + f"<!DOCTYPE HealthData [\n{subset}\n]>\n" + BODY, encoding="utf-8")
    before = snapshot(vault)
    with pytest.raises(MalformedFile, match="declares XML entities"):
        import_logs(vault, path)
    assert snapshot(vault) == before


def test_a_dtd_without_the_data_after_it_is_refused(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    filler = "<!-- " + "x" * 1000 + " -->\n"
    path.write_text(
        HEAD + "<!DOCTYPE HealthData [\n" + filler * (MAX_PROLOG_BYTES // 1000) + "]>\n" + BODY,
        encoding="utf-8",
    )
    with pytest.raises(MalformedFile, match="runs on for more than 1 MB"):
        import_logs(vault, path)


def test_nul_bytes_are_still_refused(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes((HEAD + BODY).replace('value="70"', 'value="7\x000"').encode())
    before = snapshot(vault)
    with pytest.raises(MalformedFile, match="not complete, well-formed XML"):
        import_logs(vault, path)
    assert snapshot(vault) == before


def test_a_comment_between_the_dtd_and_the_data_is_kept(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(
        HEAD + "<!DOCTYPE HealthData [\n<!ATTLIST X\n]>\n<!-- exported [1] -->\n" + BODY,
        encoding="utf-8",
    )
    assert import_logs(vault, path).added == {"heart_rate": 1}
