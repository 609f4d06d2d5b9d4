"""What a vault holds, in the terms a person cares about: genomes, medicines, readings, backup.

`phr info` leads with this (the table counts are for `--details`). Plain SQL over the vault's
own tables so it costs no heavy import: `phr info` must answer in well under a second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from phr.vault import Vault
from phr.vault.maintenance import LAST_BACKUP_SETTING


@dataclass(frozen=True)
class ActiveGenome:
    vendor: str
    format_version: str | None
    coverage: str
    imported_at: str


@dataclass(frozen=True)
class Holdings:
    genomes: int
    active_genome: ActiveGenome | None
    medicines_current: int
    medicines_stopped: int
    readings: int
    reading_kinds: int
    first_reading: str | None  # ISO date (UTC)
    last_reading: str | None
    last_backup: str | None  # ISO 8601 UTC, None if never backed up since this was recorded
    clinical_results: int = 0  # results from clinical tests (`phr results`)


def holdings(vault: Vault, today: dt.date | None = None) -> Holdings:
    today = today or dt.date.today()
    row = vault.query(
        "SELECT vendor, format_version, coverage, imported_at FROM genomes WHERE active = 1"
    )
    active = ActiveGenome(*row[0]) if row else None
    stopped = int(
        vault.scalar(
            "SELECT count(*) FROM medications WHERE stopped_on IS NOT NULL AND stopped_on <= ?",
            (today.isoformat(),),
        )
    )
    first, last, kinds, readings = vault.query(
        "SELECT min(at_utc), max(at_utc), count(DISTINCT kind), count(*) FROM log_entries"
    )[0]
    return Holdings(
        genomes=int(vault.scalar("SELECT count(*) FROM genomes")),
        active_genome=active,
        medicines_current=int(vault.scalar("SELECT count(*) FROM medications")) - stopped,
        medicines_stopped=stopped,
        readings=int(readings),
        reading_kinds=int(kinds),
        first_reading=first[:10] if first else None,
        last_reading=last[:10] if last else None,
        last_backup=vault.get_setting(LAST_BACKUP_SETTING),
        clinical_results=int(vault.scalar("SELECT count(*) FROM clinical_results")),
    )
