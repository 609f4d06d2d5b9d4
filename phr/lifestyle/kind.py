"""The `Kind` record: one kind of log entry, its canonical unit and its unit table.

Kept apart from `kinds.py` so the lab kinds (`labs.py`) can be declared in their own module
without an import cycle; `phr.lifestyle.kinds` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # plain words for messages and the UI
    unit: str  # canonical unit
    units: dict[str, float]  # accepted unit spelling -> factor to the canonical unit
    low: float  # plausible range in the canonical unit (inclusive)
    high: float
    default_unit: str  # what a bare number means ('' = a unit must be given)
    daily_total: bool = False  # a day's value is the total (steps, alcohol, exercise)
    # Added for lab results (issue 17):
    offsets: dict[str, float] = field(default_factory=dict)  # added after the factor (HbA1c)
    keeps_unit: bool = False  # units that cannot be converted: stored as given (Lp(a))
    reference: str = ""  # the usual adult reference range, shown as context only
    # The same range as numbers in the canonical unit (None = open on that side), shaded on
    # charts; left out where it depends on sex or on the lab's unit (HDL, ferritin, Lp(a)).
    band: tuple[float | None, float | None] | None = None
