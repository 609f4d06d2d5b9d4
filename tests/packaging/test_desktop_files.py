"""What desktops and software centres read: .desktop file, AppStream metainfo, icons, wheel."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

import phr

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(RESOURCES / "phr.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ElementTree.Element:
    return ElementTree.parse(RESOURCES / f"{phr.APP_ID}.metainfo.xml").getroot()


def test_desktop_entry_launches_phr_desktop_with_the_app_icon() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "phr-desktop"
    assert entry["Icon"] == phr.APP_ID
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils absent")
def test_desktop_entry_validates() -> None:
    proc = subprocess.run(
        ["desktop-file-validate", str(RESOURCES / "phr.desktop")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in proc.stdout


def test_metainfo_names_the_app_its_launcher_and_the_current_version() -> None:
    root = _metainfo()
    assert root.findtext("id") == phr.APP_ID
    assert root.findtext("launchable") == f"{phr.APP_ID}.desktop"
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == phr.__version__, "add a <release> for the new version"


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstreamcli absent")
def test_metainfo_validates() -> None:
    path = RESOURCES / f"{phr.APP_ID}.metainfo.xml"
    proc = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_has_its_size(size: int) -> None:
    data = (RESOURCES / "icons" / f"phr-{size}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (size, size)


def test_svg_icon_is_square_svg() -> None:
    root = ElementTree.parse(RESOURCES / "icons" / "phr.svg").getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == "0 0 512 512"


def test_app_id_is_the_same_everywhere_it_is_spelled() -> None:
    script = (ROOT / "packaging" / "install_desktop.sh").read_text()
    assert "APP_ID" in script  # it reads phr/__init__.py rather than repeating the id
    assert f'APP_ID = "{phr.APP_ID}"' in (ROOT / "phr" / "__init__.py").read_text()


def test_install_desktop_installs_and_uninstalls_for_the_user(tmp_path: Path) -> None:
    exe = tmp_path / "bin" / "phr-desktop"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d")}
    script = str(ROOT / "packaging" / "install_desktop.sh")
    subprocess.run(["bash", script, str(exe)], check=True, env=env, capture_output=True)
    data = tmp_path / "d"
    launcher = (data / "applications" / f"{phr.APP_ID}.desktop").read_text()
    assert f'Exec="{exe}"' in launcher
    assert (data / "metainfo" / f"{phr.APP_ID}.metainfo.xml").is_file()
    for size in ICON_SIZES:
        assert (
            data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{phr.APP_ID}.png"
        ).is_file()
    subprocess.run(["bash", script, "--uninstall"], check=True, env=env, capture_output=True)
    assert not (data / "applications" / f"{phr.APP_ID}.desktop").exists()
    assert not list(data.rglob(f"{phr.APP_ID}*"))


def test_install_desktop_refuses_a_missing_executable(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d")}
    proc = subprocess.run(
        ["bash", str(ROOT / "packaging" / "install_desktop.sh"), str(tmp_path / "nope")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "run make package" in proc.stderr
    assert not (tmp_path / "d" / "applications").exists()


def test_wheel_holds_every_source_and_resource_file(tmp_path: Path) -> None:
    """setuptools packs only listed extensions: a new kind of resource file must be listed."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("phr-*.whl")
    assert wheel.name.startswith(f"phr-{phr.__version__}-")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "wheel_files.py"), str(wheel)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "under resources/" in proc.stdout
