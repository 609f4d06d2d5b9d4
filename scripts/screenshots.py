"""Open the demo vault in the real desktop app and save a PNG of every page.

For looking at the app as a person meets it: `.venv/bin/python scripts/screenshots.py OUT_DIR`
(offscreen; or under Xvfb with QT_QPA_PLATFORM=xcb). Uses a throwaway user data folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="phr-shots-")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screens")
    out.mkdir(parents=True, exist_ok=True)
    from ui.app import Shell
    from ui.qt import QApplication

    app = QApplication.instance() or QApplication(sys.argv)

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    shell = Shell(None)
    shell.start()
    pump(0.5)
    assert shell.welcome is not None
    shell.welcome.grab().save(str(out / "welcome.png"))
    shell.welcome.open_demo()
    deadline = time.monotonic() + 60
    while shell.main_window is None and time.monotonic() < deadline:
        pump(0.2)
    window = shell.main_window
    assert window is not None, "the demo did not open"
    window.resize(1200, 900)
    for page in window.pages:
        window.show_page(type(page))
        pump(4.0)
        name = type(page).__name__.removesuffix("Page").lower()
        window.grab().save(str(out / f"page-{name}.png"))
        print(out / f"page-{name}.png")
    shell.shutdown()


if __name__ == "__main__":
    main()
