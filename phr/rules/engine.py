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

from phr.genome.model import CoverageKind, GenomeRecord
from phr.genome.store import GenotypeReader, active_genome
from phr.lifestyle.facts import LifestyleFacts
from phr.meds.model import CurrentMedication
from phr.profile import get_profile
from phr.results.model import ClinicalResult, latest_by_gene, list_results
from phr.rules.calling import call_gene
from phr.rules.clinical import with_allele_results, with_clinical_result
from phr.rules.definitions import GeneDef
from phr.rules.hla import hla_call
from phr.rules.model import Findings, PgxCall
from phr.rules.notes import Context, evaluate, sort_key
from phr.rules.observe import not_tested, observe
from phr.rules.optins import get_optins
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
    if reader is None:
        observations = [not_tested(v, gene.name) for v in gene.variants]
        call = call_gene(gene, observations, None)
        discordant: list[str] = []
    else:
        normal = gene.reference_allele.bases
        observations = [observe(reader, v, gene.name, normal[v.rsid]) for v in gene.variants]
        call = call_gene(gene, observations, sex)
        discordant = [o.variant.rsid for o in observations if o.discordant]
    caveats = [with_coverage_words(c, coverage) for c in call.caveats]
    if discordant:
        caveats.append(
            f"The genome file lists {', '.join(discordant)} twice with different genotypes; PHR "
            "cannot tell which is right, so it read "
            f"{'that position' if len(discordant) == 1 else 'those positions'} as no-call. "
            "A new download of the file, or a clinical test, can settle it."
        )
    labels = tuple((a.name, a.label) for a in gene.alleles if a.label)
    call = replace(call, allele_labels=labels, caveats=tuple(caveats))
    return call if result is None else with_clinical_result(gene, call, result)


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
