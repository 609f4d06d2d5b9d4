"""Small trend charts of lifestyle summaries, for the report and the Lifestyle page.

Uses matplotlib's object API (`Figure` + Agg canvas), never pyplot: pyplot keeps global state
and is not safe off the main thread, and exports run on a worker thread.
"""

from __future__ import annotations

import datetime as dt
import io

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure

from phr.lifestyle.kinds import KINDS
from phr.lifestyle.model import KindSummary
from phr.vocabulary import NONE, log_kind_text

_BLUE = "#1f5f8b"
_RED = "#b03a2e"
_BAND = "#cfe8d5"  # a pale green: the usual range, behind the line
_GREY = "#7f8c8d"


def kind_label(kind: str) -> str:
    """'Blood glucose', 'LDL cholesterol': the kind's words from phr.vocabulary, first letter
    raised (never lowered: lab kinds such as HbA1c keep their own case)."""
    label = log_kind_text(kind)
    return label[0].upper() + label[1:] if label else label


def format_value(value: float | tuple[float, float] | None, unit: str = "") -> str:
    """'120/80 mmHg', '72.4 kg', '8,512 steps'; '—' when there is nothing."""
    if value is None:
        return NONE
    if isinstance(value, tuple):
        text = f"{value[0]:.0f}/{value[1]:.0f}"
    elif abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    else:
        text = f"{value:.1f}"
    return f"{text} {unit}".strip()


def format_trend(value: float | tuple[float, float] | None, unit: str = "") -> str:
    """A slope per 30 days with its sign: '+0.8 kg / 30 days'."""
    if value is None:
        return NONE
    if isinstance(value, tuple):
        text = f"{value[0]:+.1f}/{value[1]:+.1f}"
    else:
        text = f"{value:+,.0f}" if abs(value) >= 100 else f"{value:+.1f}"
    return f"{text} {unit} / 30 days".replace("  ", " ")


def figure(
    summary: KindSummary,
    *,
    width_in: float = 3.2,
    height_in: float = 1.9,
    font_size: float = 6.5,
) -> Figure:
    """One chart: the daily values, and the 90-day trend line of the summary.

    The doctor report prints it small (the defaults); the Lifestyle page shows the same chart
    larger on a Qt canvas, with a bigger `font_size`.
    """
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    dates = [dt.date.fromisoformat(d.date) for d in summary.days]
    xs = [float(x) for x in date2num(dates)]  # type: ignore[no-untyped-call]
    series: list[tuple[str, list[float], str]] = []
    if summary.days and isinstance(summary.days[0].value, tuple):
        series.append(("systolic", [_part(d.value, 0) for d in summary.days], _RED))
        series.append(("diastolic", [_part(d.value, 1) for d in summary.days], _BLUE))
    else:
        series.append((summary.unit, [_part(d.value, 0) for d in summary.days], _BLUE))
    for index, (label, values, colour) in enumerate(series):
        ax.plot(xs, values, color=colour, linewidth=1.0, marker="o", markersize=1.8, label=label)
        slope = _slope(summary.trend_90d, index)
        if slope is not None and len(dates) >= 2:
            _trend_line(ax, dates, values, slope)
    reference = _reference_band(ax, summary.kind)
    trend = format_trend(summary.trend_90d, summary.unit)
    # Within one year the ticks show no year (see `date_format`): the title says it instead.
    year = f", {dates[0].year}" if dates and dates[0].year == dates[-1].year else ""
    ax.set_title(
        f"{kind_label(summary.kind)} ({summary.unit}){year}\ntrend {trend}{reference}",
        fontsize=font_size,
        loc="left",
    )
    ax.tick_params(labelsize=font_size - 0.5)
    ax.grid(True, linewidth=0.3, color="#d0d3d4")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if len(series) > 1:
        ax.legend(fontsize=font_size - 1, frameon=False, loc="best")
    fig.autofmt_xdate(rotation=0, ha="center")
    if not dates:  # every entry of the kind had an implausible date: an empty chart
        return fig
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=5))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(DateFormatter(date_format(dates[0], dates[-1])))  # type: ignore[no-untyped-call]
    return fig


def _reference_band(ax: Axes, kind_name: str) -> str:
    """Shade a lab's usual adult range and name it under the title, as context for reading
    the line: a value outside it is something to ask about, never a diagnosis by PHR."""
    kind = KINDS.get(kind_name)
    if kind is None or kind.band is None:
        return ""
    low, high = kind.band
    bottom, top = ax.get_ylim()
    # The range's own edges come into view, so a line far from the range still shows where
    # the range is; an open side runs to the edge of the chart.
    edges = [edge for edge in (low, high) if edge is not None]
    bottom, top = min(bottom, *edges), max(top, *edges)
    margin = (top - bottom) * 0.05
    bottom, top = bottom - margin, top + margin
    ax.axhspan(
        low if low is not None else bottom,
        high if high is not None else top,
        color=_BAND,
        alpha=0.6,
        linewidth=0,
        zorder=0,
    )
    ax.set_ylim(bottom, top)
    return f"\nshaded: usual adult range, {kind.reference}"


def date_format(first: dt.date, last: dt.date) -> str:
    """Tick labels with the year whenever the range crosses into another year ("Nov 2025",
    "Feb 2026"): "01 Dec" alone cannot say which December a reading is from."""
    if first.year == last.year:
        return "%d %b"
    return "%b %Y" if (last - first).days > 120 else "%d %b %Y"


def chart_png(
    summary: KindSummary,
    *,
    width_in: float = 3.2,
    height_in: float = 1.9,
    dpi: int = 200,
    font_size: float = 6.5,
) -> bytes:
    fig = figure(summary, width_in=width_in, height_in=height_in, font_size=font_size)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _part(value: float | tuple[float, float], index: int) -> float:
    return float(value[index]) if isinstance(value, tuple) else float(value)


def _slope(trend: float | tuple[float, float] | None, index: int) -> float | None:
    if trend is None:
        return None
    return float(trend[index]) if isinstance(trend, tuple) else float(trend)


def _trend_line(ax: Axes, dates: list[dt.date], values: list[float], per_30d: float) -> None:
    """Draw the summary's slope through the mean of the last 90 days' points."""
    last = dates[-1]
    window = [(d, v) for d, v in zip(dates, values, strict=True) if (last - d).days < 90]
    if len(window) < 2:
        return
    ordinals = [d.toordinal() for d, _ in window]
    mid_x = sum(ordinals) / len(ordinals)
    mid_y = sum(v for _, v in window) / len(window)
    per_day = per_30d / 30.0
    x0, x1 = min(ordinals), max(ordinals)
    ys = [mid_y + per_day * (x - mid_x) for x in (x0, x1)]
    ends = [float(x) for x in date2num([dt.date.fromordinal(x0), dt.date.fromordinal(x1)])]  # type: ignore[no-untyped-call]
    ax.plot(ends, ys, color=_GREY, linewidth=0.9, linestyle="--")
