"""Window tests run offscreen, never block on a modal, never sleep, never touch real dirs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from phr import paths
from ui import messages, ops
from ui.app import Shell
from ui.main_window import MainWindow
from ui.qt import is_valid

PASSPHRASE = "correct horse battery staple"


@dataclass
class Modals:
    """Records what would have been shown modally, and answers questions as told."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    idle_minutes_answer: int | None = None
    file_answer: Path | None = None


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "user-data"
    monkeypatch.setattr(paths, "user_data_dir", lambda: data)
    monkeypatch.setenv(paths.VAULT_ENV, str(data / "vault.phr"))
    return data


@pytest.fixture(autouse=True)
def modals(monkeypatch: pytest.MonkeyPatch) -> Modals:
    answers = Modals()
    monkeypatch.setattr(messages, "show_error", lambda parent, text: answers.errors.append(text))
    monkeypatch.setattr(
        messages, "show_info", lambda parent, title, text: answers.infos.append(text)
    )
    monkeypatch.setattr(
        messages, "show_about", lambda parent, title, text: answers.infos.append(text)
    )
    monkeypatch.setattr(
        messages, "ask_idle_minutes", lambda parent, current: answers.idle_minutes_answer
    )
    monkeypatch.setattr(messages, "choose_existing_vault", lambda p, s: answers.file_answer)
    monkeypatch.setattr(messages, "choose_new_vault", lambda p, s: answers.file_answer)
    monkeypatch.setattr(ops.Op, "show_delay_ms", 0)
    monkeypatch.setattr(ops.Op, "poll_ms", 10)
    return answers


class FakeClock:
    """The idle clock's `now()`: time moves only when a test says so."""

    def __init__(self) -> None:
        self.seconds = 1_000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, minutes: float) -> None:
        self.seconds += minutes * 60


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_shell(qapp: object, clock: FakeClock) -> Iterator[type[Shell]]:
    shells: list[Shell] = []

    def make(vault_path: Path | None = None) -> Shell:
        shell = Shell(vault_path, now=clock, idle_tick_ms=10)
        shell.start()
        shells.append(shell)
        return shell

    yield make  # type: ignore[misc]
    for shell in shells:
        for window in (shell.main_window, shell.welcome):
            if window is not None and is_valid(window):
                window.close()
        shell.shutdown()


def wait_for_main_window(qtbot: object, shell: Shell) -> MainWindow:
    """Wait until the main window shows the Overview with facts loaded from the vault."""

    def ready() -> bool:
        window = shell.main_window
        return window is not None and window.pages[0].facts["path"].text() != "…"

    qtbot.waitUntil(ready, timeout=10_000)  # type: ignore[attr-defined]
    assert shell.main_window is not None
    return shell.main_window


def on_worker(fn):  # type: ignore[no-untyped-def]
    """Run `fn` on the vault worker and return its result (for assertions about the vault)."""
    return ops.worker().call(fn, timeout=10)
