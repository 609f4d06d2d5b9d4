"""One chart per kind: day values, the 7-day rolling mean, and the 90-day trend line.

Returns a bare `matplotlib.figure.Figure` (no pyplot, no global backend): the core can render
it with Agg, and the Lifestyle page attaches the same figure to a Qt canvas. The doctor
report's chart module (phr/report/charts.py) is written in parallel; until the two are unified
this is the Lifestyle page's chart.
"""

from __future__ import annotations

from datetime import date, timedelta

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from phr.lifestyle.kinds import KINDS
from phr.lifestyle.model import DayValue, KindSummary

_COLOURS = ("#2f6f9f", "#b5534b")


def _x(days: list[date]) -> list[float]:
    """Dates as matplotlib day numbers (typed floats rather than date objects)."""
    return [float(mdates.date2num(day)) for day in days]  # type: ignore[no-untyped-call]


def _split(values: tuple[DayValue, ...], index: int) -> tuple[list[date], list[float]]:
    days = [date.fromisoformat(d.date) for d in values]
    numbers = [float(d.value[index] if isinstance(d.value, tuple) else d.value) for d in values]
    return days, numbers


def kind_figure(summary: KindSummary, *, today: date | None = None, width: float = 7.0) -> Figure:
    """A small line chart of one kind; blood pressure draws systolic and diastolic."""
    figure = Figure(figsize=(width, 2.6), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    label = KINDS[summary.kind].label
    paired = summary.kind == "blood_pressure"
    names = ("systolic", "diastolic") if paired else (label,)
    if not summary.days:
        axes.text(0.5, 0.5, "No readings yet", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return figure
    for index, name in enumerate(names):
        colour = _COLOURS[index]
        days, numbers = _split(summary.days, index)
        style = "o" if len(days) < 40 else "."
        axes.plot(_x(days), numbers, style, color=colour, alpha=0.35, markersize=3, label=name)
        if summary.rolling_7d:
            r_days, r_numbers = _split(summary.rolling_7d, index)
            axes.plot(_x(r_days), r_numbers, "-", color=colour, linewidth=1.8)
        trend = summary.trend_90d
        if trend is not None:
            slope = trend[index] if isinstance(trend, tuple) else trend
            end = today or days[-1]
            recent = [(d, v) for d, v in zip(days, numbers, strict=True) if d > end - timedelta(90)]
            if len(recent) >= 3:
                mid_day = recent[len(recent) // 2][0]
                mid_value = sum(v for _, v in recent) / len(recent)
                first, last = recent[0][0], recent[-1][0]
                per_day = slope / 30

                def at(day: date, mid_day: date = mid_day, mid_value: float = mid_value,
                       per_day: float = per_day) -> float:  # fmt: skip
                    return mid_value + per_day * (day - mid_day).days

                axes.plot(_x([first, last]), [at(first), at(last)], "--", color=colour, linewidth=1)
    if paired:
        axes.axhline(130, color=_COLOURS[0], linewidth=0.6, linestyle=":")
        axes.axhline(80, color=_COLOURS[1], linewidth=0.6, linestyle=":")
        axes.legend(loc="upper left", fontsize=8, frameon=False)
    axes.set_ylabel(summary.unit)
    axes.set_title(f"{label.capitalize()}: daily values, 7-day mean (line), trend (dashes)",
                   fontsize=9, loc="left")  # fmt: skip
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.grid(True, alpha=0.2)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def render_png(summary: KindSummary, path: str, *, today: date | None = None) -> None:
    """Agg rendering to a PNG file (for reports and tests)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = kind_figure(summary, today=today)
    FigureCanvasAgg(figure)
    figure.savefig(path, format="png")
