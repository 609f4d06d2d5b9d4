"""The plan in the doctor's PDF (one compact section) and in the FHIR bundle (validated)."""

from __future__ import annotations

import io
from datetime import date

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from phr.lifestyle.entries import add_entry
from phr.prevention.screening import add_screening
from phr.profile import ProfileUpdate, update_profile
from phr.report.data import ALL_SECTIONS, Section
from phr.report.fhir import build_bundle
from phr.report.gather import Choices, gather
from phr.report.pdf import render_pdf
from phr.vault import Vault


def _person(vault: Vault) -> None:
    update_profile(
        vault,
        ProfileUpdate(
            sex="male",
            born=f"{date.today().year - 62}-01",
            smoking="current",
            pack_years="35",
            diabetes="no",
            bp_treatment="no",
            statin="no",
            heart_disease="no",
        ),
    )
    for kind, value in (("total_cholesterol", "240"), ("hdl", "38"), ("ldl", "160"),
                        ("egfr", "80")):  # fmt: skip
        add_entry(vault, kind, value)
    add_entry(vault, "blood_pressure", "146/90")
    add_entry(vault, "blood_pressure", "150/92")
    add_screening(vault, "colonoscopy", date(date.today().year - 3, 1, 10))


def test_fhir_bundle_carries_the_plan_and_the_risk_and_validates(shared_vault: Vault) -> None:
    _person(shared_vault)
    bundle = build_bundle(gather(shared_vault, Choices(sections=ALL_SECTIONS)))
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("CarePlan") == 1 and kinds.count("RiskAssessment") == 1
    plan = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"
    )
    codes = {a["detail"]["code"]["coding"][0]["code"]: a["detail"] for a in plan["activity"]}
    assert codes["lung"]["status"] == "not-started"
    assert codes["colorectal"]["status"] == "scheduled"
    assert "USPSTF" in codes["lung"]["description"]
    assert "breast" not in codes  # not applicable items hold nothing to act on
    risk = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RiskAssessment"
    )
    assert (
        0
        < risk["prediction"][1]["probabilityDecimal"]
        < risk["prediction"][0]["probabilityDecimal"]
    )

    without_logs = ALL_SECTIONS - {Section.LIFESTYLE}
    bundle = build_bundle(gather(shared_vault, Choices(sections=without_logs)))
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert "CarePlan" not in kinds and "RiskAssessment" not in kinds


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_has_one_compact_plan_section(shared_vault: Vault) -> None:
    if shared_vault.scalar("SELECT count(*) FROM screenings") == 0:
        _person(shared_vault)
    text = _pdf_text(render_pdf(gather(shared_vault, Choices(sections=ALL_SECTIONS))))
    assert text.count("Prevention plan (USPSTF grade A and B recommendations)") == 1
    assert "Lung cancer screening (low-dose CT): Due now" in " ".join(text.split())
    assert "10-year risk: total CVD" in " ".join(text.split())
    without_logs = ALL_SECTIONS - {Section.LIFESTYLE}
    text = _pdf_text(render_pdf(gather(shared_vault, Choices(sections=without_logs))))
    assert "Left out: the plan reads the person's measurements" in " ".join(text.split())
    only_meds = frozenset({Section.MEDS})
    text = _pdf_text(render_pdf(gather(shared_vault, Choices(sections=only_meds))))
    assert "Prevention plan" not in text
