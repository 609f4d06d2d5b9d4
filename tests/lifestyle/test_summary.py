"""Summaries: day values (total vs mean), windows, trend, weeks, blood pressure share, JSON."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from phr.lifestyle.entries import add_entry
from phr.lifestyle.summary import summarize
from phr.vault import Vault

TODAY = date(2024, 6, 30)
ZONE = timezone(timedelta(hours=2))


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def test_totals_for_steps_and_alcohol_means_for_weight(vault: Vault) -> None:
    add_entry(vault, "steps", "3000", at=at(TODAY, 8))
    add_entry(vault, "steps", "2000", at=at(TODAY, 17))
    add_entry(vault, "alcohol", "1", at=at(TODAY, 19))
    add_entry(vault, "alcohol", "1", at=at(TODAY, 19))  # same hour, same source: two drinks
    add_entry(vault, "weight", "70", at=at(TODAY, 7))
    add_entry(vault, "weight", "71", at=at(TODAY, 20))
    by_kind = {s.kind: s for s in summarize(vault, today=TODAY)}
    assert by_kind["steps"].days[0].value == 5000.0
    assert by_kind["alcohol"].days[0].value == 28.0
    assert by_kind["weight"].days[0].value == 70.5
    assert by_kind["weight"].latest == 71.0
    assert list(by_kind) == ["weight", "steps", "alcohol"]  # KINDS order


def test_windows_and_trend_over_known_data(vault: Vault) -> None:
    # weight falls exactly 0.1 kg a day for 60 days: trend -3 kg per 30 days
    for n in range(60):
        day = TODAY - timedelta(days=59 - n)
        add_entry(vault, "weight", f"{80 - 0.1 * n:.1f}", at=at(day))
    (weight,) = summarize(vault, ["weight"], today=TODAY)
    assert len(weight.days) == 60
    assert weight.mean_7d == pytest.approx(74.4)  # mean of 74.1..74.7
    assert weight.mean_30d == pytest.approx(np_mean([80 - 0.1 * n for n in range(30, 60)]))
    assert weight.trend_90d == pytest.approx(-3.0)
    assert weight.rolling_7d[-1].value == weight.mean_7d
    assert weight.rolling_7d[0].value == 80.0
    assert weight.weeks[0].date == "2024-04-29"  # Monday of the first entry's week (May 2)


def np_mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 2)


def test_windows_are_empty_when_nothing_recent(vault: Vault) -> None:
    add_entry(vault, "weight", "70", at=at(TODAY - timedelta(days=100)))
    (weight,) = summarize(vault, ["weight"], today=TODAY)
    assert weight.latest == 70.0
    assert weight.mean_7d is None and weight.mean_30d is None and weight.trend_90d is None


def test_blood_pressure_pairs_and_share_above_130_80(vault: Vault) -> None:
    add_entry(vault, "bp", "120/70", at=at(TODAY, 7))
    add_entry(vault, "bp", "130/70", at=at(TODAY, 8))  # systolic at the threshold counts
    add_entry(vault, "bp", "118/80", at=at(TODAY - timedelta(days=1)))  # diastolic too
    add_entry(vault, "bp", "125/75", at=at(TODAY - timedelta(days=2)))
    (bp,) = summarize(vault, ["blood_pressure"], today=TODAY)
    assert bp.days[-1].value == (125.0, 70.0)
    assert bp.latest == (130.0, 70.0)
    assert bp.share_above_130_80 == 0.5
    assert isinstance(bp.mean_7d, tuple)


def test_days_follow_each_records_own_offset(vault: Vault) -> None:
    late_in_new_york = datetime(2024, 6, 29, 23, 30, tzinfo=timezone(timedelta(hours=-4)))
    add_entry(vault, "weight", "70", at=late_in_new_york)
    (weight,) = summarize(vault, ["weight"], today=TODAY)
    assert [d.date for d in weight.days] == ["2024-06-29"]
    assert weight.latest_at == "2024-06-29T23:30:00-04:00"


def test_since_limits_days_by_local_date(vault: Vault) -> None:
    for n in range(10):
        add_entry(vault, "steps", "1000", at=at(TODAY - timedelta(days=n)))
    (steps,) = summarize(vault, ["steps"], since=TODAY - timedelta(days=2), today=TODAY)
    assert [d.date for d in steps.days] == ["2024-06-28", "2024-06-29", "2024-06-30"]


def test_json_shape_is_the_contract(vault: Vault) -> None:
    add_entry(vault, "bp", "128/82", at=at(TODAY))
    add_entry(vault, "steps", "5000", at=at(TODAY))
    shapes = [s.as_json() for s in summarize(vault, today=TODAY)]
    required = {"kind", "unit", "latest", "days", "mean_7d", "mean_30d", "trend_90d"}
    assert all(required <= set(s) for s in shapes)
    bp = shapes[0]
    assert bp["kind"] == "blood_pressure"
    assert bp["days"] == [{"date": "2024-06-30", "value": [128.0, 82.0]}]
    assert shapes[1]["days"] == [{"date": "2024-06-30", "value": 5000.0}]


def test_requested_kind_without_entries_gives_an_empty_summary(vault: Vault) -> None:
    (sleep,) = summarize(vault, ["sleep"], today=TODAY)
    assert sleep.days == () and sleep.latest is None
    assert summarize(vault, today=TODAY) == []


def test_chart_renders_with_agg(vault: Vault) -> None:
    from phr.report.charts import chart_png, figure

    for n in range(20):
        add_entry(vault, "bp", f"{125 + n % 7}/{80 + n % 3}", at=at(TODAY - timedelta(days=n)))
    (bp,) = summarize(vault, ["blood_pressure"], today=TODAY)
    chart = figure(bp, width_in=7.0, height_in=3.0, font_size=9)
    assert len(chart.axes[0].lines) >= 2  # systolic and diastolic day values
    assert chart_png(bp).startswith(b"\x89PNG")
