"""One vault per test module (key derivation is slow); tests that need an empty vault make one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from phr.vault import Vault, create_vault

PASS = "prevention test passphrase"


@pytest.fixture
def vault_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "plan.phr"
    create_vault(path, PASS).close()
    monkeypatch.setenv("PHR_PASSPHRASE", PASS)
    return str(path)


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault = create_vault(tmp_path_factory.mktemp("prevention") / "p.phr", PASS)
    yield vault
    vault.close()
