"""Which reference build a file's positions are on, decided from the data.

Headers lie (re-exported 23andMe files on GRCh38 still say "build 37"), so the importer votes
with marker variants whose positions differ between builds:

- arrays: the position a file gives for a marker rsID;
- VCFs: `##contig` lengths, then REF bases at marker positions (a record at the GRCh37
  position of a marker whose REF matches the GRCh37 reference base votes GRCh37).

Marker facts come from `MARKERS` below: rs3094315 per FORMATS.md (NCBI36/GRCh37/GRCh38,
dbSNP), rs3131972 155 bp from it in the same liftover block, and the PGx sites of
`pgx_v1_variants.tsv` (GRCh37/GRCh38 positions and reference bases, from PharmCAT/PyPGx/dbSNP).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from phr.genome.model import Build

# rsid -> chrom, {build: (pos, ref base or None)}
MARKERS: dict[str, tuple[str, dict[Build, tuple[int, str | None]]]] = {
    "rs3094315": (
        "1",
        {Build.GRCH36: (742429, None), Build.GRCH37: (752566, None), Build.GRCH38: (817186, None)},
    ),
    "rs3131972": (
        "1",
        {Build.GRCH36: (742584, None), Build.GRCH37: (752721, None), Build.GRCH38: (817341, None)},
    ),
    "rs4244285": ("10", {Build.GRCH37: (96541616, "G"), Build.GRCH38: (94781859, "G")}),
    "rs4986893": ("10", {Build.GRCH37: (96540410, "G"), Build.GRCH38: (94780653, "G")}),
    "rs12248560": ("10", {Build.GRCH37: (96521657, "C"), Build.GRCH38: (94761900, "C")}),
    "rs1799853": ("10", {Build.GRCH37: (96702047, "C"), Build.GRCH38: (94942290, "C")}),
    "rs1057910": ("10", {Build.GRCH37: (96741053, "A"), Build.GRCH38: (94981296, "A")}),
    "rs9923231": ("16", {Build.GRCH37: (31107689, "C"), Build.GRCH38: (31096368, "C")}),
    "rs4149056": ("12", {Build.GRCH37: (21331549, "T"), Build.GRCH38: (21178615, "T")}),
    "rs2306283": ("12", {Build.GRCH37: (21329738, "A"), Build.GRCH38: (21176804, "A")}),
    "rs2231142": ("4", {Build.GRCH37: (89052323, "G"), Build.GRCH38: (88131171, "G")}),
    "rs776746": ("7", {Build.GRCH37: (99270539, "C"), Build.GRCH38: (99672916, "T")}),
    "rs1142345": ("6", {Build.GRCH37: (18130918, "T"), Build.GRCH38: (18130687, "T")}),
    "rs1800460": ("6", {Build.GRCH37: (18139228, "C"), Build.GRCH38: (18138997, "C")}),
    "rs887829": ("2", {Build.GRCH37: (234668570, "C"), Build.GRCH38: (233759924, "C")}),
    "rs3745274": ("19", {Build.GRCH37: (41512841, "G"), Build.GRCH38: (41006936, "G")}),
    "rs12979860": ("19", {Build.GRCH37: (39738787, "C"), Build.GRCH38: (39248147, "C")}),
    "rs2108622": ("19", {Build.GRCH37: (15990431, "C"), Build.GRCH38: (15879621, "C")}),
    "rs1050828": ("X", {Build.GRCH37: (153764217, "C"), Build.GRCH38: (154536002, "C")}),
    "rs6025": ("1", {Build.GRCH37: (169519049, "T"), Build.GRCH38: (169549811, "C")}),
    "rs1799963": ("11", {Build.GRCH37: (46761055, "G"), Build.GRCH38: (46739505, "G")}),
    "rs16947": ("22", {Build.GRCH37: (42523943, "A"), Build.GRCH38: (42127941, "G")}),
    "rs1065852": ("22", {Build.GRCH37: (42526694, "G"), Build.GRCH38: (42130692, "G")}),
    "rs3892097": ("22", {Build.GRCH37: (42524947, "C"), Build.GRCH38: (42128945, "C")}),
    "rs3918290": ("1", {Build.GRCH37: (97915614, "C"), Build.GRCH38: (97450058, "C")}),
    "rs116855232": ("13", {Build.GRCH37: (48619855, "C"), Build.GRCH38: (48045719, "C")}),
}

MARKER_RSIDS = frozenset(MARKERS)
# (chrom, pos) -> [(build, ref)], for VCFs without rsIDs
MARKER_SITES: dict[tuple[str, int], list[tuple[Build, str | None]]] = {}
for _chrom, _sites in MARKERS.values():
    for _build, (_pos, _ref) in _sites.items():
        MARKER_SITES.setdefault((_chrom, _pos), []).append((_build, _ref))
MARKER_POSITIONS = frozenset(pos for _chrom, pos in MARKER_SITES)

# chr1 length in each assembly (NCBI, UCSC agree); enough to tell the builds apart.
CHR1_LENGTHS = {247249719: Build.GRCH36, 249250621: Build.GRCH37, 248956422: Build.GRCH38}

_HEADER_PATTERNS = [
    (re.compile(r"grch38|hg38|build ?38|b38|hs38|GCA_000001405\.15", re.I), Build.GRCH38),
    (
        re.compile(r"grch37|hg19|build ?37|b37|hs37|human_g1k_v37|GCF_000001405\.13|\.13\b", re.I),
        Build.GRCH37,
    ),
    (re.compile(r"ncbi ?36|hg18|build ?36|b36", re.I), Build.GRCH36),
]


def known_position(rsid: str, build: Build) -> tuple[str, int] | None:
    """Where a marker rsID sits on `build`, for genomes whose rows carry no rsIDs (VCF ID '.')."""
    marker = MARKERS.get(rsid)
    if marker is None or build not in marker[1]:
        return None
    return marker[0], marker[1][build][0]


def build_from_text(text: str) -> Build | None:
    """A build named in header text ('build 37', '##reference=hg19', 'GRCh38.p7'...)."""
    for pattern, build in _HEADER_PATTERNS:
        if pattern.search(text):
            return build
    return None


@dataclass
class BuildEvidence:
    """Votes from the data; `header` is what the file claimed."""

    votes: Counter[Build] = field(default_factory=Counter)
    contig_build: Build | None = None

    def vote_rsid_position(self, rsid: str, chrom: str, pos: int) -> None:
        marker = MARKERS.get(rsid)
        if marker is None or marker[0] != chrom:
            return
        for build, (marker_pos, _ref) in marker[1].items():
            if marker_pos == pos:
                self.votes[build] += 1

    def vote_reference_base(self, chrom: str, pos: int, ref: str) -> None:
        for build, marker_ref in MARKER_SITES.get((chrom, pos), ()):
            if marker_ref is not None and marker_ref == ref[:1]:
                self.votes[build] += 1

    def from_data(self) -> Build | None:
        if not self.votes:
            return None
        (best, count), *rest = self.votes.most_common()
        if rest and rest[0][1] == count:
            return None
        return best


def decide_build(
    evidence: BuildEvidence, header: Build | None, warnings: list[str], *, file_kind: str
) -> Build:
    """Data beats header; say so when they disagree or when nothing could be checked."""
    from_data = evidence.from_data() or evidence.contig_build
    if from_data is not None:
        if header is not None and header != from_data:
            warnings.append(
                f"The file says its positions are on {header}, but the positions of known "
                f"markers show {from_data}. PHR used {from_data}."
            )
        return from_data
    if header is not None:
        return header
    warnings.append(
        f"PHR could not tell which reference build this {file_kind} uses; it assumed GRCh37, "
        "the build most consumer files use. Position lookups may be wrong if that is not so."
    )
    return Build.GRCH37
