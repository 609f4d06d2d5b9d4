"""The core never depends on Qt: every `phr` module imports with PySide6 unavailable."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import phr

ROOT = Path(__file__).resolve().parents[1]


def _all_core_modules() -> list[str]:
    found = pkgutil.walk_packages(phr.__path__, prefix="phr.")
    return sorted(info.name for info in found if not info.name.endswith("__main__"))


def test_every_core_module_imports_without_qt() -> None:
    modules = _all_core_modules()
    assert "phr.vault.vault" in modules
    code = (
        "import sys, importlib\n"
        "sys.modules['PySide6'] = None\n"
        "sys.modules['shiboken6'] = None\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m.startswith('PySide6.') for m in sys.modules)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_only_ui_qt_imports_pyside6() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("phr", "ui")
        for path in (ROOT / folder).rglob("*.py")
        if "PySide6" in path.read_text(encoding="utf-8")
        and path != ROOT / "ui" / "qt.py"
        and "import" in path.read_text(encoding="utf-8").split("PySide6")[0].splitlines()[-1]
    ]
    assert offenders == []
