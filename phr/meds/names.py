"""Matching what a person types ("Plavix", "clopidogrel 75mg", "simvastatine") to a generic.

The name table is data (`resources/drugs/drug_names.yaml`, checked against its JSON schema on
first use). Matching runs in three steps, strictest first:

1. the whole text, with dose, strength and dose-form words removed, is a known generic, brand
   or alias -> exact;
2. a leading run of its words is (so "Zocor 20 mg tablets at night" still matches) -> exact;
   for a combination written "a/b" or "a + b", the first part the table knows;
3. otherwise rapidfuzz's plain edit-distance ratio against every known name; a score of at
   least `FUZZY_THRESHOLD` is a *suggestion* (`exact=False`) that the person must confirm.

Very short names (under 5 letters: "Yaz", "UFT") only ever match exactly: a fuzzy hit on three
letters is more likely a different word than a typo.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from phr.datacache import checked_documents
from phr.errors import RuleSetError
from phr.meds.model import DRUG_CLASSES

FUZZY_THRESHOLD = 85.0
_MIN_FUZZY_LENGTH = 5

# Strengths ("75mg", "0.5 mg/ml", "20 mg"), counts ("x2") and dose-form words carry no name.
_STRENGTH = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|g|ml|iu|units?|%|micrograms?|milligrams?)"
    r"(?:\s*/\s*\d*\s*(?:ml|dose|day|h|hr|hours?))?\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_FORM_WORDS = frozenset(
    [
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "capsule",
        "capsules",
        "cap",
        "caps",
        "pill",
        "pills",
        "oral",
        "solution",
        "suspension",
        "injection",
        "cream",
        "gel",
        "patch",
        "patches",
        "spray",
        "drops",
        "er",
        "xr",
        "sr",
        "xl",
        "cr",
        "mr",
        "la",
        "retard",
        "ec",
        "dr",
        "odt",
        "film",
        "coated",
        "chewable",
        "dispersible",
        "daily",
        "once",
        "twice",
        "a",
        "day",
        "at",
        "night",
        "morning",
        "evening",
        "bd",
        "od",
        "tds",
        "qds",
        "prn",
        "mg",
        "mcg",
    ]
)
_SPLIT_COMBINATION = re.compile(r"\s*(?:/|\+|\band\b|\bwith\b|,)\s*")


@dataclass(frozen=True)
class DrugEntry:
    generic: str
    classes: frozenset[str]
    names: tuple[str, ...]  # the generic, brands and aliases as written in the table
    rxnorm: str | None = None  # RxNorm ingredient RXCUI (term type IN), for FHIR coding
    rxnorm_name: str | None = None  # RxNorm's name for that concept, when it is not `generic`
    loose: frozenset[str] = frozenset()  # normalised loose aliases (they do not name an ingredient)


@dataclass(frozen=True)
class DrugMatch:
    """The answer to "which drug is this?". `generic` is None when nothing matched well."""

    generic: str | None
    score: float  # 0-100; 100 for an exact match
    exact: bool  # False means "ask the person to confirm before using it"
    classes: frozenset[str] = frozenset()
    matched_name: str | None = None  # the table name that matched ("Plavix"), for the UI

    @property
    def needs_confirmation(self) -> bool:
        return self.generic is not None and not self.exact


NO_MATCH = DrugMatch(generic=None, score=0.0, exact=False)


def normalise(text: str) -> str:
    """Lower-case, accents and punctuation folded, runs of spaces collapsed."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = folded.replace("’", "'").replace("®", " ").replace("™", " ")
    folded = re.sub(r"[^a-z0-9/+,\- ]+", " ", folded)
    return re.sub(r"\s+", " ", folded).strip(" -,")


def _name_words(text: str) -> str:
    """The part of a typed entry that can be a name: strengths, numbers and form words gone."""
    text = _STRENGTH.sub(" ", normalise(text))
    text = _NUMBER.sub(" ", text)
    words = [w for w in text.split() if w not in _FORM_WORDS]
    return " ".join(words).strip(" -,")


