"""Loading the bundled prevention-plan rule set (resources/rules/v1/prevention_plan.yaml).

The file is validated against its JSON schema before anything reads it; a broken bundled file
is a packaging bug, so it raises RuleSetError naming the first problem (no health data is
involved). Items keep their YAML order, which is also the order of `phr plan --json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from phr.datacache import checked_documents
from phr.errors import PhrError

PLAN_ITEM_IDS: tuple[str, ...] = (
    "bp_screening",
    "colorectal",
    "breast",
    "cervical",
    "lung",
    "statin",
    "diabetes",
    "aaa",
    "osteoporosis",
    "hcv",
    "hiv",
    "alcohol",
    "tobacco",
)


class PlanRulesError(PhrError):
    """The bundled prevention-plan rules do not validate (a packaging bug)."""


@dataclass(frozen=True)
class PlanSource:
    org: str
    grade: str
    year: int
    url: str
    pmid: str | None = None

    def as_json(self) -> dict[str, object]:
        """`source` in `phr plan --json`: org, grade, year, url (+ pmid where known)."""
        data: dict[str, object] = {
            "org": self.org,
            "grade": self.grade,
            "year": self.year,
            "url": self.url,
        }
        if self.pmid:
            data["pmid"] = self.pmid
        return data


Ages = tuple[int | None, int | None]


@dataclass(frozen=True)
class PlanTest:
    screening: str | None  # a screening kind, or None for a log kind
    log: str | None
    every_years: int | None  # None: once is enough
    ages: Ages = (None, None)  # the person's current age range in which this test counts


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str  # 'at_least' | 'at_most' | 'is' | 'is_not'
    value: float | bool


@dataclass(frozen=True)
class PlanItemRule:
    id: str
    title: str
    kind: str  # 'screening' | 'statin' | 'alcohol' | 'tobacco'
    ages: Ages
    sex: str  # 'any' | 'female' | 'male'
    source: PlanSource
    tests: tuple[PlanTest, ...] = ()
    conditions: tuple[Condition, ...] = ()
    risk_at_least: float | None = None


@dataclass(frozen=True)
class AlcoholGuideline:
    country: str
    name: str
    grams_per_week: dict[str, float]  # 'female' | 'male' | 'other'


@dataclass(frozen=True)
class GeneticRule:
    id: str
    gene: str
    title: str
    sources: tuple[tuple[str, str | None], ...]  # (label, pmid)


@dataclass(frozen=True)
class PlanRules:
    version: str
    upcoming_years_before_start: int
    upcoming_days: int
    items: tuple[PlanItemRule, ...]
    alcohol: dict[str, AlcoholGuideline]
    alcohol_default: str
    bp_endings: tuple[str, ...]
    bp_names: frozenset[str]
    genetic: tuple[GeneticRule, ...]

    def item(self, item_id: str) -> PlanItemRule:
        return next(i for i in self.items if i.id == item_id)


def _ages(raw: list[int | None] | None) -> Ages:
    return (None, None) if raw is None else (raw[0], raw[1])


def _item(raw: dict[str, Any]) -> PlanItemRule:
    tests = tuple(
        PlanTest(t.get("screening"), t.get("log"), t.get("every_years"), _ages(t.get("ages")))
        for t in raw.get("tests", [])
    )
    conditions = []
    for c in raw.get("conditions", []):
        op = next(k for k in c if k != "fact")
        conditions.append(Condition(c["fact"], op, c[op]))
    return PlanItemRule(
        id=raw["id"],
        title=raw["title"],
        kind=raw["kind"],
        ages=_ages(raw["ages"]),
        sex=raw["sex"],
        source=PlanSource(**raw["source"]),
        tests=tests,
        conditions=tuple(conditions),
        risk_at_least=raw.get("risk_at_least"),
    )


def _schema_text() -> str:
    path = resources.files("resources").joinpath("rules", "schema", "prevention_plan.schema.json")
    return path.read_text(encoding="utf-8")


def _check_schema(data: Any) -> None:
    import jsonschema  # about 0.1 s to import: only when the checked rules are not cached

    schema = json.loads(_schema_text())
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path)
    )
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top)"
        raise PlanRulesError(
            f"The prevention plan rules are invalid at {where}: {errors[0].message}"
        )


def parse_plan_rules(data: Any, *, schema_checked: bool = False) -> PlanRules:
    if not schema_checked:
        _check_schema(data)
    items = tuple(_item(r) for r in data["items"])
    ids = [i.id for i in items]
    if sorted(ids) != sorted(PLAN_ITEM_IDS):
        raise PlanRulesError("The prevention plan rules must define each plan item exactly once.")
    guidelines = data["alcohol_guidelines"]
    alcohol = {
        code: AlcoholGuideline(
            code, g["name"], {k: float(g[k]) for k in ("female", "male", "other")}
        )
        for code, g in guidelines["countries"].items()
    }
    if guidelines["default"] not in alcohol:
        raise PlanRulesError("The default alcohol guideline names a country without one.")
    return PlanRules(
        version=data["version"],
        upcoming_years_before_start=data["upcoming_years_before_start"],
        upcoming_days=data["upcoming_days"],
        items=items,
        alcohol=alcohol,
        alcohol_default=guidelines["default"],
        bp_endings=tuple(data["bp_medicines"]["endings"]),
        bp_names=frozenset(data["bp_medicines"]["names"]),
        genetic=tuple(
            GeneticRule(
                g["id"],
                g["gene"],
                g["title"],
                tuple((s["label"], s.get("pmid")) for s in g["sources"]),
            )
            for g in data["genetic"]
        ),
    )


@cache
def load_plan_rules() -> PlanRules:
    """The bundled plan rules; parsed and schema-checked once per release (`phr.datacache`)."""
    path = resources.files("resources").joinpath("rules", "v1", "prevention_plan.yaml")
    texts = {"prevention_plan.yaml": path.read_text(encoding="utf-8"), "schema": _schema_text()}

    def parse_and_check() -> dict[str, Any]:
        import yaml

        data: dict[str, Any] = yaml.safe_load(texts["prevention_plan.yaml"])
        _check_schema(data)
        return data

    return parse_plan_rules(checked_documents("plan", texts, parse_and_check), schema_checked=True)
