"""Lab log kinds: canonical units, the conversions labs print, and Lp(a) kept as measured."""

from __future__ import annotations

import pytest

from phr.errors import InvalidValue
from phr.lifestyle.entries import add_entry, list_entries
from phr.lifestyle.kinds import KINDS, kind_named, parse_reading
from phr.vault import Vault

LAB_KINDS = (
    "ldl",
    "hdl",
    "total_cholesterol",
    "triglycerides",
    "hba1c",
    "fasting_glucose",
    "creatinine",
    "egfr",
    "ferritin",
    "transferrin_saturation",
    "inr",
    "lpa",
)


def test_every_lab_kind_named_by_the_issue_exists() -> None:
    assert set(LAB_KINDS) <= set(KINDS)


@pytest.mark.parametrize(
    ("kind", "text", "unit", "expected", "canonical"),
    [
        ("total_cholesterol", "5.17", "mmol/L", 199.9, "mg/dL"),  # 5.17 / 0.02586
        ("ldl", "130", "mg/dL", 130.0, "mg/dL"),
        ("hdl", "1.3", "mmol/l", 50.3, "mg/dL"),
        ("triglycerides", "1.7", "mmol/L", 150.6, "mg/dL"),  # x 88.57
        ("hba1c", "48", "mmol/mol", 6.54, "%"),  # 0.09148 x 48 + 2.152
        ("hba1c", "6.5", "%", 6.5, "%"),
        ("fasting_glucose", "126", "mg/dL", 6.99, "mmol/L"),  # / 18.016
        ("creatinine", "88.42", "umol/L", 1.0, "mg/dL"),
        ("creatinine", "106", "µmol/L", 1.2, "mg/dL"),
        ("ferritin", "150", "ug/L", 150.0, "ng/mL"),
        ("transferrin_saturation", "38", None, 38.0, "%"),
        ("egfr", "72", None, 72.0, "mL/min/1.73m2"),
        ("inr", "2.4", None, 2.4, "ratio"),
    ],
)
def test_lab_values_are_converted_to_their_canonical_unit(
    kind: str, text: str, unit: str | None, expected: float, canonical: str
) -> None:
    found = kind_named(kind)
    assert found.unit == canonical
    value = parse_reading(found, text, unit).value
    assert value is not None and round(value, 2 if expected < 10 else 1) == expected


def test_lpa_units_are_kept_because_they_cannot_be_converted() -> None:
    lpa = kind_named("Lp(a)")
    assert parse_reading(lpa, "60", "nmol/L").unit == "nmol/L"
    assert parse_reading(lpa, "60", "mg/dl").unit == "mg/dL"
    with pytest.raises(InvalidValue, match="cannot be converted"):
        parse_reading(lpa, "60", None)
    with pytest.raises(InvalidValue, match="mg/dL or nmol/L"):
        parse_reading(lpa, "60", "mmol/L")


def test_an_lpa_entry_is_stored_with_the_lab_unit(shared_vault: Vault) -> None:
    add_entry(shared_vault, "lpa", "140", unit="nmol/L", at="2026-01-10")
    add_entry(shared_vault, "lpa", "55", unit="mg/dL", at="2026-02-10")
    units = [e.unit for e in list_entries(shared_vault, "lpa")]
    assert units == ["mg/dL", "nmol/L"]


def test_an_unknown_unit_and_an_implausible_value_are_refused_and_nothing_is_stored(
    shared_vault: Vault,
) -> None:
    before = len(list_entries(shared_vault, "ldl"))
    with pytest.raises(InvalidValue, match="unit"):
        add_entry(shared_vault, "ldl", "3", unit="g/L")
    with pytest.raises(InvalidValue, match="not plausible"):
        add_entry(shared_vault, "ldl", "4000")
    assert len(list_entries(shared_vault, "ldl")) == before


def test_lpa_summary_never_mixes_units(shared_vault: Vault) -> None:
    from datetime import date

    from phr.lifestyle.summary import summarize

    add_entry(shared_vault, "lpa", "150", unit="nmol/L", at="2026-03-10")
    (summary,) = summarize(shared_vault, ["lpa"], today=date(2026, 12, 5))
    assert summary.unit == "nmol/L"
    assert all(d.value != 55 for d in summary.days)


def test_labs_import_from_csv_with_their_units(tmp_path, shared_vault: Vault) -> None:  # type: ignore[no-untyped-def]
    from phr.lifestyle.importer import import_logs

    csv = tmp_path / "labs.csv"
    csv.write_text(
        "date,kind,value,unit\n"
        "2025-05-02,ldl,3.4,mmol/L\n"
        "2025-05-02,hba1c,42,mmol/mol\n"
        "2025-05-02,lp(a),88,nmol/L\n",
        encoding="utf-8",
    )
    import_logs(shared_vault, csv)
    (ldl,) = [e for e in list_entries(shared_vault, "ldl") if e.at.year == 2025]
    assert round(ldl.value or 0, 1) == 131.5 and ldl.unit == "mg/dL"
    lpa = [e for e in list_entries(shared_vault, "lpa") if e.at.year == 2025]
    assert [(e.value, e.unit) for e in lpa] == [(88.0, "nmol/L")]
