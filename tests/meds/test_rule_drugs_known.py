"""Every medicine a rule names can be put on the medicine list by that name: otherwise a note
could never say "on your list" for it (methylene blue, metoprolol, nitrofurantoin and
pegloticase could not be matched before)."""

from __future__ import annotations

import pytest

from phr.meds.names import match_drug
from phr.rules.ruleset import load_rule_set

NAMED = sorted({drug for note in load_rule_set().notes for drug in note.drugs})


@pytest.mark.parametrize("drug", NAMED)
def test_a_drug_named_by_a_rule_is_in_the_drug_table(drug: str) -> None:
    found = match_drug(drug)
    assert found.exact and found.generic == drug


@pytest.mark.parametrize(
    ("typed", "generic"),
    [("Krystexxa", "pegloticase"), ("Macrobid", "nitrofurantoin"), ("Toprol-XL", "metoprolol")],
)
def test_their_brands_are_known_too(typed: str, generic: str) -> None:
    assert match_drug(typed).generic == generic
