"""Everything the prevention plan reads about the person, gathered once into `PersonFacts`.

The plan, the risk equations and the notes are pure functions of this value, so tests build
it directly and the edges (44 vs 45, a colonoscopy 9 vs 11 years ago) are plain tables.
`None` always means "not known", never "no".

Where facts come from:
- profile answers (birth month, sex, smoking history, diabetes, country);
- the medicine list for statin and blood-pressure treatment when the person did not state them
  (a recognised medicine means "yes"; no recognised medicine leaves it unknown, because PHR
  cannot recognise every product);
- the logs: latest lab values with their dates; blood pressure as the mean of the readings in
  the 30 days up to the latest reading (never one reading alone for a category); BMI, alcohol
  and smoking as `phr.lifestyle.facts` derives them; activity as the exercise minutes of the
  last 28 days divided by 4;
- the screening history (latest date per kind).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from phr.lifestyle.entries import list_entries
from phr.lifestyle.facts import lifestyle_facts
from phr.lifestyle.labs import LAB_KINDS
from phr.meds.model import CurrentMedication
from phr.meds.store import current_medications
from phr.prevention.rules import PlanRules, load_plan_rules
from phr.prevention.screening import latest_by_kind, list_screenings
from phr.profile import Profile, get_profile
from phr.vault import Vault

BP_WINDOW_DAYS = 30
ACTIVITY_WINDOW_DAYS = 28


@dataclass(frozen=True)
class LabValue:
    value: float
    unit: str
    on: date


@dataclass(frozen=True)
class BpAverage:
    systolic: float
    diastolic: float
    readings: int
    first: date
    last: date


@dataclass(frozen=True)
class Treatment:
    value: bool | None
    source: str | None  # 'stated' | 'medicine list' | None

    @property
    def words(self) -> str:
        if self.value is None:
            return "not known"
        answer = "yes" if self.value else "no"
        return (
            f"{answer} ({'you said so' if self.source == 'stated' else 'from your medicine list'})"
        )


@dataclass(frozen=True)
class TreatmentFacts:
    bp: Treatment
    statin_use: Treatment

    @property
    def bp_treatment(self) -> bool | None:
        return self.bp.value

    @property
    def statin(self) -> bool | None:
        return self.statin_use.value

    @property
    def bp_treatment_words(self) -> str:
        return self.bp.words

    @property
    def statin_words(self) -> str:
        return self.statin_use.words


@dataclass(frozen=True)
class PersonFacts:
    today: date
    born: tuple[int, int] | None = None
    sex: str | None = None
    smoking: str | None = None  # never | former | current
    pack_years: float | None = None
    quit_year: int | None = None
    diabetes: bool | None = None
    heart_disease: bool | None = None
    bp_treatment: Treatment = Treatment(None, None)
    statin: Treatment = Treatment(None, None)
    country: str | None = None
    bmi: float | None = None
    alcohol_g_week: float | None = None
    activity_min_week: float | None = None
    cigarettes_per_day: float | None = None
    bp: BpAverage | None = None
    labs: dict[str, LabValue] = field(default_factory=dict)
    screenings: dict[str, date] = field(default_factory=dict)
    last_log: dict[str, date] = field(default_factory=dict)  # latest date per log kind

    @property
    def age(self) -> int | None:
        if self.born is None:
            return None
        year, month = self.born
        return self.today.year - year - (1 if self.today.month < month else 0)

    def date_at_age(self, age: int) -> date | None:
        """The first day of the month in which the person turns `age`."""
        return None if self.born is None else date(self.born[0] + age, self.born[1], 1)

    def last_logged(self, kind: str) -> date | None:
        """The date of the latest entry of a log kind the plan counts as a test."""
        if kind in self.last_log:
            return self.last_log[kind]
        if kind == "blood_pressure" and self.bp is not None:
            return self.bp.last
        lab = self.labs.get(kind)
        return None if lab is None else lab.on

    @property
    def ever_smoked(self) -> bool | None:
        return None if self.smoking is None else self.smoking in ("current", "former")

    @property
    def years_since_quit(self) -> int | None:
        """0 for a current smoker; None for never-smokers and unknown quit years."""
        if self.smoking == "current":
            return 0
        if self.smoking == "former" and self.quit_year is not None:
            return self.today.year - self.quit_year
        return None


def is_bp_medicine(med: CurrentMedication, rules: PlanRules) -> bool:
    name = (med.generic or med.name).strip().lower()
    words = name.replace("/", " ").replace("-", " ").split()
    return any(w in rules.bp_names or w.endswith(rules.bp_endings) for w in words)


def treatment_facts(
    vault: Vault, profile: Profile | None = None, *, today: date | None = None
) -> TreatmentFacts:
    profile = profile or get_profile(vault)
    rules = load_plan_rules()
    meds = current_medications(vault, today=today)
    return TreatmentFacts(
        bp=_treatment(profile.bp_treatment_stated, any(is_bp_medicine(m, rules) for m in meds)),
        statin_use=_treatment(profile.statin_stated, any("statin" in m.classes for m in meds)),
    )


def _treatment(stated: bool | None, seen_in_meds: bool) -> Treatment:
    if stated is not None:
        return Treatment(stated, "stated")
    return Treatment(True, "medicine list") if seen_in_meds else Treatment(None, None)


def gather_facts(vault: Vault, *, today: date | None = None) -> PersonFacts:
    today = today or date.today()
    profile = get_profile(vault)
    treatment = treatment_facts(vault, profile, today=today)
    life = lifestyle_facts(vault, today=today)
    smoking = profile.smoking
    if smoking is None and life.current_smoker:
        smoking = "current"
    labs: dict[str, LabValue] = {}
    for kind in LAB_KINDS:
        latest = [e for e in list_entries(vault, kind.name, limit=5) if e.at.date() <= today]
        if latest and latest[0].value is not None:
            labs[kind.name] = LabValue(latest[0].value, latest[0].unit, latest[0].at.date())
    last_log = {k: v.on for k, v in labs.items()}
    bp = _bp_average(vault, today)
    if bp is not None:
        last_log["blood_pressure"] = bp.last
    return PersonFacts(
        today=today,
        born=profile.born,
        sex=profile.sex,
        smoking=smoking,
        pack_years=profile.pack_years,
        quit_year=profile.quit_year,
        diabetes=profile.diabetes,
        heart_disease=profile.heart_disease,
        bp_treatment=treatment.bp,
        statin=treatment.statin_use,
        country=profile.country,
        bmi=life.bmi,
        alcohol_g_week=life.alcohol_grams_per_week,
        activity_min_week=_activity(vault, today),
        cigarettes_per_day=life.cigarettes_per_day,
        bp=bp,
        labs=labs,
        screenings=latest_by_kind(list_screenings(vault)),
        last_log=last_log,
    )


def _bp_average(vault: Vault, today: date) -> BpAverage | None:
    entries = [e for e in list_entries(vault, "blood_pressure") if e.at.date() <= today]
    if not entries:
        return None
    last = entries[0].at.date()
    window = [e for e in entries if e.at.date() > last - timedelta(days=BP_WINDOW_DAYS)]
    pairs = [(e.value, e.value2) for e in window if e.value is not None and e.value2 is not None]
    if not pairs:
        return None
    systolic = sum(p[0] for p in pairs) / len(pairs)
    diastolic = sum(p[1] for p in pairs) / len(pairs)
    first = min(e.at.date() for e in window)
    return BpAverage(round(systolic, 1), round(diastolic, 1), len(pairs), first, last)


def _activity(vault: Vault, today: date) -> float | None:
    first = today - timedelta(days=ACTIVITY_WINDOW_DAYS - 1)
    entries = list_entries(vault, "exercise", since=first)
    minutes = [e.value for e in entries if e.value is not None and e.at.date() <= today]
    if not minutes:
        return None
    return round(sum(minutes) / (ACTIVITY_WINDOW_DAYS / 7), 1)
