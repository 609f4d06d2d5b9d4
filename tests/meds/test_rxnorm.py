"""Every drug in the name table carries its RxNorm ingredient code (for the FHIR export), each
code names one drug, and the few PHR could not code with confidence are named here."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest

from phr.errors import RuleSetError
from phr.meds.names import drug_table, match_drug, table_from_document
from tests.meds.test_names import _document as _names_document
from tests.meds.test_rule_drugs_known import NAMED

# No RxNorm code PHR could confirm from two agreeing sources or NLM's own file (see the table's
# header): drugs with no current US product, which the RxNorm file at hand does not list, and
# for which PharmGKB alone gives a code. The FHIR export gives their names only. Add a code and
# remove the name here; never add a guessed code.
NOT_CODED = {"mestranol", "estriol", "etoricoxib"}

# Codes kept but not confirmed that way (marked "not checked against RxNav" in the table).
UNCONFIRMED = {"apixaban", "amikacin", "kanamycin"}


def test_every_drug_but_the_listed_few_has_an_rxnorm_code() -> None:
    missing = {e.generic for e in drug_table().entries if e.rxnorm is None}
    assert missing == NOT_CODED


def test_only_the_listed_codes_are_unconfirmed() -> None:
    text = resources.files("resources.drugs").joinpath("drug_names.yaml").read_text("utf-8")
    marked = set()
    generic = None
    for line in text.splitlines():
        if line.startswith("  - generic: "):
            generic = line.split(": ", 1)[1]
        elif "rxnorm:" in line and "not checked against RxNav" in line:
            marked.add(generic)
    assert marked == UNCONFIRMED


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


def test_every_drug_a_rule_names_is_coded() -> None:
    table = drug_table()
    assert [d for d in NAMED if table.rxnorm_of(d) is None] == []


def test_confirmed_ingredient_codes_for_iron_estrogens_and_the_rest() -> None:
    """Codes the table's comments source to NLM's RxNorm file (and others), pinned so a slip in
    the YAML shows. RxNorm codes an iron salt as its own ingredient, and Pradaxa's ingredient
    is dabigatran etexilate; gentamicin's ingredient is 1596450 (4413 was wrong)."""
    table = drug_table()
    expected = {
        "ferrous sulfate": "24947",
        "ferrous fumarate": "24941",
        "ferrous gluconate": "24942",
        "ferrous bisglycinate": "1102188",
        "polysaccharide iron complex": "105669",
        "ferric maltol": "2539932",
        "ferric carboxymaltose": "1433693",
        "iron sucrose": "24909",
        "conjugated estrogens": "4099",
        "estetrol": "2539031",
        "dabigatran": "1037042",
        "plazomicin": "2049549",
        "gentamicin": "1596450",
    }
    assert {name: table.rxnorm_of(name) for name in expected} == expected


def test_the_coding_display_is_rxnorms_name_for_the_concept() -> None:
    table = drug_table()
    assert table.rxnorm_coding("ethinylestradiol") == ("4124", "ethinyl estradiol")
    assert table.rxnorm_coding("dabigatran") == ("1037042", "dabigatran etexilate")
    assert table.rxnorm_coding("conjugated estrogens") == ("4099", "estrogens, conjugated (USP)")
    assert table.rxnorm_coding("ferrous sulfate") == ("24947", "ferrous sulfate")
    assert table.rxnorm_coding("etoricoxib") is None
    assert table.rxnorm_coding("no such drug") is None
    assert table.rxnorm_coding(None) is None


def test_a_malformed_code_is_refused_at_load() -> None:
    document: dict[str, Any] = copy.deepcopy(_names_document())
    document["drugs"][0]["rxnorm"] = "RxNorm:32968"
    with pytest.raises(RuleSetError, match="invalid"):
        table_from_document(document)


def test_an_rxnorm_name_without_a_code_is_refused_at_load() -> None:
    document: dict[str, Any] = copy.deepcopy(_names_document())
    entry = next(e for e in document["drugs"] if "rxnorm" in e)
    entry["rxnorm_name"] = "something"
    table_from_document(document)  # with its code it loads
    del entry["rxnorm"]
    with pytest.raises(RuleSetError, match="invalid"):
        table_from_document(document)


@pytest.mark.parametrize(
    ("typed", "generic", "loose"),
    [
        ("Iron tablets", "ferrous sulfate", True),
        ("iron 65 mg", "ferrous sulfate", True),
        ("HRT", "estradiol", True),
        ("combined pill", "ethinylestradiol", True),
        ("pegylated interferon", "peginterferon alfa-2a", True),
        ("Feosol", "ferrous sulfate", False),  # a brand names the salt
        ("iron (ferrous sulfate)", "ferrous sulfate", False),  # so does the generic itself
        ("Estrogel", "estradiol", False),
        ("Microgynon 30", "ethinylestradiol", False),
        ("my own words", "ferrous sulfate", False),  # the person chose the drug themselves
        ("Iron tablets", "ferrous fumarate", False),  # likewise: no loose alias leads there
        ("Iron tablets", None, False),
    ],
)
def test_loose_aliases_match_but_do_not_name_the_ingredient(
    typed: str, generic: str | None, loose: bool
) -> None:
    table = drug_table()
    assert table.loosely_named(generic, typed) is loose
    if loose:
        assert match_drug(typed).generic == generic  # still matched, for the class rules
