"""PyInstaller entry for `phr-desktop` (the console-script shim does not exist in a bundle)."""

import multiprocessing

from ui.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless if unused; needed if anything ever spawns
    raise SystemExit(main())
