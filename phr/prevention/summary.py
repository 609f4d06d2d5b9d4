"""One call for every face (CLI, app page, PDF, FHIR): the whole prevention picture."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from phr.genome.model import CoverageKind
from phr.genome.store import active_genome
from phr.prevention.facts import PersonFacts, gather_facts
from phr.prevention.genetic import GeneticNote, genetic_notes
from phr.prevention.notes import LifestyleNote, lifestyle_notes
from phr.prevention.plan import PlanItem, build_plan, plan_order
from phr.prevention.risk import RiskAssessment, assess_risk
from phr.prevention.rules import load_plan_rules
from phr.rules.engine import call_genes
from phr.vault import Vault


@dataclass(frozen=True)
class PreventionSummary:
    facts: PersonFacts
    plan: tuple[PlanItem, ...]  # rule-set order; `due_first()` for display
    risk: RiskAssessment
    lifestyle: tuple[LifestyleNote, ...]
    genetic: tuple[GeneticNote, ...]
    has_genome: bool
    rules_version: str

    def due_first(self) -> list[PlanItem]:
        return sorted(self.plan, key=plan_order)


def prevention_summary(vault: Vault, *, today: date | None = None) -> PreventionSummary:
    rules = load_plan_rules()
    facts = gather_facts(vault, today=today)
    risk = assess_risk(facts)
    genome = active_genome(vault)
    calls = call_genes(vault, [g.gene for g in rules.genetic], genome)
    from_array = genome is not None and genome.coverage == CoverageKind.ARRAY
    return PreventionSummary(
        facts=facts,
        plan=tuple(build_plan(facts, rules, risk=risk)),
        risk=risk,
        lifestyle=tuple(lifestyle_notes(facts, rules)),
        genetic=tuple(
            genetic_notes(facts, rules, calls, from_array=from_array, has_genome=genome is not None)
        ),
        has_genome=genome is not None,
        rules_version=rules.version,
    )
