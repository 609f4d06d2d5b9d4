"""Every actionable outcome carries a one-line action for a prescriber (the doctor's report
shows it instead of the patient-addressed `discuss`)."""

from __future__ import annotations

import re

from phr.rules.model import NoteStatus
from phr.rules.ruleset import load_rule_set

_PATIENT_WORDS = re.compile(r"\b(you|your|yours)\b", re.IGNORECASE)


def test_every_actionable_outcome_has_a_clinician_action() -> None:
    rule_set = load_rule_set()
    missing = [
        f"{note.id}[{index}]"
        for note in rule_set.notes
        for index, outcome in enumerate(note.outcomes)
        if outcome.status == NoteStatus.ACTIONABLE and not outcome.action
    ]
    assert missing == []


def test_clinician_actions_do_not_address_the_patient_and_fit_one_line() -> None:
    for note in load_rule_set().notes:
        for outcome in note.outcomes:
            if outcome.action is None:
                continue
            assert not _PATIENT_WORDS.search(outcome.action), note.id
            assert len(outcome.action) <= 140, note.id
            assert outcome.action.endswith("."), note.id
