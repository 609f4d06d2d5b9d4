"""Genetic findings that change prevention, joined with the person's own measurements.

The genes are called by the rules engine (`phr.rules.call_genes`), so CLINICAL.md holds: a
position the file lacks is not tested, never normal; a partly tested gene is partial and names
what is missing; a rare variant read from an array asks for a clinical test (APOB R3527Q).

- SERPINA1 Z (rs28929474) and S (rs17580): ZZ and SZ can lower alpha-1 antitrypsin enough to
  harm lungs (and, for ZZ, the liver); smoking multiplies the lung harm.
- LPA rs10455872 and rs3798220: each marks a form of the gene that raises Lp(a). A measured
  Lp(a) always outranks the genotype: once a value is logged the note talks about the value.
  Raised: 50 mg/dL or more, or 125 nmol/L or more (EAS consensus 2022, PMID 35484095).
- APOB R3527Q (rs5742904): familial defective apoB raises LDL from birth; check LDL early.
- HFE C282Y/H63D: linked to the latest ferritin and transferrin saturation when logged
  (transferrin saturation 45 % or more, ferritin above 300 ng/mL for men or 200 for women are
  the usual "look further" marks in the GeneReviews HFE chapter, PMID 20301613).
"""

from __future__ import annotations

from dataclasses import dataclass

from phr.prevention.facts import PersonFacts
from phr.prevention.rules import GeneticRule, PlanRules
from phr.rules.model import CallStatus, PgxCall

LPA_RAISED = {"mg/dL": 50.0, "nmol/L": 125.0}
TSAT_HIGH = 45.0
FERRITIN_HIGH = {"female": 200.0, "male": 300.0}


@dataclass(frozen=True)
class GeneticNote:
    id: str
    gene: str
    title: str
    status: str  # called | partial | not_tested | indeterminate
    found: str  # the genotypes read, in words
    meaning: str
    action: str
    attention: bool
    confirm: bool  # a rare variant from an array: confirm with a clinical test
    sources: tuple[tuple[str, str | None], ...]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "gene": self.gene,
            "title": self.title,
            "status": self.status,
            "found": self.found,
            "meaning": self.meaning,
            "action": self.action,
            "attention": self.attention,
            "confirm_clinically": self.confirm,
            "sources": [{"label": label, "pmid": pmid} for label, pmid in self.sources],
        }


def genetic_notes(
    facts: PersonFacts,
    rules: PlanRules,
    calls: dict[str, PgxCall],
    *,
    from_array: bool,
    has_genome: bool = True,
) -> list[GeneticNote]:
    writers = {"SERPINA1": _serpina1, "LPA": _lpa, "APOB": _apob, "HFE": _hfe}
    notes = []
    for rule in rules.genetic:
        call = calls.get(rule.gene)
        if call is None:
            continue
        meaning, action, attention = writers[rule.gene](call, facts)
        if not has_genome and rule.gene != "LPA":
            meaning = "No DNA file has been imported, so this was not tested."
        confirm = bool(from_array and call.rare_alleles)
        if confirm:
            action += (
                " This variant is rare, and chip results for rare variants are often wrong: "
                "confirm it with a clinical test before acting on it."
            )
        notes.append(_note(rule, call, meaning, action, attention, confirm))
    return notes


def _note(
    rule: GeneticRule, call: PgxCall, meaning: str, action: str, attention: bool, confirm: bool
) -> GeneticNote:
    return GeneticNote(
        rule.id,
        rule.gene,
        rule.title,
        str(call.status),
        _found(call),
        meaning,
        action,
        attention,
        confirm,
        rule.sources,
    )


def _found(call: PgxCall) -> str:
    parts = []
    for g in call.genotypes:
        if g.alleles:
            parts.append(f"{g.rsid} {'/'.join(g.alleles)}")
        else:
            parts.append(f"{g.rsid} {g.status.replace('_', ' ')}")
    return ", ".join(parts) or "nothing read"


def _untested(call: PgxCall) -> tuple[str, str, bool] | None:
    """The shared wording when the gene cannot be read (CLINICAL.md rule 1)."""
    if call.status == CallStatus.NOT_TESTED:
        missing = ", ".join(call.missing)
        return (
            f"Your file does not contain {missing}, so this was not tested. That is not the "
            "same as a normal result.",
            "A clinical test can answer this if you or your doctor want to know.",
            False,
        )
    if call.status == CallStatus.INDETERMINATE:
        return (
            "Your file shows a result PHR cannot read with confidence here.",
            "A clinical test can answer this if you or your doctor want to know.",
            False,
        )
    if call.phenotype is None:
        missing = ", ".join(call.missing)
        could = " or ".join(call.possible_phenotypes) or "several results"
        return (
            f"Only part of this was tested ({missing} missing): the result could be {could}.",
            "A clinical test can fill the gap if you or your doctor want to know.",
            False,
        )
    return None


