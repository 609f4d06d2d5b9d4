"""PREVENT 10-year risks against published reference values, and CKD-EPI 2021.

Reference: Khan SS et al., Circulation 2024 (PMID 37947085), supplemental Table S12 worked
example, as reproduced to four decimals by the R package PooledCohort (bcjaeger/PooledCohort,
tests/testthat/test-predict_10yr_cvd_risk.R and test-predict_10yr_ascvd_risk.R, "Replicate
examples from Khan supplemental table S12", base model): a woman and a man of 50, total
cholesterol 200 mg/dL, HDL 45 mg/dL, systolic 160 mmHg on treatment, diabetes, non-smoker,
eGFR 90, no statin.
"""

from __future__ import annotations

import pytest

from phr.prevention.prevent import (
    OutOfRange,
    PreventInputs,
    egfr_ckd_epi_2021,
    prevent_10y,
)


def _s12(sex: str, **change: object) -> PreventInputs:
    base: dict[str, object] = dict(
        sex=sex,
        age=50,
        total_cholesterol=200,
        hdl=45,
        systolic=160,
        bp_treatment=True,
        statin=False,
        diabetes=True,
        smoking=False,
        egfr=90,
    )
    base.update(change)
    return PreventInputs(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sex", "cvd", "ascvd"),
    [("female", 0.1468, 0.0920), ("male", 0.1632, 0.1019)],
)
def test_prevent_matches_the_khan_s12_worked_example_to_four_decimals(
    sex: str, cvd: float, ascvd: float
) -> None:
    result = prevent_10y(_s12(sex))
    assert round(result.cvd_10y, 4) == cvd
    assert round(result.ascvd_10y, 4) == ascvd


def test_each_risk_factor_moves_the_estimate_the_expected_way() -> None:
    base = prevent_10y(_s12("female")).cvd_10y
    assert prevent_10y(_s12("female", smoking=True)).cvd_10y > base
    assert prevent_10y(_s12("female", diabetes=False)).cvd_10y < base
    assert prevent_10y(_s12("female", age=60)).cvd_10y > base
    assert prevent_10y(_s12("female", egfr=45)).cvd_10y > base


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", 29),
        ("age", 80),
        ("total_cholesterol", 129),
        ("hdl", 101),
        ("systolic", 89),
        ("systolic", 201),
        ("egfr", 14),
    ],
)
def test_inputs_outside_the_validated_ranges_are_refused_not_extrapolated(
    field: str, value: float
) -> None:
    with pytest.raises(OutOfRange, match=field):
        prevent_10y(_s12("male", **{field: value}))


def test_range_edges_are_inside() -> None:
    prevent_10y(_s12("male", age=30, total_cholesterol=130, hdl=20, systolic=90, egfr=15))
    prevent_10y(_s12("male", age=79, total_cholesterol=320, hdl=100, systolic=200, egfr=140))


@pytest.mark.parametrize(
    ("creatinine", "age", "sex", "expected"),
    [
        # Worked by hand from the published equation (Inker 2021, PMID 34554658):
        # 142 x (1.0/0.9)^-1.200 x 0.9938^50 = 91.7
        (1.0, 50, "male", 91.7),
        # 142 x (0.8/0.7)^-1.200 x 0.9938^60 x 1.012 = 84.3
        (0.8, 60, "female", 84.3),
        # below the knot: 142 x (0.6/0.7)^-0.241 x 0.9938^40 x 1.012 = 116.3
        (0.6, 40, "female", 116.3),
    ],
)
def test_ckd_epi_2021(creatinine: float, age: int, sex: str, expected: float) -> None:
    assert round(egfr_ckd_epi_2021(creatinine, age, sex), 1) == expected
