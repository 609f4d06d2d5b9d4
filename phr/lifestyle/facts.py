"""Lifestyle facts: the few numbers from the logs that change what a genetic result means.

The rules engine takes a `LifestyleFacts` value and never reads the logs itself; `None` means
"not known" (no entries), which rules must treat differently from "no".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LifestyleFacts:
    current_smoker: bool | None = None
    cigarettes_per_day: float | None = None
    alcohol_grams_per_week: float | None = None  # mean over the last 28 days of entries
    bmi: float | None = None
    latest_weight_kg: float | None = None
    latest_systolic: float | None = None
    latest_diastolic: float | None = None
