"""Synthetic prevention data for the demo vault (no real person's data).

The demo person (female, 46, the genome and medicines of the other demo sections: clopidogrel
after a stent, simvastatin, a light current smoker) gets a profile, a year of lab results and a
screening history chosen so that the plan shows every status: a mammogram overdue, a cervical
screen up to date, a colonoscopy never done (due from 45), a hepatitis C test done once,
osteoporosis and AAA not applicable, and a measured Lp(a) that outranks her LPA genotype.
"""

from __future__ import annotations

from datetime import date, timedelta

from phr.lifestyle.entries import add_entry
from phr.prevention.screening import add_screening
from phr.profile import ProfileUpdate, update_profile
from phr.vault import Vault

AGE = 46


def add_demo_prevention(vault: Vault, *, today: date | None = None) -> None:
    today = today or date.today()
    born = f"{today.year - AGE:04d}-{max(1, today.month - 2):02d}"
    update_profile(
        vault,
        ProfileUpdate(
            sex="female",
            born=born,
            smoking="current",
            pack_years="9",
            diabetes="no",
            heart_disease="yes",  # the demo medicines include clopidogrel after a stent
            bp_treatment="no",
            country="GB",
        ),
        today=today,
    )
    labs_day = (today - timedelta(days=60)).isoformat()
    old_day = (today - timedelta(days=420)).isoformat()
    for kind, value, unit, day in (
        ("total_cholesterol", "5.2", "mmol/L", labs_day),
        ("hdl", "1.4", "mmol/L", labs_day),
        ("ldl", "3.1", "mmol/L", labs_day),
        ("triglycerides", "1.3", "mmol/L", labs_day),
        ("hba1c", "36", "mmol/mol", labs_day),
        ("creatinine", "70", "umol/L", labs_day),
        ("ferritin", "85", "ug/L", labs_day),
        ("transferrin_saturation", "32", "%", labs_day),
        ("lpa", "142", "nmol/L", old_day),
        ("total_cholesterol", "5.6", "mmol/L", old_day),
    ):
        add_entry(vault, kind, value, unit=unit, at=day)
    for kind, years_ago in (("mammogram", 3), ("cervical_cytology", 2), ("hcv_test", 6)):
        add_screening(vault, kind, today.replace(year=today.year - years_ago, day=1), today=today)
