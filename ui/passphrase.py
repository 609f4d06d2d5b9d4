"""Passphrase rules for the create-vault form, as plain Python (tested without Qt).

The core refuses only an empty passphrase; strength is a hint, not a gate, because a person
may have good reasons (and a password manager) we cannot see. The hint is deliberately simple
(length and character classes): it nudges toward long passphrases without pretending to be
an entropy estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from phr.strength import Strength, StrengthHint, assess, character_classes

__all__ = [
    "CreateVaultForm",
    "Strength",
    "StrengthHint",
    "assess",
    "character_classes",
    "passphrase_problem",
]


def passphrase_problem(first: str, second: str) -> str | None:
    """Why these two entries cannot become a vault passphrase, or None if they can."""
    if not first:
        return "Please choose a passphrase."
    if "\x00" in first:
        return "A passphrase cannot contain a NUL character."
    if first != second:
        return "The two passphrases do not match."
    return None


@dataclass
class CreateVaultForm:
    """The state of the create-vault form; the widget only mirrors `problem()`."""

    path: str = ""
    first: str = ""
    second: str = ""
    understood_no_recovery: bool = False

    def problem(self) -> str | None:
        if not self.path.strip():
            return "Choose where to save the vault."
        if Path(self.path).expanduser().exists():
            return "A file already exists there; choose a new file name."
        problem = passphrase_problem(self.first, self.second)
        if problem:
            return problem
        if not self.understood_no_recovery:
            return "Please confirm you understand a lost passphrase cannot be recovered."
        return None

    @property
    def can_submit(self) -> bool:
        return self.problem() is None
