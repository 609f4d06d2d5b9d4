"""Where PHR keeps things on this computer (platformdirs), and the bundled resources."""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

APP_NAME = "phr"
VAULT_ENV = "PHR_VAULT"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_vault_path() -> Path:
    """`$PHR_VAULT` if set, else `vault.phr` in the user data dir."""
    env = os.environ.get(VAULT_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "vault.phr"


def resource(*parts: str) -> Traversable:
    """A file shipped under `resources/` (works from a checkout, a wheel, or a bundle)."""
    node: Traversable = resources.files("resources")
    for part in parts:
        node = node.joinpath(part)
    return node
