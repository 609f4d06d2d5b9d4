"""Compare a built wheel with the source tree: every shipped file must be inside the wheel.

Why: setuptools only packs data files whose extension is listed in `package-data`
(pyproject.toml); a new rule-set format or font added under resources/ would silently be left
out of the wheel (and so out of `pip install phr`). Used by packaging/check_wheel.sh and
tests/test_packaging.py.
    python packaging/wheel_files.py dist/phr-0.1.0-py3-none-any.whl
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("phr", "ui", "resources")
SKIP_SUFFIXES = (".pyc",)


def source_files(root: Path = ROOT) -> set[str]:
    """Files under the shipped packages, as wheel paths (posix, relative to the root)."""
    found: set[str] = set()
    for package in PACKAGES:
        for path in (root / package).rglob("*"):
            shipped = "__pycache__" not in path.parts and not path.name.endswith(SKIP_SUFFIXES)
            if shipped and path.is_file():
                found.add(path.relative_to(root).as_posix())
    return found


def wheel_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name for name in archive.namelist() if not name.endswith("/")}


def missing_from_wheel(wheel: Path, root: Path = ROOT) -> list[str]:
    return sorted(source_files(root) - wheel_files(wheel))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: wheel_files.py WHEEL", file=sys.stderr)
        return 2
    wheel = Path(argv[0])
    missing = missing_from_wheel(wheel)
    if missing:
        print(f"wheel_files: {len(missing)} files are not in {wheel.name}:", file=sys.stderr)
        for name in missing:
            print(f"  {name}", file=sys.stderr)
        return 1
    inside = wheel_files(wheel)
    resources = sum(1 for name in inside if name.startswith("resources/"))
    print(
        f"wheel_files: {wheel.name} holds all {len(source_files())} source files "
        f"({resources} under resources/)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
