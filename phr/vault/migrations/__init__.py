"""Numbered schema migrations: `NNNN_name.sql` files applied in order, one transaction each.

`PRAGMA user_version` records the last applied number. A migration file, once released, never
changes; a schema change is a new file. Numbers run from 1 without gaps: a vault stamped with
version N must have had every step up to N, so a missing number is refused rather than
skipped (a branch that lands 0007 before 0006 would otherwise leave later vaults without 0006).
`tests/vault/test_migrations.py` builds a vault at every earlier version and upgrades it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@cache
def all_migrations() -> tuple[Migration, ...]:
    found: list[Migration] = []
    for entry in resources.files(__package__).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(
            f"schema migrations must be numbered 1, 2, 3... without gaps: {versions}"
        )
    return tuple(found)


def latest_version() -> int:
    return all_migrations()[-1].version
