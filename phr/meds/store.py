"""The medication list in the vault: add, edit, stop, remove, list.

Matching and storing are separate on purpose. `add_medication` stores the matched generic only
when the match is exact; a fuzzy suggestion ("simvastatine" -> simvastatin?) is stored only
after the person confirms it, which the caller expresses by passing `generic=` explicitly.
Drug classes are not stored: they are looked up from the bundled name table when read, so a
newer table re-classifies old entries without a migration.
"""

from __future__ import annotations

import enum
import logging
import re
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from phr.errors import InvalidValue, NotFound
from phr.meds.model import CurrentMedication
from phr.meds.names import DrugMatch, drug_table, match_drug, normalise
from phr.progress import Changes
from phr.vault import Vault

log = logging.getLogger(__name__)

_COLUMNS = "id, name, generic, dose, unit, frequency, started_on, stopped_on, reason, created_at"
_DOSE = re.compile(r"^\s*(\d+(?:[.,]\d+)?(?:\s*-\s*\d+(?:[.,]\d+)?)?)\s*([a-zA-Zµ%/ ]*?)\s*$")
_DOSE_IN_NAME = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(mg|mcg|µg|ug|g|ml|iu|units?|micrograms?)\b", re.IGNORECASE
)
MAX_TEXT = 200


class Auto(enum.Enum):
    """Sentinels: MATCH = "use the name table"; KEEP = "leave this field as it is"."""

    MATCH = "match"
    KEEP = "keep"


@dataclass(frozen=True)
class Medication:
    """One row of the medication list, stopped or not."""

    id: int
    name: str
    generic: str | None
    classes: frozenset[str]
    dose: str | None
    unit: str | None
    frequency: str | None
    started_on: date | None
    stopped_on: date | None
    reason: str | None
    created_at: str

    def is_current(self, today: date) -> bool:
        return self.stopped_on is None or self.stopped_on > today

    def status_text(self, today: date) -> str:
        """'taking', 'taking (until DATE)' for a planned stop, or 'stopped DATE'."""
        if self.stopped_on is None:
            return "taking"
        if self.is_current(today):
            return f"taking (until {self.stopped_on})"
        return f"stopped {self.stopped_on}"

    def as_json(self, today: date | None = None) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "generic": self.generic,
            "classes": sorted(self.classes),
            "dose": self.dose,
            "unit": self.unit,
            "frequency": self.frequency,
            "started_on": self.started_on.isoformat() if self.started_on else None,
            "stopped_on": self.stopped_on.isoformat() if self.stopped_on else None,
            "reason": self.reason,
            "current": self.is_current(today or date.today()),
        }


@dataclass(frozen=True)
class MedicationAdded(Changes):
    """`Changes(meds=True)` that also carries the new row's id."""

    id: int = 0


def split_dose(text: str | None) -> tuple[str | None, str | None]:
    """'75mg' -> ('75', 'mg'); '1-2 tablets' -> ('1-2', 'tablets'); other text is kept whole."""
    if text is None or not text.strip():
        return None, None
    found = _DOSE.match(text)
    if not found:
        return _clean(text, "dose"), None
    return found[1].replace(",", ".").replace(" ", ""), (found[2].strip() or None)


def _dose_from_name(name: str) -> tuple[str | None, str | None]:
    found = _DOSE_IN_NAME.search(name)
    return (found[1].replace(",", "."), found[2].lower()) if found else (None, None)


def _clean(text: str | None, field: str) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    if len(text) > MAX_TEXT:
        raise InvalidValue(f"The {field} is too long (at most {MAX_TEXT} characters).")
    return text or None


def _check_generic(generic: str | None) -> str | None:
    if generic is None:
        return None
    generic = generic.strip().lower()
    if generic not in drug_table().by_generic:
        raise InvalidValue(
            "That generic name is not in PHR's drug table; leave it empty to keep the "
            "medicine as typed."
        )
    return generic


def _check_dates(started_on: date | None, stopped_on: date | None) -> None:
    if started_on and stopped_on and stopped_on < started_on:
        raise InvalidValue("A medicine cannot be stopped before the date it was started.")


