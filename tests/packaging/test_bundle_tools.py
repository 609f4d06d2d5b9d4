"""The helpers that keep the desktop bundle small (issue 14), tested without building it:
the ICU data trimmer, the entry's choice of program, and the size check."""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


icu_trim = _load("icu_trim")
check_size = _load("check_size")
entry = _load("entry")


def _package(items: list[tuple[str, bytes]]) -> bytes:
    """A small ICU common-data package with the real header layout (CmnD 1, little-endian)."""
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", b"\1\0\0\0", b"\0" * 4)
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + info
    header += b"\0" * (32 - len(header))
    return icu_trim.write_items(header, items)


def test_keep_takes_root_english_and_non_locale_items_only() -> None:
    kept = [
        "icudt73l/root.res",
        "icudt73l/en.res",
        "icudt73l/en_GB.res",
        "icudt73l/res_index.res",
        "icudt73l/pool.res",
        "icudt73l/zoneinfo64.res",
        "icudt73l/metaZones.res",
        "icudt73l/cnvalias.icu",
        "icudt73l/nfkc.nrm",
        "icudt73l/coll/root.res",
        "icudt73l/coll/ucadata.icu",
        "icudt73l/coll/en_US.res",
        "icudt73l/zone/en.res",
        "icudt73l/zone/pool.res",
        "icudt73l/zone/tzdbNames.res",
    ]
    dropped = [
        "icudt73l/de.res",
        "icudt73l/zh_Hant_TW.res",
        "icudt73l/haw.res",
        "icudt73l/ibm-943_P15A-2003.cnv",
        "icudt73l/coll/sv.res",
        "icudt73l/zone/fr.res",
        "icudt73l/brkitr/cjdict.dict",
        "icudt73l/brkitr/en.res",
        "icudt73l/curr/en.res",
        "icudt73l/translit/root.res",
        "icudt73l/unit/root.res",
    ]
    assert [name for name in kept if not icu_trim.keep(name)] == []
    assert [name for name in dropped if icu_trim.keep(name)] == []


def test_a_package_reads_back_item_for_item_with_aligned_items() -> None:
    items = [("icudt73l/a.res", b"x" * 5), ("icudt73l/b.icu", b"yz" * 9), ("icudt73l/c", b"")]
    data = _package(items)
    header, read = icu_trim.read_items(data)
    assert len(header) == 32
    assert [(name, blob.rstrip(b"\0")) for name, blob in read] == items
    count = struct.unpack_from("<I", data, 32)[0]
    offsets = [struct.unpack_from("<II", data, 36 + 8 * i)[1] for i in range(count)]
    assert all((32 + offset) % 16 == 0 for offset in offsets)


def test_not_a_package_is_refused() -> None:
    with pytest.raises(ValueError, match="not an ICU common data package"):
        icu_trim.read_items(b"\x20\0\xda\x27" + b"\0" * 60)


QT_ICU_PROBE = """
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
words = ["b10", "Apfel", "b2", "zebra", "a"]
collator = QCollator(QLocale("en_US"))
collator.setNumericMode(True)
print(sorted(words, key=collator.sortKey))
zone = QTimeZone(b"Europe/Berlin")
long_name = QTimeZone.NameType.LongName
print(zone.displayName(QTimeZone.TimeType.StandardTime, long_name, QLocale("en_US")))
print(QStringDecoder("UTF-8").isValid(), QLocale("tr_TR").toUpper("i"))
"""


def _qt_icudata() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None or not sys.platform.startswith("linux"):
        return None
    found = sorted((Path(spec.origin).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


@pytest.mark.skipif(
    _qt_icudata() is None or not icu_trim.available() or not shutil.which("readelf"),
    reason="Linux PySide6 with its own ICU, binutils and a C compiler needed",
)
def test_qt_works_the_same_in_english_with_the_trimmed_icu_data(tmp_path: Path) -> None:
    source = _qt_icudata()
    assert source is not None
    trimmed = icu_trim.trim(source, tmp_path)
    assert trimmed.stat().st_size < source.stat().st_size / 5
    assert icu_trim.soname(trimmed) == icu_trim.soname(source)

    def run(library_dir: Path | None) -> str:
        env = dict(os.environ)
        if library_dir is not None:
            env["LD_LIBRARY_PATH"] = str(library_dir)
        done = subprocess.run(
            [sys.executable, "-c", QT_ICU_PROBE], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert run(tmp_path) == run(None)


def test_the_entry_picks_the_program_by_the_name_it_was_started_as() -> None:
    assert entry.started_as_desktop("/opt/phr/phr-desktop")
    assert entry.started_as_desktop("C:\\PHR\\PHR-DESKTOP.EXE".replace("\\", "/"))
    assert entry.started_as_desktop("PHR.app/Contents/MacOS/phr-desktop")
    assert not entry.started_as_desktop("/opt/phr/phr")
    assert not entry.started_as_desktop("/usr/local/bin/phr")


def test_the_size_check_counts_hard_links_once_and_fails_over_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "phr"
    (bundle / "_internal" / "big").mkdir(parents=True)
    (bundle / "_internal" / "big" / "lib.so").write_bytes(os.urandom(3 * 1024 * 1024))
    os.link(bundle / "_internal" / "big" / "lib.so", bundle / "_internal" / "again.so")
    (bundle / "phr").write_bytes(os.urandom(1024 * 1024))
    (bundle / "phr-desktop").symlink_to("phr")
    disk, apparent, files, folders = check_size.measure(bundle)
    assert apparent == 4 * 1024 * 1024 + len("phr")  # the link's own size, not its target's
    assert len(files) == 3
    assert sum(folders.values()) == disk >= 4 * 1024 * 1024
    assert check_size.main([str(bundle), "--limit-mb", "10"]) == 0
    assert check_size.main([str(bundle), "--limit-mb", "2"]) == 1
    assert "OVER" in capsys.readouterr().out
