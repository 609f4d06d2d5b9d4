"""The create-vault rules are plain Python: no Qt needed to test (or to import) them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ui.passphrase import CreateVaultForm, Strength, assess, passphrase_problem


@pytest.mark.parametrize(
    ("passphrase", "expected"),
    [
        ("", Strength.WEAK),
        ("abc", Strength.WEAK),
        ("aaaaaaaaaaaa", Strength.WEAK),  # long but one repeated character
        ("sunflower", Strength.WEAK),
        ("Sunfl0wer!", Strength.FAIR),  # short, but three character classes
        ("sunflowerfield", Strength.FAIR),
        ("Sunflower field 7", Strength.STRONG),
        ("correct horse battery staple", Strength.STRONG),
    ],
)
def test_strength_hint_grades_length_and_character_classes(
    passphrase: str, expected: Strength
) -> None:
    hint = assess(passphrase)
    assert hint.strength is expected
    assert expected.value in hint.text


def test_empty_passphrase_is_refused() -> None:
    assert passphrase_problem("", "") == "Please choose a passphrase."


def test_mismatched_passphrases_are_refused() -> None:
    assert passphrase_problem("one thing", "another") == "The two passphrases do not match."


def test_matching_passphrases_are_accepted_even_when_weak() -> None:
    assert passphrase_problem("abc", "abc") is None


def test_form_requires_path_match_and_acknowledged_no_recovery(tmp_path: Path) -> None:
    form = CreateVaultForm(path=str(tmp_path / "new.phr"), first="a b c d", second="a b c d")
    assert form.problem() is not None and "cannot be recovered" in form.problem()  # type: ignore[operator]
    form.understood_no_recovery = True
    assert form.can_submit
    form.path = ""
    assert form.problem() == "Choose where to save the vault."


def test_form_refuses_a_path_that_already_exists(tmp_path: Path) -> None:
    existing = tmp_path / "old.phr"
    existing.write_bytes(b"x")
    form = CreateVaultForm(str(existing), "pass phrase", "pass phrase", True)
    assert "already exists" in (form.problem() or "")


def test_passphrase_rules_import_without_qt() -> None:
    code = "import sys, ui.passphrase; assert 'PySide6' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
