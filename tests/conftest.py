"""Suite-wide rails: no network, and no test ever touches the real user folders."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class NetworkBlocked(AssertionError):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkBlocked("PHR tried to open a network connection")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any socket connection attempt in a test fails loudly (PHR never talks to a network)."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("PHR_VAULT", raising=False)
    monkeypatch.delenv("PHR_PASSPHRASE", raising=False)
    monkeypatch.delenv("PHR_NEW_PASSPHRASE", raising=False)
    return home


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "test.phr"


@pytest.fixture
def vault(vault_path: Path) -> Iterator[object]:
    from phr.vault import create_vault

    opened = create_vault(vault_path, "correct horse battery staple")
    yield opened
    opened.close()


def shared_file(*parts: str) -> Path:
    """A file from ../shared/; the test is skipped where the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path
