"""The person's profile: facts only the person can state, kept in the vault's settings.

Sex comes from the person (CLINICAL.md rule 8). X-linked genes (G6PD) are read with one or two
X copies according to it; the data can at most suggest a value (`GenomeRecord.sex`, which needs
hundreds of X calls), and a heterozygous X call always means two copies whatever is stated.
"Not given" is a valid answer: PHR then stops asking and reads X genes without assuming.

The prevention plan (issue 17) adds what screening and heart-risk rules need: month of birth
(a month, not a day: enough for age rules and less identifying), smoking history (status,
pack-years, quit year), diabetes, known heart or blood-vessel disease (the statin
recommendation and the PREVENT equations are for people without it), and the country whose
alcohol guideline applies. Blood-pressure
treatment and statin use can be stated, but when they are not, they are read from the current
medicine list (`bp_treatment_from_meds` / statin class): the list can tell "yes", never "no" for
sure, so an unstated answer with no matching medicine stays "not known".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

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

BORN_KEY = "profile_born"  # 'YYYY-MM'
SMOKING_KEY = "profile_smoking"  # never | former | current
PACK_YEARS_KEY = "profile_pack_years"
QUIT_YEAR_KEY = "profile_quit_year"
DIABETES_KEY = "profile_diabetes"  # yes | no
BP_TREATMENT_KEY = "profile_bp_treatment"  # yes | no (stated); unset = read the medicine list
STATIN_KEY = "profile_statin"  # yes | no (stated); unset = read the medicine list
COUNTRY_KEY = "profile_country"  # ISO 3166-1 alpha-2, for the alcohol guideline
HEART_DISEASE_KEY = "profile_heart_disease"  # yes | no: known heart or blood-vessel disease

SMOKING_CHOICES: tuple[str, ...] = ("never", "former", "current")
_BORN = re.compile(r"^(\d{4})-(\d{2})$")
_YES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False}
EARLIEST_BIRTH_YEAR = 1900
MAX_PACK_YEARS = 300.0


@dataclass(frozen=True)
class Profile:
    sex_answer: str | None  # one of SEX_CHOICES, or None if never asked
    born: tuple[int, int] | None = None  # (year, month)
    smoking: str | None = None  # SMOKING_CHOICES or None (not stated)
    pack_years: float | None = None
    quit_year: int | None = None
    diabetes: bool | None = None
    bp_treatment_stated: bool | None = None
    statin_stated: bool | None = None
    country: str | None = None
    heart_disease: bool | None = None  # heart attack, stent, bypass, stroke, peripheral disease

    @property
    def sex(self) -> str | None:
        """'female' or 'male' when the person said so; None otherwise."""
        return self.sex_answer if self.sex_answer in ("female", "male") else None

    @property
    def sex_asked(self) -> bool:
        return self.sex_answer is not None

    def age_on(self, day: date) -> int | None:
        """Whole years on `day`, counting the birthday as the 1st of the birth month (only the
        month is kept, so the person turns N on the first day of that month)."""
        if self.born is None:
            return None
        year, month = self.born
        return day.year - year - (1 if day.month < month else 0)

    def as_json(self) -> dict[str, object]:
        """The `phr profile --json` contract (keys are stable; None means not stated)."""
        return {
            "sex": self.sex_answer,
            "born": None if self.born is None else f"{self.born[0]:04d}-{self.born[1]:02d}",
            "smoking": self.smoking,
            "pack_years": self.pack_years,
            "quit_year": self.quit_year,
            "diabetes": self.diabetes,
            "bp_treatment": self.bp_treatment_stated,
            "statin": self.statin_stated,
            "country": self.country,
            "heart_disease": self.heart_disease,
        }


def get_profile(vault: Vault) -> Profile:
    answer = vault.get_setting(SEX_KEY)
    return Profile(
        sex_answer=answer if answer in SEX_CHOICES else None,
        born=_stored_born(vault.get_setting(BORN_KEY)),
        smoking=_choice(vault.get_setting(SMOKING_KEY), SMOKING_CHOICES),
        pack_years=_stored_float(vault.get_setting(PACK_YEARS_KEY)),
        quit_year=_stored_int(vault.get_setting(QUIT_YEAR_KEY)),
        diabetes=_stored_bool(vault.get_setting(DIABETES_KEY)),
        bp_treatment_stated=_stored_bool(vault.get_setting(BP_TREATMENT_KEY)),
        statin_stated=_stored_bool(vault.get_setting(STATIN_KEY)),
        country=vault.get_setting(COUNTRY_KEY),
        heart_disease=_stored_bool(vault.get_setting(HEART_DISEASE_KEY)),
    )


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


# -- prevention-plan answers --------------------------------------------------------------------


def parse_born(text: str, *, today: date | None = None) -> tuple[int, int]:
    """'1971-04' -> (1971, 4). Refuses a day (kept to the month on purpose) and the future."""
    today = today or date.today()
    found = _BORN.match(text.strip())
    if not found:
        raise InvalidValue("Write the month of birth as YYYY-MM, for example 1971-04.")
    year, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12:
        raise InvalidValue("The month of birth must be between 01 and 12.")
    if year < EARLIEST_BIRTH_YEAR or (year, month) > (today.year, today.month):
        raise InvalidValue(
            f"The month of birth must lie between {EARLIEST_BIRTH_YEAR} and this month."
        )
    return year, month


def parse_yes_no(text: str, what: str) -> bool:
    word = text.strip().lower()
    if word not in _YES:
        raise InvalidValue(f"{what} must be yes or no.")
    return _YES[word]


def parse_country(text: str) -> str:
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise InvalidValue("Give the country as a two-letter code, for example US, GB or DE.")
    return code


@dataclass(frozen=True)
class ProfileUpdate:
    """Answers to change; a field left None is left as it is."""

    sex: str | None = None
    born: str | None = None
    smoking: str | None = None
    pack_years: str | None = None
    quit_year: str | None = None
    diabetes: str | None = None
    bp_treatment: str | None = None  # yes | no | auto (auto = read the medicine list)
    statin: str | None = None  # yes | no | auto
    country: str | None = None
    heart_disease: str | None = None  # yes | no


def update_profile(vault: Vault, update: ProfileUpdate, *, today: date | None = None) -> Changes:
    """Check every answer first, then write them all in one transaction: a bad answer changes
    nothing. The combined history must make sense (a quit year only for former smokers, not
    in the future, not before birth)."""
    today = today or date.today()
    current = get_profile(vault)
    values: dict[str, str | None] = {}
    if update.sex is not None:
        values[SEX_KEY] = normalize_sex(update.sex)
    born = current.born
    if update.born is not None:
        born = parse_born(update.born, today=today)
        values[BORN_KEY] = f"{born[0]:04d}-{born[1]:02d}"
    smoking = current.smoking
    if update.smoking is not None:
        smoking = update.smoking.strip().lower()
        if smoking not in SMOKING_CHOICES:
            raise InvalidValue("Smoking must be never, former or current.")
        values[SMOKING_KEY] = smoking
        if smoking == "never":
            values[PACK_YEARS_KEY] = None
            values[QUIT_YEAR_KEY] = None
        if smoking == "current":
            values[QUIT_YEAR_KEY] = None
    if update.pack_years is not None:
        pack_years = _parse_pack_years(update.pack_years)
        if smoking == "never" and pack_years > 0:
            raise InvalidValue("Pack-years are only for people who smoke or used to smoke.")
        values[PACK_YEARS_KEY] = f"{pack_years:g}"
    if update.quit_year is not None:
        if smoking != "former":
            raise InvalidValue("A quit year needs --smoking former.")
        values[QUIT_YEAR_KEY] = str(_parse_quit_year(update.quit_year, born, today))
    for key, text, what in (
        (DIABETES_KEY, update.diabetes, "Diabetes"),
        (BP_TREATMENT_KEY, update.bp_treatment, "Blood-pressure treatment"),
        (STATIN_KEY, update.statin, "Statin"),
        (HEART_DISEASE_KEY, update.heart_disease, "Heart disease"),
    ):
        if text is None:
            continue
        if text.strip().lower() == "auto" and key in (BP_TREATMENT_KEY, STATIN_KEY):
            values[key] = None
        else:
            values[key] = "yes" if parse_yes_no(text, what) else "no"
    if update.country is not None:
        values[COUNTRY_KEY] = parse_country(update.country)
    if not values:
        raise InvalidValue("Nothing to change: give at least one answer.")
    with vault.transaction() as conn:
        for key, value in values.items():
            if value is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
    log.info("profile settings changed: %d", len(values))
    return Changes(settings=True)


def _parse_pack_years(text: str) -> float:
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        raise InvalidValue(
            "Pack-years must be a number (packs a day times years smoked)."
        ) from None
    if not 0 <= number <= MAX_PACK_YEARS:
        raise InvalidValue(f"Pack-years must lie between 0 and {MAX_PACK_YEARS:g}.")
    return number


def _parse_quit_year(text: str, born: tuple[int, int] | None, today: date) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise InvalidValue("Write the quit year as YYYY, for example 2012.")
    year = int(text.strip())
    earliest = born[0] if born else EARLIEST_BIRTH_YEAR
    if not earliest <= year <= today.year:
        raise InvalidValue("The quit year must lie between your birth year and this year.")
    return year


def _choice(value: str | None, choices: tuple[str, ...]) -> str | None:
    return value if value in choices else None


def _stored_born(value: str | None) -> tuple[int, int] | None:
    found = _BORN.match(value or "")
    return (int(found[1]), int(found[2])) if found else None


def _stored_float(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


def _stored_int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _stored_bool(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")
