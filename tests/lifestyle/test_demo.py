"""The demo vault gets a medication list and four months of logs the rules can act on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from phr.demo import create_demo_vault
from phr.lifestyle.demo import demo_log_rows
from phr.lifestyle.facts import lifestyle_facts
from phr.lifestyle.summary import summarize
from phr.meds import current_medications


def test_demo_vault_has_meds_and_logs(tmp_path: Path) -> None:
    with create_demo_vault(tmp_path / "demo.phr") as vault:
        meds = current_medications(vault)
        generics = {m.generic for m in meds}
        assert {"clopidogrel", "simvastatin", "ethinylestradiol"} <= generics
        assert any("estrogen" in m.classes for m in meds)
        facts = lifestyle_facts(vault)
        assert facts.current_smoker is True
        assert facts.bmi is not None and facts.alcohol_grams_per_week is not None
        kinds = {s.kind for s in summarize(vault)}
        assert {"weight", "blood_pressure", "resting_heart_rate", "steps", "sleep", "alcohol",
                "smoking"} <= kinds  # fmt: skip


def test_demo_steps_show_the_phone_and_watch_rule() -> None:
    rows = demo_log_rows(date(2024, 6, 30))
    day = "2024-06-30"
    watch = sum(r[3] or 0 for r in rows if r[0] == "steps" and r[7] == "demo:watch" and day in r[1])
    phone = sum(r[3] or 0 for r in rows if r[0] == "steps" and r[7] == "demo:phone" and day in r[1])
    assert phone > 0 and watch > 0
    # every hour the phone counts less than the watch, so the day is the watch's total
    assert len({r[1][:10] for r in rows if r[0] == "steps"}) == 120
