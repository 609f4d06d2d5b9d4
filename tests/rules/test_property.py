"""Property: removing or no-calling any defining position never yields `called` + normal.

Two levels: the caller itself on synthetic observations (many examples, fast), and the whole
path through a stored chip genome and `interpret` (fewer examples).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phr.genome.model import GenotypeStatus
from phr.rules.calling import call_gene
from phr.rules.definitions import GeneDef
from phr.rules.model import CallStatus, UsedGenotype
from phr.rules.observe import Observation
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault
from tests.rules.genomes import array_rows, interpret_calls

RULES = load_rule_set()
GENES = sorted(RULES.genes)
NORMAL_WORDS = (
    "Normal",
    "No Factor",
    "No prothrombin",
    "No C282Y",
    "not found",
    "No ALDH2",
    "677CC",
)


def _tokens(gene: GeneDef, rsid: str) -> list[str]:
    return sorted(set().union(*(a.bases[rsid] for a in gene.alleles)))


@st.composite
def genome_with_removals(draw: st.DrawFn) -> tuple[str, dict[str, tuple[str, str]], set[str], bool]:
    gene = RULES.genes[draw(st.sampled_from(GENES))]
    genotype = {}
    for variant in gene.variants:
        tokens = _tokens(gene, variant.rsid)
        genotype[variant.rsid] = (draw(st.sampled_from(tokens)), draw(st.sampled_from(tokens)))
    rsids = [v.rsid for v in gene.variants]
    removed = set(
        draw(st.lists(st.sampled_from(rsids), min_size=1, max_size=len(rsids), unique=True))
    )
    no_call = draw(st.booleans())
    return gene.name, genotype, removed, no_call


def _observation(
    gene: GeneDef, rsid: str, tokens: tuple[str, str] | None, status: str
) -> Observation:
    variant = next(v for v in gene.variants if v.rsid == rsid)
    used = UsedGenotype(rsid, gene.name, variant.chrom, None, tokens, status)
    return Observation(variant, status, tokens, used)


def _dpyd_backup_only(gene: GeneDef, removed: set[str]) -> bool:
    """rs56038477 only stands in for rs75017182; removing it alone removes nothing needed."""
    return gene.name == "DPYD" and removed == {"rs56038477"}


@settings(max_examples=400, deadline=None)
@given(genome_with_removals(), st.sampled_from(["female", "male", None]))
def test_removed_position_never_gives_called_normal(case, sex) -> None:  # type: ignore[no-untyped-def]
    name, genotype, removed, no_call = case
    gene = RULES.genes[name]
    status = GenotypeStatus.NO_CALL if no_call else GenotypeStatus.NOT_TESTED
    observations = [
        _observation(gene, rsid, None, str(status))
        if rsid in removed
        else _observation(gene, rsid, tokens, "called")
        for rsid, tokens in genotype.items()
    ]
    call = call_gene(gene, observations, sex)
    if _dpyd_backup_only(gene, removed):
        return
    assert call.status != CallStatus.CALLED, (name, genotype, removed, call)
    if call.status == CallStatus.NOT_TESTED:
        assert call.phenotype is None and call.diplotypes == ()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(genome_with_removals())
def test_removed_chip_rows_never_give_called_normal_end_to_end(shared_vault: Vault, case) -> None:  # type: ignore[no-untyped-def]
    name, genotype, removed, no_call = case
    gene = RULES.genes[name]
    if gene.group != "pgx" or _dpyd_backup_only(gene, removed):
        return
    calls: dict[str, str | None] = {}
    for variant in gene.variants:
        tokens = genotype[variant.rsid]
        if variant.rsid in removed and not no_call:
            continue
        if variant.rsid in removed:
            calls[variant.rsid] = None
        elif variant.indel is not None:
            codes = {t: c for c, t in variant.indel.array.items()}
            calls[variant.rsid] = "".join(codes[t] for t in tokens)
        elif gene.ploidy == "haploid":
            calls[variant.rsid] = tokens[0]
        else:
            calls[variant.rsid] = "".join(tokens)
    findings = interpret_calls(shared_vault, array_rows(calls), sex="female")
    call = next(c for c in findings.pgx if c.gene == name)
    assert call.status != CallStatus.CALLED
    if call.phenotype and any(w in call.phenotype for w in NORMAL_WORDS):
        assert call.status == CallStatus.PARTIAL and set(call.missing) & removed
