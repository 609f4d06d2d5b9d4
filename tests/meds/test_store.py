"""The medication list: add, edit, stop, remove, and what the rules engine reads."""

from __future__ import annotations

from datetime import date

import pytest

from phr.errors import InvalidValue, NotFound
from phr.meds import (
    Auto,
    add_medication,
    current_medications,
    edit_medication,
    get_medication,
    list_medications,
    remove_medication,
    stop_medication,
)
from phr.progress import Changes
from phr.vault import Vault


def test_add_exact_match_stores_generic_and_dose(vault: Vault) -> None:
    added = add_medication(vault, "Plavix", dose="75mg", frequency="once a day")
    assert added.meds and isinstance(added, Changes)
    med = get_medication(vault, added.id)
    assert (med.name, med.generic, med.dose, med.unit) == ("Plavix", "clopidogrel", "75", "mg")
    assert med.classes == {"antiplatelet"}


def test_dose_written_in_the_name_is_picked_up(vault: Vault) -> None:
    med = get_medication(vault, add_medication(vault, "clopidogrel 75mg").id)
    assert (med.name, med.generic, med.dose, med.unit) == (
        "clopidogrel 75mg",
        "clopidogrel",
        "75",
        "mg",
    )


def test_fuzzy_match_is_not_stored_until_confirmed(vault: Vault) -> None:
    unconfirmed = get_medication(vault, add_medication(vault, "simvastatine").id)
    assert unconfirmed.generic is None
    confirmed = get_medication(
        vault, add_medication(vault, "simvastatine", generic="simvastatin").id
    )
    assert confirmed.generic == "simvastatin" and confirmed.classes == {"statin"}


def test_unknown_drug_is_kept_as_typed(vault: Vault) -> None:
    med = get_medication(vault, add_medication(vault, "Grandma's tonic").id)
    assert med.name == "Grandma's tonic" and med.generic is None


def test_generic_must_be_in_the_table(vault: Vault) -> None:
    with pytest.raises(InvalidValue):
        add_medication(vault, "x", generic="not-a-drug")


def test_empty_name_and_stop_before_start_are_refused(vault: Vault) -> None:
    with pytest.raises(InvalidValue):
        add_medication(vault, "   ")
    with pytest.raises(InvalidValue):
        add_medication(vault, "Zocor", started_on=date(2024, 5, 1), stopped_on=date(2024, 4, 1))
    assert list_medications(vault) == []


def test_stop_keeps_history_and_leaves_current_list(vault: Vault) -> None:
    keep = add_medication(vault, "Zocor", started_on=date(2023, 1, 1)).id
    gone = add_medication(vault, "Nexium").id
    assert stop_medication(vault, gone, date(2024, 3, 1)) == Changes(meds=True)
    current = current_medications(vault, today=date(2024, 6, 1))
    assert [(m.id, m.generic) for m in current] == [(keep, "simvastatin")]
    assert len(list_medications(vault)) == 2
    # a stop date still ahead means it is still taken
    assert len(current_medications(vault, today=date(2024, 2, 1))) == 2


def test_edit_renames_and_rematches(vault: Vault) -> None:
    mid = add_medication(vault, "Vitamin C").id
    edit_medication(vault, mid, name="Lipitor", dose="20")
    med = get_medication(vault, mid)
    assert (med.generic, med.dose) == ("atorvastatin", "20")
    edit_medication(vault, mid, generic=None)
    assert get_medication(vault, mid).generic is None
    edit_medication(vault, mid, generic=Auto.MATCH)
    assert get_medication(vault, mid).generic == "atorvastatin"
    edit_medication(vault, mid, reason="cholesterol")
    assert get_medication(vault, mid).generic == "atorvastatin"


def test_remove_and_missing_ids(vault: Vault) -> None:
    mid = add_medication(vault, "Plavix").id
    assert remove_medication(vault, mid) == Changes(meds=True)
    assert list_medications(vault) == []
    with pytest.raises(NotFound):
        remove_medication(vault, mid)
    with pytest.raises(NotFound):
        stop_medication(vault, 999)


def test_json_shape(vault: Vault) -> None:
    add_medication(vault, "Microgynon", started_on=date(2024, 1, 2))
    (med,) = list_medications(vault)
    shape = med.as_json(today=date(2024, 6, 1))
    assert shape["generic"] == "ethinylestradiol"
    assert shape["classes"] == ["estrogen"]
    assert shape["started_on"] == "2024-01-02" and shape["current"] is True


def test_status_text_reads_a_planned_stop_as_still_taking(vault: Vault) -> None:
    mid = add_medication(vault, "Plavix", started_on=date(2024, 1, 1)).id
    today = date(2025, 6, 1)
    assert get_medication(vault, mid).status_text(today) == "taking"
    stop_medication(vault, mid, date(2025, 7, 1))
    assert get_medication(vault, mid).status_text(today) == "taking (until 2025-07-01)"
    assert get_medication(vault, mid).status_text(date(2025, 7, 1)) == "stopped 2025-07-01"
