"""`phr pgx`, `phr notes`, `phr explain`, `phr optin/optout`: output shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phr.cli import main
from phr.vault import create_vault
from tests.rules.genomes import all_reference_calls, array_rows, store

PASS = "cli rules passphrase"


@pytest.fixture
def vault_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "cli.phr"
    with create_vault(path, PASS) as vault:
        calls: dict[str, str | None] = dict(all_reference_calls())
        calls.update({"rs4244285": "AA", "rs429358": "CC", "rs28399504": None})
        store(vault, array_rows(calls), sex="female")
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return str(path)


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    capsys.readouterr()
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_pgx_json_shape(vault_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    calls = run_json(capsys, "--vault", vault_file, "pgx", "--json")
    assert isinstance(calls, list)
    cyp2c19 = next(c for c in calls if c["gene"] == "CYP2C19")
    assert set(cyp2c19) == {
        "gene",
        "diplotypes",
        "phenotype",
        "activity_score",
        "status",
        "missing",
        "caveats",
        "possible_phenotypes",
        "cannot_rule_out",
        "rare_alleles",
        "source",
        "clinical",
    }
    assert (cyp2c19["source"], cyp2c19["clinical"]) == ("genome", None)
    assert cyp2c19["diplotypes"] == ["*2/*2"]
    assert cyp2c19["status"] == "partial"
    assert cyp2c19["missing"] == ["rs28399504"]
    assert not any(c["gene"] in ("APOE", "BRCA1", "F5") for c in calls)


def test_notes_json_shape_category_filter_and_sensitive_hidden(
    vault_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = run_json(capsys, "--vault", vault_file, "notes", "--json")
    assert isinstance(notes, list)
    keys = {
        "id",
        "category",
        "title",
        "genes",
        "drugs",
        "status",
        "evidence",
        "sources",
        "confirm_clinically",
        "sensitive",
        "on_medication_list",
    }
    assert all(set(n) == keys for n in notes)
    assert not any(n["sensitive"] for n in notes)
    prevention = run_json(
        capsys, "--vault", vault_file, "notes", "--json", "--category", "prevention"
    )
    assert prevention and all(n["category"] == "prevention" for n in prevention)  # type: ignore[index,union-attr]


def test_optin_shows_apoe_and_optout_hides_it(
    vault_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--vault", vault_file, "optin", "apoe", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "cannot tell you" in out
    notes = run_json(capsys, "--vault", vault_file, "notes", "--json")
    apoe = next(n for n in notes if n["id"] == "apoe-alzheimers")  # type: ignore[union-attr]
    assert apoe["sensitive"] and apoe["status"] == "actionable"
    assert main(["--vault", vault_file, "optout", "apoe"]) == 0
    notes = run_json(capsys, "--vault", vault_file, "notes", "--json")
    assert "apoe-alzheimers" not in {n["id"] for n in notes}  # type: ignore[union-attr]


def test_explain_shows_the_why(vault_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--vault", vault_file, "explain", "cyp2c19-clopidogrel"]) == 0
    out = capsys.readouterr().out
    assert "rule cyp2c19-clopidogrel, rule set 1.0.0" in out
    assert "rs4244285" in out and "A/A" in out
    assert "PMID 35034351" in out
    data = run_json(capsys, "--vault", vault_file, "explain", "cyp2c19-clopidogrel", "--json")
    assert data["rule_set_version"] == "1.0.0"  # type: ignore[index]
    assert any(g["rsid"] == "rs28399504" and g["status"] == "no_call" for g in data["genotypes"])  # type: ignore[index]


def test_explain_unknown_or_hidden_note_exits_1(
    vault_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--vault", vault_file, "explain", "apoe-alzheimers"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no note" in err
    assert main(["--vault", vault_file, "explain", "nope"]) == 1


def test_optin_without_confirmation_shows_the_text_and_changes_nothing(
    vault_file: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["--vault", vault_file, "optin", "apoe"]) == 2
    captured = capsys.readouterr()
    assert "cannot tell you" in captured.out and "--yes" in captured.err
    notes = run_json(capsys, "--vault", vault_file, "notes", "--json")
    assert "apoe-alzheimers" not in {n["id"] for n in notes}  # type: ignore[union-attr]


def test_optin_declined_at_the_prompt_keeps_it_hidden(
    vault_file: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["--vault", vault_file, "optin", "apoe"]) == 0
    assert "stays hidden" in capsys.readouterr().out
    notes = run_json(capsys, "--vault", vault_file, "notes", "--json")
    assert "apoe-alzheimers" not in {n["id"] for n in notes}  # type: ignore[union-attr]


def test_optin_rejects_unknown_topic(vault_file: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--vault", vault_file, "optin", "everything"])
    assert exc.value.code == 2


def test_text_output(vault_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--vault", vault_file, "pgx"]) == 0
    assert "CYP2C19" in capsys.readouterr().out
    assert main(["--vault", vault_file, "notes"]) == 0
    assert "phr explain" in capsys.readouterr().out
