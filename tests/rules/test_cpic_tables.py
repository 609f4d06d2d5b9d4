"""Every diplotype PHR can call maps to the phenotype in CPIC's own diplotype tables.

The tables are the CPIC files shipped with PharmCAT (read from ../shared; skipped where absent).
PHR's data holds only allele functions and the CPIC rule; this test proves the rule reproduces
the published table for every pair of alleles PHR knows.
"""

from __future__ import annotations

import json
from itertools import combinations_with_replacement

import pytest

from phr.rules.ruleset import load_rule_set
from tests.conftest import shared_file

TABLE_GENES = [
    "CYP2C19",
    "CYP2C9",
    "SLCO1B1",
    "ABCG2",
    "TPMT",
    "NUDT15",
    "CYP3A5",
    "UGT1A1",
    "CYP2B6",
    "DPYD",
]
# PharmCAT names where PHR's display name differs (the proxy is labelled in PHR).
PHARMCAT_NAMES = {
    "rs2231142 G": "rs2231142 reference (G)",
    "rs2231142 T": "rs2231142 variant (T)",
    "c.1129-5923C>G (HapB3)": "c.1129-5923C>G, c.1236G>A (HapB3)",
}


def _table(gene: str) -> dict[frozenset[str], tuple[str, float | None]]:
    data = json.loads(shared_file("data", "pharmcat", "phenotype", f"{gene}.json").read_text())
    table: dict[frozenset[str], tuple[str, float | None]] = {}
    for row in data["diplotypes"]:
        key = frozenset(row["diplotypekey"])
        score = row["activityScore"]
        table[key] = (row["phenotype"], None if score in (None, "n/a") else float(score))
    return table


@pytest.mark.parametrize("gene", TABLE_GENES)
def test_every_callable_diplotype_matches_the_cpic_table(gene: str) -> None:
    definition = load_rule_set().genes[gene]
    table = _table(gene)
    rule = definition.phenotype
    checked = 0
    for first, second in combinations_with_replacement(definition.alleles, 2):
        names = [
            PHARMCAT_NAMES.get(a.cpic_name or a.name, a.cpic_name or a.name)
            for a in (first, second)
        ]
        expected_phenotype, expected_score = table[frozenset(names)]
        if rule.by == "function_pair":
            ours = rule.from_functions(first.function, second.function)
            assert ours == expected_phenotype, (gene, names)
        else:
            assert first.activity is not None and second.activity is not None
            score = first.activity + second.activity
            assert score == expected_score, (gene, names)
            assert rule.from_score(score) == expected_phenotype, (gene, names)
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("gene", ["CYP2C9", "DPYD"])
def test_activity_values_match_cpic(gene: str) -> None:
    data = json.loads(shared_file("data", "pharmcat", "phenotype", f"{gene}.json").read_text())
    for allele in load_rule_set().genes[gene].alleles:
        name = PHARMCAT_NAMES.get(allele.name, allele.name)
        assert float(data["activityValues"][name]) == allele.activity, name


def test_allele_definitions_match_pharmcat_defining_bases() -> None:
    """Each PHR allele's defining bases equal PharmCAT's at the positions PHR reads."""
    for gene in ["CYP2C19", "CYP2C9", "SLCO1B1", "TPMT", "CYP3A5", "CYP2B6", "UGT1A1", "NUDT15"]:
        data = json.loads(
            shared_file(
                "data", "pharmcat", "definition", "alleles", f"{gene}_translation.json"
            ).read_text()
        )
        variants = data["variants"]
        definition = load_rule_set().genes[gene]
        for allele in definition.alleles:
            name = allele.cpic_name or allele.name
            named = next(a for a in data["namedAlleles"] if a["name"] == name)
            for index, variant in enumerate(variants):
                rsid = variant["rsid"]
                if rsid not in allele.bases:
                    continue
                theirs = named["alleles"][index]
                ours = allele.bases[rsid]
                if theirs is None:
                    reference = next(a for a in data["namedAlleles"] if a.get("reference"))
                    theirs = reference["alleles"][index]
                wobble = {"Y": {"C", "T"}, "R": {"A", "G"}, "S": {"C", "G"}}
                expected = wobble.get(theirs, {theirs})
                assert set(ours) == expected, (gene, name, rsid)
