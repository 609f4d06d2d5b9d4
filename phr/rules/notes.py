"""Turning gene calls plus medication and lifestyle facts into notes, one rule at a time.

A rule's outcomes are tried in order and the first whose conditions all hold speaks; rules list
the most serious outcome first. A gene whose phenotype is not determined (an untested allele
could change it) is tried once per possible phenotype: the note speaks only if the answer is the
same however the untested alleles turn out (or every possibility is actionable); otherwise it
is `partial`, with its own words (what was found, what was not checked, what a clinical test
would add), never the "usual result" text: not tested is never normal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import product

from phr.lifestyle.facts import LifestyleFacts
from phr.meds.model import CurrentMedication
from phr.rules.definitions import Clause, NoteRule, Outcome, RuleSet
from phr.rules.model import CallStatus, Note, NoteStatus, PgxCall, UsedGenotype
from phr.rules.pharmcat import CPIC_READS_AS
from phr.vocabulary import (
    call_genotype_text,
    clinical_source_text,
    short_list,
    with_coverage_words,
)

_FINDINGS = (NoteStatus.ACTIONABLE, NoteStatus.PARTIAL)  # a result someone might act on
STATUS_ORDER = {
    NoteStatus.ACTIONABLE: 0,
    NoteStatus.PARTIAL: 1,
    NoteStatus.INFORMATIVE: 2,
    NoteStatus.NOT_TESTED: 3,
}


@dataclass(frozen=True)
class Context:
    calls: dict[str, PgxCall]
    medications: Sequence[CurrentMedication]
    lifestyle: LifestyleFacts | None
    has_genome: bool
    from_chip: bool = False  # the genome is a genotyping array (rare variants need confirming)
    coverage: str | None = None  # the genome's CoverageKind: what its silence means


def _holds(clause: Clause, ctx: Context, fired: dict[str, str]) -> bool:
    if clause.any_of:
        return any(_holds(c, ctx, fired) for c in clause.any_of)
    if clause.gene is not None:
        call = ctx.calls[clause.gene]
        if call.status in (CallStatus.NOT_TESTED, CallStatus.INDETERMINATE):
            return False
        read = {CPIC_READS_AS.get(p, p) for p in call.phenotypes}
        if clause.phenotypes and not (read & clause.phenotypes):
            return False
        score = call.activity_score
        if clause.activity_max is not None and (score is None or score > clause.activity_max):
            return False
        return not (
            clause.activity_min is not None and (score is None or score < clause.activity_min)
        )
    if clause.medications:
        names = sorted({m.generic for m in ctx.medications if m.generic in clause.medications})  # type: ignore[misc]
        if names:
            fired["medication"] = ", ".join(n for n in names if n)
        return bool(names)
    if clause.medication_classes:
        classes = sorted(
            {c for m in ctx.medications for c in m.classes} & clause.medication_classes
        )
        if classes:
            fired["medication class"] = ", ".join(classes)
        return bool(classes)
    if clause.lifestyle is not None:
        value = None if ctx.lifestyle is None else getattr(ctx.lifestyle, clause.lifestyle)
        if value is None:
            return False
        if clause.equals is not None:
            ok = bool(value) == clause.equals
        else:
            ok = clause.at_least is not None and float(value) >= clause.at_least
        if ok:
            fired[clause.lifestyle.replace("_", " ")] = _show(value)
        return ok
    return False


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _found_line(call: PgxCall) -> str:
    if call.clinical is not None:
        return _clinical_line(call)
    if call.status == CallStatus.NOT_TESTED:
        return f"{call.gene}: not tested."
    if call.status == CallStatus.INDETERMINATE:
        return f"{call.gene}: could not be read from this file (see the limits below)."
    names = call_genotype_text(call) if call.diplotypes else "alleles could not be named"
    if call.none_found and names == call.none_found:
        return _none_found_line(call)
    # "F5: one copy of Factor V Leiden", not "F5 normal/Leiden"
    names = f": {names}" if call.allele_labels else f" {names}"
    if not call.determined and call.possible_phenotypes:
        return (
            f"{call.gene}{names} if none of the untested alleles is present. "
            f"{call.phenotype_text()}."
        )
    text = f"{call.gene}{names}"
    # the phenotype only where it adds something ("F5: one copy of Factor V Leiden", not
    # "...; Factor V Leiden (one copy)"; but "LCT: one copy of ...; Likely lactase persistence")
    said = {word.lower() for pair in call.allele_labels for word in pair}
    if call.unstated:  # CYP2D6 from a file: no phenotype is given whatever was tested
        untested = " (some positions were not tested)" if call.status == CallStatus.PARTIAL else ""
        return f"{text}{untested}: {call.phenotype_text().lower()}."
    if call.phenotype and not any(word in call.phenotype.lower() for word in said):
        words = call.words_for(call.phenotype)
        text += f"; {words}" if call.allele_labels else f": {words}"
    if call.activity_score is not None:
        text += f" (activity score {call.activity_score:g})"
    if call.status == CallStatus.PARTIAL:
        text += (
            " (some positions were not tested, but none of the alleles they define would "
            "change this result)"
        )
    text += "."
    if call.pairing_note:
        text += f" {call.pairing_note}"
    return text


def _none_found_line(call: PgxCall) -> str:
    """A gene read for a list of variants (RYR1, CFTR) where none was found: what was looked at
    and what that cannot rule out, never a bare 'none found/none found'."""
    if not call.determined:  # some positions untested: a variant may hide there
        return (
            f"{call.gene}: none of the variants PHR could read was found, but some positions "
            f"were not tested. {call.phenotype_text()}."
        )
    text = f"{call.gene}: {call.none_found}"
    if call.phenotype and not call.phenotype.startswith("No "):
        text += f" (CPIC calls this {call.phenotype})"
    return text + "."


def _clinical_line(call: PgxCall) -> str:
    """'CYP2C19 *2/*2: Poor Metabolizer, from a clinical test (LAB, DATE).'"""
    assert call.clinical is not None
    parts = [call_genotype_text(call)] if call.diplotypes else []
    if call.phenotype:
        parts.append(call.words_for(call.phenotype))
    text = f"{call.gene} {': '.join(parts)}"
    if call.activity_score is not None:
        text += f" (activity score {call.activity_score:g})"
    text = f"{text}, {clinical_source_text(call.clinical.lab, call.clinical.tested_on)}."
    if call.clinical.file_disagrees:  # on the note's face, not only in its limits
        text += " Your DNA file reads this gene differently: see the limits."
    if call.clinical.labs_disagree:
        text += " Another clinical test found otherwise: see the limits."
    return text


def _readings(call: PgxCall) -> list[PgxCall]:
    """The ways a call may turn out: itself when determined, else one per (phenotype, score)
    its untested alleles leave possible."""
    if call.determined or not call.possibilities or call.status != CallStatus.PARTIAL:
        return [call]
    return [
        replace(call, phenotype=p, phenotypes=() if p is None else (p,), activity_score=score)
        for p, score in call.possibilities
    ]


# Said before an outcome's meaning when the untested alleles leave several actionable outcomes
# and PHR shows the most serious: the meaning is then what the result could be, not what it is.
MAY_BE_MILDER = (
    "Some variants were not tested, so PHR shows the most serious result yours could be. "
    "It may be milder: a clinical test can tell."
)


def _choose(
    rule: NoteRule, ctx: Context, calls: list[PgxCall]
) -> tuple[Outcome | None, dict[str, str], bool]:
    """The outcome that holds however the untested alleles turn out, if any: the same outcome
    for every reading, or, when every reading is actionable, the most serious of them (rules
    list the most serious first; the flag says so). Otherwise None: the note is partial."""
    chosen: list[tuple[int, dict[str, str]] | None] = []
    for reading in product(*(_readings(c) for c in calls)):
        view = replace(ctx, calls={**ctx.calls, **{c.gene: c for c in reading}})
        chosen.append(_first_outcome(rule, view))
    if not chosen or any(c is None for c in chosen):
        return None, {}, False
    picks = [c for c in chosen if c is not None]
    indexes = {i for i, _ in picks}
    if len(indexes) > 1 and any(rule.outcomes[i].status != NoteStatus.ACTIONABLE for i in indexes):
        return None, {}, False
    index, fired = min(picks, key=lambda c: c[0])
    return rule.outcomes[index], fired, len(indexes) > 1


def _first_outcome(rule: NoteRule, ctx: Context) -> tuple[int, dict[str, str]] | None:
    for index, candidate in enumerate(rule.outcomes):
        attempt: dict[str, str] = {}
        if all(_holds(c, ctx, attempt) for c in candidate.when):
            return index, attempt
    return None


def _untested_words(calls: list[PgxCall]) -> str:
    parts: list[str] = []
    for call in calls:
        if call.status == CallStatus.INDETERMINATE:
            parts.append(f"{call.gene} (the file shows something PHR cannot read)")
        elif call.cannot_rule_out:
            parts.append(f"{call.gene} {short_list(call.cannot_rule_out)}")
        elif call.missing:
            parts.append(f"{call.gene} {short_list(call.missing)}")
        elif call.status == CallStatus.NOT_TESTED:
            parts.append(f"{call.gene} (not tested)")
    return "; ".join(parts) or "some positions"


def _subject(rule: NoteRule) -> str:
    """The medicines, or the title made to fit mid-sentence: only an ordinary capitalised first
    word is lowered ("Lactase ..." -> "lactase ..."); gene symbols and names keep their case."""
    if rule.drugs:
        return ", ".join(rule.drugs)
    title = rule.title
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def evaluate(rule: NoteRule, ctx: Context, rule_set: RuleSet) -> Note | None:
    """The note this rule gives for this person, or None when it does not apply."""
    fired: dict[str, str] = {}
    if not all(_holds(c, ctx, fired) for c in rule.requires):
        return None
    calls = [ctx.calls[g] for g in rule.genes]
    outcome, attempt, most_serious = _choose(rule, ctx, calls)
    fired.update(attempt)
    if outcome is None and rule.only_when_matched:
        return None
    fill = {
        "genes": ", ".join(rule.genes),
        "subject": _subject(rule),
        "untested": _untested_words(calls),
    }
    defaults = rule_set.defaults
    if outcome is not None:
        status = outcome.status
        found = outcome.found or " ".join(_found_line(c) for c in calls)
        meaning = with_coverage_words(outcome.meaning, ctx.coverage)
        if most_serious:  # "Your body clears warfarin very slowly" is only one possibility
            meaning = f"{MAY_BE_MILDER} {meaning}"
        discuss = with_coverage_words(outcome.discuss, ctx.coverage)
    elif all(c.status == CallStatus.NOT_TESTED for c in calls):
        status = NoteStatus.NOT_TESTED
        block = rule.not_tested or defaults["not_tested"]
        # a note's own words (HLA: no DNA file can say) hold with or without a genome
        no_genome = not ctx.has_genome and rule.not_tested is None
        found = defaults["no_genome"]["found"] if no_genome else block["found"]
        found = found.format(**fill)
        meaning, discuss = block["meaning"].format(**fill), block["discuss"].format(**fill)
    else:
        status = NoteStatus.PARTIAL
        block = rule.partial or defaults["partial"]
        found = " ".join(_found_line(c) for c in calls)
        meaning, discuss = block["meaning"].format(**fill), block["discuss"].format(**fill)
    caveats: list[str] = []
    for call in calls:
        caveats += [c for c in call.caveats if c not in caveats]
    limits = " ".join(p for p in (rule.limits, " ".join(caveats), rule_set.limits) if p)
    limits = with_coverage_words(limits, ctx.coverage)
    evidence = rule.evidence
    if outcome is not None and outcome.strength:
        evidence += f"; {outcome.strength} recommendation"
    # every gene of the note read by a clinical test: its result needs no confirming
    clinical = all(c.clinical is not None for c in calls)
    if rule.confirm_reason and status in _FINDINGS and not clinical:
        limits = f"{rule.confirm_reason.strip()} {limits}"
    rare = _unique_names(a for c in calls for a in c.rare_alleles)
    chip_rare = ctx.from_chip and bool(rare) and status == NoteStatus.ACTIONABLE
    if chip_rare:
        limits = (
            f"{rule_set.defaults['confirm_rare']['text'].format(alleles=', '.join(rare))} {limits}"
        )
    genotypes: list[UsedGenotype] = [g for c in calls for g in c.genotypes]
    on_list = _on_medication_list(rule, ctx.medications)
    return Note(
        id=rule.id,
        category=rule.category,
        title=rule.title,
        genes=rule.genes,
        drugs=rule.drugs,
        status=status,
        evidence=evidence,
        sources=rule.sources,
        confirm_clinically=(rule.confirm_clinically and status in _FINDINGS and not clinical)
        or chip_rare,
        sensitive=rule.optin is not None,
        found=found,
        meaning=meaning,
        discuss=discuss,
        limits=limits,
        rule_set_version=rule_set.version,
        genotypes=tuple(genotypes),
        on_medication_list=on_list,
        inputs=fired,
        coverage=ctx.coverage,
        action=outcome.action if outcome is not None else None,
    )


def _unique_names(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _on_medication_list(rule: NoteRule, medications: Sequence[CurrentMedication]) -> bool:
    """A per-drug note matches the drug by name; a note without drugs (F5 and estrogen, HFE
    and iron) matches by drug class, so one statin on the list does not mark every statin."""
    for med in medications:
        if med.generic is not None and med.generic in rule.drugs:
            return True
        if not rule.drugs and med.classes & rule.drug_classes:
            return True
    return False


def sort_key(note: Note) -> tuple[int, int, int, str]:
    """The person's own medicines first, then medication before prevention, most urgent first."""
    category = 0 if note.category == "medication" else 1
    return (0 if note.on_medication_list else 1, category, STATUS_ORDER[note.status], note.title)
