"""The prevention plan in the FHIR bundle (issue 17).

- One CarePlan (status active, intent proposal: the person's own plan to discuss, not an
  order) whose activities are the plan items that apply: `due` -> not-started, `upcoming` and
  `up_to_date` -> scheduled with the next date. Each activity carries the item id as its code
  text, the reasons in words and the recommendation's citation (org, grade, year, URL).
  Items that do not apply are left out (they hold nothing to act on).
- One RiskAssessment with the PREVENT 10-year estimates (probabilityDecimal, fractions) when
  PHR computed them; none when it refused.
"""

from __future__ import annotations

from typing import Any, Protocol

from phr.prevention.plan import PlanItem
from phr.report.pdf_plan import wants_plan

JSON = dict[str, Any]
ACTIVITY_STATUS = {"due": "not-started", "upcoming": "scheduled", "up_to_date": "scheduled"}
PLAN_SYSTEM = "urn:phr:prevention-plan-item"


class BundleBuilder(Protocol):
    data: Any
    issued: str

    def _add(self, key: str, resource: JSON) -> str: ...

    def _subject(self) -> JSON: ...


def _activity(item: PlanItem) -> JSON:
    src = item.source
    cite = f"{src.org} grade {src.grade} ({src.year}) {src.url}"
    if src.pmid:
        cite += f" PMID {src.pmid}"
    detail: JSON = {
        "status": ACTIVITY_STATUS[item.status],
        "code": {"coding": [{"system": PLAN_SYSTEM, "code": item.id}], "text": item.title},
        "description": " ".join(item.reasons) + f" Source: {cite}",
    }
    if item.due is not None:
        detail["scheduledString"] = (
            f"due since {item.due.isoformat()}"
            if item.status == "due"
            else f"next on or after {item.due.isoformat()}"
        )
    return {"detail": detail}


def add_plan_resources(builder: BundleBuilder) -> None:
    data = builder.data
    summary = getattr(data, "plan", None)
    if summary is None or not wants_plan(data):
        return
    activities = [_activity(i) for i in summary.due_first() if i.status in ACTIVITY_STATUS]
    if activities:
        builder._add(
            "prevention-plan",
            {
                "resourceType": "CarePlan",
                "status": "active",
                "intent": "proposal",
                "title": "Prevention plan (USPSTF grade A and B recommendations)",
                "description": (
                    f"Made by the person with PHR, prevention plan rule set "
                    f"{summary.rules_version}; screening dates as the person recorded them."
                ),
                "subject": builder._subject(),
                "created": builder.issued,
                "activity": activities,
            },
        )
    risk = summary.risk
    if risk.cvd_10y is not None and risk.ascvd_10y is not None:
        builder._add(
            "prevent-risk",
            {
                "resourceType": "RiskAssessment",
                "status": "final",
                "subject": builder._subject(),
                "occurrenceDateTime": builder.issued,
                "method": {"text": "AHA PREVENT base model, 10-year (PMID 37947085)"},
                "prediction": [
                    {
                        "outcome": {"text": "Total cardiovascular disease within 10 years"},
                        "probabilityDecimal": round(risk.cvd_10y / 100, 4),
                        "whenRange": {
                            "high": {
                                "value": 10,
                                "unit": "a",
                                "system": "http://unitsofmeasure.org",
                                "code": "a",
                            }
                        },
                    },
                    {
                        "outcome": {
                            "text": "Atherosclerotic cardiovascular disease within 10 years"
                        },
                        "probabilityDecimal": round(risk.ascvd_10y / 100, 4),
                        "whenRange": {
                            "high": {
                                "value": 10,
                                "unit": "a",
                                "system": "http://unitsofmeasure.org",
                                "code": "a",
                            }
                        },
                    },
                ],
            },
        )
