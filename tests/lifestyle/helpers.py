"""Shared helpers for the lifestyle tests: fixture paths and "the vault did not change"."""

from __future__ import annotations

from pathlib import Path

from phr.vault import Vault

DATA = Path(__file__).parent / "data"
QUIRKS = DATA / "export_quirks.xml"


def snapshot(vault: Vault) -> tuple[bytes, int]:
    """The vault file's bytes and its log row count, to compare before/after a failed import."""
    return vault.path.read_bytes(), int(vault.scalar("SELECT count(*) FROM log_entries"))


def counts(vault: Vault) -> dict[str, int]:
    return dict(vault.query("SELECT kind, count(*) FROM log_entries GROUP BY kind"))
