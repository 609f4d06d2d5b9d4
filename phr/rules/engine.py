"""`interpret`: the one entry point from a vault (and medication/lifestyle facts) to findings.

Pure and deterministic given its inputs: it reads genotypes only through `GenotypeReader`,
writes nothing, and orders everything by fixed keys. Genes used only by sensitive notes the
person has not opted into are not even read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace

from phr.genome.model import Build, CoverageKind, GenomeRecord
from phr.genome.store import GenotypeReader, active_genome
from phr.lifestyle.facts import LifestyleFacts
from phr.meds.model import CurrentMedication
from phr.profile import get_profile
from phr.results.model import ClinicalResult, latest_by_gene, list_results
from phr.rules.calling import call_gene
from phr.rules.clinical import with_allele_results, with_clinical_result
from phr.rules.definitions import GeneDef
from phr.rules.fullcall import call_full, read_sites
from phr.rules.hla import hla_call
from phr.rules.model import Findings, PgxCall
from phr.rules.notes import Context, evaluate, sort_key
from phr.rules.observe import not_tested, observe
from phr.rules.optins import get_optins
from phr.rules.pharmcat import (
    DEFINED_POSITIONS,
    FULL_GENES,
    UGT1A1_REPEAT,
    PcGene,
    load_pharmcat_gene,
)
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault
from phr.vocabulary import with_coverage_words

log = logging.getLogger(__name__)


def interpret(
    vault: Vault,
    genome: GenomeRecord | None = None,
    *,
    medications: Sequence[CurrentMedication] = (),
    lifestyle: LifestyleFacts | None = None,
) -> Findings:
    """PGx calls and notes for `genome` (default: the active genome; none -> all not tested)."""
    started = time.perf_counter()
    rule_set = load_rule_set()
    if genome is None:
        genome = active_genome(vault)
    optins = get_optins(vault)
    sex = get_profile(vault).sex
    visible = [r for r in rule_set.notes if r.optin is None or r.optin in optins]
    needed = {g for r in visible for g in r.genes}
    reader = GenotypeReader(vault, genome) if genome is not None else None
    results = list_results(vault)
    clinical = latest_by_gene(results)
    calls: dict[str, PgxCall] = {}
    for gene in rule_set.genes.values():
        if gene.group == "pgx" or gene.name in needed:
            coverage = None if genome is None else genome.coverage
            call = _call(gene, reader, sex, coverage, clinical.get(gene.name))
            own = [r for r in results if r.gene == gene.name]
            calls[gene.name] = with_allele_results(call, own)
    for entry in rule_set.hla.values():  # from lab results only: no DNA file can type HLA
        calls[entry.name] = hla_call(entry, results, calls.get(entry.name))
    ctx = Context(
        calls,
        tuple(medications),
        lifestyle,
        genome is not None,
        from_chip=genome is not None and genome.coverage == CoverageKind.ARRAY,
        coverage=None if genome is None else str(genome.coverage),
    )
    notes = [n for n in (evaluate(r, ctx, rule_set) for r in visible) if n is not None]
    notes.sort(key=sort_key)
    findings = Findings(
        genome_id=None if genome is None else genome.id,
        rule_set_version=rule_set.version,
        pgx=tuple(c for c in calls.values() if c.group == "pgx"),
        notes=tuple(notes),
    )
    log.info(
        "interpreted genes=%d notes=%d ms=%.1f",
        len(calls),
        len(notes),
        (time.perf_counter() - started) * 1000,
    )
    return findings


def _call(
    gene: GeneDef,
    reader: GenotypeReader | None,
    sex: str | None,
    coverage: str | None,
    result: ClinicalResult | None = None,
) -> PgxCall:
    """`sex` is the person's own answer (profile), never the genome's suggestion; caveats get
    the words of the file's kind ("chip data" or "a file of small sequence differences").
    A clinical test's `result` for the gene outranks the file (phr.rules.clinical)."""
    extra: list[str] = []
    if reader is None:
        observations = [not_tested(v, gene.name) for v in gene.variants]
        call = call_gene(gene, observations, None)
        discordant: list[str] = []
    elif gene.name in FULL_GENES and reader.genome.coverage != CoverageKind.ARRAY:
        call, discordant, extra = _call_sequencing(gene, reader, sex)
    else:
        normal = gene.reference_allele.bases
        observations = [observe(reader, v, gene.name, normal[v.rsid]) for v in gene.variants]
        call = call_gene(gene, observations, sex)
        discordant = [o.variant.rsid for o in observations if o.discordant]
        subset = chip_subset_caveat(gene) if gene.name in FULL_GENES else None
        if subset is not None:
            extra.append(subset)
    build = None if reader is None else str(reader.genome.build)
    elsewhere = {c.text for c in gene.caveat_limits if not c.applies(coverage, build)}
    caveats = [
        with_coverage_words(c, coverage) for c in [*call.caveats, *extra] if c not in elsewhere
    ]
    if discordant:
        caveats.append(
            f"The genome file lists {', '.join(discordant)} twice with different genotypes; PHR "
            "cannot tell which is right, so it read "
            f"{'that position' if len(discordant) == 1 else 'those positions'} as no-call. "
            "A new download of the file, or a clinical test, can settle it."
        )
    labels = tuple((a.name, a.label) for a in gene.alleles if a.label)
    none_found = gene.none_found
    if none_found is not None:  # said as copies of the variants found, never "x/x"
        labels = tuple((a.name, a.label or a.name) for a in gene.alleles if not a.reference)
        none_found = none_found.replace("{count}", str(len(labels)))
    call = replace(
        call,
        allele_labels=labels,
        caveats=tuple(caveats),
        none_found=none_found,
        phenotype_words=gene.phenotype_words,
        no_phenotype=gene.no_phenotype,
        no_phenotype_why=None
        if gene.no_phenotype_why is None
        else with_coverage_words(gene.no_phenotype_why, coverage),
    )
    return call if result is None else with_clinical_result(gene, call, result)


