"""The PDF page frame: embedded Unicode fonts, numbered footer, and small text primitives.

Fonts are DejaVu Sans Condensed (shipped in resources/fonts with its licence), embedded as
subsets, so names like "Zoë Łukasiewicz-Ngũgĩ" print and the text stays selectable. fpdf2's
markdown is deliberately not used: note text such as "[1](2022)" or "--" would be taken as
markup; mixed styles go through `rich()` instead.

Any name a person types must print, in any script: characters DejaVu lacks come from fallback
fonts (resources/fonts/README.txt), loaded when the first such character comes, and HarfBuzz
shapes the text that needs it (Arabic joining, Devanagari conjuncts, right-to-left runs).
Arabic and Hebrew are taken from DejaVu altogether, so one word never mixes two fonts (DejaVu
has most Arabic letters but not Urdu's), which would break the joining. fpdf2 logs the
characters no font has: its logger is silenced, since they are a person's medicine or name.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from phr.paths import resource

FAMILY = "PHRSans"
_FONT_FILES = {
    "": "DejaVuSansCondensed.ttf",
    "B": "DejaVuSansCondensed-Bold.ttf",
    "I": "DejaVuSansCondensed-Oblique.ttf",
}
# (family, file), tried in this order for a character the body font lacks, and loaded when the
# first such character comes: a font added to an fpdf2 document is embedded even if unused.
# Regular only: bold text in these scripts prints regular.
_FALLBACKS = (
    ("PHRArabic", "NotoSansArabic-Regular.ttf"),
    ("PHRHebrew", "NotoSansHebrew-Regular.ttf"),
    ("PHRDevanagari", "NotoSansDevanagari-Regular.ttf"),
    ("PHRHan", "DroidSansFallbackFull.ttf"),  # Chinese, Japanese kana, Han
    ("PHRHangul", "NanumSquareR.ttf"),  # Korean (Droid has 3 Hangul syllables)
)
# What DejaVu may draw: everything it has except Hebrew and Arabic (with their presentation
# forms), which go to the Noto fonts. DejaVu has nothing past U+1F6FF.
_BODY_RANGE = (
    (0x0000, 0x058F),
    (0x0700, 0x074F),
    (0x0780, 0x089F),
    (0x0900, 0xFB1C),
    (0xFE00, 0xFE6F),
    (0xFEFD, 0xFFFF),
    (0x10000, 0x1F6FF),
)
# Scripts past Armenian (right-to-left, joined, or with conjuncts), CJK and anything rarer.
_NEEDS_SHAPING = re.compile("[\u0590-\u1dff\u2c00-\U0010ffff]")
logging.getLogger("fpdf").addHandler(logging.NullHandler())
logging.getLogger("fpdf").propagate = False  # its warnings quote the text (see above)

Colour = tuple[int, int, int]
INK: Colour = (33, 37, 41)
MUTED: Colour = (100, 106, 112)
ACCENT: Colour = (31, 95, 139)
WARN: Colour = (160, 60, 20)
TAKING_FILL: Colour = (255, 239, 196)
HEAD_FILL: Colour = (226, 236, 245)

# (text, style, colour) where style is "", "B" or "I"
Part = tuple[str, str, Colour]

# Type sizes in points. Nothing in the report is set smaller than BODY: a clinician reads it
# printed, often photocopied, and 7-8 pt did not survive that.
BODY = 9.0
TITLE = 14.0
HEAD = 12.0
LINE = 0.46  # line height in mm per point of type size


def font_path(style: str = "") -> Path:
    return _font_file(_FONT_FILES[style])


def _font_file(name: str) -> Path:
    with as_file(resource("fonts", name)) as path:
        return Path(path)


@cache
def _characters(name: str) -> frozenset[int]:
    """The code points a bundled font has (read once per process, ~0.1 s for the CJK font)."""
    return frozenset(TTFont(str(_font_file(name)), lazy=True).getBestCmap())


class ReportPdf(FPDF):
    """A4 portrait, 14 mm margins, footer 'left text · Page n of N' on every page."""

    def __init__(self, footer_text: str, created: dt.date) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        for style in _FONT_FILES:
            self.add_font(FAMILY, style, str(font_path(style)), unicode_range=_BODY_RANGE)
        self.loaded_fallbacks: list[str] = []  # families, added by `get_fallback_font`
        self.heads: list[tuple[int, str]] = []  # (page, text) of every head, for tests
        self.set_fallback_fonts([], exact_match=False)
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages()
        stamp = dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC)
        self.set_creation_date(stamp)
        self.set_creator("PHR")
        self.set_title("Health summary")
        self.set_lang("en")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FAMILY, "", BODY)
        self.set_text_color(*MUTED)
        self.cell(0, 4, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")

    def normalize_text(self, text: str) -> str:
        """Shape only the text that needs it (fpdf2 calls this first for every text it sets).

        Shaping the whole report cost half as much time and size again; Latin, Greek, Cyrillic
        and punctuation print the same without it. fpdf2 looks for fallback fonts only when
        shaping is on or a fallback is loaded, so text DejaVu may lack turns shaping on too.
        """
        shaping = _NEEDS_SHAPING.search(text) is not None
        if shaping != (self.text_shaping is not None):
            self.set_text_shaping(shaping)
        return super().normalize_text(text)

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        """fpdf2's choice among the loaded fallbacks, else a font loaded now that has `char`."""
        found = super().get_fallback_font(char, style)
        if found is not None:
            return found
        for family, name in _FALLBACKS:
            if family.lower() not in self.fonts and ord(char) in _characters(name):
                self.add_font(family, "", str(_font_file(name)))
                self.loaded_fallbacks.append(family)
                self.set_fallback_fonts(self.loaded_fallbacks, exact_match=False)
                return family.lower()  # fpdf2's key of a regular font
        return None

    # -- primitives -------------------------------------------------------------------------

    def heading(self, text: str, *, keep: float = 12.0, size: float = HEAD) -> None:
        """A section head kept with the first `keep` mm of what follows it (keep-with-next):
        a head is never the last thing on a page."""
        self.ensure_space(2 + 6.5 + 1.5 + keep)
        self.ln(2)
        self.set_font(FAMILY, "B", size)
        self.set_text_color(*ACCENT)
        self.cell(0, 6.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)
        self.set_text_color(*INK)
        self.heads.append((self.page, text))

    def para(self, text: str, *, size: float = BODY, style: str = "", colour: Colour = INK) -> None:
        self.set_font(FAMILY, style, size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def rich(self, parts: Sequence[Part], *, size: float = BODY, indent: float = 0) -> None:
        """One paragraph of mixed styles, wrapped at the margins, starting at `indent`."""
        line_h = size * LINE
        left = self.l_margin
        self.set_left_margin(left + indent)
        self.set_x(left + indent)
        for text, style, colour in parts:
            self.set_font(FAMILY, style, size)
            self.set_text_color(*colour)
            self.write(line_h, text)
        self.ln(line_h)
        self.set_left_margin(left)
        self.set_x(left)
        self.set_text_color(*INK)

    def bullet(self, text: str, *, size: float = BODY, mark: str = "•") -> None:
        """A list item with a hanging indent (wrapped lines align with the text, not the mark)."""
        line_h = size * LINE
        left = self.l_margin
        self.ensure_space(self.height_of(text, size=size, indent=3.5))
        self.set_x(left)
        self.set_font(FAMILY, "B", size)
        self.set_text_color(*ACCENT)
        self.cell(3.5, line_h, mark)
        self.set_left_margin(left + 3.5)
        self.set_font(FAMILY, "", size)
        self.set_text_color(*INK)
        self.write(line_h, text)
        self.ln(line_h)
        self.set_left_margin(left)
        self.set_x(left)

    def height_of(
        self, text: str, *, size: float = BODY, indent: float = 0, width: float | None = None
    ) -> float:
        """About how tall `text` wraps in the body width, for keeping blocks together.

        An estimate from the string width (a little generous), because a dry-run multi_cell
        costs ~10 ms per call and a report asks dozens of times."""
        self.set_font(FAMILY, "", size)
        wide = self.get_string_width(text) * 1.08
        lines = math.ceil(wide / max((width or self.epw) - indent, 1.0)) + 1
        return lines * size * LINE

    def ensure_space(self, height: float) -> None:
        """Start a new page unless `height` mm still fit above the bottom margin."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def grid_start(self, widths: Sequence[float], rows: Sequence[GridRow]) -> float:
        """About how tall a table's head row and first body row are: what a head before
        the table must be kept with."""
        if not rows:
            return 0.0
        first = max(
            self.height_of(text, width=w - 2) for text, w in zip(rows[0].cells, widths, strict=True)
        )
        return first + BODY * LINE * 2 + 4

    def grid(
        self,
        widths: Sequence[float],
        header: Sequence[str],
        rows: Sequence[GridRow],
    ) -> None:
        """A table at body size with a shaded head row that repeats on each page.

        fpdf2 never splits a row across pages; the space check here keeps the head row with
        the first body row, so a table never starts with a lone head at the foot of a page.
        """
        if not rows:
            return
        self.ensure_space(self.grid_start(widths, rows))
        head = FontFace(family=FAMILY, emphasis="BOLD", size_pt=BODY, fill_color=HEAD_FILL)
        self.set_font(FAMILY, "", BODY)
        self.set_text_color(*INK)
        with self.table(
            col_widths=tuple(widths),
            line_height=BODY * LINE,
            text_align="LEFT",
            headings_style=head,
            borders_layout="HORIZONTAL_LINES",
            padding=(0.8, 1, 0.8, 1),
            first_row_as_headings=True,
            width=sum(widths),
        ) as table:
            table.row(tuple(header))
            for row in rows:
                normal = FontFace(family=FAMILY, size_pt=BODY, fill_color=row.fill)
                bold = FontFace(family=FAMILY, emphasis="BOLD", size_pt=BODY, fill_color=row.fill)
                cells = table.row()
                for index, text in enumerate(row.cells):
                    cells.cell(text, style=bold if index in row.bold else normal)


@dataclass(frozen=True)
class GridRow:
    cells: tuple[str, ...]
    bold: frozenset[int] = frozenset()  # column indexes set in bold
    fill: Colour | None = None
