"""The FHIR bundle validates against the fhir.resources R4B models and carries the right codes."""

from __future__ import annotations

from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from phr.meds.model import CurrentMedication
from phr.report import Person, build_bundle
from tests.report import samples
from tests.report.helpers import json_text, resources


def _codes(resource: dict[str, Any]) -> set[str]:
    return {c["code"] for c in resource["code"].get("coding", [])}


def _component_codes(resource: dict[str, Any]) -> set[str]:
    return {c["code"] for comp in resource.get("component", []) for c in comp["code"]["coding"]}


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    return build_bundle(samples.report())


def test_bundle_and_every_resource_validate_with_fhir_resources_r4b(
    bundle: dict[str, Any],
) -> None:
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"])
        model.model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"


def test_references_all_resolve_inside_the_bundle(bundle: dict[str, Any]) -> None:
    urls = {e["fullUrl"] for e in bundle["entry"]}
    text = json_text(bundle)
    import re

    refs = set(re.findall(r'"reference": "([^"]+)"', text))
    assert refs and refs <= urls


def test_patient_has_only_what_the_person_entered(bundle: dict[str, Any]) -> None:
    (patient,) = resources(bundle, "Patient")
    assert patient["name"] == [{"text": samples.NAME}]
    assert patient["birthDate"] == "1984-03-02"
    anonymous = build_bundle(samples.report(person=Person()))
    (patient,) = resources(anonymous, "Patient")
    assert set(patient) == {"resourceType", "id"}
    assert "Lukasiewicz" not in json_text(anonymous).replace("Ł", "L")


def test_genotype_observations_use_loinc_and_hgnc(bundle: dict[str, Any]) -> None:
    observations = resources(bundle, "Observation")
    genotype = next(
        o
        for o in observations
        if "84413-4" in _codes(o)
        and o.get("valueCodeableConcept", {}).get("text") == "CYP2C19 *2/*2"
    )
    gene = genotype["component"][0]
    assert gene["code"]["coding"][0]["code"] == "48018-6"
    assert gene["valueCodeableConcept"]["coding"][0] == {
        "system": "http://www.genenames.org/geneId",
        "code": "HGNC:2621",
        "display": "CYP2C19",
    }
    phenotypes = [o for o in observations if "53040-2" in _codes(o)]
    assert any(o["valueCodeableConcept"]["text"] == "Poor metabolizer" for o in phenotypes)


def test_untested_gene_is_data_absent_never_a_value(bundle: dict[str, Any]) -> None:
    g6pd = next(
        o
        for o in resources(bundle, "Observation")
        if "84413-4" in _codes(o) and "G6PD" in json_text(o.get("component", []))
    )
    assert "valueCodeableConcept" not in g6pd
    assert g6pd["dataAbsentReason"]["coding"][0]["code"] == "not-performed"


def test_therapeutic_implications_name_drug_evidence_and_source(bundle: dict[str, Any]) -> None:
    implications = [
        o for o in resources(bundle, "Observation") if "therapeutic-implication" in _codes(o)
    ]
    clopidogrel = next(o for o in implications if "clopidogrel" in json_text(o["component"]))
    assert {"51963-7", "93044-6"} <= _component_codes(clopidogrel)
    assert "PMID 35034351" in json_text(clopidogrel["note"])
    assert clopidogrel["derivedFrom"]


def test_diagnostic_report_groups_the_genomic_results(bundle: dict[str, Any]) -> None:
    (report,) = resources(bundle, "DiagnosticReport")
    assert "51969-6" in _codes(report)
    results = {r["reference"] for r in report["result"]}
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    assert results and results <= set(by_url)
    grouped = [by_url[url] for url in results]
    assert all(r["resourceType"] == "Observation" for r in grouped)
    assert any("therapeutic-implication" in _codes(r) for r in grouped)
    assert any("84413-4" in _codes(r) for r in grouped)
    assert "not a diagnosis" in report["conclusion"]


def test_medication_statements_for_current_medicines(bundle: dict[str, Any]) -> None:
    statements = resources(bundle, "MedicationStatement")
    texts = {s["medicationCodeableConcept"]["text"] for s in statements}
    assert "Plavix 75 mg (clopidogrel)" in texts
    assert "Grandma's herbal tea" in texts
    assert all(s["status"] == "active" for s in statements)


