"""Every bad log file is refused with a clear, typed error and the vault is left unchanged."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from phr.errors import MalformedFile, PhrError, UnsupportedFile
from phr.lifestyle.importer import import_logs
from phr.vault import Vault
from tests.lifestyle.helpers import QUIRKS, snapshot

HEAD = '<?xml version="1.0"?>\n'
BOMB = (
    HEAD
    + "<!DOCTYPE HealthData [\n"
    + ' <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n<HealthData><Record type='x' sourceName='&lol9;' startDate='' endDate=''/>"
    + "</HealthData>\n"
)


def refused(vault: Vault, path: Path, error: type[PhrError], *words: str) -> str:
    before = snapshot(vault)
    with pytest.raises(error) as caught:
        import_logs(vault, path)
    assert snapshot(vault) == before
    message = str(caught.value)
    assert path.name in message
    for word in words:
        assert word in message
    return message


def test_truncated_export_is_refused_naming_the_line(vault: Vault, tmp_path: Path) -> None:
    data = QUIRKS.read_bytes()
    cut = tmp_path / "export.xml"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    refused(vault, cut, MalformedFile, "breaks off or is damaged at line")


def test_truncated_zip_is_refused(vault: Vault, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(QUIRKS, "apple_health_export/export.xml")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    refused(vault, archive, MalformedFile)


def test_zip_without_export_xml(vault: Vault, tmp_path: Path) -> None:
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.txt", "hello")
        zf.writestr("b.xml", "<x/>")
        zf.writestr("c.xml", "<y/>")
    refused(vault, archive, MalformedFile, "without an export.xml")


def test_entity_bomb_is_refused_before_expansion(vault: Vault, tmp_path: Path) -> None:
    bomb = tmp_path / "export.xml"
    bomb.write_text(BOMB, encoding="utf-8")
    refused(vault, bomb, MalformedFile, "entities")


def test_entity_bomb_does_not_exhaust_memory(tmp_path: Path) -> None:
    """In a fresh process: peak memory grows by less than 50 MB while refusing a 10^9 bomb."""
    bomb = tmp_path / "export.xml"
    bomb.write_text(BOMB, encoding="utf-8")
    code = (
        "import resource, sys\n"
        "from phr.lifestyle.apple_health import AppleStats, read_export\n"
        "from phr.errors import MalformedFile\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"with open({str(bomb)!r}, 'rb') as f:\n"
        "    try:\n"
        "        list(read_export(f, 'export.xml', AppleStats()))\n"
        "    except MalformedFile:\n"
        "        print('refused')\n"
        "grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before\n"
        "print(grown // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    verdict, grown_mb = done.stdout.split()
    assert verdict == "refused"
    assert int(grown_mb) < 50


def test_external_entity_is_never_read(vault: Vault, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("ZZSECRET-do-not-read", encoding="utf-8")
    xxe = tmp_path / "export.xml"
    xxe.write_text(
        HEAD
        + f'<!DOCTYPE HealthData [ <!ENTITY x SYSTEM "file://{secret}"> ]>\n'
        + '<HealthData><Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min"'
        + ' sourceName="&x;" value="70" startDate="2024-01-01 10:00:00 +0000"'
        + ' endDate="2024-01-01 10:00:00 +0000"/></HealthData>\n',
        encoding="utf-8",
    )
    message = refused(vault, xxe, MalformedFile, "external")
    assert "ZZSECRET" not in message


def test_external_dtd_is_refused_never_fetched(vault: Vault, tmp_path: Path) -> None:
    """A SYSTEM DTD is neither fetched (no network) nor read from disk: the file is refused."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "ZZLEAK">', encoding="utf-8")
    doc = tmp_path / "export.xml"
    doc.write_text(
        HEAD
        + f'<!DOCTYPE HealthData SYSTEM "file://{dtd}">\n'
        + '<HealthData><Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min"'
        + ' sourceName="Watch" value="70" startDate="2024-01-01 10:00:00 +0000"'
        + ' endDate="2024-01-01 10:00:00 +0000"/></HealthData>\n',
        encoding="utf-8",
    )
    message = refused(vault, doc, MalformedFile, "names an external DTD")
    assert "ZZLEAK" not in message


def test_xml_that_is_not_a_health_export(vault: Vault, tmp_path: Path) -> None:
    other = tmp_path / "feed.xml"
    other.write_text(HEAD + "<rss><channel/></rss>\n", encoding="utf-8")
    refused(vault, other, UnsupportedFile, "not an Apple Health export")


def test_binary_garbage(vault: Vault, tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 40)
    refused(vault, junk, UnsupportedFile)


@pytest.mark.parametrize("content", [b"", b"   \n\n"])
def test_empty_file(vault: Vault, tmp_path: Path, content: bytes) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(content)
    refused(vault, empty, MalformedFile, "empty")


def test_missing_file(vault: Vault, tmp_path: Path) -> None:
    refused(vault, tmp_path / "nope.csv", UnsupportedFile, "Cannot read")
