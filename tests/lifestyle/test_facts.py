"""`lifestyle_facts`: what the rules engine learns from the logs, and when it learns nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from phr.lifestyle.entries import add_entry
from phr.lifestyle.facts import LifestyleFacts, lifestyle_facts
from phr.vault import Vault

TODAY = date(2024, 6, 30)
UTC = UTC


def at(days_ago: int, hour: int = 12) -> datetime:
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_no_logs_means_every_fact_unknown(vault: Vault) -> None:
    assert lifestyle_facts(vault, today=TODAY) == LifestyleFacts()


def test_smoking_follows_the_latest_entry(vault: Vault) -> None:
    add_entry(vault, "smoking", "15", at=at(300))
    facts = lifestyle_facts(vault, today=TODAY)
    assert facts.current_smoker is True and facts.cigarettes_per_day == 15.0
    add_entry(vault, "smoking", "former", at=at(10))
    facts = lifestyle_facts(vault, today=TODAY)
    assert facts.current_smoker is False and facts.cigarettes_per_day == 0.0
    add_entry(vault, "smoking", "current", at=at(1))
    facts = lifestyle_facts(vault, today=TODAY)
    assert facts.current_smoker is True and facts.cigarettes_per_day is None


def test_entries_after_today_are_ignored(vault: Vault) -> None:
    add_entry(vault, "smoking", "never", at=at(5))
    add_entry(vault, "smoking", "20", at=at(-3))
    assert lifestyle_facts(vault, today=TODAY).current_smoker is False


def test_alcohol_is_the_mean_week_of_the_last_28_days(vault: Vault) -> None:
    add_entry(vault, "alcohol", "2", at=at(0))  # 28 g, today
    add_entry(vault, "alcohol", "4", unit="units", at=at(27))  # 32 g, first day of the window
    add_entry(vault, "alcohol", "10", at=at(28))  # outside the window
    assert lifestyle_facts(vault, today=TODAY).alcohol_grams_per_week == 15.0  # 60 g / 4


def test_alcohol_unknown_when_nothing_logged_recently(vault: Vault) -> None:
    add_entry(vault, "alcohol", "2", at=at(40))
    assert lifestyle_facts(vault, today=TODAY).alcohol_grams_per_week is None


def test_bmi_needs_weight_and_height(vault: Vault) -> None:
    add_entry(vault, "weight", "80", at=at(3))
    assert lifestyle_facts(vault, today=TODAY).bmi is None
    add_entry(vault, "height", "1.75", unit="m", at=at(400))
    add_entry(vault, "weight", "77", at=at(1))
    facts = lifestyle_facts(vault, today=TODAY)
    assert facts.bmi == 25.1  # 77 / 1.75^2 = 25.14
    assert facts.latest_weight_kg == 77.0
    assert facts.height_cm == 175.0


def test_latest_blood_pressure(vault: Vault) -> None:
    add_entry(vault, "bp", "150/95", at=at(20))
    add_entry(vault, "bp", "128/82", at=at(2))
    facts = lifestyle_facts(vault, today=TODAY)
    assert (facts.latest_systolic, facts.latest_diastolic) == (128.0, 82.0)
