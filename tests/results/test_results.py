"""Clinical test results: stored only after every check passes, listed, removed, imported."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from phr.cli import main
from phr.errors import InvalidValue, NotFound
from phr.results import add_result, import_outside_calls, list_results, remove_result
from phr.vault import Vault, create_vault

PASS = "clinical results passphrase"
TODAY = date(2025, 6, 1)


def test_add_list_and_remove(vault: Vault) -> None:
    add_result(vault, "cyp2c19", diplotype="2/*17", lab="  Example  Lab ", tested_on="2023-04-17")
    add_result(vault, "CYP2C9", phenotype="poor metabolizer", lab="Lab B", tested_on="2024-01-02")
    found = list_results(vault)
    assert [(r.gene, r.diplotype, r.phenotype, r.lab) for r in found] == [
        ("CYP2C19", "*2/*17", None, "Example Lab"),  # allele names in the gene's own spelling
        ("CYP2C9", None, "Poor Metabolizer", "Lab B"),
    ]
    assert found[0].tested_on == date(2023, 4, 17)
    remove_result(vault, found[0].id)
    assert [r.gene for r in list_results(vault)] == ["CYP2C9"]
    with pytest.raises(NotFound, match="no clinical result with id 999"):
        remove_result(vault, 999)


def test_allele_result_present_and_absent(vault: Vault) -> None:
    add_result(vault, "CYP2C19", allele="*2", present=True, lab="L", tested_on="2023-01-01")
    (result,) = list_results(vault)
    assert (result.allele, result.allele_present, result.diplotype) == ("*2", True, None)
    with pytest.raises(InvalidValue, match="both the allele and present or absent"):
        add_result(vault, "CYP2C19", allele="*2", lab="L", tested_on="2023-01-01")


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"gene": "CYP9Z9", "diplotype": "*1/*1"}, "'CYP9Z9' is not a gene PHR interprets"),
        ({"gene": "CYP2C19", "diplotype": "*1/*99"}, "CYP2C19 has no allele '*99'"),
        ({"gene": "CYP2C19", "diplotype": "*1"}, "two alleles joined by '/'"),
        ({"gene": "CYP2C19", "phenotype": "Super Metabolizer"}, "not a CYP2C19 phenotype"),
        ({"gene": "CYP2C19"}, "Give the result"),
        ({"gene": "CYP2C19", "diplotype": "*1/*2", "tested_on": "2025-06-02"}, "in the future"),
        ({"gene": "CYP2C19", "diplotype": "*1/*2", "tested_on": "17/04/2023"}, "YYYY-MM-DD"),
        ({"gene": "CYP2C19", "diplotype": "*1/*2", "lab": "   "}, "Name the laboratory"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    vault: Vault, kwargs: dict[str, str], words: str
) -> None:
    args: dict[str, str] = {"lab": "Example Lab", "tested_on": "2023-04-17", **kwargs}
    gene = args.pop("gene")
    before = vault.path.read_bytes()
    with pytest.raises(InvalidValue, match=words.replace("*", r"\*").replace("(", r"\(")):
        add_result(vault, gene, today=TODAY, **args)  # type: ignore[arg-type]
    assert list_results(vault) == []
    assert vault.path.read_bytes() == before


def test_unknown_allele_error_names_the_allele_and_the_known_ones(vault: Vault) -> None:
    with pytest.raises(InvalidValue) as caught:
        add_result(vault, "CYP2C19", diplotype="*2/*35", lab="L", tested_on="2023-01-01")
    assert "'*35'" in str(caught.value)
    assert "*17" in str(caught.value)


def test_outside_call_file_is_imported_whole_or_not_at_all(vault: Vault, tmp_path: Path) -> None:
    good = tmp_path / "outside.tsv"
    good.write_text(
        "# outside calls from the lab\nCYP2C19\t*1/*2\nCYP2C9\t\tIntermediate Metabolizer\t1.0\n",
        encoding="utf-8",
    )
    assert import_outside_calls(vault, good, lab="Lab", tested_on="2022-02-02") == 2
    assert {(r.gene, r.diplotype, r.phenotype) for r in list_results(vault)} == {
        ("CYP2C19", "*1/*2", None),
        ("CYP2C9", None, "Intermediate Metabolizer"),
    }
    bad = tmp_path / "bad.tsv"
    bad.write_text("TPMT\t*1/*3A\nCYP2C19\t*1/*42\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"bad.tsv line 2: CYP2C19 has no allele '\*42'"):
        import_outside_calls(vault, bad, lab="Lab", tested_on="2022-02-02")
    assert len(list_results(vault)) == 2


# -- CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def vault_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "cli.phr"
    create_vault(path, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return str(path)


def test_cli_add_list_json_and_remove(vault_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--vault", vault_file, "results"]
    assert (
        main(
            [
                *base,
                "add",
                "CYP2C19",
                "--diplotype",
                "*2/*2",
                "--lab",
                "Lab",
                "--date",
                "2023-04-17",
            ]
        )
        == 0
    )
    assert main([*base, "add", "CYP2C19", "--allele", "*17", "--absent", "--lab", "Lab",
                 "--date", "2023-04-17"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main([*base, "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0] == {
        "id": listed[0]["id"],
        "gene": "CYP2C19",
        "diplotype": None,
        "phenotype": None,
        "allele": "*17",
        "allele_present": False,
        "lab": "Lab",
        "date": "2023-04-17",
    }
    assert {r["diplotype"] for r in listed} == {"*2/*2", None}
    assert main([*base, "list"]) == 0
    text = capsys.readouterr().out
    assert "*2/*2" in text and "*17 absent" in text
    assert main([*base, "remove", str(listed[0]["id"])]) == 0
    capsys.readouterr()
    assert main([*base, "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["CYP9Z9", "--diplotype", "*1/*1"], "not a gene PHR interprets"),
        (["CYP2C19", "--diplotype", "*1/*99"], "CYP2C19 has no allele '*99'"),
        (["CYP2C19", "--diplotype", "*1/*2", "--date", "2999-01-01"], "in the future"),
    ],
)
def test_cli_bad_input_one_line_and_vault_unchanged(
    vault_file: str, capsys: pytest.CaptureFixture[str], extra: list[str], words: str
) -> None:
    before = Path(vault_file).read_bytes()
    args = ["--vault", vault_file, "results", "add", *extra, "--lab", "Lab"]
    if "--date" not in extra:
        args += ["--date", "2023-04-17"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert Path(vault_file).read_bytes() == before


def test_cli_present_without_allele_is_a_usage_error(
    vault_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--vault", vault_file, "results", "add", "CYP2C19", "--present", "--lab", "L"]
    assert main([*args, "--date", "2023-01-01"]) == 2
    assert "--allele" in capsys.readouterr().err


def test_cli_import(vault_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    calls = tmp_path / "calls.tsv"
    calls.write_text("#gene\tdiplotype\nCYP2C19\t*1/*17\n", encoding="utf-8")
    args = ["--vault", vault_file, "results", "import", str(calls), "--lab", "L"]
    assert main([*args, "--date", "2023-01-01"]) == 0
    assert "1 clinical result recorded" in capsys.readouterr().out


def test_dates_are_checked_against_today(vault: Vault) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(InvalidValue, match="in the future"):
        add_result(vault, "CYP2C19", diplotype="*1/*2", lab="L", tested_on=tomorrow)


def test_outside_call_line_with_only_an_activity_score(vault: Vault, tmp_path: Path) -> None:
    calls = tmp_path / "scores.tsv"
    calls.write_text("CYP2C9\t\t\t1.5\n", encoding="utf-8")
    assert import_outside_calls(vault, calls, lab="Lab", tested_on="2022-02-02") == 1
    assert list_results(vault)[0].phenotype == "Intermediate Metabolizer"
    calls.write_text("CYP2C19\t\t\t1.5\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"cannot read an activity score of 1\.5 for CYP2C19"):
        import_outside_calls(vault, calls, lab="Lab", tested_on="2022-02-02")


def test_info_counts_clinical_results(vault_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--vault", vault_file, "info"]) == 0
    assert "Lab results" not in capsys.readouterr().out
    base = ["--vault", vault_file, "results", "add", "CYP2C19", "--phenotype", "Poor Metabolizer"]
    assert main([*base, "--lab", "L", "--date", "2023-01-01"]) == 0
    capsys.readouterr()
    assert main(["--vault", vault_file, "info"]) == 0
    assert "1 from clinical tests" in capsys.readouterr().out
    assert main(["--vault", vault_file, "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["holdings"]["clinical_results"] == 1
