"""What the rules engine needs to know about the medicines a person takes.

Drug classes are a small fixed vocabulary shared by the name table (resources/drugs) and the
combination rules (resources/rules): a rule says "estrogen", the name table says which
products contain one.
"""

from __future__ import annotations

from dataclasses import dataclass

DRUG_CLASSES: frozenset[str] = frozenset(
    {
        "estrogen",  # estrogen-containing contraceptives and hormone therapy
        "statin",
        "ppi",
        "ssri",
        "tca",
        "thiopurine",
        "fluoropyrimidine",
        "iron",
        "antiplatelet",
        "anticoagulant",
        "nsaid",
        "opioid",
        "aminoglycoside",
    }
)


@dataclass(frozen=True)
class CurrentMedication:
    """A medicine the person is taking now (not stopped)."""

    id: int
    name: str  # as typed
    generic: str | None  # lower-case generic name the rule sets use, None if unknown
    classes: frozenset[str] = frozenset()
