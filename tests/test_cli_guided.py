"""Issue 15, CLI side: `phr init` warns on a weak passphrase; `phr meds add` refuses the same
drug twice (by any name) unless --allow-duplicate, and an accepted suggestion stores the
matched drug with the typed text kept as a note."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from phr.cli import main
from phr.meds import accept_suggestion, match_drug, same_drug
from phr.strength import Strength, assess
from phr.vault import create_vault

STRONG = "correct horse battery staple 42"


class Terminal(io.StringIO):
    """stdin that says it is a terminal and answers `input()` with the given lines."""

    def isatty(self) -> bool:
        return True


def test_init_with_a_weak_passphrase_warns_but_scripts_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "v.phr"
    monkeypatch.setenv("PHR_PASSPHRASE", "abc")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--vault", str(vault), "init"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Warning: this passphrase is weak.")
    assert vault.exists()


def test_init_on_a_terminal_asks_before_using_a_weak_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "v.phr"
    monkeypatch.setenv("PHR_PASSPHRASE", "abc")
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert main(["--vault", str(vault), "init"]) == 1
    assert "No vault created" in capsys.readouterr().err
    assert not vault.exists()
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert main(["--vault", str(vault), "init"]) == 0
    assert vault.exists()


def test_init_with_a_strong_passphrase_says_nothing_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PHR_PASSPHRASE", STRONG)
    monkeypatch.setattr("sys.stdin", Terminal(""))
    assert main(["--vault", str(tmp_path / "v.phr"), "init"]) == 0
    assert capsys.readouterr().err == ""
    assert assess(STRONG).strength is Strength.STRONG


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "v.phr"
    create_vault(path, STRONG).close()
    monkeypatch.setenv("PHR_PASSPHRASE", STRONG)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return path


def listed(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--vault", str(path), "meds", "list", "--json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_meds_add_refuses_brand_next_to_generic(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--vault", str(vault), "meds", "add", "simvastatin"]) == 0
    assert main(["--vault", str(vault), "meds", "add", "Zocor"]) == 1
    err = capsys.readouterr().err
    assert "simvastatin is already on your list" in err and "--allow-duplicate" in err
    assert len(listed(vault, capsys)) == 1
    assert main(["--vault", str(vault), "meds", "add", "Zocor", "--allow-duplicate"]) == 0
    assert len(listed(vault, capsys)) == 2


def test_meds_add_twice_with_yes_is_refused_and_the_suggestion_is_stored(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--vault", str(vault), "meds", "add", "warfrin", "--yes"]) == 0
    assert main(["--vault", str(vault), "meds", "add", "warfrin", "--yes"]) == 1
    rows = listed(vault, capsys)
    assert len(rows) == 1
    assert (rows[0]["name"], rows[0]["generic"]) == ("warfarin", "warfarin")
    assert "warfrin" in str(rows[0]["reason"])


def test_declined_or_unknown_names_are_duplicates_only_by_name(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--vault", str(vault), "meds", "add", "fish oil"]) == 0
    assert main(["--vault", str(vault), "meds", "add", "Fish  Oil"]) == 1
    assert main(["--vault", str(vault), "meds", "add", "vitamin D3"]) == 0
    # names in other scripts are told apart (normalising them leaves nothing to compare)
    assert main(["--vault", str(vault), "meds", "add", "阿司匹林肠溶片", "--as-typed"]) == 0
    assert main(["--vault", str(vault), "meds", "add", "باراسيتامول", "--as-typed"]) == 0
    assert main(["--vault", str(vault), "meds", "add", "باراسيتامول", "--as-typed"]) == 1


def test_stopped_medicine_is_not_a_duplicate(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--vault", str(vault), "meds", "add", "simvastatin"]) == 0
    assert main(["--vault", str(vault), "meds", "stop", "1", "--on", "2020-01-01"]) == 0
    assert main(["--vault", str(vault), "meds", "add", "simvastatin"]) == 0


def test_accept_suggestion_keeps_reason_and_dose() -> None:
    found = match_drug("warfrin 5mg")
    assert found.needs_confirmation and found.generic == "warfarin"
    accepted = accept_suggestion("warfrin  5mg", found, "blood clots")
    assert accepted.name == "warfarin"
    assert accepted.reason == "blood clots (typed as “warfrin 5mg”)"
    assert accepted.dose == "5mg"
    assert accept_suggestion("warfrin", found).reason == "Typed as “warfrin”"


def test_same_drug_ignores_the_row_being_edited(tmp_path: Path) -> None:
    from phr.meds import add_medication

    with create_vault(tmp_path / "v.phr", STRONG) as v:
        added = add_medication(v, "Zocor")
        assert [m.id for m in same_drug(v, "simvastatin", "simvastatin")] == [added.id]
        assert same_drug(v, "simvastatin", "simvastatin", ignore_id=added.id) == []
