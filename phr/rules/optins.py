"""Opt-ins for sensitive results (APOE, BRCA), stored in the vault's settings table.

A sensitive note is absent from every output (CLI, UI, reports) until its topic is switched
on here; switching it off hides it again. The keys are `optin_apoe` and `optin_brca`.
"""

from __future__ import annotations

import logging

from phr.errors import InvalidValue
from phr.progress import Changes
from phr.vault import Vault

log = logging.getLogger(__name__)

TOPICS: tuple[str, ...] = ("apoe", "brca")


def _key(topic: str) -> str:
    return f"optin_{topic}"


def get_optins(vault: Vault) -> set[str]:
    return {t for t in TOPICS if vault.get_setting(_key(t)) == "1"}


def set_optin(vault: Vault, topic: str, on: bool) -> Changes:
    if topic not in TOPICS:
        raise InvalidValue(f"Unknown opt-in topic {topic!r}; choose one of: {', '.join(TOPICS)}.")
    vault.set_setting(_key(topic), "1" if on else None)
    log.info("optin setting changed")
    return Changes(settings=True)
