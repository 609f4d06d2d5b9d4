"""A real Session on a real (demo or empty) vault for widget tests, without the whole window."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from phr.demo import create_demo_vault
from phr.vault import create_vault
from ui import messages, ops
from ui.session import Session

PASSPHRASE = "correct horse battery staple"


def quiet_modals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text: errors.append(text))
    monkeypatch.setattr(ops.Op, "show_delay_ms", 0)
    monkeypatch.setattr(ops.Op, "poll_ms", 10)
    return errors


@contextmanager
def open_session(qtbot: Any, tmp_path: Path, *, demo: bool) -> Iterator[Session]:
    path = tmp_path / "ui.phr"
    vault = create_demo_vault(path, PASSPHRASE) if demo else create_vault(path, PASSPHRASE)
    vault.close()
    session = Session()
    session.unlock(None, path, PASSPHRASE).run()
    qtbot.waitUntil(lambda: session.is_unlocked, timeout=10_000)
    try:
        yield session
    finally:
        session.shutdown()
        ops.shutdown_worker()


def on_worker(fn: Any) -> Any:
    return ops.worker().call(fn, timeout=10)
