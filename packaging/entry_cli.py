"""PyInstaller entry for the bundled `phr` command line."""

from phr.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
