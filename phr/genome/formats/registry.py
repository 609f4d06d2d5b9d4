"""The list of genome formats PHR reads, and sniffing a file to find its reader.

Order matters only where one format's signs are a subset of another's: LivingDNA and 23andMe
share a column line, so the vendor with the more specific comment text is asked first.
"""

from __future__ import annotations

from phr.errors import MalformedFile, UnsupportedFile
from phr.genome.formats.ancestry import AncestryDna
from phr.genome.formats.base import GenomeFormat, Head
from phr.genome.formats.ftdna import FamilyTreeDna
from phr.genome.formats.livingdna import LivingDna
from phr.genome.formats.myheritage import MyHeritage
from phr.genome.formats.twentythreeandme import TwentyThreeAndMe
from phr.genome.formats.vcf import Vcf
from phr.genome.source import HEAD_BYTES, line_too_long

FORMATS: tuple[GenomeFormat, ...] = (
    Vcf(),
    LivingDna(),
    TwentyThreeAndMe(),
    AncestryDna(),
    MyHeritage(),
    FamilyTreeDna(),
)


def supported_formats() -> str:
    return "; ".join(fmt.label for fmt in FORMATS) + " (each also inside .gz or .zip)"


def sniff(head: Head) -> GenomeFormat:
    """The format that reads this file, or a message saying what the file looked like."""
    name = head.source.name
    if not head.raw.strip():
        raise MalformedFile(f"{name}: the file is empty.")
    if len(head.raw) >= HEAD_BYTES and b"\n" not in head.raw and not head.looks_binary:
        raise line_too_long(name, 1, HEAD_BYTES)  # no header line is this long
    for fmt in FORMATS:
        if fmt.sniff(head):
            return fmt
    raise UnsupportedFile(f"{name}: {describe(head)}. PHR reads: {supported_formats()}.")


def describe(head: Head) -> str:
    """What an unknown file looks like, in words (never quoting its content)."""
    if head.looks_binary:
        return "this is binary data, not a genome text file"
    lines = [line for line in head.lines if line.strip()]
    if (lines and lines[0].startswith("##fileformat=")) or any("\t" in x for x in lines[:50]):
        columns = max((len(x.split("\t")) for x in lines[:50]), default=0)
        return (
            f"this looks like a table with {columns} tab-separated columns from an unknown vendor"
        )
    if any("," in line for line in lines[:50]):
        return "this looks like a comma-separated table from an unknown vendor"
    return "this text file is not a genome raw-data file PHR recognises"
