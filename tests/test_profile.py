"""The person's profile: sex is asked, stated and used; the data only suggests it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phr.cli import main
from phr.errors import InvalidValue
from phr.profile import get_profile, normalize_sex, set_sex
from phr.vault import create_vault, open_vault

PASS = "profile pass"


@pytest.fixture
def vault_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "p.phr"
    create_vault(path, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return str(path)


def test_profile_starts_unasked_and_records_the_answer(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--vault", vault_file, "profile", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sex"] is None
    assert main(["--vault", vault_file, "profile"]) == 0
    assert "not asked yet" in capsys.readouterr().out
    assert main(["--vault", vault_file, "profile", "set", "--sex", "F"]) == 0
    capsys.readouterr()
    assert main(["--vault", vault_file, "profile", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sex"] == "female"
    assert main(["--vault", vault_file, "profile", "set", "--sex", "not-given"]) == 0
    with open_vault(vault_file, PASS) as vault:
        profile = get_profile(vault)
    assert profile.sex is None and profile.sex_asked


def test_a_wrong_answer_is_refused_with_a_clear_line_and_nothing_changes(
    vault_file: str,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    assert main(["--vault", vault_file, "profile", "set", "--sex", "banana"]) == 1
    assert "female, male or not-given" in capsys.readouterr().err
    with open_vault(vault_file, PASS) as vault:
        assert not get_profile(vault).sex_asked


def test_normalize_sex_accepts_everyday_words() -> None:
    assert normalize_sex(" Woman ") == "female"
    assert normalize_sex("m") == "male"
    assert normalize_sex("prefer not to say") == "not_given"
    with pytest.raises(InvalidValue):
        normalize_sex("x")


def test_forgetting_the_answer_asks_again(vault_file: str) -> None:
    with open_vault(vault_file, PASS) as vault:
        set_sex(vault, "male")
        set_sex(vault, None)
        assert not get_profile(vault).sex_asked


def test_import_of_a_genome_with_x_data_asks_once(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.genome.conftest import fixture

    assert (
        main(["--vault", vault_file, "import", str(fixture("23andme", "v5_build37_crlf.txt"))]) == 0
    )
    out = capsys.readouterr().out
    assert "X chromosome" in out and "phr profile set --sex" in out
    assert main(["--vault", vault_file, "profile", "set", "--sex", "not-given"]) == 0
    capsys.readouterr()
    other = fixture("ancestry", "v2_crlf.txt")
    assert main(["--vault", vault_file, "import", str(other)]) == 0
    assert "phr profile set" not in capsys.readouterr().out
