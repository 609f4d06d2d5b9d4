"""End to end with the real rules engine: an array genome with actionable results, a gene the
chip missed, and an opted-in APOE result that stays out unless ticked for this export."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from phr.lifestyle.entries import add_entry
from phr.meds.store import add_medication
from phr.report import CSV_NAMES, ExportOptions, Section, export
from phr.vault import Vault
from tests.report.helpers import pdf_text

genomes = pytest.importorskip("tests.rules.genomes", reason="needs the rules engine")
optins = pytest.importorskip("phr.rules.optins", reason="needs the rules engine")

APOE_WORDS = ("APOE", "Alzheimer", "rs429358", "rs7412")


@pytest.fixture
def array_vault(vault: Vault) -> Vault:
    calls = genomes.all_reference_calls()
    calls.update({"rs4244285": "AA", "rs4149056": "CT", "rs429358": "CT", "rs7412": "CC"})
    for missing in ("rs1050828", "rs5030868"):  # G6PD positions the chip did not read
        calls.pop(missing)
    genomes.store(vault, genomes.array_rows(calls), name="genome_Zoe_array")
    optins.set_optin(vault, "apoe", True)
    add_medication(vault, "Heartguard 75", generic="clopidogrel")
    add_entry(vault, "weight", "71.5", unit="kg")
    return vault


def _texts(out: Path) -> dict[str, str]:
    texts = {"pdf": pdf_text((out / "r.pdf").read_bytes())}
    texts["fhir"] = (out / "r.json").read_text("utf-8")
    for name in CSV_NAMES:
        texts[name] = (out / "csv" / name).read_text("utf-8")
    return texts


def _export(vault: Vault, out: Path, **choices: object) -> dict[str, str]:
    out.mkdir()
    options = ExportOptions(pdf=out / "r.pdf", fhir=out / "r.json", csv=out / "csv")
    export(vault, dataclasses.replace(options, **choices))  # type: ignore[arg-type]
    return _texts(out)


def test_pdf_shows_the_actionable_findings_and_the_gaps(array_vault: Vault, tmp_path: Path) -> None:
    texts = _export(array_vault, tmp_path / "a")
    pdf = texts["pdf"]
    assert "CYP2C19 *2/*2 Poor Metabolizer" in pdf
    assert "PMID 35034351" in pdf
    assert "SLCO1B1 *1/*5" in pdf and "PMID 35152405" in pdf
    assert "G6PD: not read: rs1050828, rs5030868." in pdf
    taken = pdf[: pdf.index("Findings for medicines the patient might be given")]
    assert "clopidogrel CYP2C19 *2/*2 Poor Metabolizer" in taken and "Heartguard 75" in pdf
    assert "71.5 kg" in pdf
    assert "genome_Zoe_array" not in pdf
    bundle = json.loads(texts["fhir"])
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)


def test_opted_in_apoe_is_left_out_unless_ticked(array_vault: Vault, tmp_path: Path) -> None:
    default = _export(array_vault, tmp_path / "default")
    for name, text in default.items():
        for word in APOE_WORDS:
            assert word.lower() not in text.lower(), f"{word} in {name}"
    ticked = _export(array_vault, tmp_path / "ticked", include_sensitive=True)
    assert "APOE" in ticked["pdf"] and "APOE" in ticked["notes.csv"]


def test_leaving_out_the_medicine_list_hides_what_the_person_takes(
    array_vault: Vault, tmp_path: Path
) -> None:
    chosen = frozenset({Section.PGX, Section.PREVENTION})
    texts = _export(array_vault, tmp_path / "no-meds", sections=chosen)
    for name, text in texts.items():
        assert "Heartguard" not in text, name
        assert "TAKING NOW" not in text and "You take clopidogrel" not in text, name
        assert "Takes clopidogrel" not in text, name
        assert "71.5" not in text, name
    assert "clopidogrel CYP2C19 *2/*2" in texts["pdf"]  # the gene-drug result itself stays
