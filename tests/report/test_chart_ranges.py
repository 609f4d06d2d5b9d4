"""Lab charts show the usual adult range as a shaded band with its words, as context only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from phr.lifestyle.entries import add_entry
from phr.lifestyle.summary import summarize
from phr.report.charts import figure
from phr.vault import create_vault

TODAY = dt.date(2026, 12, 1)


def _charts(tmp_path: Path, readings: list[tuple[str, str, str]]) -> dict[str, object]:
    with create_vault(tmp_path / "v.phr", "pw") as vault:
        for kind, value, day in readings:
            unit = {"ldl": "mg/dL", "weight": "kg", "egfr": "mL/min/1.73m2"}[kind]
            add_entry(vault, kind, value, unit=unit, at=f"{day}T08:00:00+00:00")
        return {s.kind: figure(s) for s in summarize(vault, today=TODAY)}


def test_ldl_far_above_its_range_still_shows_where_the_range_is(tmp_path: Path) -> None:
    charts = _charts(tmp_path, [("ldl", "162", "2026-01-10"), ("ldl", "141", "2026-06-02")])
    ax = charts["ldl"].axes[0]  # type: ignore[attr-defined]
    assert len(ax.patches) == 1  # the band
    bottom, top = ax.get_ylim()
    assert bottom < 100 < 141 < 162 < top  # the range's edge is in view
    assert "usual adult range, below 100 mg/dL" in ax.get_title(loc="left")


def test_a_range_open_above_runs_to_the_top_of_the_chart(tmp_path: Path) -> None:
    charts = _charts(tmp_path, [("egfr", "72", "2026-02-01"), ("egfr", "95", "2026-08-01")])
    ax = charts["egfr"].axes[0]  # type: ignore[attr-defined]
    (band,) = ax.patches
    assert band.get_y() == 90
    assert band.get_y() + band.get_height() == ax.get_ylim()[1]


def test_measurements_without_a_lab_range_have_no_band(tmp_path: Path) -> None:
    charts = _charts(tmp_path, [("weight", "70", "2026-02-01"), ("weight", "71", "2026-03-01")])
    ax = charts["weight"].axes[0]  # type: ignore[attr-defined]
    assert not ax.patches and "usual" not in ax.get_title(loc="left")
