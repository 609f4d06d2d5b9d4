"""`phr-desktop --bundle-check [VCF]`: what the smoke test needs proven inside a built bundle.

`--self-test` covers the core (vault, import, interpretation, PDF). This adds what it cannot
see and what trimming the bundle could break: the native libraries and optional modules that
are imported lazily (SQLCipher, htslib through cyvcf2, fitdecode, defusedxml, QtSvg), and the
desktop app end to end: the demo opened through the welcome window as a person would, then
every page of the main window shown, loaded from the vault and rendered to pixels, with any
error a page would have shown in a dialog collected instead (a dialog would block offscreen).

Only for packaging (packaging/smoke_test.sh). It works on a throwaway demo vault in the data
folder of the HOME it is given (the smoke test gives it a temp one) and prints no health data,
only page names and sizes. Exits 0 only if every check passed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _modules(vcf: Path | None) -> list[str]:
    """Import the native and lazily imported parts; each returns a short description."""
    lines = []
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    version = conn.execute("PRAGMA cipher_version").fetchone()
    conn.close()
    if not version:
        raise RuntimeError("sqlcipher3 loaded a SQLite without SQLCipher")
    lines.append(f"sqlcipher3: SQLCipher {version[0]}")

    import cyvcf2

    if vcf is not None:
        reader = cyvcf2.VCF(str(vcf))
        records = sum(1 for _ in reader)
        reader.close()
        lines.append(f"cyvcf2 {cyvcf2.__version__}: htslib read {records} records")
    else:
        lines.append(f"cyvcf2 {cyvcf2.__version__}: imported (no VCF given to read)")

    import fitdecode

    lines.append(f"fitdecode {fitdecode.__version__}: imported")

    import defusedxml.ElementTree

    root = defusedxml.ElementTree.fromstring("<a><b>1</b></a>")
    if root.find("b") is None:
        raise RuntimeError("defusedxml parsed nothing")
    lines.append("defusedxml: parsed a document")

    # Directly, not through ui/qt.py: proving that this Qt module is in the bundle is the point
    # (matplotlib's Qt backend imports it).
    from PySide6.QtCore import QByteArray  # noqa: TID251
    from PySide6.QtSvg import QSvgRenderer  # noqa: TID251

    import resources

    svg = Path(resources.__file__).parent / "icons" / "phr.svg"
    renderer = QSvgRenderer(QByteArray(svg.read_bytes()))
    if not renderer.isValid():
        raise RuntimeError("QtSvg could not read the app icon")
    lines.append("QtSvg: rendered the app icon")
    return lines


def _wait(app: object, done: Callable[[], bool], seconds: float) -> bool:
    """Process Qt events until `done()` or the time runs out."""
    from ui.qt import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        if done():
            return True
        time.sleep(0.01)
    return done()


def _settle(app: object) -> None:
    """Wait until the vault worker has run everything queued so far, twice (a page's first
    load may queue a second one when it arrives), delivering the results in between."""
    from ui import ops

    for _ in range(2):
        marker = ops.worker().submit(lambda: None)
        _wait(app, marker.done, 60)
        _wait(app, lambda: False, 0.2)


def _pages() -> list[str]:
    """Open the demo through the welcome window, then show and render every page."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    from ui import messages, ops
    from ui.app import Shell
    from ui.qt import QApplication

    errors: list[str] = []

    def record(parent: object, *args: object) -> None:
        errors.append(type(parent).__name__)

    messages.show_error = record  # type: ignore[assignment]
    ops.report_error = record  # type: ignore[assignment]

    app = QApplication.instance()
    shell = Shell(None)
    shell.start()
    assert shell.welcome is not None
    shell.welcome.open_demo()
    if not _wait(app, lambda: shell.main_window is not None, 120):
        raise RuntimeError("the demo did not open")
    window = shell.main_window
    assert window is not None
    _settle(app)
    lines = []
    for page in window.pages:
        before = len(errors)
        window.show_page(type(page))
        _settle(app)
        image = page.grab().toImage()
        if image.isNull() or image.width() == 0:
            raise RuntimeError(f"page {page.title!r} did not render")
        if len(errors) > before:
            raise RuntimeError(f"page {page.title!r} reported an error while loading")
        charts = page.findChildren(FigureCanvasQTAgg)
        for chart in charts:  # matplotlib draws with its bundled fonts
            chart.draw()
        drawn = f", {len(charts)} chart(s) drawn" if charts else ""
        lines.append(
            f"page {page.title}: shown, loaded, rendered {image.width()}x{image.height()}{drawn}"
        )
    if not any("chart" in line for line in lines):
        raise RuntimeError("no page drew a matplotlib chart from the demo's logs")
    window.close()
    shell.shutdown()
    return lines


def main(argv: list[str]) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui import collector
    from ui.qt import QApplication
    from ui.style import STYLESHEET

    app = QApplication([sys.argv[0]])
    app.setStyleSheet(STYLESHEET)  # as ui.app.main sets them up
    collector.install()
    vcf = Path(argv[0]) if argv else None
    failed = 0
    for name, check in (("modules", lambda: _modules(vcf)), ("desktop pages", _pages)):
        try:
            for line in check():
                print(f"ok       {line}", flush=True)
        except Exception as error:  # report every check, then fail
            failed += 1
            print(f"FAILED   {name}: {type(error).__name__}: {error}", flush=True)
    print("bundle check: " + ("passed" if not failed else f"{failed} check(s) FAILED"))
    return 1 if failed else 0
