"""Plain-language explanations of the terms PHR cannot avoid, and a short guide to the app.

One place for these sentences so that the Help window, the tooltips on the pages and any
later report explain a word the same way. Written for a person with no genetics background:
what the word means for *them*, not a textbook definition. No Qt here; the desktop app shows
these, the CLI could print them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str  # stable identifier used by tooltips ("star_allele")
    title: str  # how the term is written on screen
    text: str  # the explanation, a few sentences


GLOSSARY: tuple[Term, ...] = (
    Term(
        "star_allele",
        "Star allele (*1, *2, …)",
        "Pharmacogenes come in named versions written with a star: *1 is usually the "
        "ordinary, fully working version, other numbers are versions that work less, not at "
        "all, or more. You have two copies of most genes, one from each parent, so a result "
        "such as *1/*2 means one ordinary copy and one *2 copy.",
    ),
    Term(
        "metabolizer",
        "Metabolizer (poor, intermediate, normal, rapid, ultrarapid)",
        "How fast your body processes medicines that go through a given gene's enzyme. A poor "
        "metabolizer breaks some drugs down slowly, so they can build up, or turns a 'pro-drug' "
        "into its active form too little for it to work. An ultrarapid metabolizer does the "
        "opposite. Normal means what most dosing advice assumes.",
    ),
    Term(
        "activity_score",
        "Activity score",
        "A number guidelines use for some genes (such as CYP2D6): each copy of the gene gets "
        "a value for how well it works (for example 1 for fully working, 0.5 for reduced, 0 "
        "for none) and the two are added up. The total decides the metabolizer group.",
    ),
    Term(
        "cpic_level",
        "CPIC level (A, B, C, D)",
        "CPIC, the Clinical Pharmacogenetics Implementation Consortium, writes the gene-drug "
        "guidelines PHR follows. Level A means the evidence is strong enough that prescribing "
        "should change; level B means changing is reasonable; C and D mean there is not enough "
        "evidence to act on. Each note shows the level of the guidance it rests on.",
    ),
    Term(
        "pmid",
        "PMID",
        "A PubMed identifier: the number of a scientific article in the PubMed library "
        "(pubmed.ncbi.nlm.nih.gov). Your doctor or pharmacist can look it up to read the study "
        "or guideline a note is based on.",
    ),
    Term(
        "genome_build",
        "Genome build (GRCh37, GRCh38)",
        "The 'map' a DNA file's positions refer to. Scientists revised the human reference map "
        "over the years; GRCh37 (also called hg19) and GRCh38 (hg38) number the same places "
        "differently. PHR needs to know which map a file uses to find the right places, and "
        "says when it is unsure.",
    ),
    Term(
        "chip_vs_sequencing",
        "Chip vs sequencing",
        "Consumer tests such as 23andMe or AncestryDNA use a chip: it reads a fixed list of "
        "several hundred thousand known places and nothing else. Sequencing reads long "
        "stretches of DNA letter by letter, so it can also see rare variants and, with enough "
        "depth, extra or missing copies of a gene. A chip result can therefore miss things a "
        "sequencing result would show.",
    ),
    Term(
        "assumed_reference",
        "Assumed reference",
        "Some files, especially sequencing VCF files, list only the places where you differ "
        "from the reference map. A place such a file does not mention is read as the usual "
        "(reference) letters only when the file shows it was examined: a whole-genome file, "
        "or one that says so for that stretch. Then the result says 'assumed reference'. "
        "Otherwise the place counts as not tested, because a gap in the file would look the "
        "same as a normal result.",
    ),
)

BY_KEY: dict[str, Term] = {term.key: term for term in GLOSSARY}


def explain(key: str) -> str:
    """Tooltip text for a term: its title and explanation (KeyError for an unknown key, so a
    misspelt key fails in tests rather than showing an empty tooltip)."""
    term = BY_KEY[key]
    return f"{term.title}: {term.text}"


GUIDE: tuple[tuple[str, str], ...] = (
    (
        "1. Import your DNA file",
        "On the Genome page, choose Import a DNA file and pick the raw data file you downloaded "
        "from your testing company, or a VCF from a sequencing service (the Genome page lists "
        "the companies PHR reads). The file is read on this computer and copied into the "
        "vault; the original is not changed.",
    ),
    (
        "2. List your medicines",
        "On the Medications page, add each medicine you take, by brand or generic name. PHR "
        "recognises the drug and writes a note when your genes may change how it works for you.",
    ),
    (
        "3. Read the notes",
        "Notes marked Discuss are the ones to take to your doctor or pharmacist. Not tested means "
        "your file does not cover that gene: it is not the same as a normal result. Never stop "
        "or change a medicine on your own because of a note.",
    ),
    (
        "4. Add measurements",
        "On the Lifestyle page, import an Apple Health export or a spreadsheet, or log weight, "
        "blood pressure and more by hand. The Overview shows the latest values and trends.",
    ),
    (
        "5. Make a report",
        "On the Reports page, create a PDF summary for your doctor, or FHIR and CSV files for "
        "other software. This is the only way data leaves the vault, and only when you do it.",
    ),
    (
        "Keeping the vault safe",
        "Everything is in one encrypted file. Use Vault > Back up… to write a copy somewhere "
        "safe; the copy opens with the same passphrase. Nobody can recover a lost passphrase.",
    ),
)


# What in a sentence shows that a term is being used: tooltips explain only the words a
# label actually contains, so a reader is not handed eight definitions to find one.
_TRIGGERS: dict[str, re.Pattern[str]] = {
    "star_allele": re.compile(r"\*\d"),
    "metabolizer": re.compile(r"metaboli[sz]er", re.IGNORECASE),
    "activity_score": re.compile(r"activity score", re.IGNORECASE),
    "cpic_level": re.compile(r"\bCPIC level|\blevel [A-D]\b", re.IGNORECASE),
    "pmid": re.compile(r"\bPMID\b"),
    "genome_build": re.compile(r"\bGRCh3[78]\b|\bhg(?:19|38)\b|genome map", re.IGNORECASE),
    "chip_vs_sequencing": re.compile(r"\bchips?\b|sequencing", re.IGNORECASE),
    "assumed_reference": re.compile(r"assumed reference|assumes? reference", re.IGNORECASE),
}


def terms_in(text: str) -> list[str]:
    """The glossary keys whose words appear in `text`, in glossary order."""
    return [term.key for term in GLOSSARY if _TRIGGERS[term.key].search(text)]


def tooltip_for(text: str) -> str:
    """A tooltip explaining the glossary terms `text` uses, or "" if it uses none."""
    return "\n\n".join(explain(key) for key in terms_in(text))
