"""Numbered schema migrations: `NNNN_name.sql` files applied in order, one transaction each.

`PRAGMA user_version` records the last applied number. A migration file, once released, never
changes; a schema change is a new file. Numbers are handed out ahead of time to work done side
by side, so a branch may hold 0007 before 0005 and 0006 have landed: the loader accepts gaps
(strictly increasing, unique numbers) and the latest version is the highest number. Released
builds hold every number from 1 (the test asserts it only when no number is missing on
purpose). `tests/vault/test_migrations.py` builds a vault at every
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
    if not versions or versions[0] != 1 or len(set(versions)) != len(versions):
        raise RuntimeError(f"schema migrations must start at 1 and be unique: {versions}")
    return tuple(found)


def latest_version() -> int:
    return all_migrations()[-1].version