def test_medication_statements_carry_the_rxnorm_ingredient_code(bundle: dict[str, Any]) -> None:
    rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
    by_text = {
        s["medicationCodeableConcept"]["text"]: s["medicationCodeableConcept"]
        for s in resources(bundle, "MedicationStatement")
    }
    assert by_text["Plavix 75 mg (clopidogrel)"]["coding"] == [
        {"system": rxnorm, "code": "32968", "display": "clopidogrel"}
    ]
    assert by_text["Simvastatin"]["coding"][0]["code"] == "36567"
    # the display is RxNorm's name for the concept, not PHR's spelling of the generic
    assert by_text["Microgynon 30 (ethinylestradiol)"]["coding"] == [
        {"system": rxnorm, "code": "4124", "display": "ethinyl estradiol"}
    ]
    # a medicine PHR could not match keeps its words and claims no code
    assert "coding" not in by_text["Grandma's herbal tea"]


def test_newly_coded_and_uncoded_table_drugs() -> None:
    """An iron salt and dabigatran carry their RxNorm ingredient; a drug the table knows but
    PHR could not code (etoricoxib), or words that do not name an ingredient, claim no code."""
    rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
    meds = (
        CurrentMedication(1, "Feosol 325 mg", "ferrous sulfate", frozenset({"iron"})),
        CurrentMedication(2, "Pradaxa", "dabigatran", frozenset({"anticoagulant"})),
        CurrentMedication(3, "Arcoxia 60 mg", "etoricoxib", frozenset({"nsaid"})),
        CurrentMedication(4, "Iron tablets", "ferrous sulfate", frozenset({"iron"})),
    )
    bundle = build_bundle(samples.report(medications=meds))
    by_text = {
        s["medicationCodeableConcept"]["text"]: s["medicationCodeableConcept"]
        for s in resources(bundle, "MedicationStatement")
    }
    assert by_text["Feosol 325 mg (ferrous sulfate)"]["coding"] == [
        {"system": rxnorm, "code": "24947", "display": "ferrous sulfate"}
    ]
    assert by_text["Pradaxa (dabigatran)"]["coding"] == [
        {"system": rxnorm, "code": "1037042", "display": "dabigatran etexilate"}
    ]
    assert by_text["Arcoxia 60 mg (etoricoxib)"] == {"text": "Arcoxia 60 mg (etoricoxib)"}
    # "iron tablets" leads to ferrous sulfate for the iron rules but does not say which salt:
    # the export keeps the person's words and claims neither a generic nor a code
    assert by_text["Iron tablets"] == {"text": "Iron tablets"}
    Bundle.model_validate(bundle)  # still a valid R4B bundle


def test_vital_signs_use_standard_loinc_codes_and_ucum_units(bundle: dict[str, Any]) -> None:
    vitals = [
        o
        for o in resources(bundle, "Observation")
        if o["category"][0]["coding"][0]["code"] == "vital-signs"
    ]
    weight = [o for o in vitals if "29463-7" in _codes(o)]
    pressure = [o for o in vitals if "85354-9" in _codes(o)]
    pulse = [o for o in vitals if "8867-4" in _codes(o)]
    assert len(weight) == len(pressure) == len(pulse) == 90
    assert weight[0]["valueQuantity"]["code"] == "kg"
    assert _component_codes(pressure[0]) == {"8480-6", "8462-4"}
    assert pressure[0]["component"][0]["valueQuantity"]["code"] == "mm[Hg]"
    assert pulse[0]["valueQuantity"]["code"] == "/min"
    # steps have no vital-sign code here: they stay in the CSV, not mislabelled
    assert not any("steps" in json_text(o) for o in vitals)


def test_bundle_is_deterministic(bundle: dict[str, Any]) -> None:
    assert build_bundle(samples.report()) == bundle


def test_a_clinical_result_is_said_and_not_derived_from_file_positions() -> None:
    import dataclasses

    from phr.rules.model import ClinicalSource

    data = samples.report()
    assert data.findings is not None
    calls = tuple(
        dataclasses.replace(c, clinical=ClinicalSource(1, "Example Lab", "2023-04-17"))
        if c.gene == "CYP2C19"
        else c
        for c in data.findings.pgx
    )
    data = dataclasses.replace(data, findings=dataclasses.replace(data.findings, pgx=calls))
    found = build_bundle(data)
    genotype = next(
        r
        for r in resources(found, "Observation")
        if any(c["code"] == "84413-4" for c in r["code"]["coding"])
        and "CYP2C19" in json_text(r.get("component", []))
    )
    assert "from a clinical test (Example Lab, 2023-04-17)" in genotype["note"][0]["text"]
    assert "derivedFrom" not in genotype  # the lab read it, not the file's positions


def test_an_hla_allele_is_coded_as_its_gene_with_the_allele_as_text() -> None:
    from phr.report.fhir import _gene

    assert _gene("HLA-B*15:02") == {
        "coding": [
            {"system": "http://www.genenames.org/geneId", "code": "HGNC:4932", "display": "HLA-B"}
        ],
        "text": "HLA-B*15:02",
    }
    assert _gene("HLA-A*31:01") == {"text": "HLA-A*31:01"}  # no verified id: text only
