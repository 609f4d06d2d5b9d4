"""Render resources/icons/phr.svg to the PNG sizes desktops ask for (16 to 512 px).

Run after editing the SVG: `.venv/bin/python packaging/render_icons.py`. Uses Qt's own SVG
renderer (QtSvg ships in PySide6-Essentials), so no extra tool is needed; the PNGs are
committed because the app and `make install-desktop` use them as they are.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: TID251 - a build tool, not part of the app
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: TID251
from PySide6.QtSvg import QSvgRenderer  # noqa: TID251

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int, out: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"render_icons: could not write {out}")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # QImage text/paint needs a GUI application
    svg = ICONS / "phr.svg"
    for size in SIZES:
        render(svg, size, ICONS / f"phr-{size}.png")
    print(f"render_icons: wrote {len(SIZES)} PNGs to {ICONS}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