def _serpina1(call: PgxCall, facts: PersonFacts) -> tuple[str, str, bool]:
    untested = _untested(call)
    if untested:
        return untested
    phenotype = call.phenotype or ""
    smoker = facts.smoking == "current"
    if phenotype in ("PiZZ", "PiSZ"):
        heavy = "ZZ" if phenotype == "PiZZ" else "SZ"
        meaning = (
            f"Two changed copies ({heavy}) can lower alpha-1 antitrypsin, a protein that shields "
            "the lungs" + (" and can also strain the liver." if heavy == "ZZ" else ".")
        )
        action = "Discuss a blood test of your alpha-1 antitrypsin level with your doctor."
        if smoker:
            action += (
                " Smoking harms lungs with low alpha-1 antitrypsin much faster: stopping "
                "matters most."
            )
        else:
            action += " Never starting, or staying off, smoking protects your lungs most."
        return meaning, action, True
    if phenotype == "PiSS":
        return (
            "You have two S copies. They lower alpha-1 antitrypsin a little; on their own they "
            "rarely cause lung disease.",
            "Mention it to your doctor if you have lung symptoms; not smoking protects you.",
            smoker,
        )
    if phenotype in ("PiMZ", "PiMS"):
        allele = phenotype[3:]
        meaning = (
            f"You carry one changed copy ({allele}). Levels are usually near normal; "
            "your relatives may carry it too."
        )
        action = "No test is needed for this alone."
        if smoker and allele == "Z":
            action = (
                "Carriers of Z who smoke have a higher chance of lung damage than other smokers: "
                "another reason to stop."
            )
        return meaning, action, smoker and allele == "Z"
    return (
        "Neither Z nor S was found. Rarer variants of this gene are not tested.",
        "No action is suggested by this result.",
        False,
    )


def _lpa(call: PgxCall, facts: PersonFacts) -> tuple[str, str, bool]:
    measured = facts.labs.get("lpa")
    if measured is not None:
        limit = LPA_RAISED.get(measured.unit)
        raised = limit is not None and measured.value >= limit
        text = (
            f"Your measured Lp(a) is {measured.value:g} {measured.unit} "
            f"({measured.on.isoformat()}); a measurement always outranks what the genes suggest."
        )
        if raised:
            return (
                text + f" That is raised ({limit:g} {measured.unit} or more).",
                "Discuss with your doctor: a raised Lp(a) makes controlling your other heart "
                "risks (LDL, blood pressure, smoking) more worthwhile.",
                True,
            )
        return text + " That is not raised.", "No repeat test is usually needed.", False
    untested = _untested(call)
    if untested:
        return untested[0], "A single Lp(a) blood test gives the answer directly.", False
    if call.phenotype in ("One LPA risk variant", "Two LPA risk variants"):
        return (
            f"{call.phenotype}: your Lp(a) is likely raised. Lp(a) is a cholesterol-carrying "
            "particle set mostly by genes; a high level adds to heart and valve risk.",
            "Ask your doctor for an Lp(a) blood test once: the measured value decides.",
            True,
        )
    return (
        "Neither common LPA risk variant was found. Most high Lp(a) comes from other "
        "differences in this gene, so this does not rule it out.",
        "Guidelines suggest measuring Lp(a) once in adult life anyway.",
        False,
    )


def _apob(call: PgxCall, facts: PersonFacts) -> tuple[str, str, bool]:
    untested = _untested(call)
    if untested:
        return untested
    if call.phenotype and "R3527Q" in call.phenotype and "No" not in call.phenotype:
        ldl = facts.labs.get("ldl")
        seen = (
            f" Your latest LDL is {ldl.value:.0f} {ldl.unit} ({ldl.on.isoformat()})."
            if ldl
            else " PHR has no LDL result yet."
        )
        return (
            "APOB R3527Q (familial defective apoB) makes LDL cholesterol clear more slowly, so "
            "it runs high from birth." + seen,
            "Ask your doctor to check your LDL cholesterol early and to consider testing your "
            "relatives.",
            True,
        )
    return (
        "APOB R3527Q was not found. Other causes of familial high cholesterol are not tested.",
        "No action is suggested by this result.",
        False,
    )


def _hfe(call: PgxCall, facts: PersonFacts) -> tuple[str, str, bool]:
    untested = _untested(call)
    if untested:
        return untested
    phenotype = call.phenotype or ""
    if phenotype not in ("C282Y homozygous", "C282Y/H63D compound heterozygous"):
        return (
            "Your HFE result does not suggest a raised chance of iron overload.",
            "No action is suggested by this result.",
            False,
        )
    ferritin = facts.labs.get("ferritin")
    tsat = facts.labs.get("transferrin_saturation")
    meaning = (
        "Two C282Y copies can make the body store too much iron over the years; many people "
        "with this never get ill from it."
        if phenotype == "C282Y homozygous"
        else "One C282Y and one H63D copy only rarely lead to iron overload."
    )
    if ferritin is None and tsat is None:
        return (
            meaning,
            "Ask your doctor about a simple blood test: ferritin and transferrin saturation.",
            phenotype == "C282Y homozygous",
        )
    seen, high = [], False
    if tsat is not None:
        seen.append(f"transferrin saturation {tsat.value:g} % ({tsat.on.isoformat()})")
        high = high or tsat.value >= TSAT_HIGH
    if ferritin is not None:
        seen.append(f"ferritin {ferritin.value:g} {ferritin.unit} ({ferritin.on.isoformat()})")
        limit = FERRITIN_HIGH.get(facts.sex or "", 200.0)
        high = high or ferritin.value > limit
    values = "Your latest " + " and ".join(seen) + "."
    if high:
        return (
            f"{meaning} {values} At least one is above the usual mark.",
            "Show these results to your doctor: they suggest looking further.",
            True,
        )
    return (
        f"{meaning} {values} They are within the usual range.",
        "Your doctor may suggest repeating them every few years.",
        False,
    )