class DrugTable:
    """The loaded, validated name table with an index from normalised name to entry."""

    def __init__(self, entries: list[DrugEntry]) -> None:
        self.entries = entries
        self.by_generic: dict[str, DrugEntry] = {e.generic: e for e in entries}
        self.index: dict[str, DrugEntry] = {}
        for entry in entries:
            for name in entry.names:
                key = normalise(name)
                other = self.index.get(key)
                if other is not None and other.generic != entry.generic:
                    raise RuleSetError(
                        f"The drug name table lists one name under two drugs "
                        f"({other.generic}, {entry.generic}); this is a packaging bug."
                    )
                self.index[key] = entry
        # Also index names with hyphens as spaces ("co-codamol" ~ "co codamol").
        for key, entry in list(self.index.items()):
            self.index.setdefault(key.replace("-", " "), entry)
        self._fuzzy_keys = [k for k in self.index if len(k.replace(" ", "")) >= _MIN_FUZZY_LENGTH]

    def rxnorm_of(self, generic: str | None) -> str | None:
        """The drug's RxNorm ingredient code, or None (unknown drug, or not coded yet)."""
        entry = self.by_generic.get(generic) if generic else None
        return entry.rxnorm if entry else None

    def rxnorm_coding(self, generic: str | None) -> tuple[str, str] | None:
        """(code, display) for a FHIR RxNorm coding, or None when the drug has no code.

        The display is RxNorm's own name for the concept ("ethinyl estradiol"), not PHR's
        generic ("ethinylestradiol"): a coding's display belongs to the code system.
        """
        entry = self.by_generic.get(generic) if generic else None
        if entry is None or entry.rxnorm is None:
            return None
        return entry.rxnorm, entry.rxnorm_name or entry.generic

    def loosely_named(self, generic: str | None, typed: str) -> bool:
        """True when the person's words reach `generic` only through a loose alias ("iron
        tablets" -> ferrous sulfate): good enough for the class rules, but they do not say
        which ingredient it is, so an export must not claim one."""
        entry = self.by_generic.get(generic) if generic else None
        if entry is None or not entry.loose or normalise(entry.generic) in normalise(typed):
            return False
        found = match_drug(typed, self)
        return (
            found.generic == entry.generic
            and found.matched_name is not None
            and normalise(found.matched_name) in entry.loose
        )

    def classes_of(self, generic: str | None) -> frozenset[str]:
        entry = self.by_generic.get(generic) if generic else None
        return entry.classes if entry else frozenset()

    def display_name(self, key: str) -> str:
        entry = self.index[key]
        for name in entry.names:
            if normalise(name) == key or normalise(name).replace("-", " ") == key:
                return name
        return entry.generic

    def exact(self, text: str) -> DrugMatch | None:
        key = text.strip()
        if not key:
            return None
        entry = self.index.get(key) or self.index.get(key.replace("-", " "))
        if entry is None:
            return None
        return DrugMatch(entry.generic, 100.0, True, entry.classes, self.display_name(key))

    def fuzzy(self, text: str) -> DrugMatch | None:
        if len(text.replace(" ", "")) < _MIN_FUZZY_LENGTH:
            return None
        found = process.extractOne(
            text, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
        )
        if found is None:
            return None
        key, score, _ = found
        entry = self.index[key]
        return DrugMatch(entry.generic, float(score), False, entry.classes, self.display_name(key))

    def best_fuzzy_score(self, text: str) -> float:
        found = process.extractOne(text, self._fuzzy_keys, scorer=fuzz.ratio)
        return float(found[1]) if found else 0.0


def _validated_entries(document: Any) -> list[DrugEntry]:
    _check_schema(document)
    return _entries(document)


def _check_schema(document: Any) -> None:
    import jsonschema  # about 0.1 s to import: only when the checked table is not cached

    schema = json.loads(_resource_text("drug_names.schema.json"))
    try:
        jsonschema.validate(document, schema)
    except jsonschema.ValidationError as exc:
        raise RuleSetError(f"The bundled drug name table is invalid: {exc.message}.") from exc


def _entries(document: Any) -> list[DrugEntry]:
    entries = []
    seen: set[str] = set()
    for raw in document["drugs"]:
        unknown = set(raw["classes"]) - DRUG_CLASSES
        if unknown:
            raise RuleSetError(
                f"The drug name table uses unknown drug classes {sorted(unknown)}; "
                "this is a packaging bug."
            )
        if raw["generic"] in seen:
            raise RuleSetError(f"The drug name table lists {raw['generic']} twice.")
        seen.add(raw["generic"])
        loose = raw.get("loose_aliases", [])
        names = (raw["generic"], *raw.get("brands", []), *raw.get("aliases", []), *loose)
        entries.append(
            DrugEntry(
                raw["generic"],
                frozenset(raw["classes"]),
                names,
                raw.get("rxnorm"),
                raw.get("rxnorm_name"),
                frozenset(normalise(name) for name in loose),
            )
        )
    return entries


def _resource_text(name: str) -> str:
    return resources.files("resources.drugs").joinpath(name).read_text(encoding="utf-8")


@cache
def drug_table() -> DrugTable:
    """The bundled table, loaded once per process (parsed and checked once per release)."""
    texts = {name: _resource_text(name) for name in ("drug_names.yaml", "drug_names.schema.json")}
    document = checked_documents("drugs", texts, lambda: _parsed(texts["drug_names.yaml"]))
    return DrugTable(_entries(document))


def _parsed(text: str) -> dict[str, Any]:
    import yaml

    try:
        document = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise RuleSetError("The bundled drug name table is not valid YAML.") from exc
    _check_schema(document)
    checked: dict[str, Any] = document  # the schema requires an object
    return checked


def table_from_document(document: Any) -> DrugTable:
    """Build a table from an already-parsed document (tests feed broken tables through this)."""
    return DrugTable(_validated_entries(document))


def match_drug(text: str, table: DrugTable | None = None) -> DrugMatch:
    """Which known drug the person means by `text`; see the module docstring for the steps."""
    table = table or drug_table()
    whole = normalise(text)
    named = _name_words(text)
    for candidate in (whole, named):
        hit = table.exact(candidate)
        if hit:
            return hit
    words = named.split()
    for length in range(min(len(words), 4) - 1, 0, -1):
        hit = table.exact(" ".join(words[:length]))
        if hit:
            return hit
    parts = [p for p in _SPLIT_COMBINATION.split(named) if p]
    if len(parts) > 1:
        for part in parts:
            hit = table.exact(part) or table.exact(part.split()[0])
            if hit:
                return hit
    for candidate in (named, *(parts if len(parts) > 1 else ()), *(words[:1])):
        hit = table.fuzzy(candidate)
        if hit:
            return hit
    if not named:
        return NO_MATCH
    return DrugMatch(None, table.best_fuzzy_score(named), False)


def known_generics() -> list[str]:
    """Every generic name in the table, sorted (for completion lists and `--generic` checks)."""
    return sorted(drug_table().by_generic)
