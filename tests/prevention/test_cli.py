"""`phr profile set`, `phr screening`, `phr plan`, `phr risk`: the command-line contracts."""

from __future__ import annotations

import json
from datetime import date

import pytest

from phr.cli import main
from phr.meds.store import add_medication
from phr.prevention.facts import treatment_facts
from phr.profile import get_profile
from phr.vault import open_vault
from tests.prevention.conftest import PASS


def run(vault_file: str, *args: str) -> int:
    return main(["--vault", vault_file, *args])


def test_profile_answers_round_trip_as_json(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(vault_file, "profile", "set", "--born", "1971-04", "--sex", "female") == 0
    assert (
        run(
            vault_file,
            "profile",
            "set",
            "--smoking",
            "former",
            "--pack-years",
            "22",
            "--quit-year",
            "2015",
            "--diabetes",
            "no",
            "--country",
            "gb",
        )
        == 0
    )
    capsys.readouterr()
    assert run(vault_file, "profile", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["born"] == "1971-04" and data["sex"] == "female"
    assert data["smoking"] == "former" and data["pack_years"] == 22.0
    assert data["quit_year"] == 2015 and data["diabetes"] is False and data["country"] == "GB"


@pytest.mark.parametrize(
    "args",
    [
        ["--born", "1971-13"],
        ["--born", "1971-04-02"],
        ["--born", "2999-01"],
        ["--smoking", "sometimes"],
        ["--quit-year", "2015"],  # not a former smoker
        ["--smoking", "never", "--pack-years", "10"],
        ["--pack-years", "-1"],
        ["--diabetes", "maybe"],
        ["--country", "Germany"],
    ],
)
def test_bad_profile_answers_change_nothing(vault_file: str, capsys, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert run(vault_file, "profile", "set", "--born", "1971-04") == 0
    assert run(vault_file, "profile", "set", "--country", "US", *args) == 1
    err = capsys.readouterr().err
    assert err.startswith("phr: ") and err.count("\n") == 1
    with open_vault(vault_file, PASS) as vault:
        profile = get_profile(vault)
    assert profile.country is None and profile.born == (1971, 4)


def test_profile_set_without_answers_is_refused(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(vault_file, "profile", "set") == 1
    assert "Nothing to change" in capsys.readouterr().err


def test_smoking_never_clears_pack_years(vault_file: str) -> None:
    assert run(vault_file, "profile", "set", "--smoking", "current", "--pack-years", "5") == 0
    assert run(vault_file, "profile", "set", "--smoking", "never") == 0
    with open_vault(vault_file, PASS) as vault:
        assert get_profile(vault).pack_years is None


def test_treatment_is_read_from_the_medicine_list_unless_stated(vault_file: str) -> None:
    with open_vault(vault_file, PASS) as vault:
        assert treatment_facts(vault).statin is None
        add_medication(vault, "atorvastatin 20 mg")
        add_medication(vault, "Lisinopril")
        facts = treatment_facts(vault)
        assert facts.statin is True and facts.statin_use.source == "medicine list"
        assert facts.bp_treatment is True
    assert run(vault_file, "profile", "set", "--statin", "no") == 0
    with open_vault(vault_file, PASS) as vault:
        assert treatment_facts(vault).statin is False
    assert run(vault_file, "profile", "set", "--statin", "auto") == 0
    with open_vault(vault_file, PASS) as vault:
        assert treatment_facts(vault).statin is True


def test_screening_add_list_remove(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(vault_file, "screening", "add", "colonoscopy", "2016-05-20") == 0
    assert run(vault_file, "screening", "add", "hpv_test", "2024-02-01", "--note", "clinic") == 0
    capsys.readouterr()
    assert run(vault_file, "screening", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(s["kind"], s["date"]) for s in listed] == [
        ("hpv_test", "2024-02-01"),
        ("colonoscopy", "2016-05-20"),
    ]
    assert listed[0]["note"] == "clinic"
    assert run(vault_file, "screening", "remove", str(listed[0]["id"])) == 0
    assert run(vault_file, "screening", "remove", "999") == 1


@pytest.mark.parametrize(
    ("kind", "day", "message"),
    [
        ("ct_scan", "2020-01-01", "not a screening PHR knows"),
        ("colonoscopy", "2020-02-30", "YYYY-MM-DD"),
        ("colonoscopy", "2999-01-01", "between 1900 and today"),
        ("colonoscopy", "1899-12-31", "between 1900 and today"),
    ],
)
def test_bad_screenings_are_refused_and_nothing_is_stored(
    vault_file: str,
    capsys,  # type: ignore[no-untyped-def]
    kind: str,
    day: str,
    message: str,
) -> None:
    assert run(vault_file, "screening", "add", kind, day) == 1
    assert message in capsys.readouterr().err
    with open_vault(vault_file, PASS) as vault:
        assert vault.scalar("SELECT count(*) FROM screenings") == 0


def test_a_screening_before_birth_is_refused(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(vault_file, "profile", "set", "--born", "1970-06") == 0
    assert run(vault_file, "screening", "add", "colonoscopy", "1970-05-31") == 1
    assert "before your month of birth" in capsys.readouterr().err
    assert run(vault_file, "screening", "add", "colonoscopy", "1970-06-01") == 0
    with open_vault(vault_file, PASS) as vault:
        assert vault.scalar("SELECT count(*) FROM screenings") == 1


def test_the_same_screening_twice_is_refused(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(vault_file, "screening", "add", "mammogram", "2025-03-01") == 0
    assert run(vault_file, "screening", "add", "mammogram", "2025-03-01") == 1
    assert "already recorded" in capsys.readouterr().err


def _setup_person(vault_file: str) -> None:
    born = f"{date.today().year - 52}-01"
    for args in (
        [
            "profile",
            "set",
            "--born",
            born,
            "--sex",
            "male",
            "--smoking",
            "current",
            "--pack-years",
            "30",
            "--diabetes",
            "no",
            "--bp-treatment",
            "no",
            "--statin",
            "no",
        ],
        ["log", "add", "total_cholesterol", "213", "--unit", "mg/dL"],
        ["log", "add", "hdl", "50"],
        ["log", "add", "egfr", "85"],
        ["log", "add", "blood_pressure", "138/86"],
        ["screening", "add", "colonoscopy", f"{date.today().year - 11}-01-15"],
    ):
        assert run(vault_file, *args) == 0


def test_plan_json_contract(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    _setup_person(vault_file)
    capsys.readouterr()
    assert run(vault_file, "plan", "--json") == 0
    plan = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in plan] == [
        "bp_screening",
        "colorectal",
        "breast",
        "cervical",
        "lung",
        "statin",
        "diabetes",
        "aaa",
        "osteoporosis",
        "hcv",
        "hiv",
        "alcohol",
        "tobacco",
    ]
    by_id = {p["id"]: p for p in plan}
    for p in plan:
        assert p["status"] in ("due", "upcoming", "up_to_date", "not_applicable")
        assert set(p["source"]) >= {"org", "grade", "year", "url"}
        assert p["reasons"]
    assert by_id["colorectal"]["status"] == "due"
    assert "You are 52" in by_id["colorectal"]["reasons"][0]
    assert by_id["lung"]["status"] == "due"
    assert by_id["tobacco"]["status"] == "due"
    assert by_id["breast"]["status"] == "not_applicable"
    assert run(vault_file, "plan") == 0
    text = capsys.readouterr().out
    assert text.index("DUE NOW") < text.index("not applicable")


def test_risk_json_contract_and_refusal(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(vault_file, "risk", "--json") == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["prevent_10y_cvd"] is None and "total_cholesterol" in data["missing"]
    assert err.startswith("phr: PHR cannot estimate")
    _setup_person(vault_file)
    capsys.readouterr()
    assert run(vault_file, "risk", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"prevent_10y_cvd", "prevent_10y_ascvd", "inputs", "missing"}
    assert data["missing"] == [] and 0 < data["prevent_10y_ascvd"] < data["prevent_10y_cvd"]
    assert data["inputs"]["systolic"]["value"] == 138.0


def test_plan_notes_json(vault_file: str, capsys) -> None:  # type: ignore[no-untyped-def]
    _setup_person(vault_file)
    capsys.readouterr()
    assert run(vault_file, "plan", "notes", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert {n["id"] for n in data["lifestyle"]} >= {"smoking", "bp_category"}
    assert {n["status"] for n in data["genetic"]} == {"not_tested"}
