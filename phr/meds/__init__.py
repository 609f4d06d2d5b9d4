"""The person's medication list and brand/generic name matching.

Public API (other parts of PHR call these):
- `current_medications(vault, *, today=None) -> list[CurrentMedication]` for the rules engine;
- `list_medications`, `get_medication`, `add_medication`, `edit_medication`,
  `stop_medication`, `remove_medication` (mutations return `Changes(meds=True)`);
- `match_drug(text) -> DrugMatch`; `accept_suggestion` (store the matched name, keep the
  typed text as a note) and `same_drug` (ask before listing a drug twice).
"""

from phr.meds.model import DRUG_CLASSES, CurrentMedication
from phr.meds.names import DrugMatch, known_generics, match_drug
from phr.meds.store import (
    AcceptedName,
    Auto,
    Medication,
    MedicationAdded,
    accept_suggestion,
    add_medication,
    current_medications,
    describe_duplicate,
    edit_medication,
    get_medication,
    list_medications,
    remove_medication,
    same_drug,
    split_dose,
    stop_medication,
)

__all__ = [
    "DRUG_CLASSES",
    "AcceptedName",
    "Auto",
    "CurrentMedication",
    "DrugMatch",
    "Medication",
    "MedicationAdded",
    "accept_suggestion",
    "add_medication",
    "current_medications",
    "describe_duplicate",
    "edit_medication",
    "get_medication",
    "known_generics",
    "list_medications",
    "match_drug",
    "remove_medication",
    "same_drug",
    "split_dose",
    "stop_medication",
]
