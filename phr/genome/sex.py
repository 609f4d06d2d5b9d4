"""A suggestion of chromosomal sex from the data; the person's own answer always decides.

Outside the pseudo-autosomal regions a male has one X: arrays then report (almost) no
heterozygous X calls, or single letters; a female has many. The suggestion is None whenever the
evidence is thin or ambiguous: a targeted file with a handful of X sites cannot tell (PharmCAT's
own example VCF, a woman's G6PD sites among them, looks "male" by share of mixed calls), so it
needs `MIN_X_CALLS` (hundreds) of calls outside the PARs. The rules never use this value: they
use the sex the person states (`phr.profile`, CLINICAL.md rule 8).
"""

from __future__ import annotations

from dataclasses import dataclass

from phr.genome.model import Build

# Pseudo-autosomal regions of X (inclusive), per build.
PAR_X: dict[Build, tuple[tuple[int, int], tuple[int, int]]] = {
    Build.GRCH36: ((1, 2709520), (154584238, 154913754)),
    Build.GRCH37: ((60001, 2699520), (154931044, 155260560)),
    Build.GRCH38: ((10001, 2781479), (155701383, 156030895)),
}
# Calls outside the PARs needed before the data may even suggest a sex.
MIN_X_CALLS = 300
# Safely outside the PARs of every build: usable before the build is known.
X_CORE = (2781480, 154584237)


@dataclass
class SexEvidence:
    x_called: int = 0  # called X-core genotypes (SNVs)
    x_het: int = 0  # of which heterozygous
    x_haploid: int = 0  # of which written with one allele
    min_calls: int = MIN_X_CALLS
    female_het_fraction: float = 0.05
    male_het_fraction: float = 0.01

    def decide(self) -> str | None:
        if self.x_called < self.min_calls:
            return None
        het = self.x_het / self.x_called
        if self.x_haploid > self.x_called // 2 and het <= self.male_het_fraction:
            return "male"
        if het >= self.female_het_fraction:
            return "female"
        if het <= self.male_het_fraction:
            return "male"
        return None
