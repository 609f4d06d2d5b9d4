"""The prevention plan: each rule of prevention_plan.yaml evaluated against `PersonFacts`.

Statuses (the `phr plan --json` contract): `due` (do it now; `due` holds the date it became
due, or today when never done), `upcoming` (due by the date in `due`: the person reaches the
starting age within a few years, or the next test falls due within `upcoming_days`),
`up_to_date` (`due` holds the next date), `not_applicable`. When PHR lacks an answer it needs
(sex, month of birth, smoking history...), the item is `not_applicable` for now, says so in
its reasons and lists the missing answers in `needs`; it never guesses eligibility.

Ages are whole years with the birthday on the 1st of the birth month. "Every N years" counts
from the latest qualifying test; a test listed with an age range (HPV from 30) counts only
while the person is in that range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from phr.prevention.facts import PersonFacts
from phr.prevention.risk import RiskAssessment, assess_risk
from phr.prevention.rules import Condition, PlanItemRule, PlanRules, PlanSource, PlanTest
from phr.prevention.screening import SCREENING_KINDS

STATUSES: tuple[str, ...] = ("due", "upcoming", "up_to_date", "not_applicable")
LOG_TEST_WORDS = {
    "blood_pressure": "blood pressure reading",
    "hba1c": "HbA1c result",
    "fasting_glucose": "fasting glucose result",
}
NEED_WORDS = {
    "born": "your month of birth",
    "sex": "your sex",
    "smoking": "your smoking history",
    "pack_years": "your pack-years",
    "quit_year": "the year you quit smoking",
    "bmi": "a weight and a height in your logs",
}


@dataclass(frozen=True)
class PlanItem:
    id: str
    title: str
    status: str  # one of STATUSES
    due: date | None
    reasons: tuple[str, ...]
    source: PlanSource
    needs: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        """One element of `phr plan --json`."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "due": None if self.due is None else self.due.isoformat(),
            "reasons": list(self.reasons),
            "source": self.source.as_json(),
            "needs": list(self.needs),
        }


@dataclass
class _Draft:
    reasons: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def plan_order(item: PlanItem) -> tuple[int, date, str]:
    """Due first, then upcoming, up to date, not applicable; earlier dates first."""
    return (STATUSES.index(item.status), item.due or date.max, item.id)


def build_plan(
    facts: PersonFacts, rules: PlanRules, *, risk: RiskAssessment | None = None
) -> list[PlanItem]:
    """Every plan item, in the rule set's order (sort with `plan_order` for "due first")."""
    risk = risk if risk is not None else assess_risk(facts)
    return [_evaluate(rule, facts, rules, risk) for rule in rules.items]


def _item(rule: PlanItemRule, status: str, due: date | None, draft: _Draft) -> PlanItem:
    return PlanItem(
        rule.id, rule.title, status, due, tuple(draft.reasons), rule.source, tuple(draft.needs)
    )


def _needs_answer(rule: PlanItemRule, draft: _Draft, *needs: str) -> PlanItem:
    draft.needs.extend(needs)
    wanted = " and ".join(NEED_WORDS.get(n, n) for n in needs)
    draft.reasons.append(f"PHR cannot tell whether this applies to you without {wanted}.")
    return _item(rule, "not_applicable", None, draft)


def _evaluate(
    rule: PlanItemRule, facts: PersonFacts, rules: PlanRules, risk: RiskAssessment
) -> PlanItem:
    draft = _Draft()
    if rule.sex != "any":
        if facts.sex is None:
            return _needs_answer(rule, draft, "sex")
        if facts.sex != rule.sex:
            draft.reasons.append(f"This recommendation is for {_people(rule.sex)}.")
            return _item(rule, "not_applicable", None, draft)
    age = facts.age
    if age is None:
        return _needs_answer(rule, draft, "born")
    low, high = rule.ages
    span = _age_span(low, high)
    if high is not None and age > high:
        draft.reasons.append(f"You are {age}; this recommendation covers {span}.")
        draft.reasons.append("Whether to continue after that is a question for your doctor.")
        return _item(rule, "not_applicable", None, draft)
    verdicts = [_condition(c, facts, draft) for c in rule.conditions]
    if False in verdicts:
        return _item(rule, "not_applicable", None, draft)
    if None in verdicts:
        return _item(rule, "not_applicable", None, draft)
    if low is not None and age < low:
        start = facts.date_at_age(low)
        draft.reasons.insert(0, f"You are {age}; this starts at {low} ({span}).")
        if low - age <= rules.upcoming_years_before_start:
            return _item(rule, "upcoming", start, draft)
        return _item(rule, "not_applicable", None, draft)
    draft.reasons.insert(0, f"You are {age}; this covers {span}.")
    if rule.kind == "statin":
        return _statin(rule, facts, risk, draft)
    if rule.kind == "alcohol":
        return _alcohol(rule, facts, rules, draft)
    if rule.kind == "tobacco":
        return _tobacco(rule, facts, draft)
    return _screening(rule, facts, rules, draft)


