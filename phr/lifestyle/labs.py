"""Laboratory results as log kinds (issue 17): lipids, glucose, kidney, iron, INR and Lp(a).

Canonical units are the ones the risk equations and US guidelines read; the conversions are
the factors labs print (molar masses), stated here once:

- cholesterol (total, LDL, HDL): 1 mmol/L = 38.67 mg/dL (1 / 0.02586, the factor the PREVENT
  equations use, so a value typed in mmol/L reaches them unchanged).
- triglycerides: 1 mmol/L = 88.57 mg/dL (molar mass of triolein 885.7 g/mol / 10).
- glucose: mg/dL / 18.016 = mmol/L (as for the `blood_glucose` kind).
- HbA1c: NGSP % = 0.09148 x IFCC mmol/mol + 2.152 (the IFCC-NGSP master equation).
- creatinine: 1 mg/dL = 88.42 umol/L (molar mass 113.12 g/mol).
- ferritin: ng/mL and ug/L are the same quantity.
- Lp(a): mg/dL measures the particle's mass, nmol/L counts particles; the particle's size
  differs from person to person (apo(a) isoforms), so no fixed factor converts one into the
  other. PHR keeps the unit the lab used and never compares values across the two units.

Reference ranges are the common adult ones, written as context for charts; they are not
targets and never a diagnosis. Plausibility bounds are wide on purpose (typing slips only).
"""

from __future__ import annotations

from phr.lifestyle.kind import Kind

CHOLESTEROL_MMOL_TO_MG = 1 / 0.02586
TRIGLYCERIDE_MMOL_TO_MG = 88.57
GLUCOSE_MG_TO_MMOL = 1 / 18.016
CREATININE_UMOL_TO_MG = 1 / 88.42
HBA1C_IFCC_SLOPE = 0.09148
HBA1C_IFCC_INTERCEPT = 2.152

LPA_UNITS = {"mg/dl": "mg/dL", "nmol/l": "nmol/L"}
LPA_NOT_CONVERTIBLE = (
    "Lp(a) in mg/dL and in nmol/L cannot be converted into each other (the particle's size "
    "differs between people), so PHR keeps the unit your lab used."
)

_CHOL = {"mg/dl": 1.0, "mmol/l": CHOLESTEROL_MMOL_TO_MG}
_UMOL = ("umol/l", "µmol/l", "μmol/l")


def _lab(
    name: str,
    label: str,
    unit: str,
    units: dict[str, float],
    low: float,
    high: float,
    reference: str,
    band: tuple[float | None, float | None] | None = None,
    **extra: object,
) -> Kind:
    return Kind(name, label, unit, units, low, high, unit, reference=reference, band=band, **extra)  # type: ignore[arg-type]


LAB_KINDS: tuple[Kind, ...] = (
    _lab(
        "total_cholesterol",
        "total cholesterol",
        "mg/dL",
        _CHOL,
        40,
        1000,
        "below 200 mg/dL",
        (None, 200),
    ),
    _lab("ldl", "LDL cholesterol", "mg/dL", _CHOL, 5, 800, "below 100 mg/dL", (None, 100)),
    _lab("hdl", "HDL cholesterol", "mg/dL", _CHOL, 5, 250, "40 mg/dL or more (men), 50 (women)"),
    _lab(
        "triglycerides",
        "triglycerides",
        "mg/dL",
        {"mg/dl": 1.0, "mmol/l": TRIGLYCERIDE_MMOL_TO_MG},
        10,
        10000,
        "below 150 mg/dL (fasting)",
        (None, 150),
    ),
    _lab(
        "hba1c",
        "HbA1c",
        "%",
        {"%": 1.0, "percent": 1.0, "mmol/mol": HBA1C_IFCC_SLOPE},
        3,
        20,
        "below 5.7 %",
        (None, 5.7),
        offsets={"mmol/mol": HBA1C_IFCC_INTERCEPT},
    ),
    _lab(
        "fasting_glucose",
        "fasting glucose",
        "mmol/L",
        {"mmol/l": 1.0, "mg/dl": GLUCOSE_MG_TO_MMOL},
        1,
        60,
        "3.9 to 5.5 mmol/L (70 to 99 mg/dL)",
        (3.9, 5.5),
    ),
    _lab(
        "creatinine",
        "creatinine",
        "mg/dL",
        {"mg/dl": 1.0, **{u: CREATININE_UMOL_TO_MG for u in _UMOL}},
        0.1,
        30,
        "about 0.6 to 1.3 mg/dL",
        (0.6, 1.3),
    ),
    _lab(
        "egfr",
        "eGFR",
        "mL/min/1.73m2",
        {"ml/min/1.73m2": 1.0, "ml/min/1.73m²": 1.0, "ml/min": 1.0},
        1,
        200,
        "90 or more",
        (90, None),
    ),
    _lab(
        "ferritin",
        "ferritin",
        "ng/mL",
        {"ng/ml": 1.0, "ug/l": 1.0, "µg/l": 1.0, "μg/l": 1.0},
        1,
        100000,
        "about 20 to 300 ng/mL (lower in women before menopause)",
    ),
    _lab(
        "transferrin_saturation",
        "transferrin saturation",
        "%",
        {"%": 1.0, "percent": 1.0},
        1,
        100,
        "about 20 to 45 %",
        (20, 45),
    ),
    _lab(
        "inr",
        "INR",
        "ratio",
        {"ratio": 1.0, "inr": 1.0},
        0.5,
        15,
        "about 0.8 to 1.2 untreated",
        (0.8, 1.2),
    ),
    Kind(
        "lpa",
        "Lp(a)",
        "mg/dL",
        {"mg/dl": 1.0, "nmol/l": 1.0},
        0.1,
        2000,
        "",  # a unit must be given: guessing one would mislead
        keeps_unit=True,
        reference="below 30 mg/dL or below 75 nmol/L (raised from 50 mg/dL or 125 nmol/L)",
    ),
)

LAB_ALIASES: dict[str, str] = {
    "cholesterol": "total_cholesterol",
    "tc": "total_cholesterol",
    "ldl_c": "ldl",
    "ldl_cholesterol": "ldl",
    "hdl_c": "hdl",
    "hdl_cholesterol": "hdl",
    "tg": "triglycerides",
    "a1c": "hba1c",
    "fasting_sugar": "fasting_glucose",
    "tsat": "transferrin_saturation",
    "lp(a)": "lpa",
    "lipoprotein_a": "lpa",
}
