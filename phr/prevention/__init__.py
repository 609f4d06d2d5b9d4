"""The personal prevention plan (issue 17): screenings due by age and sex, 10-year heart risk
from the person's own measurements (AHA PREVENT), lifestyle notes, and the genetic findings
that change what to do. Rules are data (resources/rules/v1/prevention_plan.yaml).

Public API: `gather_facts`, `build_plan`, `assess_risk`, `prevention_notes`, `treatment_facts`,
the screening history functions, and `load_plan_rules`.
"""

from phr.prevention.facts import PersonFacts, gather_facts, treatment_facts
from phr.prevention.rules import PLAN_ITEM_IDS, load_plan_rules
from phr.prevention.screening import (
    SCREENING_KINDS,
    add_screening,
    list_screenings,
    remove_screening,
)

__all__ = [
    "PLAN_ITEM_IDS",
    "SCREENING_KINDS",
    "PersonFacts",
    "add_screening",
    "gather_facts",
    "list_screenings",
    "load_plan_rules",
    "remove_screening",
    "treatment_facts",
]
