"""Genome commands: import, genomes, genome activate|remove, lookup."""

from __future__ import annotations

import argparse
import textwrap
import threading
from contextlib import suppress
from importlib import import_module

from phr.cli.common import UsageError, open_from_args, print_json, terminal_progress
from phr.cli.terminal import printable, table
from phr.errors import PhrError
from phr.genome.model import GenomeRecord, parse_locus
from phr.genome.store import (
    GenotypeReader,
    activate_genome,
    active_genome,
    get_genome,
    has_calls_on,
    list_genomes,
    remove_genome,
)
from phr.genome.summary import describe_genome
from phr.profile import SEX_REASON, get_profile
from phr.vault import Vault
from phr.vocabulary import (
    NONE,
    alleles_text,
    coverage_text,
    genotype_status_text,
    vendor_text,
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("import", help="import a raw DNA file (23andMe, AncestryDNA, VCF...)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sample", metavar="NAME", help="which person of a multi-sample VCF")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("genomes", help="list the genomes in the vault")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_genomes)

    p = commands.add_parser("genome", help="activate or remove a genome")
    actions = p.add_subparsers(dest="genome_action", metavar="ACTION", required=True)
    a = actions.add_parser("activate", help="make a genome the one PHR interprets")
    a.add_argument("id", type=int, metavar="ID")
    a.set_defaults(handler=cmd_activate)
    r = actions.add_parser("remove", help="delete a genome and all its genotypes")
    r.add_argument("id", type=int, metavar="ID")
    r.set_defaults(handler=cmd_remove)

    p = commands.add_parser("lookup", help="what a genome says at rsIDs or CHROM:POS positions")
    p.add_argument("queries", nargs="+", metavar="QUERY", help="rs4244285 or 10:96541616")
    p.add_argument("--genome", type=int, metavar="ID", help="default: the active genome")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_lookup)


def _load_importer() -> None:
    with suppress(Exception):  # a failure repeats, and is reported, on the caller's import
        import_module("phr.genome.importer")


def cmd_import(args: argparse.Namespace) -> int:
    # The parsers bring numpy and cyvcf2 (~0.15 s to import): they load in a thread while the
    # vault's key is derived (~0.1 s inside SQLCipher, which lets other threads run).
    loading = threading.Thread(target=_load_importer, daemon=True)
    loading.start()
    with open_from_args(args) as vault:
        loading.join()
        from phr.genome.importer import import_genome

        result = import_genome(vault, args.file, sample=args.sample, progress=terminal_progress())
        ask_sex = not get_profile(vault).sex_asked and has_calls_on(vault, result.genome.id, "X")
    if args.json:
        print_json(result.as_json())
        return 0
    print(f"Imported genome {result.genome.id}. It is now the active genome.")
    for line in describe_genome(result.genome):
        print(f"  {printable(line)}")
    if ask_sex:  # CLINICAL.md rule 8: the person says, the data only suggests
        print(textwrap.fill(SEX_REASON, width=88))
        print("Tell PHR with `phr profile set --sex female|male|not-given`.")
    return 0


def cmd_genomes(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        genomes = list_genomes(vault)
    if args.json:
        print_json([g.as_json() for g in genomes])
        return 0
    if not genomes:
        print("No genome imported yet. Use `phr import FILE`.")
        return 0
    rows = [
        (
            "*" if g.active else "",
            g.id,
            vendor_text(g.vendor),
            g.build,
            coverage_text(g.coverage),
            f"{g.called:,}",
            g.source_name,
        )
        for g in genomes
    ]
    print(table(["Active", "ID", "From", "Map", "Kind", "Genotypes", "File"], rows, right=[1, 5]))
    for g in genomes:
        for warning in g.warnings:  # a damaged or odd file keeps saying so after the import
            print(f"Genome {g.id}: {printable(warning)}")
    return 0


def cmd_activate(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        activate_genome(vault, args.id)
    print(f"Genome {args.id} is now the active genome.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        remove_genome(vault, args.id)
    print(f"Removed genome {args.id} and all its genotypes.")
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    try:
        loci = [(query, parse_locus(query)) for query in args.queries]
    except ValueError as exc:
        raise UsageError(f"{exc}; give rsIDs (rs4244285) or positions (10:96541616).") from exc
    with open_from_args(args) as vault:
        genome = _chosen(vault, args.genome)
        reader = GenotypeReader(vault, genome)
        answers = reader.at_many([query for query, _locus in loci])
    if args.json:
        print_json([a.as_json() for a in answers])
        return 0
    rows = [
        (
            a.query,
            a.rsid or NONE,
            f"{a.chrom}:{a.pos}" if a.chrom else NONE,
            "|".join(a.phase) if a.phase else alleles_text(a.alleles),  # "T|C": copy by copy
            genotype_status_text(a.status)
            + (" (the file gives two different genotypes)" if a.discordant else ""),
        )
        for a in answers
    ]
    print(table(["Asked", "rsID", "Position", "Letters", "Status"], rows))
    return 0


def _chosen(vault: Vault, genome_id: int | None) -> GenomeRecord:
    if genome_id is not None:
        return get_genome(vault, genome_id)
    genome = active_genome(vault)
    if genome is None:
        raise PhrError("No genome imported yet. Use `phr import FILE` first.")
    return genome
