"""The encrypted vault: open/create, transactions, migrations, upkeep."""

from phr.vault.maintenance import (
    IntegrityReport,
    VaultInfo,
    backup,
    change_passphrase,
    info,
    integrity_check,
    passphrase_matches,
)
from phr.vault.migrations import latest_version
from phr.vault.vault import Vault, create_vault, explain_database_error, open_vault

__all__ = [
    "IntegrityReport",
    "Vault",
    "VaultInfo",
    "backup",
    "change_passphrase",
    "create_vault",
    "explain_database_error",
    "info",
    "integrity_check",
    "latest_version",
    "open_vault",
    "passphrase_matches",
]
