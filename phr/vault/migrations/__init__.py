"""Numbered schema migrations: `NNNN_name.sql` files applied in order, one transaction each.

`PRAGMA user_version` records the last applied number. A migration file, once released, never
changes; a schema change is a new file. `tests/vault/test_migrations.py` builds a vault at every
earlier version and upgrades it.
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
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"schema migrations are not numbered 1..n: {versions}")
    return tuple(found)


def latest_version() -> int:
    return len(all_migrations())
