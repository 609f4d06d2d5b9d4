"""Tooltips that explain the jargon a label contains (star alleles, CPIC level, PMID...).

Applied by the pages to the labels they show, rather than inside each widget, so the words
stay owned by `phr.glossary` and one call covers a whole note card.
"""

from __future__ import annotations

import re

from phr.glossary import tooltip_for
from ui.qt import QLabel, QWidget

HINT = "\n\nMore words explained under Help > Glossary."
_TAGS = re.compile(r"<[^>]+>")


def explain_terms(root: QWidget) -> int:
    """Give every label under `root` that uses a glossary term a tooltip; returns how many."""
    count = 0
    for label in root.findChildren(QLabel):
        if label.toolTip():
            continue
        tip = tooltip_for(_TAGS.sub(" ", label.text()))
        if tip:
            label.setToolTip(tip + HINT)
            count += 1
    return count