def _row_to_medication(row: tuple[Any, ...]) -> Medication:
    table = drug_table()
    mid, name, generic, dose, unit, frequency, started, stopped, reason, created = row
    return Medication(
        id=mid,
        name=name,
        generic=generic,
        classes=table.classes_of(generic),
        dose=dose,
        unit=unit,
        frequency=frequency,
        started_on=date.fromisoformat(started) if started else None,
        stopped_on=date.fromisoformat(stopped) if stopped else None,
        reason=reason,
        created_at=created,
    )


# -- reading ----------------------------------------------------------------------------------


def list_medications(vault: Vault, *, include_stopped: bool = True) -> list[Medication]:
    """The whole list: medicines not stopped first, each group in the order they were added."""
    rows = vault.query(f"SELECT {_COLUMNS} FROM medications")
    meds = [_row_to_medication(r) for r in rows]
    if not include_stopped:
        today = date.today()
        meds = [m for m in meds if m.is_current(today)]
    return sorted(meds, key=lambda m: (m.stopped_on is not None, m.id))


def get_medication(vault: Vault, med_id: int) -> Medication:
    rows = vault.query(f"SELECT {_COLUMNS} FROM medications WHERE id = ?", (med_id,))
    if not rows:
        raise NotFound(f"There is no medicine with id {med_id}.")
    return _row_to_medication(rows[0])


def current_medications(vault: Vault, *, today: date | None = None) -> list[CurrentMedication]:
    """What the rules engine reads: medicines not stopped as of `today`.

    A stop date in the future means the person still takes it; a start date in the future is
    included too (a planned medicine is exactly when a gene-drug note helps most).
    """
    today = today or date.today()
    return [
        CurrentMedication(id=m.id, name=m.name, generic=m.generic, classes=m.classes)
        for m in list_medications(vault)
        if m.is_current(today)
    ]


# -- writing ----------------------------------------------------------------------------------


def add_medication(
    vault: Vault,
    name: str,
    *,
    dose: str | None = None,
    unit: str | None = None,
    frequency: str | None = None,
    started_on: date | None = None,
    stopped_on: date | None = None,
    reason: str | None = None,
    generic: str | Auto | None = Auto.MATCH,
) -> MedicationAdded:
    """Add a medicine. With `generic=Auto.MATCH` only an exact name-table match is stored;
    pass the confirmed generic (or None for "keep as typed") after a fuzzy suggestion."""
    clean_name = _clean(name, "medicine name")
    if not clean_name:
        raise InvalidValue("A medicine needs a name.")
    if isinstance(generic, Auto):
        found = match_drug(clean_name)
        chosen = found.generic if found.exact else None
    else:
        chosen = _check_generic(generic)
    if dose is not None and unit is None:
        dose, unit = split_dose(dose)
    elif dose is None and unit is None:
        dose, unit = _dose_from_name(clean_name)
    _check_dates(started_on, stopped_on)
    with vault.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO medications (name, generic, dose, unit, frequency, started_on,"
            " stopped_on, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                clean_name,
                chosen,
                _clean(dose, "dose"),
                _clean(unit, "unit"),
                _clean(frequency, "frequency"),
                started_on.isoformat() if started_on else None,
                stopped_on.isoformat() if stopped_on else None,
                _clean(reason, "reason"),
                time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            ),
        )
        new_id = cursor.lastrowid
    assert new_id is not None
    log.info("medication added id=%d matched=%s", new_id, chosen is not None)
    return MedicationAdded(meds=True, id=new_id)


def edit_medication(
    vault: Vault,
    med_id: int,
    *,
    name: str | Auto = Auto.KEEP,
    generic: str | Auto | None = Auto.KEEP,
    dose: str | Auto | None = Auto.KEEP,
    unit: str | Auto | None = Auto.KEEP,
    frequency: str | Auto | None = Auto.KEEP,
    started_on: date | Auto | None = Auto.KEEP,
    stopped_on: date | Auto | None = Auto.KEEP,
    reason: str | Auto | None = Auto.KEEP,
) -> Changes:
    """Change some fields. A new `name` is re-matched (exact only) unless `generic` is given."""
    old = get_medication(vault, med_id)
    new_name = old.name if isinstance(name, Auto) else (_clean(name, "medicine name") or "")
    if not new_name:
        raise InvalidValue("A medicine needs a name.")
    if isinstance(generic, Auto):
        rematch = generic is Auto.MATCH or new_name != old.name
        found = match_drug(new_name) if rematch else None
        new_generic = (found.generic if found.exact else None) if found else old.generic
    else:
        new_generic = _check_generic(generic)

    def pick(value: Any, current: Any) -> Any:
        return current if value is Auto.KEEP else value

    new_start = pick(started_on, old.started_on)
    new_stop = pick(stopped_on, old.stopped_on)
    _check_dates(new_start, new_stop)
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE medications SET name = ?, generic = ?, dose = ?, unit = ?, frequency = ?,"
            " started_on = ?, stopped_on = ?, reason = ? WHERE id = ?",
            (
                new_name,
                new_generic,
                _clean(pick(dose, old.dose), "dose"),
                _clean(pick(unit, old.unit), "unit"),
                _clean(pick(frequency, old.frequency), "frequency"),
                new_start.isoformat() if new_start else None,
                new_stop.isoformat() if new_stop else None,
                _clean(pick(reason, old.reason), "reason"),
                med_id,
            ),
        )
    log.info("medication edited id=%d", med_id)
    return Changes(meds=True)


