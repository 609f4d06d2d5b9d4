"""Screening history: which preventive tests the person had, and when.

The plan reads only the latest date per kind. Dates are whole days the person states (a test
result letter rarely gives a time); a date in the future, before 1900 or before the person's
month of birth (when the profile has it) is refused, as is a kind PHR does not know, and nothing
is written then. The app's screening dialog calls the same functions, so both say the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime

from phr.errors import InvalidValue, NotFound
from phr.profile import get_profile
from phr.progress import Changes
from phr.vault import Vault

log = logging.getLogger(__name__)

# kind -> plain words. The ids are the `phr screening add KIND` contract (issue 17).
SCREENING_KINDS: dict[str, str] = {
    "colonoscopy": "colonoscopy",
    "stool_test": "stool test (FIT or stool DNA)",
    "sigmoidoscopy": "flexible sigmoidoscopy",
    "mammogram": "mammogram",
    "cervical_cytology": "cervical cytology (Pap test)",
    "hpv_test": "HPV test",
    "dexa": "bone density scan (DEXA)",
    "aaa_ultrasound": "abdominal aortic aneurysm ultrasound",
    "low_dose_ct": "low-dose CT of the chest",
    "hcv_test": "hepatitis C test",
    "hiv_test": "HIV test",
}
EARLIEST = date(1900, 1, 1)
MAX_NOTE = 300


@dataclass(frozen=True)
class Screening:
    id: int
    kind: str
    done_on: date
    note: str | None

    @property
    def label(self) -> str:
        return SCREENING_KINDS.get(self.kind, self.kind)

    def as_json(self) -> dict[str, object]:
        """One element of `phr screening list --json`."""
        return {
            "id": self.id,
            "kind": self.kind,
            "date": self.done_on.isoformat(),
            "note": self.note,
        }


def screening_kind(text: str) -> str:
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in SCREENING_KINDS:
        raise InvalidValue(
            f"'{text.strip()[:40]}' is not a screening PHR knows; use one of: "
            + ", ".join(SCREENING_KINDS)
            + "."
        )
    return key


def parse_done_on(text: str, *, today: date | None = None) -> date:
    today = today or date.today()
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(
            "Write the screening date as YYYY-MM-DD, for example 2016-05-20."
        ) from None
    if not EARLIEST <= day <= today:
        raise InvalidValue("The screening date must lie between 1900 and today.")
    return day


def add_screening(
    vault: Vault,
    kind: str,
    done_on: str | date,
    *,
    note: str | None = None,
    today: date | None = None,
) -> Changes:
    """Record one test; the same kind on the same day again is refused (it is already there)."""
    key = screening_kind(kind)
    day = done_on if isinstance(done_on, date) else parse_done_on(done_on, today=today)
    if isinstance(done_on, date) and not EARLIEST <= day <= (today or date.today()):
        raise InvalidValue("The screening date must lie between 1900 and today.")
    if note is not None:
        note = " ".join(note.split())[:MAX_NOTE] or None
    born = get_profile(vault).born
    if born is not None and day < date(born[0], born[1], 1):
        raise InvalidValue("The screening date is before your month of birth.")
    with vault.transaction() as conn:
        exists = conn.execute(
            "SELECT 1 FROM screenings WHERE kind = ? AND done_on = ?", (key, day.isoformat())
        ).fetchone()
        if exists:
            raise InvalidValue(f"A {SCREENING_KINDS[key]} on that day is already recorded.")
        conn.execute(
            "INSERT INTO screenings (kind, done_on, note, created_at) VALUES (?, ?, ?, ?)",
            (key, day.isoformat(), note, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
        )
    log.info("screening added kind=%s", key)
    return Changes(logs=True)


def list_screenings(vault: Vault) -> list[Screening]:
    """Newest first."""
    rows = vault.query(
        "SELECT id, kind, done_on, note FROM screenings ORDER BY done_on DESC, id DESC"
    )
    found = []
    for sid, kind, done_on, note in rows:
        try:
            found.append(Screening(int(sid), str(kind), date.fromisoformat(done_on), note))
        except (TypeError, ValueError):
            continue  # an unreadable date cannot count as a screening
    return found


def remove_screening(vault: Vault, screening_id: int) -> Changes:
    with vault.transaction() as conn:
        deleted = conn.execute("DELETE FROM screenings WHERE id = ?", (screening_id,)).rowcount
    if not deleted:
        raise NotFound(f"There is no screening with id {screening_id}.")
    return Changes(logs=True)


def latest_by_kind(screenings: list[Screening]) -> dict[str, date]:
    latest: dict[str, date] = {}
    for s in screenings:
        if s.kind not in latest or s.done_on > latest[s.kind]:
            latest[s.kind] = s.done_on
    return latest
