"""Where the medication list and lifestyle facts for `interpret` come from.

The CLI and UI call `gather_inputs(vault)` once and pass the result to `interpret`, so the
rules engine itself never reads medication or log tables. This is the single place to wire
`phr.meds` and `phr.lifestyle` in: until those parts exist it returns no medicines and unknown
lifestyle facts (rules then treat every medicine as "not on your list" and every fact as unknown).
"""

from __future__ import annotations

from collections.abc import Sequence

from phr.lifestyle.facts import LifestyleFacts
from phr.meds.model import CurrentMedication
from phr.vault import Vault


def gather_inputs(vault: Vault) -> tuple[Sequence[CurrentMedication], LifestyleFacts | None]:
    """(current medications, lifestyle facts) for the person in `vault`."""
    return (), None
