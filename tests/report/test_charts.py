"""Lifestyle charts: daily values plus the summary's own 90-day trend, as PNG of the asked size."""

from __future__ import annotations

import re
import struct

import pytest
from matplotlib.dates import num2date

from phr.lifestyle.model import KindSummary
from phr.report.charts import chart_png, figure, format_trend, format_value
from tests.report import samples


def _summary(kind: str) -> KindSummary:
    summaries, _ = samples.lifestyle()
    return next(s for s in summaries if s.kind == kind)


def test_blood_pressure_chart_has_both_series_and_their_trend_lines() -> None:
    fig = figure(_summary("blood_pressure"))
    (ax,) = fig.axes
    labels = [line.get_label() for line in ax.get_lines()]
    assert "systolic" in labels and "diastolic" in labels
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == 2
    assert "Blood pressure (mmHg)" in ax.get_title(loc="left")


def test_trend_line_slope_is_the_summarys_slope() -> None:
    summary = _summary("weight")
    (ax,) = figure(summary).axes
    (trend,) = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    xs, ys = trend.get_xdata(), trend.get_ydata()
    days = (num2date(xs[1]) - num2date(xs[0])).days
    assert (ys[1] - ys[0]) / days * 30 == pytest.approx(summary.trend_90d)


def test_chart_png_has_the_requested_pixel_size() -> None:
    png = chart_png(_summary("steps"), width_in=3.0, height_in=2.0, dpi=100)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (300, 200)


def test_value_and_trend_formats() -> None:
    assert format_value((131.4, 82.6), "mmHg") == "131/83 mmHg"
    assert format_value(8512.0, "steps") == "8,512 steps"
    assert format_value(None) == "—"
    assert format_trend(-0.6, "kg") == "-0.6 kg / 30 days"


def _tick_labels(summary: KindSummary) -> list[str]:
    fig = figure(summary)
    fig.canvas.draw()  # type: ignore[no-untyped-call]
    return [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]


def test_axis_shows_years_when_the_range_crosses_a_year() -> None:
    import dataclasses
    import datetime as dt

    from phr.lifestyle.model import DayValue

    start = dt.date(2025, 9, 1)
    days = tuple(
        DayValue((start + dt.timedelta(days=7 * i)).isoformat(), 70.0 + i % 3) for i in range(40)
    )
    crossing = dataclasses.replace(_summary("weight"), days=days)
    labels = _tick_labels(crossing)
    assert labels and all(re.search(r"20(25|26)$", label) for label in labels), labels
    assert {label[-4:] for label in labels} == {"2025", "2026"}


def test_axis_within_one_year_shows_day_and_month_only() -> None:
    labels = _tick_labels(_summary("weight"))  # 90 days inside 2026
    assert labels and not any(re.search(r"\d{4}", label) for label in labels), labels
