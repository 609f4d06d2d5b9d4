"""Every drug in the name table carries its RxNorm ingredient code (for the FHIR export), each
code names one drug, and the few PHR could not code with confidence are named here."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from phr.errors import RuleSetError
from phr.meds.names import drug_table, table_from_document
from phr.rules.ruleset import load_rule_set
from tests.meds.test_names import _document as _names_document

# No RxNorm code PHR could confirm for these (iron salts and complexes, estrogens coded under
# other names, drugs newer than the sources at hand): the FHIR export gives their names only.
# Add a code and remove the name here; never add a guessed code.
NOT_CODED = {
    "dabigatran",
    "conjugated estrogens",
    "estetrol",
    "mestranol",
    "estriol",
    "ferrous sulfate",
    "ferrous fumarate",
    "ferrous gluconate",
    "ferrous bisglycinate",
    "polysaccharide iron complex",
    "ferric maltol",
    "ferric carboxymaltose",
    "iron sucrose",
    "etoricoxib",
    "plazomicin",
}


def test_every_drug_but_the_listed_few_has_an_rxnorm_code() -> None:
    missing = {e.generic for e in drug_table().entries if e.rxnorm is None}
    assert missing == NOT_CODED


def test_rxnorm_codes_are_unique() -> None:
    codes = [e.rxnorm for e in drug_table().entries if e.rxnorm is not None]
    assert len(codes) == len(set(codes))


def test_cpic_ingredient_codes_for_the_cyp2d6_medicines() -> None:
    table = drug_table()
    expected = {
        "codeine": "2670",
        "tramadol": "10689",
        "tamoxifen": "10324",
        "ondansetron": "26225",
        "atomoxetine": "38400",
        "nortriptyline": "7531",
        "paroxetine": "32937",
        "metoprolol": "6918",
        "hydrocodone": "5489",
    }
    assert {name: table.rxnorm_of(name) for name in expected} == expected
    assert table.rxnorm_of("no such drug") is None


def test_every_drug_a_medication_rule_names_is_coded_except_plazomicin() -> None:
    table = drug_table()
    named = {d for note in load_rule_set().notes for d in note.drugs}
    assert {d for d in named if table.rxnorm_of(d) is None} <= {"plazomicin"}


def test_a_malformed_code_is_refused_at_load() -> None:
    document: dict[str, Any] = copy.deepcopy(_names_document())
    document["drugs"][0]["rxnorm"] = "RxNorm:32968"
    with pytest.raises(RuleSetError, match="invalid"):
        table_from_document(document)
