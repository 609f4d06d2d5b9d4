"""Short phrases every report format uses the same way (so PDF, CSV and FHIR agree); the
words for statuses, coverage, vendors and genotypes come from `phr.vocabulary`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from phr.genome.model import GenomeRecord
from phr.rules.model import NoteStatus, PgxCall, Source
from phr.vocabulary import NONE, call_genotype_text, coverage_text, vendor_text
from phr.vocabulary import call_status_text as _call_status_text
from phr.vocabulary import note_status_text as _note_status_text

vendor_name = vendor_text  # the words themselves live in phr.vocabulary


def genome_text(genome: GenomeRecord) -> str:
    """'23andMe v5, genotyping chip, GRCh37, imported 2026-01-10'.

    Never the file name or the sample name: consumer files are often named after the person.
    """
    vendor = vendor_name(genome.vendor)
    if genome.format_version:
        vendor = f"{vendor} {genome.format_version}"
    kind = coverage_text(genome.coverage)
    return f"{vendor}, {kind}, {genome.build}, imported {genome.imported_at[:10]}"


def diplotype_text(call: PgxCall) -> str:
    return call_genotype_text(call) if call.diplotypes else NONE


def phenotype_text(call: PgxCall) -> str:
    return call.phenotype_text()


def call_status_text(call: PgxCall) -> str:
    return _call_status_text(call.status, assumes_reference=call.assumes_reference)


def note_status_text(status: NoteStatus) -> str:
    return _note_status_text(status)


_LEVEL = re.compile(r"\blevels?\b([^;]*)")
_LETTER = re.compile(r"(?:levels?|,|\)|and)\s*([A-D])(?=[\s,;(/]|$)")
_STRENGTH = re.compile(r"\b(strong|moderate|optional)\b", re.IGNORECASE)


def short_evidence(texts: Iterable[str]) -> str:
    """'CPIC A, strong' from 'CPIC level A; strong recommendation' (several notes: the
    levels and strengths they use); other wording is cut at its first clause."""
    levels: list[str] = []
    strengths: list[str] = []
    others: list[str] = []
    for text in texts:
        level = _LEVEL.search(text)
        if "CPIC" in text and level:
            letters = _LETTER.findall(level.group(0))
            levels += [m for m in letters if m not in levels]
            strengths += [m.lower() for m in _STRENGTH.findall(text) if m.lower() not in strengths]
        else:
            clause = re.split(r"[;(]", text, maxsplit=1)[0].strip()
            if clause and clause not in others:
                others.append(clause)
    parts = []
    if levels:
        parts.append("CPIC " + "/".join(sorted(levels)))
        if len(strengths) == 1:  # several strengths: the notes below say which is which
            parts[-1] += ", " + strengths[0]
    return "; ".join(parts + others)


def source_text(source: Source) -> str:
    return f"{source.label}. PMID {source.pmid}" if source.pmid else source.label


def refs_text(numbers: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(n) for n in numbers) + "]" if numbers else ""
