"""Lifestyle charts: daily values plus the summary's own 90-day trend, as PNG of the asked size."""

from __future__ import annotations

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
