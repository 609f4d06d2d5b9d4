"""`phr import`, `phr genomes`, `phr genome activate|remove`, `phr lookup`: JSON contracts."""

from __future__ import annotations

import json

import pytest

from phr.cli import main
from phr.vault import create_vault
from tests.genome.conftest import fixture

PASS = "cli test passphrase"


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    path = tmp_path / "cli.phr"
    create_vault(path, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--vault", str(path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_import_json_has_exactly_the_contract_keys(cli) -> None:
    code, out, _err = cli("import", str(fixture("23andme", "v5_build37_crlf.txt")), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == [
        "genome_id",
        "vendor",
        "build",
        "coverage",
        "variants",
        "no_calls",
        "skipped",
        "source_sha256",
        "warnings",
    ]
    assert (data["vendor"], data["build"], data["coverage"], data["variants"]) == (
        "23andMe",
        "GRCh37",
        "array",
        73,
    )


def test_second_import_of_same_file_exits_1_with_one_line(cli) -> None:
    cli("import", str(fixture("ancestry", "v2_crlf.txt")))
    code, _out, err = cli("import", str(fixture("ancestry", "v2_crlf.txt")))
    assert code == 1
    assert "already imported" in err and err.count("\n") == 1


def test_bad_file_exits_1(cli) -> None:
    code, _out, err = cli("import", str(fixture("bad", "binary_garbage.bin")))
    assert code == 1 and "binary" in err


def test_multisample_without_sample_lists_names_then_works_with_it(cli) -> None:
    code, _out, err = cli("import", str(fixture("vcf", "multisample.vcf")))
    assert code == 1 and "MOTHER, CHILD" in err
    code, out, _err = cli(
        "import", str(fixture("vcf", "multisample.vcf")), "--sample", "MOTHER", "--json"
    )
    assert code == 0 and json.loads(out)["variants"] == 2


def test_lookup_json_for_every_status(cli) -> None:
    cli("import", str(fixture("23andme", "v5_build37_crlf.txt")))
    cli("import", str(fixture("vcf", "gvcf.g.vcf")))
    code, out, _err = cli(
        "lookup", "rs4244285", "10:94785000", "10:94900000", "chr16:31,096,368", "--json"
    )
    assert code == 0
    answers = json.loads(out)
    assert [a["status"] for a in answers] == ["called", "reference_block", "not_tested", "called"]
    assert answers[0] == {
        "query": "rs4244285",
        "rsid": "rs4244285",
        "chrom": "10",
        "pos": 94781859,
        "alleles": ["A", "G"],
        "status": "called",
    }
    assert answers[3]["alleles"] == ["T", "T"] and answers[3]["query"] == "chr16:31,096,368"
    code, out, _err = cli(
        "lookup", "rs1142345", "rs12248560", "rs9332131", "--genome", "1", "--json"
    )
    answers = json.loads(out)
    assert [a["status"] for a in answers] == ["no_call", "not_tested", "called"]
    assert answers[0]["alleles"] is None and answers[2]["alleles"] == ["D", "I"]


def test_lookup_of_thousands_of_queries_in_one_call(cli) -> None:
    cli("import", str(fixture("vcf", "variant_only.vcf")))
    queries = [f"10:{96_000_000 + i}" for i in range(3000)]
    code, out, _err = cli("lookup", *queries, "--json")
    assert code == 0 and len(json.loads(out)) == 3000


def test_lookup_rejects_a_query_that_is_neither_rsid_nor_position(cli) -> None:
    cli("import", str(fixture("vcf", "variant_only.vcf")))
    code, _out, err = cli("lookup", "BRCA1")
    assert code == 2 and "rsID" in err


def test_genomes_activate_remove(cli) -> None:
    cli("import", str(fixture("23andme", "v5_build37_crlf.txt")))
    cli("import", str(fixture("livingdna", "build37.txt")))
    code, out, _err = cli("genomes", "--json")
    listed = json.loads(out)
    assert [(g["genome_id"], g["active"]) for g in listed] == [(1, False), (2, True)]
    assert cli("genome", "activate", "1")[0] == 0
    assert [g["active"] for g in json.loads(cli("genomes", "--json")[1])] == [True, False]
    assert cli("genome", "remove", "1")[0] == 0
    listed = json.loads(cli("genomes", "--json")[1])
    assert [(g["genome_id"], g["active"]) for g in listed] == [(2, True)]
    code, _out, err = cli("genome", "remove", "9")
    assert code == 1 and "no genome with id 9" in err


def test_lookup_without_any_genome_says_so(cli) -> None:
    code, _out, err = cli("lookup", "rs4244285")
    assert code == 1 and "No genome" in err


def test_import_summary_counts_one_genotype_in_the_singular(cli, tmp_path) -> None:
    one = tmp_path / "one.vcf"
    one.write_text(
        "##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n"
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n"
        "1\t1000\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n",
        encoding="utf-8",
    )
    code, out, _err = cli("import", str(one))
    assert code == 0
    assert "Read: 1 genotype; 0 places" in out