def _people(sex: str) -> str:
    return {"female": "women", "male": "men"}.get(sex, "everyone")


def _age_span(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"ages {low} to {high}"
    if low is not None:
        return f"ages {low} and over"
    return f"ages up to {high}"


def _condition(c: Condition, facts: PersonFacts, draft: _Draft) -> bool | None:
    """True/False when known (adding the reason in words), None when an answer is missing."""
    if c.fact == "pack_years":
        if facts.smoking == "never":
            draft.reasons.append("You have never smoked.")
            return False
        if facts.pack_years is None:
            return _missing(draft, "smoking" if facts.smoking is None else "pack_years")
        ok = facts.pack_years >= float(c.value)
        words = f"You have smoked {facts.pack_years:g} pack-years"
        limit = f"{float(c.value):g}"
        draft.reasons.append(
            f"{words} ({limit} or more count)." if ok else f"{words}; this is for {limit} or more."
        )
        return ok
    if c.fact == "years_since_quit":
        if facts.smoking is None:
            return _missing(draft, "smoking")
        if facts.smoking == "never":
            draft.reasons.append("You have never smoked.")
            return False
        if facts.smoking == "current":
            draft.reasons.append("You smoke now.")
            return True
        years = facts.years_since_quit
        if years is None:
            return _missing(draft, "quit_year")
        ok = years <= float(c.value)
        draft.reasons.append(
            f"You quit in {facts.quit_year}, {years} years ago"
            + (
                f" (within {float(c.value):g} years)."
                if ok
                else f"; this is for people who quit within {float(c.value):g} years."
            )
        )
        return ok
    if c.fact == "bmi":
        if facts.bmi is None:
            return _missing(draft, "bmi")
        ok = facts.bmi >= float(c.value)
        draft.reasons.append(
            f"Your BMI is {facts.bmi:.1f}"
            + (
                f" ({float(c.value):g} or more)."
                if ok
                else f"; this is for a BMI of {float(c.value):g} or more."
            )
        )
        return ok
    if c.fact == "diabetes":
        if facts.diabetes is True:
            draft.reasons.append("You have diabetes, so your care team checks your blood sugar.")
            return False
        return True
    if c.fact == "ever_smoked":
        if facts.ever_smoked is None:
            return _missing(draft, "smoking")
        if not facts.ever_smoked:
            draft.reasons.append("You have never smoked.")
        else:
            draft.reasons.append("You smoke or used to smoke.")
        return facts.ever_smoked == bool(c.value)
    raise ValueError(f"unknown plan condition {c.fact}")


def _missing(draft: _Draft, need: str) -> bool | None:
    draft.needs.append(need)
    draft.reasons.append(
        f"PHR cannot tell whether this applies to you without {NEED_WORDS.get(need, need)}."
    )
    return None


def _test_words(test: PlanTest) -> str:
    if test.screening:
        return SCREENING_KINDS[test.screening]
    return LOG_TEST_WORDS.get(str(test.log), str(test.log))


def _applies(test: PlanTest, age: int) -> bool:
    low, high = test.ages
    return (low is None or age >= low) and (high is None or age <= high)


def _screening(rule: PlanItemRule, facts: PersonFacts, rules: PlanRules, draft: _Draft) -> PlanItem:
    age = facts.age or 0
    tests = [t for t in rule.tests if _applies(t, age)]
    best: tuple[date | None, PlanTest, date] | None = None  # (next due or None=once, test, last)
    for test in tests:
        last = (
            facts.screenings.get(test.screening)
            if test.screening
            else facts.last_logged(str(test.log))
        )
        if last is None:
            continue
        nxt = None if test.every_years is None else add_years(last, test.every_years)
        if best is None or (nxt is None or (best[0] is not None and nxt > best[0])):
            best = (nxt, test, last)
            if nxt is None:
                break
    names = " or ".join(_test_words(t) for t in tests)
    if best is None:
        draft.reasons.append(f"PHR has no record of any {names}.")
        draft.reasons.append(_interval_words(tests))
        return _item(rule, "due", facts.today, draft)
    nxt, test, last = best
    done = f"Your last {_test_words(test)} was on {last.isoformat()}"
    if nxt is None:
        draft.reasons.append(f"{done}; once is enough.")
        return _item(rule, "up_to_date", None, draft)
    draft.reasons.append(f"{done}; it is repeated every {_years(test.every_years or 0)}.")
    if nxt <= facts.today:
        return _item(rule, "due", nxt, draft)
    if (nxt - facts.today).days <= rules.upcoming_days:
        return _item(rule, "upcoming", nxt, draft)
    return _item(rule, "up_to_date", nxt, draft)


def _years(n: int) -> str:
    return "year" if n == 1 else f"{n} years"


def _interval_words(tests: list[PlanTest]) -> str:
    parts = []
    for t in tests:
        every = "once" if t.every_years is None else f"every {_years(t.every_years)}"
        parts.append(f"{_test_words(t)} {every}")
    return "Options: " + "; ".join(parts) + "."


def _statin(
    rule: PlanItemRule, facts: PersonFacts, risk: RiskAssessment, draft: _Draft
) -> PlanItem:
    if facts.heart_disease:
        draft.reasons.append(
            "This recommendation is for people without heart or blood-vessel disease. You told "
            "PHR you have it: a statin is then usually part of treatment, which your doctor "
            "manages."
        )
        return _item(rule, "not_applicable", None, draft)
    if facts.statin.value:
        where = "you said so" if facts.statin.source == "stated" else "from your medicine list"
        draft.reasons.append(f"You take a statin ({where}).")
        return _item(rule, "up_to_date", None, draft)
    if risk.ascvd_10y is None:
        draft.reasons.append("PHR cannot estimate your 10-year risk yet. " + (risk.refused or ""))
        draft.needs.extend(risk.missing)
        if {"total_cholesterol", "hdl"} & set(risk.missing):
            draft.reasons.append("A cholesterol test is the usual first step: ask your doctor.")
            return _item(rule, "due", facts.today, draft)
        return _item(rule, "not_applicable", None, draft)
    factors = _risk_factors(facts)
    threshold = rule.risk_at_least or 10.0
    draft.reasons.append(
        f"Your 10-year risk of a heart attack or stroke (AHA PREVENT, ASCVD) is "
        f"{risk.ascvd_10y:.1f} %."
    )
    draft.reasons.append(
        "The USPSTF set its 10 % mark with the older Pooled Cohort Equations, which tend to give "
        "higher numbers than PREVENT; your doctor will weigh this."
    )
    if risk.ascvd_10y >= threshold and factors:
        draft.reasons.append("Risk factors: " + ", ".join(factors) + ".")
        draft.reasons.append("Discuss with your doctor whether a statin is right for you.")
        return _item(rule, "due", facts.today, draft)
    if not factors:
        draft.reasons.append("PHR found none of the risk factors the recommendation names.")
    else:
        draft.reasons.append(f"This is below the {threshold:g} % the recommendation uses.")
    return _item(rule, "not_applicable", None, draft)


def _risk_factors(facts: PersonFacts) -> list[str]:
    found = []
    ldl, hdl = facts.labs.get("ldl"), facts.labs.get("hdl")
    if (ldl and ldl.value > 130) or (hdl and hdl.value < 40):
        found.append("cholesterol (LDL above 130 or HDL below 40 mg/dL)")
    if facts.diabetes:
        found.append("diabetes")
    if facts.bp_treatment.value or (
        facts.bp and (facts.bp.systolic >= 130 or facts.bp.diastolic >= 80)
    ):
        found.append("high blood pressure")
    if facts.smoking == "current":
        found.append("smoking")
    return found


def alcohol_limit(facts: PersonFacts, rules: PlanRules) -> tuple[float, str, str]:
    """(grams a week, guideline name, country code) for the person's country and sex."""
    code = facts.country if facts.country in rules.alcohol else rules.alcohol_default
    guideline = rules.alcohol[code]
    grams = guideline.grams_per_week[facts.sex or "other"]
    return grams, guideline.name, code


def _alcohol(rule: PlanItemRule, facts: PersonFacts, rules: PlanRules, draft: _Draft) -> PlanItem:
    grams, name, code = alcohol_limit(facts, rules)
    if facts.country is None:
        draft.reasons.append(f"You have not set a country, so PHR uses the {code} guideline.")
    elif facts.country not in rules.alcohol:
        draft.reasons.append(f"PHR has no guideline for {facts.country}; it uses the {code} one.")
    if facts.alcohol_g_week is None:
        draft.reasons.append(
            "PHR has no alcohol entries from the last 4 weeks. A few short questions about "
            "drinking are part of a routine visit."
        )
        return _item(rule, "due", facts.today, draft)
    amount = f"about {facts.alcohol_g_week:.0f} g of alcohol a week over the last 4 weeks"
    if facts.alcohol_g_week > grams:
        draft.reasons.append(f"You logged {amount}, above the {grams:.0f} g of the {name}.")
        draft.reasons.append("Talk to your doctor: brief advice helps people drink less.")
        return _item(rule, "due", facts.today, draft)
    draft.reasons.append(f"You logged {amount}, within the {grams:.0f} g of the {name}.")
    return _item(rule, "up_to_date", None, draft)


def _tobacco(rule: PlanItemRule, facts: PersonFacts, draft: _Draft) -> PlanItem:
    if facts.smoking is None:
        return _needs_answer(rule, draft, "smoking")
    if facts.smoking == "current":
        draft.reasons.append(
            "You smoke. Advice together with medicines doubles the chance of stopping; ask your "
            "doctor or pharmacist for help."
        )
        return _item(rule, "due", facts.today, draft)
    draft.reasons.append("You do not smoke now.")
    return _item(rule, "not_applicable", None, draft)
