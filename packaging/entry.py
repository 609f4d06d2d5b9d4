"""PyInstaller entry for both bundled programs: `phr-desktop` (the app) and `phr` (the CLI).

One entry, chosen by the name the program was started as, so the bundle needs one set of
Python modules: on Linux `phr-desktop` is a symbolic link to the one executable `phr`, which
saves a second 15 MB copy of the compressed modules; on Windows and macOS the two executables
(console and windowed) are built from this same script.
"""

import multiprocessing
import os
import sys


def started_as_desktop(argv0: str) -> bool:
    """`phr-desktop`, `phr-desktop.exe`, or a launcher's link named like it."""
    return "desktop" in os.path.basename(argv0).lower()


if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless if unused; needed if anything ever spawns
    if sys.argv[1:2] == ["--bundle-check"]:  # packaging/smoke_test.sh only
        import bundle_check

        raise SystemExit(bundle_check.main(sys.argv[2:]))
    if started_as_desktop(sys.argv[0]):
        from ui.app import main
    else:
        from phr.cli import main
    raise SystemExit(main())
