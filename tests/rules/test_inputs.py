"""gather_inputs wires the real medication list and lifestyle logs into interpretation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phr.cli import main
from phr.lifestyle.entries import add_entry
from phr.meds.store import add_medication, stop_medication
from phr.rules.inputs import gather_inputs
from phr.vault import create_vault
from tests.rules.genomes import all_reference_calls, array_rows, store

PASS = "inputs passphrase"
# Every drug a rule names is in the name table: tests/meds/test_rule_drugs_known.py.


def test_medication_list_and_logs_reach_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.phr"
    with create_vault(path, PASS) as vault:
        calls: dict[str, str | None] = dict(all_reference_calls())
        calls.update({"rs4149056": "CC", "rs6025": "CT", "rs671": "AG"})
        store(vault, array_rows(calls), sex="female")
        add_medication(vault, "simvastatin")
        add_medication(vault, "ethinylestradiol")
        stopped = add_medication(vault, "clopidogrel")
        stop_medication(vault, stopped.id)
        add_entry(vault, "smoking", "10")
        add_entry(vault, "alcohol", "3", unit="drinks")
        medications, facts = gather_inputs(vault)
        assert {m.generic for m in medications} == {"simvastatin", "ethinylestradiol"}
        assert facts is not None and facts.current_smoker is True
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    capsys.readouterr()
    assert main(["--vault", str(path), "notes", "--json"]) == 0
    notes = {n["id"]: n for n in json.loads(capsys.readouterr().out)}
    assert notes["slco1b1-simvastatin"]["on_medication_list"]
    assert notes["combo-slco1b1-simvastatin"]["status"] == "actionable"
    assert notes["combo-clot-risk-estrogen"]["on_medication_list"]
    assert not notes["cyp2c19-clopidogrel"]["on_medication_list"]  # stopped medicines do not count
    assert "combo-cyp2c19-clopidogrel" not in notes
    first = next(iter(notes.values()))
    assert first["on_medication_list"]
    assert main(["--vault", str(path), "explain", "combo-clot-risk-estrogen"]) == 0
    assert "current smoker: yes" in capsys.readouterr().out
