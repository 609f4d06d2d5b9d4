"""The bundled prevention-plan rule set validates, cites every item, and refuses broken data."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml

from phr.prevention.rules import PLAN_ITEM_IDS, PlanRulesError, load_plan_rules, parse_plan_rules


def _raw() -> dict[str, Any]:
    text = resources.files("resources").joinpath("rules", "v1", "prevention_plan.yaml")
    data: dict[str, Any] = yaml.safe_load(text.read_text(encoding="utf-8"))
    return data


def test_every_item_has_grade_year_and_a_uspstf_url() -> None:
    rules = load_plan_rules()
    assert sorted(i.id for i in rules.items) == sorted(PLAN_ITEM_IDS)
    for item in rules.items:
        src = item.source
        assert src.org == "USPSTF" and src.grade[0] in "AB" and 2015 <= src.year <= 2026
        assert src.url.startswith("https://www.uspreventiveservicestaskforce.org/")


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("items", 0, "source", "url"), "http://x", "url"),
        (("items", 1, "ages"), [45], "ages"),
        (("items", 1, "tests", 0, "screening"), "ct_scan", "screening"),
        (("items", 4, "conditions", 0, "fact"), "income", "fact"),
        (("alcohol_guidelines", "default"), "FR", "default alcohol guideline"),
    ],
)
def test_broken_rule_data_is_refused_with_where(
    path: tuple[object, ...], value: object, message: str
) -> None:
    data = copy.deepcopy(_raw())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(PlanRulesError, match=message):
        parse_plan_rules(data)


def test_a_missing_item_is_refused() -> None:
    data = copy.deepcopy(_raw())
    data["items"] = [i for i in data["items"] if i["id"] != "hiv"]
    with pytest.raises(PlanRulesError, match="exactly once"):
        parse_plan_rules(data)
