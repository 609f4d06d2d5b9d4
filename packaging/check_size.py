"""Fail when the built bundle is larger than the limit (issue 14: under 250 MB), and show
where the space goes so whoever grew it sees what to look at.

    python3 packaging/check_size.py [dist/phr] [--limit-mb 250] [--top 30]

Sizes are what `du` reports (blocks on disk, each file once even if hard-linked, symbolic
links not followed), in MB of 2^20 bytes like `du -m`; the apparent size (the bytes a tarball
holds) is printed beside it. Run by `make bundle-size` and `make package-test`; not part of
`make test`, which never builds a bundle.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

MB = 1024 * 1024
LIMIT_MB = 250


def measure(bundle: Path) -> tuple[int, int, list[tuple[int, str]], Counter[str]]:
    """Disk usage and apparent size of `bundle`, every file's disk usage, and per top folder."""
    seen: set[tuple[int, int]] = set()
    disk = apparent = 0
    files: list[tuple[int, str]] = []
    folders: Counter[str] = Counter()
    for folder, _dirs, names in os.walk(bundle):
        for name in names:
            path = Path(folder, name)
            info = path.lstat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            used = info.st_blocks * 512
            disk += used
            apparent += info.st_size
            relative = path.relative_to(bundle)
            files.append((used, str(relative)))
            parts = relative.parts
            if parts[0] == "_internal":
                top = "/".join(parts[:2]) if len(parts) > 2 else "_internal (files at its top)"
            else:
                top = parts[0]
            folders[top] += used
    return disk, apparent, sorted(files, reverse=True), folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", default="dist/phr", type=Path)
    parser.add_argument("--limit-mb", type=float, default=LIMIT_MB)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"check_size: no bundle at {args.bundle}; run make package", file=sys.stderr)
        return 2
    disk, apparent, files, folders = measure(args.bundle)
    print(f"== largest {args.top} files")
    for used, name in files[: args.top]:
        print(f"{used / MB:8.1f} MB  {name}")
    print(f"== largest {args.top} folders (under _internal: one level down)")
    for name, used in folders.most_common(args.top):
        print(f"{used / MB:8.1f} MB  {name}")
    verdict = "within" if disk <= args.limit_mb * MB else "OVER"
    print(
        f"bundle {args.bundle}: {disk / MB:.1f} MB on disk ({apparent / MB:.1f} MB of file "
        f"contents, {len(files)} files); limit {args.limit_mb:g} MB: {verdict}"
    )
    return 0 if verdict == "within" else 1


if __name__ == "__main__":
    raise SystemExit(main())
