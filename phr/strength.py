"""How strong a passphrase looks: shared by the welcome window and `phr init`.

Strength is a hint, not a gate: the core refuses only an empty passphrase, because a person
may have good reasons (and a password manager) we cannot see. The hint is deliberately simple
(length and character classes): it nudges toward long passphrases without pretending to be
an entropy estimate.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Strength(enum.Enum):
    WEAK = "weak"
    FAIR = "fair"
    STRONG = "strong"


@dataclass(frozen=True)
class StrengthHint:
    strength: Strength
    text: str


def character_classes(passphrase: str) -> int:
    """How many of: lower case, upper case, digits, anything else (spaces, symbols)."""
    return sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )


def assess(passphrase: str) -> StrengthHint:
    length = len(passphrase)
    classes = character_classes(passphrase)
    if length == 0:
        return StrengthHint(Strength.WEAK, "Strength: weak. Type a passphrase.")
    if length < 8 or len(set(passphrase)) < 4:
        return StrengthHint(
            Strength.WEAK, "Strength: weak. Use at least 12 characters, or several words."
        )
    if length >= 20 or (length >= 16 and classes >= 2):
        return StrengthHint(Strength.STRONG, "Strength: strong.")
    if length >= 12 or classes >= 3:
        return StrengthHint(
            Strength.FAIR, "Strength: fair. A few more words would make it much stronger."
        )
    return StrengthHint(
        Strength.WEAK, "Strength: weak. Longer is better: try four or more unrelated words."
    )
