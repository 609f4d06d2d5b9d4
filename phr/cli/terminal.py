"""Text from a person or a file, made safe to print on a terminal.

Medicine names, notes, file names, device names from an Apple export and sample names from a
VCF reach the terminal through `phr meds list`, `phr log list`, `phr genomes` and error lines.
A name holding an escape sequence could recolour the terminal, retitle its window, move the
cursor to overwrite earlier lines, or (on some terminals) write to the clipboard; a bidi
override can show a line in a different order than it is stored. `printable` removes them.

What goes: whole ANSI/VT escape sequences (CSI, OSC, DCS... and two-byte ESC pairs), every
other C0 and C1 control character and DEL, and the Unicode bidi embedding, override and isolate
controls. Line and paragraph breaks and tabs become a space, so a name stays on its line. What
stays: every printable character in any script, including zero-width joiners, which some
scripts and emoji need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# ESC or the 8-bit CSI/OSC/DCS... introducers, with what belongs to them:
# - CSI (ESC [ or U+009B): parameters, intermediates, one final byte;
# - OSC, DCS, SOS, PM, APC (ESC ] P X ^ _ or U+009D U+0090 U+0098 U+009E U+009F): up to BEL or
#   ST (ESC \\ or U+009C), or to the end of the text if never terminated;
# - any other ESC + one character.
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_BREAKS = re.compile("[\t\n\v\f\r\x85\u2028\u2029]")
# C0 and C1 controls, DEL; bidi embeddings/overrides (U+202A-202E), isolates (U+2066-2069).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` as one line of printable characters (None and numbers print as `str` does)."""
    shown = _ESCAPE.sub("", str(text))
    shown = _BREAKS.sub(" ", shown)
    return _CONTROLS.sub("", shown)


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = ()
) -> str:
    """Rows under a header line, columns as wide as their widest cell (cells are `printable`).

    `right` names the columns to right-align (counts). The last column is never padded, so a
    long phenotype or file name does not push trailing spaces onto the line.
    """
    cells = [[printable(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    aligned = set(right)

    def line(row: Sequence[str]) -> str:
        parts = []
        for i, text in enumerate(row):
            if i == len(row) - 1 and i not in aligned:
                parts.append(text)
            else:
                parts.append(text.rjust(widths[i]) if i in aligned else text.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    return "\n".join([line(list(headers)), *(line(r) for r in cells)])
