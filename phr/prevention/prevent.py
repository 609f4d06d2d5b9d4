"""The AHA PREVENT equations (base model, 10-year total CVD and ASCVD) and eGFR (CKD-EPI 2021).

PREVENT: Khan SS et al., Circulation 2024;149:430-449, PMID 37947085; coefficients live in
resources/rules/v1/prevent_2024.yaml with their provenance. The model is logistic: risk =
1 / (1 + exp(-x)) over centred and spline-knotted terms. It is defined for ages 30-79 and for
inputs inside the ranges the authors validated; outside them PHR refuses rather than
extrapolates (`OutOfRange`). BMI enters only the heart-failure model, which PHR does not show.

eGFR: CKD-EPI 2021 creatinine equation without race (Inker LA et al., N Engl J Med
2021;385:1737-1749, PMID 34554658): 142 x min(Scr/k, 1)^a x max(Scr/k, 1)^-1.200 x
0.9938^age (x 1.012 for women), k = 0.7 (women) / 0.9 (men), a = -0.241 / -0.302.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from phr.datacache import checked_documents

CHOLESTEROL_TO_MMOL = 0.02586


@dataclass(frozen=True)
class PreventInputs:
    sex: str  # 'female' | 'male'
    age: float
    total_cholesterol: float  # mg/dL
    hdl: float  # mg/dL
    systolic: float  # mmHg
    bp_treatment: bool
    statin: bool
    diabetes: bool
    smoking: bool  # current smoking
    egfr: float  # mL/min/1.73m2


@dataclass(frozen=True)
class PreventResult:
    cvd_10y: float  # fraction, not rounded
    ascvd_10y: float


class OutOfRange(ValueError):
    """An input lies outside the range the equations were validated for (names it, no value)."""


@cache
def _table() -> dict[str, Any]:
    path = resources.files("resources").joinpath("rules", "v1", "prevent_2024.yaml")
    texts = {"prevent_2024.yaml": path.read_text(encoding="utf-8")}

    def parse() -> dict[str, Any]:
        import yaml  # only on a cache miss (`phr.datacache`)

        parsed: dict[str, Any] = yaml.safe_load(texts["prevent_2024.yaml"])
        return parsed

    data = checked_documents("prevent", texts, parse)
    for sex in ("female", "male"):
        for outcome in ("cvd", "ascvd"):
            if len(data["coefficients"][sex][outcome]) != len(data["terms"]):
                raise RuntimeError("prevent_2024.yaml: a coefficient row has the wrong length")
    return data


def valid_ranges() -> dict[str, tuple[float, float]]:
    return {k: (float(v[0]), float(v[1])) for k, v in _table()["valid"].items()}


def check_ranges(inputs: PreventInputs) -> None:
    values = {
        "age": inputs.age,
        "total_cholesterol": inputs.total_cholesterol,
        "hdl": inputs.hdl,
        "systolic": inputs.systolic,
        "egfr": inputs.egfr,
    }
    for name, (low, high) in valid_ranges().items():
        if not low <= values[name] <= high:
            raise OutOfRange(name)


def _terms(i: PreventInputs) -> dict[str, float]:
    age = (i.age - 55) / 10
    non_hdl = (i.total_cholesterol - i.hdl) * CHOLESTEROL_TO_MMOL - 3.5
    hdl = (i.hdl * CHOLESTEROL_TO_MMOL - 1.3) / 0.3
    sbp_low = (min(i.systolic, 110) - 110) / 20
    sbp_high = (max(i.systolic, 110) - 130) / 20
    egfr_low = (min(i.egfr, 60) - 60) / -15
    egfr_high = (max(i.egfr, 60) - 90) / -15
    dm, smoking = float(i.diabetes), float(i.smoking)
    bp_tx, statin = float(i.bp_treatment), float(i.statin)
    return {
        "constant": 1.0,
        "age": age,
        "non_hdl": non_hdl,
        "hdl": hdl,
        "sbp_low": sbp_low,
        "sbp_high": sbp_high,
        "dm": dm,
        "smoking": smoking,
        "egfr_low": egfr_low,
        "egfr_high": egfr_high,
        "bp_tx": bp_tx,
        "statin": statin,
        "bp_tx_x_sbp_high": bp_tx * sbp_high,
        "statin_x_non_hdl": statin * non_hdl,
        "age_x_non_hdl": age * non_hdl,
        "age_x_hdl": age * hdl,
        "age_x_sbp_high": age * sbp_high,
        "age_x_dm": age * dm,
        "age_x_smoking": age * smoking,
        "age_x_egfr_low": age * egfr_low,
    }


def prevent_10y(inputs: PreventInputs) -> PreventResult:
    """Both 10-year risks as fractions. Raises OutOfRange outside the validated ranges."""
    if inputs.sex not in ("female", "male"):
        raise OutOfRange("sex")
    check_ranges(inputs)
    table = _table()
    terms = _terms(inputs)
    ordered = [terms[name] for name in table["terms"]]
    risks = {}
    for outcome in ("cvd", "ascvd"):
        row = table["coefficients"][inputs.sex][outcome]
        x = sum(b * t for b, t in zip(row, ordered, strict=True))
        risks[outcome] = 1 / (1 + math.exp(-x))
    return PreventResult(cvd_10y=risks["cvd"], ascvd_10y=risks["ascvd"])


def egfr_ckd_epi_2021(creatinine_mg_dl: float, age: float, sex: str) -> float:
    """mL/min/1.73m2 from serum creatinine (mg/dL); sex 'female' or 'male' (no race term)."""
    if creatinine_mg_dl <= 0 or age < 18 or sex not in ("female", "male"):
        raise OutOfRange("creatinine" if creatinine_mg_dl <= 0 else "age" if age < 18 else "sex")
    female = sex == "female"
    kappa, alpha = (0.7, -0.241) if female else (0.9, -0.302)
    ratio = creatinine_mg_dl / kappa
    value: float = 142 * min(ratio, 1) ** alpha * max(ratio, 1) ** -1.200 * 0.9938**age
    return value * (1.012 if female else 1.0)
