"""The page registry: the sidebar shows `PAGES` in this order.

To add a page, write `ui/pages/<name>.py` with a `Page` subclass and append it here.
"""

from __future__ import annotations

from ui.pages.base import Page
from ui.pages.genome import GenomePage
from ui.pages.lifestyle import LifestylePage
from ui.pages.medications import MedicationsPage
from ui.pages.overview import OverviewPage
from ui.pages.plan import PlanPage
from ui.pages.prevention import PreventionPage
from ui.pages.reports import ReportsPage

PAGES: list[type[Page]] = [
    OverviewPage,
    GenomePage,
    MedicationsPage,
    PreventionPage,
    PlanPage,
    LifestylePage,
    ReportsPage,
]

__all__ = ["PAGES", "LifestylePage", "OverviewPage", "Page", "ReportsPage"]