def chip_subset_caveat(gene: GeneDef) -> str | None:
    """How a chip's reading of a gene falls short of a sequencing file's (the chip subset);
    None where the chip positions are all there is."""
    defined = DEFINED_POSITIONS[gene.name]
    if len(gene.variants) >= defined:
        return None
    return (
        f"From chip data PHR reads only the {len(gene.variants)} {gene.name} positions chips "
        "commonly carry ("
        + ", ".join(v.rsid for v in gene.variants)
        + f") of the {defined} that PharmCAT's allele definitions hold. Rarer alleles defined "
        "at the others were not tested; a sequencing file lets PHR read them all."
    )


def _call_sequencing(
    gene: GeneDef, reader: GenotypeReader, sex: str | None
) -> tuple[PgxCall, list[str], list[str]]:
    """(call, discordant positions, extra caveats) for a sequencing file: PharmCAT's full
    definitions on GRCh38; on other builds the genes.yaml positions, said so."""
    if reader.genome.build != Build.GRCH38:
        normal = gene.reference_allele.bases
        observations = [observe(reader, v, gene.name, normal[v.rsid]) for v in gene.variants]
        why = (
            f"PharmCAT's full {gene.name} definitions use GRCh38 positions and this file is on "
            f"{reader.genome.build}, so PHR read only the positions its own rule set places on "
            "that build ("
            + ", ".join(v.rsid for v in gene.variants)
            + "); rarer alleles defined elsewhere were not tested."
        )
        call = call_gene(gene, observations, sex)
        return call, [o.variant.rsid for o in observations if o.discordant], [why]
    definition = load_pharmcat_gene(gene.name)
    sites = read_sites(reader, definition)
    discordant = [s.position.label for s in sites if s.discordant]
    repeat = next((s for s in sites if s.position.rsid == UGT1A1_REPEAT), None)
    if repeat is not None and repeat.tokens is None and repeat.strange is None:
        # without the TA repeat PharmCAT cannot name *28; PHR's proxy reading says what it can
        normal = gene.reference_allele.bases
        observations = [observe(reader, v, gene.name, normal[v.rsid]) for v in gene.variants]
        why = (
            f"The file does not read the UGT1A1 TA repeat ({UGT1A1_REPEAT}, *28 and *37), so "
            "PHR used its proxy reading instead of PharmCAT's full definitions."
        )
        call = call_gene(gene, observations, sex)
        return call, [o.variant.rsid for o in observations if o.discordant], [why]
    call = call_full(gene, definition, sites, sex)
    return (
        replace(call, diplotypes=tuple(_own_names(gene, definition, call.diplotypes))),
        discordant,
        [],
    )


# Genes PharmCAT names by rsID ("rs9923231 variant (T)"); PHR's own names ("-1639A") read
# better and are what a chip result shows, so a sequencing result uses them too.
_OWN_NAMES = frozenset({"VKORC1", "ABCG2", "IFNL3"})


def _own_names(gene: GeneDef, definition: PcGene, diplotypes: Sequence[str]) -> list[str]:
    """PharmCAT's allele names replaced by genes.yaml's where both define the same bases."""
    if gene.name not in _OWN_NAMES:
        return list(diplotypes)
    by_variant: dict[frozenset[tuple[int, str]], str] = {}
    for allele in gene.alleles:
        key = frozenset(
            (v.position(Build.GRCH38).pos or 0, b)
            for v in gene.variants
            if v.rsid in allele.defining
            for b in allele.bases[v.rsid]
        )
        by_variant[key] = allele.name
    names: dict[str, str] = {}
    for named in definition.alleles:
        key = frozenset(
            (definition.positions[i].pos, str(named.alleles[i]))
            for i in named.defined()
            if named.alleles[i] != definition.positions[i].ref
        )
        names[named.name] = by_variant.get(key, named.name)
    return ["/".join(names.get(n, n) for n in d.split("/")) for d in diplotypes]


def call_genes(
    vault: Vault, names: Sequence[str], genome: GenomeRecord | None = None
) -> dict[str, PgxCall]:
    """Calls for the named genes of the bundled rule set, read exactly as `interpret` reads
    them (same coverage rules); for features such as the prevention plan that combine a gene
    with logs. No genome (none imported) gives not-tested calls."""
    rule_set = load_rule_set()
    if genome is None:
        genome = active_genome(vault)
    reader = GenotypeReader(vault, genome) if genome is not None else None
    sex = get_profile(vault).sex
    coverage = None if genome is None else genome.coverage
    results = list_results(vault)
    clinical = latest_by_gene(results)
    return {
        name: with_allele_results(
            _call(rule_set.genes[name], reader, sex, coverage, clinical.get(name)),
            [r for r in results if r.gene == name],
        )
        for name in names
    }