def stop_medication(vault: Vault, med_id: int, on: date | None = None) -> Changes:
    """Mark a medicine stopped on `on` (default today); it stays in the list as history."""
    return edit_medication(vault, med_id, stopped_on=on or date.today())


def remove_medication(vault: Vault, med_id: int) -> Changes:
    """Delete a medicine entirely (for mistakes; `stop_medication` keeps history)."""
    with vault.transaction() as conn:
        deleted = conn.execute("DELETE FROM medications WHERE id = ?", (med_id,)).rowcount
    if not deleted:
        raise NotFound(f"There is no medicine with id {med_id}.")
    log.info("medication removed id=%d", med_id)
    return Changes(meds=True)


# -- accepted suggestions and duplicates ------------------------------------------------------


@dataclass(frozen=True)
class AcceptedName:
    """What to store once the person accepts "Did you mean warfarin?" for "warfrin 5mg"."""

    name: str  # the drug table's spelling, so lists and reports never repeat the typo
    reason: str | None  # the person's reason, with the text they typed kept as a note
    dose: str | None  # a dose written inside the typed name ("5mg"), kept rather than lost


def accept_suggestion(typed: str, found: DrugMatch, reason: str | None = None) -> AcceptedName:
    """Replace a misspelt name by the matched one; the typed text survives in the reason.

    Keeping what was typed matters when the match was wrong: the person (or their doctor)
    can still see what they meant. A dose inside the typed name is carried over because the
    matched name no longer contains it.
    """
    if found.generic is None:
        raise InvalidValue("There is no suggestion to accept for that name.")
    typed_clean = " ".join(typed.split())
    name = found.matched_name or found.generic
    dose, unit = _dose_from_name(typed_clean)
    typed_note = f"typed as “{typed_clean}”"
    reason_clean = " ".join((reason or "").split())
    full_reason = f"{reason_clean} ({typed_note})" if reason_clean else typed_note.capitalize()
    return AcceptedName(
        name=name,
        reason=full_reason,
        dose=f"{dose}{unit}" if dose and unit else None,
    )


def same_drug(
    vault: Vault, name: str, generic: str | None, *, ignore_id: int | None = None
) -> list[Medication]:
    """Medicines still being taken that are the same drug as `name`/`generic`.

    Same drug means the same matched generic (Zocor and simvastatin), or the same name as
    typed when neither is recognised. Callers ask before adding a second one: taking a drug
    twice under two names is a real and dangerous mistake, but a deliberate second entry
    (two strengths) is allowed after confirming.
    """
    today = date.today()
    wanted = _name_key(name)
    found = []
    for med in list_medications(vault):
        if med.id == ignore_id or not med.is_current(today):
            continue
        if (generic is not None and med.generic == generic) or _name_key(med.name) == wanted:
            found.append(med)
    return found


def _name_key(name: str) -> str:
    """Names compared for "the same medicine": the matching spelling, or for names in other
    scripts (which `normalise` folds to nothing) the text itself without case or extra
    spaces, so 阿司匹林 and باراسيتامول never count as one drug."""
    return normalise(name) or " ".join(name.casefold().split())


def describe_duplicate(med: Medication) -> str:
    """'simvastatin is already on your list as Zocor (medicine 3)' for questions and errors."""
    drug = med.generic or med.name
    if med.generic and normalise(med.name) != normalise(med.generic):
        return f"{drug} is already on your list as {med.name} (medicine {med.id})"
    return f"{drug} is already on your list (medicine {med.id})"
