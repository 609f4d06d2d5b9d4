"""A vault shared by a test module: creating one costs a key derivation, so rule tests that
only add genomes reuse it (each test stores its own genome and interprets that one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from phr.vault import Vault, create_vault


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path: Path = tmp_path_factory.mktemp("rules") / "rules.phr"
    vault = create_vault(path, "rules test passphrase")
    yield vault
    vault.close()
