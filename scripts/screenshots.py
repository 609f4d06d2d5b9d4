"""Open a vault in the real desktop app and save a PNG of the welcome window and every page.

For looking at the app as a person meets it, with your own data or the demo:

    .venv/bin/python scripts/screenshots.py OUT_DIR                       # demo vault
    .venv/bin/python scripts/screenshots.py OUT_DIR --vault my.phr --size 1440x900

With `--vault` the passphrase is read from $PHR_PASSPHRASE, else asked on the terminal (never
taken as an argument, which `ps` would show). The pictures are drawn under a real X server
when one is reachable ($DISPLAY set and Qt's xcb plugin loads), because the `offscreen`
platform draws a different style; otherwise offscreen, and the script says which it used.
Uses a throwaway user data folder, so your settings and the demo vault stay untouched.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = re.compile(r"^(\d{3,4})x(\d{3,4})$")


def parse_size(text: str) -> tuple[int, int]:
    match = SIZE.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"size must look like 980x640, not {text!r}")
    return int(match.group(1)), int(match.group(2))


def choose_platform() -> str:
    """xcb when an X display is reachable, else offscreen; an explicit choice wins."""
    chosen = os.environ.get("QT_QPA_PLATFORM")
    if chosen:
        return chosen
    return "xcb" if os.environ.get("DISPLAY") else "offscreen"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("screens"))
    parser.add_argument("--vault", type=Path, help="vault to open (default: a fresh demo)")
    parser.add_argument(
        "--size",
        type=parse_size,
        action="append",
        help="window size WxH; repeat for several (default 980x640 and 1440x900)",
    )
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait per page")
    return parser


def extras(window: Any, out: Path, pump: Callable[[float], None]) -> None:
    """The screens that are not pages: a note's "why" and the gene table on the Medications
    page, help, the medicine dialog, the plan page's screening
    history, its add dialog and the profile form, the lock screen (newer
    versions only; older ones are skipped quietly so before/after runs use one script)."""
    try:
        from ui.help_window import HelpWindow
    except ImportError:
        HelpWindow = None
    if HelpWindow is not None:
        help_window = HelpWindow.show_for(window, "star_allele")
        pump(0.5)
        help_window.grab().save(str(out / "help-glossary.png"))
        help_window.close()
    notes_page = next((p for p in window.pages if getattr(p, "cards", None)), None)
    if notes_page is not None:  # a note's "why" opened, then the gene table at the bottom
        window.show_page(type(notes_page))
        pump(1.0)
        notes_page.cards[0].why_button.setChecked(True)
        pump(0.5)
        window.grab().save(str(out / "medications-why.png"))
        notes_page.cards[0].why_button.setChecked(False)
        table = notes_page.list.itemAt(notes_page.list.count() - 1).widget()
        if table is not None:
            notes_page.scroll.ensureWidgetVisible(table)
            pump(0.5)
            window.grab().save(str(out / "medications-genes.png"))
            table.grab().save(str(out / "medications-gene-table.png"))
    editor = next((p.editor for p in window.pages if hasattr(p, "editor")), None)
    dialog = getattr(editor, "dialog", None)
    if dialog is not None:
        dialog.name.setText("warfrin 5mg")
        dialog.prepare("Add a medicine", "Add")
        dialog.show()
        pump(0.5)
        dialog.grab().save(str(out / "medicine-dialog.png"))
        dialog.hide()
    plan = next((p for p in window.pages if hasattr(p, "screenings_toggle")), None)
    if plan is not None:
        window.show_page(type(plan))
        pump(1.0)
        plan.screenings_toggle.setChecked(True)
        pump(0.5)
        window.grab().save(str(out / "plan-screenings.png"))
        plan.open_add_screening()
        pump(0.5)
        plan.add_dialog.grab().save(str(out / "screening-dialog.png"))
        plan.add_dialog.reject()
        plan.toggle.setChecked(True)
        pump(0.5)
        window.grab().save(str(out / "plan-profile-form.png"))
        plan.toggle.setChecked(False)
    window.lock()
    pump(1.0)
    window.grab().save(str(out / "locked.png"))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    sizes = args.size or [(980, 640), (1440, 900)]
    passphrase = ""
    if args.vault is not None:
        if not args.vault.is_file():
            print(f"screenshots: no vault at {args.vault}", file=sys.stderr)
            return 2
        passphrase = os.environ.get("PHR_PASSPHRASE") or getpass.getpass("Passphrase: ")
    platform = choose_platform()
    os.environ["QT_QPA_PLATFORM"] = platform
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="phr-shots-")
    args.out.mkdir(parents=True, exist_ok=True)

    from ui.app import Shell
    from ui.qt import QApplication
    from ui.style import STYLESHEET, app_icon

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLESHEET)
    app.setWindowIcon(app_icon())
    print(f"drawing with the {app.platformName()} platform")

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    shell = Shell(args.vault)
    shell.start()
    pump(0.5)
    assert shell.welcome is not None
    shell.welcome.grab().save(str(args.out / "welcome.png"))
    if args.vault is not None:
        shell.welcome.unlock_passphrase.setText(passphrase)
        shell.welcome.unlock()
    else:
        shell.welcome.open_demo()
    deadline = time.monotonic() + 90
    while shell.main_window is None and time.monotonic() < deadline:
        pump(0.2)
    window = shell.main_window
    if window is None:
        print("screenshots: the vault did not open (wrong passphrase?)", file=sys.stderr)
        return 1
    for width, height in sizes:
        window.resize(width, height)
        for page in window.pages:
            window.show_page(type(page))
            pump(args.settle)
            name = type(page).__name__.removesuffix("Page").lower()
            target = args.out / f"{width}x{height}-{name}.png"
            window.grab().save(str(target))
            print(target)
    extras(window, args.out, pump)
    shell.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
