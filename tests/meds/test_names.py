"""Name matching: brands, generics, doses in the name, misspellings, and the table itself."""

from __future__ import annotations

import copy

import pytest
import yaml

from phr.errors import RuleSetError
from phr.meds import DRUG_CLASSES, match_drug
from phr.meds.names import _resource_text, drug_table, table_from_document


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        ("Plavix", "clopidogrel"),
        ("clopidogrel 75mg", "clopidogrel"),
        ("Zocor", "simvastatin"),
        ("ZOCOR 20 mg tablets at night", "simvastatin"),
        ("Microgynon 30", "ethinylestradiol"),
        ("ethinylestradiol/levonorgestrel", "ethinylestradiol"),
        ("Nexium 20mg", "esomeprazole"),
        ("Co-codamol 30/500", "codeine"),
        ("Ferrous sulphate 200 mg", "ferrous sulfate"),
        ("Coumadin", "warfarin"),
        ("Imuran", "azathioprine"),
        ("Xeloda", "capecitabine"),
        ("Lexapro", "escitalopram"),
        ("Elavil", "amitriptyline"),
        ("Premarin", "conjugated estrogens"),
        ("Oestrogel", "estradiol"),
    ],
)
def test_exact_matches(typed: str, generic: str) -> None:
    found = match_drug(typed)
    assert (found.generic, found.exact, found.score) == (generic, True, 100.0)


@pytest.mark.parametrize(
    ("typed", "generic"),
    [("simvastatine", "simvastatin"), ("clopidogrell", "clopidogrel"), ("omeprazol", "omeprazole"),
     ("Plavx", "clopidogrel"), ("atorvastatine 20mg", "atorvastatin")],
)  # fmt: skip
def test_misspellings_are_suggestions_needing_confirmation(typed: str, generic: str) -> None:
    found = match_drug(typed)
    assert found.generic == generic
    assert not found.exact and found.needs_confirmation
    assert 85 <= found.score < 100


@pytest.mark.parametrize("typed", ["Vitamin D3 1000 IU", "paracetamol", "fish oil", "", "Yas"])
def test_unknown_drugs_have_no_generic(typed: str) -> None:
    found = match_drug(typed)
    assert found.generic is None and found.classes == frozenset()


def test_very_short_names_only_match_exactly() -> None:
    assert match_drug("Yaz").generic == "ethinylestradiol"
    assert match_drug("Yax").generic is None


def test_every_drug_class_the_rules_use_is_recognised() -> None:
    classes = {c for e in drug_table().entries for c in e.classes}
    assert classes == set(DRUG_CLASSES)
    for typed, wanted in [
        ("Yasmin", "estrogen"),
        ("hormone replacement therapy", "estrogen"),
        ("Lipitor", "statin"),
        ("Prilosec", "ppi"),
        ("Zoloft", "ssri"),
        ("nortriptyline", "tca"),
        ("mercaptopurine", "thiopurine"),
        ("fluorouracil", "fluoropyrimidine"),
        ("Galfer", "iron"),
        ("Brilinta", "antiplatelet"),
        ("Eliquis", "anticoagulant"),
        ("Advil", "nsaid"),
        ("tramadol", "opioid"),
        ("gentamicin", "aminoglycoside"),
    ]:
        assert wanted in match_drug(typed).classes, typed


CLINICAL_DRUGS = [
    "clopidogrel",
    "omeprazole",
    "lansoprazole",
    "pantoprazole",
    "citalopram",
    "escitalopram",
    "sertraline",
    "amitriptyline",
    "voriconazole",
    "warfarin",
    "phenytoin",
    "celecoxib",
    "ibuprofen",
    "atorvastatin",
    "rosuvastatin",
    "simvastatin",
    "fluorouracil",
    "capecitabine",
    "azathioprine",
    "mercaptopurine",
    "thioguanine",
    "tacrolimus",
    "atazanavir",
    "efavirenz",
    "rasburicase",
    "primaquine",
    "tafenoquine",
    "dapsone",
    "gentamicin",
    "amikacin",
    "abacavir",
    "allopurinol",
    "codeine",
    "tramadol",
    "ondansetron",
    "tamoxifen",
    "atomoxetine",
]


@pytest.mark.parametrize("generic", CLINICAL_DRUGS)
def test_every_drug_named_in_the_clinical_notes_is_in_the_table(generic: str) -> None:
    assert match_drug(generic).generic == generic
    assert match_drug("peginterferon alfa").generic == "peginterferon alfa-2a"


def _document() -> dict[str, object]:
    return yaml.safe_load(_resource_text("drug_names.yaml"))  # type: ignore[no-any-return]


def test_table_with_an_unknown_class_is_refused() -> None:
    doc = copy.deepcopy(_document())
    doc["drugs"][0]["classes"] = ["blood_thinner"]  # type: ignore[index]
    with pytest.raises(RuleSetError, match="unknown drug classes"):
        table_from_document(doc)


def test_table_with_one_name_under_two_drugs_is_refused() -> None:
    doc = copy.deepcopy(_document())
    doc["drugs"][1]["brands"].append("Plavix")  # type: ignore[index]
    with pytest.raises(RuleSetError, match="one name under two drugs"):
        table_from_document(doc)


def test_table_failing_its_schema_is_refused() -> None:
    doc = copy.deepcopy(_document())
    doc["drugs"][0]["generic"] = "Clopidogrel!"  # type: ignore[index]
    with pytest.raises(RuleSetError, match="invalid"):
        table_from_document(doc)
