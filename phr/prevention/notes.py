"""Lifestyle notes for the plan: blood pressure category, BMI, alcohol, activity, smoking.

- Blood pressure: ACC/AHA 2017 categories (Whelton PK et al., Hypertension 2018;71:e13, PMID
  29133356) from the mean of the readings of the 30 days up to the latest one; with a single
  reading PHR names no category (one reading can mislead).
- BMI: the WHO / CDC adult categories (18.5, 25, 30).
- Alcohol: against the weekly limit of the person's country (prevention_plan.yaml).
- Activity: under 150 minutes of exercise a week (Physical Activity Guidelines for Americans,
  2nd edition, 2018, PMID 30418471; WHO 2020 guidelines say the same).
- Smoking: current smoking, from the profile or the smoking log.
Notes say what PHR saw and what to discuss; none is a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass

from phr.prevention.facts import PersonFacts
from phr.prevention.plan import alcohol_limit
from phr.prevention.rules import PlanRules

ACTIVITY_TARGET = 150.0


@dataclass(frozen=True)
class LifestyleNote:
    id: str
    title: str
    attention: bool  # True when the note suggests doing something
    text: str
    source: str

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "attention": self.attention,
            "text": self.text,
            "source": self.source,
        }


BP_SOURCE = "ACC/AHA 2017 blood pressure guideline (PMID 29133356)"


def bp_category(systolic: float, diastolic: float) -> str:
    """ACC/AHA 2017: the higher of the two numbers' categories decides."""
    if systolic >= 140 or diastolic >= 90:
        return "stage 2 high blood pressure"
    if systolic >= 130 or diastolic >= 80:
        return "stage 1 high blood pressure"
    if systolic >= 120:
        return "elevated"
    return "normal"


def bmi_category(bmi: float) -> str:
    if bmi < 18.5:
        return "underweight"
    if bmi < 25:
        return "healthy weight"
    if bmi < 30:
        return "overweight"
    return "obesity"


def lifestyle_notes(facts: PersonFacts, rules: PlanRules) -> list[LifestyleNote]:
    notes: list[LifestyleNote] = []
    if facts.bp is not None:
        bp = facts.bp
        if bp.readings < 2:
            notes.append(
                LifestyleNote(
                    "bp_category",
                    "Blood pressure",
                    False,
                    "PHR has only one recent reading. One reading can mislead: log a few on "
                    "different days and PHR will name a category from their average.",
                    BP_SOURCE,
                )
            )
        else:
            # Categorise the whole numbers shown, so "140/87" never reads as stage 1.
            systolic, diastolic = round(bp.systolic), round(bp.diastolic)
            category = bp_category(systolic, diastolic)
            text = (
                f"The average of your {bp.readings} readings from {bp.first.isoformat()} to "
                f"{bp.last.isoformat()} is {systolic}/{diastolic} mmHg: {category}."
            )
            if category != "normal":
                text += " Show these readings to your doctor."
            notes.append(
                LifestyleNote(
                    "bp_category", "Blood pressure", category != "normal", text, BP_SOURCE
                )
            )
    if facts.bmi is not None:
        category = bmi_category(facts.bmi)
        notes.append(
            LifestyleNote(
                "bmi",
                "Body mass index",
                category != "healthy weight",
                f"Your BMI is {facts.bmi:.1f} ({category}). BMI does not tell muscle from fat; "
                "it is a rough guide.",
                "WHO / CDC adult BMI categories",
            )
        )
    if facts.alcohol_g_week is not None:
        grams, name, _ = alcohol_limit(facts, rules)
        above = facts.alcohol_g_week > grams
        notes.append(
            LifestyleNote(
                "alcohol",
                "Alcohol",
                above,
                f"You logged about {facts.alcohol_g_week:.0f} g of alcohol a week; the {name} "
                f"sets {grams:.0f} g."
                + (" That is above it: less is better for health." if above else ""),
                name,
            )
        )
    if facts.activity_min_week is not None:
        low = facts.activity_min_week < ACTIVITY_TARGET
        notes.append(
            LifestyleNote(
                "activity",
                "Physical activity",
                low,
                f"You logged about {facts.activity_min_week:.0f} minutes of exercise a week over "
                f"the last 4 weeks; {ACTIVITY_TARGET:.0f} minutes of moderate activity a week is "
                "the usual aim." + (" Any extra activity helps." if low else ""),
                "Physical Activity Guidelines for Americans, 2nd edition, 2018 (PMID 30418471)",
            )
        )
    if facts.smoking == "current":
        notes.append(
            LifestyleNote(
                "smoking",
                "Smoking",
                True,
                "You smoke. Stopping is the single biggest thing you can do for your heart, "
                "lungs and cancer risk; your doctor or pharmacist can help.",
                "USPSTF tobacco cessation 2021 (PMID 33464343)",
            )
        )
    return notes
