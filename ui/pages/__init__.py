"""The page registry: the sidebar shows `PAGES` in this order.

To add a page, write `ui/pages/<name>.py` with a `Page` subclass and append it here.
"""

from __future__ import annotations

from ui.pages.base import Page
from ui.pages.overview import OverviewPage
from ui.pages.reports import ReportsPage

PAGES: list[type[Page]] = [
    OverviewPage,
    ReportsPage,
]

__all__ = ["PAGES", "OverviewPage", "Page", "ReportsPage"]
