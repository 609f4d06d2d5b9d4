"""10-year heart and stroke risk from the person's own data (`phr risk`).

Inputs: age, sex, the latest total and HDL cholesterol, systolic blood pressure (mean of the
recent readings, see facts.py), blood-pressure treatment, statin use, diabetes, current smoking
and eGFR (the latest logged eGFR, else computed from the latest creatinine with CKD-EPI 2021).
Every one is required: PHR refuses to estimate with a guessed input, and lists what is missing.
Inputs older than a year are used but listed in `old`, so the person knows the estimate may be
out of date. Values outside the ranges the equations were validated for are refused too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from phr.prevention.facts import PersonFacts
from phr.prevention.prevent import (
    OutOfRange,
    PreventInputs,
    egfr_ckd_epi_2021,
    prevent_10y,
    valid_ranges,
)

STALE_DAYS = 365
MODEL_WORDS = "AHA PREVENT base model, 10-year (Khan et al., Circulation 2024, PMID 37947085)"
REQUIRED = (
    "age",
    "sex",
    "total_cholesterol",
    "hdl",
    "systolic",
    "bp_treatment",
    "statin",
    "diabetes",
    "smoking",
    "egfr",
)
INPUT_WORDS = {
    "age": "your month of birth (phr profile set --born YYYY-MM)",
    "sex": "your sex (phr profile set --sex female|male)",
    "total_cholesterol": "a total cholesterol result (phr log add total_cholesterol ...)",
    "hdl": "an HDL cholesterol result (phr log add hdl ...)",
    "systolic": "a blood pressure reading (phr log add blood_pressure 128/82)",
    "bp_treatment": "whether you take blood-pressure medicine (phr profile set --bp-treatment)",
    "statin": "whether you take a statin (phr profile set --statin)",
    "diabetes": "whether you have diabetes (phr profile set --diabetes yes|no)",
    "smoking": "whether you smoke (phr profile set --smoking never|former|current)",
    "egfr": "a kidney test: eGFR or creatinine (phr log add egfr ... or creatinine ...)",
}
RANGE_WORDS = {
    "age": "age",
    "total_cholesterol": "total cholesterol",
    "hdl": "HDL cholesterol",
    "systolic": "systolic blood pressure",
    "egfr": "eGFR",
    "sex": "sex",
}


@dataclass(frozen=True)
class RiskAssessment:
    cvd_10y: float | None  # percent, one decimal; None when not computed
    ascvd_10y: float | None
    inputs: dict[str, dict[str, object]]
    missing: tuple[str, ...]
    old: tuple[str, ...] = ()
    refused: str | None = None  # why no estimate, in words
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, object]:
        """The `phr risk --json` contract: prevent_10y_cvd, prevent_10y_ascvd (percent), inputs,
        missing; plus old, refused and model."""
        return {
            "prevent_10y_cvd": self.cvd_10y,
            "prevent_10y_ascvd": self.ascvd_10y,
            "inputs": self.inputs,
            "missing": list(self.missing),
            "old": list(self.old),
            "refused": self.refused,
            "model": MODEL_WORDS,
        }


def _entry(
    value: object, source: str, on: date | None = None, unit: str | None = None
) -> dict[str, object]:
    data: dict[str, object] = {"value": value, "source": source}
    if unit:
        data["unit"] = unit
    if on:
        data["date"] = on.isoformat()
    return data


def _collect(facts: PersonFacts) -> tuple[dict[str, dict[str, object]], list[str]]:
    inputs: dict[str, dict[str, object]] = {}
    notes: list[str] = []
    if facts.age is not None:
        inputs["age"] = _entry(facts.age, "profile")
    if facts.sex is not None:
        inputs["sex"] = _entry(facts.sex, "profile")
    for kind in ("total_cholesterol", "hdl"):
        lab = facts.labs.get(kind)
        if lab is not None:
            inputs[kind] = _entry(round(lab.value, 1), "log", lab.on, lab.unit)
    if facts.bp is not None:
        inputs["systolic"] = _entry(
            facts.bp.systolic, f"mean of {facts.bp.readings} reading(s)", facts.bp.last, "mmHg"
        )
    if facts.bp_treatment.value is not None:
        inputs["bp_treatment"] = _entry(facts.bp_treatment.value, str(facts.bp_treatment.source))
    if facts.statin.value is not None:
        inputs["statin"] = _entry(facts.statin.value, str(facts.statin.source))
    if facts.diabetes is not None:
        inputs["diabetes"] = _entry(facts.diabetes, "profile")
    if facts.smoking is not None:
        inputs["smoking"] = _entry(facts.smoking == "current", "profile or smoking log")
    egfr = facts.labs.get("egfr")
    creatinine = facts.labs.get("creatinine")
    age, sex = facts.age, facts.sex
    # The newer kidney result wins; creatinine needs an adult's age and sex for CKD-EPI.
    if creatinine and (egfr is None or creatinine.on > egfr.on) and age and age >= 18 and sex:
        value = egfr_ckd_epi_2021(creatinine.value, age, sex)
        inputs["egfr"] = _entry(
            round(value, 1), "CKD-EPI 2021 from creatinine", creatinine.on, "mL/min/1.73m2"
        )
        notes.append("eGFR was worked out from your creatinine with the CKD-EPI 2021 equation.")
    if "egfr" not in inputs and egfr is not None:
        inputs["egfr"] = _entry(round(egfr.value, 1), "log", egfr.on, egfr.unit)
    return inputs, notes


HEART_DISEASE_WORDS = (
    "The PREVENT equations are for people without heart or blood-vessel disease; you told PHR "
    "you have it, so your care team judges your risk directly."
)


def assess_risk(facts: PersonFacts) -> RiskAssessment:
    inputs, notes = _collect(facts)
    if facts.heart_disease:
        return RiskAssessment(None, None, inputs, (), (), HEART_DISEASE_WORDS, tuple(notes))
    missing = tuple(name for name in REQUIRED if name not in inputs)
    old = tuple(
        name
        for name, data in inputs.items()
        if "date" in data
        and (facts.today - date.fromisoformat(str(data["date"]))).days > STALE_DAYS
    )
    if missing:
        needed = "; ".join(INPUT_WORDS[m] for m in missing)
        return RiskAssessment(
            None, None, inputs, missing, old, f"PHR needs {needed}.", tuple(notes)
        )
    prevent = PreventInputs(
        sex=str(inputs["sex"]["value"]),
        age=float(inputs["age"]["value"]),  # type: ignore[arg-type]
        total_cholesterol=float(inputs["total_cholesterol"]["value"]),  # type: ignore[arg-type]
        hdl=float(inputs["hdl"]["value"]),  # type: ignore[arg-type]
        systolic=float(inputs["systolic"]["value"]),  # type: ignore[arg-type]
        bp_treatment=bool(inputs["bp_treatment"]["value"]),
        statin=bool(inputs["statin"]["value"]),
        diabetes=bool(inputs["diabetes"]["value"]),
        smoking=bool(inputs["smoking"]["value"]),
        egfr=float(inputs["egfr"]["value"]),  # type: ignore[arg-type]
    )
    try:
        result = prevent_10y(prevent)
    except OutOfRange as exc:
        name = str(exc)
        low, high = valid_ranges().get(name, (0.0, 0.0))
        why = (
            f"Your {RANGE_WORDS.get(name, name)} lies outside {low:g} to {high:g}, the range the "
            "PREVENT equations were built for, so PHR does not estimate a risk."
        )
        if name == "sex":
            why = "The PREVENT equations need female or male."
        return RiskAssessment(None, None, inputs, (), old, why, tuple(notes))
    return RiskAssessment(
        round(result.cvd_10y * 100, 1),
        round(result.ascvd_10y * 100, 1),
        inputs,
        (),
        old,
        None,
        tuple(notes),
    )
