"""Every medicine a rule names can be put on the medicine list by that name: otherwise a note
could never say "on your list" for it (methylene blue, metoprolol, nitrofurantoin and
pegloticase could not be matched before).

"A rule names a drug" covers all three places a note file can: the note's `drugs` list, a
`medication:` condition in `requires`, and one inside an outcome's `when` (including `any:`
groups). Classes named by `drug_classes` or `medication_class` must have at least one drug in
the table, or the condition could never be met. The prevention notes are part of the rule set
(ruleset.yaml lists them), so they are checked here too; the prevention plan's blood-pressure
list is a word recogniser, not a list of table drugs (see phr/prevention/facts.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from phr.meds.names import drug_table, match_drug
from phr.rules.definitions import Clause
from phr.rules.ruleset import load_rule_set


def _clauses(clauses: Iterable[Clause]) -> Iterator[Clause]:
    for clause in clauses:
        yield clause
        yield from _clauses(clause.any_of)


def _named() -> tuple[set[str], set[str]]:
    drugs: set[str] = set()
    classes: set[str] = set()
    for note in load_rule_set().notes:
        drugs.update(note.drugs)
        classes.update(note.drug_classes)
        conditions = [*note.requires, *(c for o in note.outcomes for c in o.when)]
        for clause in _clauses(conditions):
            drugs.update(clause.medications)
            classes.update(clause.medication_classes)
    return drugs, classes


NAMED, CLASSES = (sorted(s) for s in _named())


def test_the_rule_set_names_drugs_in_every_place_the_test_looks() -> None:
    # guards the collector itself: these come from `drugs`, `requires` and a class condition
    assert {"clopidogrel", "simvastatin", "codeine"} <= set(NAMED)
    assert {"estrogen", "iron"} <= set(CLASSES)


@pytest.mark.parametrize("drug", NAMED)
def test_a_drug_named_by_a_rule_is_in_the_drug_table(drug: str) -> None:
    found = match_drug(drug)
    assert found.exact and found.generic == drug


@pytest.mark.parametrize("drug_class", CLASSES)
def test_a_class_named_by_a_rule_has_drugs_in_the_table(drug_class: str) -> None:
    assert any(drug_class in entry.classes for entry in drug_table().entries)


@pytest.mark.parametrize(
    ("typed", "generic"),
    [("Krystexxa", "pegloticase"), ("Macrobid", "nitrofurantoin"), ("Toprol-XL", "metoprolol")],
)
def test_their_brands_are_known_too(typed: str, generic: str) -> None:
    assert match_drug(typed).generic == generic
