"""The medication editor widget: matching hints, confirmation of close matches, stop/remove."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phr.errors import InvalidValue
from phr.meds import list_medications, match_drug
from tests.lifestyle.ui_helpers import on_worker, open_session, quiet_modals
from ui.widgets.medication_editor import MedicationEditor, match_hint, read_form

SCREENS = Path("/work/screens")


def test_read_form_checks_fields() -> None:
    with pytest.raises(InvalidValue, match="name"):
        read_form(" ", "", "", "", "")
    with pytest.raises(InvalidValue, match="2024-03-01"):
        read_form("Plavix", "", "", "01/03/2024", "")
    form = read_form(" Plavix ", "75mg", "", "2024-01-02", "")
    assert (form.name, form.dose, form.frequency) == ("Plavix", "75mg", None)


def test_hints() -> None:
    assert match_hint(match_drug("Plavix")) == "Recognised as clopidogrel (Plavix)."
    assert "confirm" in match_hint(match_drug("simvastatine"))
    assert "kept as typed" in match_hint(match_drug("fish oil"))


def test_editor_adds_confirms_stops_and_removes(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet_modals(monkeypatch)
    asked: list[str] = []
    with open_session(qtbot, tmp_path, demo=False) as session:
        editor = MedicationEditor(session)
        qtbot.addWidget(editor)
        editor.show()
        editor.confirm = lambda parent, question: asked.append(question) or True
        editor.name.setText("simvastatine")
        editor.dose.setText("40 mg")
        editor.add()
        qtbot.waitUntil(lambda: len(editor.medications) == 1, timeout=10_000)
        assert "simvastatin" in asked[0]
        assert editor.medications[0].generic == "simvastatin"
        assert (editor.medications[0].dose, editor.medications[0].unit) == ("40", "mg")
        editor.name.setText("Plavix")
        editor.add()
        qtbot.waitUntil(lambda: len(editor.medications) == 2, timeout=10_000)
        assert len(asked) == 1  # an exact match asks nothing
        editor.table.selectRow(1)
        assert editor.name.text() == "Plavix" and editor.stop_button.isEnabled()
        editor.stop()
        qtbot.waitUntil(lambda: editor.medications[-1].stopped_on is not None, timeout=10_000)
        editor.table.selectRow(0)
        editor.remove()
        qtbot.waitUntil(lambda: len(editor.medications) == 1, timeout=10_000)
        left = on_worker(lambda: list_medications(session.vault))
        assert [m.generic for m in left] == ["clopidogrel"]


def test_declining_a_close_match_keeps_it_as_typed(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet_modals(monkeypatch)
    with open_session(qtbot, tmp_path, demo=False) as session:
        editor = MedicationEditor(session)
        qtbot.addWidget(editor)
        editor.show()
        editor.confirm = lambda parent, question: False
        editor.name.setText("clopidogrell")
        editor.add()
        qtbot.waitUntil(lambda: len(editor.medications) == 1, timeout=10_000)
        assert editor.medications[0].generic is None


def test_editor_standalone_screenshot(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet_modals(monkeypatch)
    with open_session(qtbot, tmp_path, demo=True) as session:
        editor = MedicationEditor(session)
        qtbot.addWidget(editor)
        editor.resize(900, 560)
        editor.show()
        editor.refresh()
        qtbot.waitUntil(lambda: len(editor.medications) == 6, timeout=10_000)
        editor.name.setText("simvastatine")
        assert "Did you mean simvastatin" in editor.hint.text()
        if SCREENS.is_dir():
            editor.grab().save(str(SCREENS / "medication_editor.png"))
