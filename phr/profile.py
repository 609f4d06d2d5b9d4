"""The person's profile: facts only the person can state, kept in the vault's settings.

Sex comes from the person (CLINICAL.md rule 8). X-linked genes (G6PD) are read with one or two
X copies according to it; the data can at most suggest a value (`GenomeRecord.sex`, which needs
hundreds of X calls), and a heterozygous X call always means two copies whatever is stated.
"Not given" is a valid answer: PHR then stops asking and reads X genes without assuming.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from phr.errors import InvalidValue
from phr.progress import Changes
from phr.vault import Vault

log = logging.getLogger(__name__)

SEX_KEY = "profile_sex"
SEX_CHOICES: tuple[str, ...] = ("female", "male", "not_given")
SEX_WORDS = {"female": "female", "male": "male", "not_given": "not given", None: "not asked yet"}
SEX_REASON = (
    "Some medicine results depend on the X chromosome (the G6PD gene): women have two copies "
    "and men one, and a variant on one copy means different things for each. Your DNA file "
    "cannot always tell, so PHR asks. You can choose not to say; PHR then tells you what it "
    "cannot work out."
)


@dataclass(frozen=True)
class Profile:
    sex_answer: str | None  # one of SEX_CHOICES, or None if never asked

    @property
    def sex(self) -> str | None:
        """'female' or 'male' when the person said so; None otherwise."""
        return self.sex_answer if self.sex_answer in ("female", "male") else None

    @property
    def sex_asked(self) -> bool:
        return self.sex_answer is not None

    def as_json(self) -> dict[str, object]:
        """The `phr profile --json` contract."""
        return {"sex": self.sex_answer}


def get_profile(vault: Vault) -> Profile:
    answer = vault.get_setting(SEX_KEY)
    return Profile(sex_answer=answer if answer in SEX_CHOICES else None)


def normalize_sex(text: str) -> str:
    """'F', 'Female', 'not-given', 'none' -> a SEX_CHOICES value; InvalidValue otherwise."""
    word = text.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {
        "f": "female",
        "woman": "female",
        "m": "male",
        "man": "male",
        "none": "not_given",
        "unknown": "not_given",
        "prefer_not_to_say": "not_given",
    }
    word = aliases.get(word, word)
    if word not in SEX_CHOICES:
        raise InvalidValue(f"Sex must be female, male or not-given (got {text.strip()!r}).")
    return word


def set_sex(vault: Vault, answer: str | None) -> Changes:
    """Record the person's answer (None forgets it, so PHR asks again)."""
    value = None if answer is None else normalize_sex(answer)
    vault.set_setting(SEX_KEY, value)
    log.info("profile setting changed")
    return Changes(settings=True)
