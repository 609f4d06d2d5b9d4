"""Help > Guide and glossary: how to use PHR in six steps, and the words it cannot avoid.

One non-modal window, reused: opening it again (from the menu, or from a "What is this?"
link on a page) brings it to the front at the asked-for term. The text itself lives in
`phr.glossary`, so tooltips and this window say the same thing.
"""

from __future__ import annotations

from html import escape
from typing import ClassVar

from phr.glossary import GLOSSARY, GUIDE
from ui.qt import Qt, QTabWidget, QTextBrowser, QVBoxLayout, QWidget


def guide_html() -> str:
    parts = [f"<h3>{escape(title)}</h3><p>{escape(text)}</p>" for title, text in GUIDE]
    return "".join(parts)


def glossary_html() -> str:
    parts = [
        f"<h3><a name='{term.key}'></a>{escape(term.title)}</h3><p>{escape(term.text)}</p>"
        for term in GLOSSARY
    ]
    return "".join(parts)


class HelpWindow(QWidget):
    """A separate top-level window (owned by the main window, so it closes with it)."""

    _shown: ClassVar[HelpWindow | None] = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PHR help")
        self.setWindowFlag(Qt.WindowType.Window)
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.guide = QTextBrowser(self)
        self.guide.setHtml(guide_html())
        self.guide.setAccessibleName("Getting started guide")
        self.glossary = QTextBrowser(self)
        self.glossary.setHtml(glossary_html())
        self.glossary.setAccessibleName("Glossary")
        self.tabs.addTab(self.guide, "&Getting started")
        self.tabs.addTab(self.glossary, "G&lossary")
        layout.addWidget(self.tabs)

    def show_term(self, term: str | None) -> None:
        if term is None:
            self.tabs.setCurrentWidget(self.guide)
        else:
            self.tabs.setCurrentWidget(self.glossary)
            self.glossary.scrollToAnchor(term)

    @classmethod
    def show_for(cls, parent: QWidget | None, term: str | None = None) -> HelpWindow:
        window = cls._shown
        if window is None:
            window = cls(parent)
            cls._shown = window
            window.destroyed.connect(lambda *_: setattr(cls, "_shown", None))
        window.show_term(term)
        window.show()
        window.raise_()
        window.activateWindow()
        return window
