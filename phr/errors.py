"""The typed errors PHR raises for things a person can fix or needs to know.

Every message is written for the person using the app: it names the file and the problem, and
never contains health data (no genotypes, values, medication names or passphrases). The CLI
prints `str(error)` as one line; the UI shows it in a dialog.
"""

from __future__ import annotations


class PhrError(Exception):
    """Base of every user-facing PHR error."""


class Cancelled(PhrError):
    """The person cancelled a long operation; nothing was changed."""

    def __init__(self, message: str = "Cancelled; nothing was changed.") -> None:
        super().__init__(message)


# --- vault -------------------------------------------------------------------------------------


class VaultError(PhrError):
    """Something about the vault file itself."""


class WrongPassphrase(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(f"Wrong passphrase for the vault {path}. Please try again.")


class VaultNotFound(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(f"No vault at {path}. Create one with `phr init` or pick another file.")


class VaultExists(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(f"A file already exists at {path}; PHR will not overwrite it.")


class NotAVault(VaultError):
    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path} is not a PHR vault: {why}.")


class VaultReadOnly(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"The vault {path} (or its folder) is read-only; PHR needs to write to it. "
            "Check the file's permissions or copy it somewhere writable."
        )


class VaultTooNew(VaultError):
    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            f"The vault {path} was written by a newer version of PHR (schema {found}; this "
            f"version understands up to {supported}). Please update PHR to open it."
        )


class VaultInUse(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"The vault {path} is in use by another PHR window or command. "
            "Close it there and try again."
        )


class VaultCorrupt(VaultError):
    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"The vault {path} failed its integrity check: {detail}.")


class VaultDamaged(VaultError):
    """Pages fail their HMAC while others pass: the passphrase is right, the file is not."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            f"The vault {path} is damaged ({detail}). Restore it from a backup; `phr check` "
            "says which pages are affected."
        )


class DiskFull(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(f"Not enough disk space at {path}; nothing was changed.")


class WeakPassphrase(VaultError):
    """Raised when a passphrase is empty; strength beyond that is a hint, not a rule."""


# --- input files -------------------------------------------------------------------------------


class InputError(PhrError):
    """A file or value the person gave us that we cannot use."""


class UnsupportedFile(InputError):
    """The file is readable but is not any format PHR knows."""


class MalformedFile(InputError):
    """The file claims a known format but its content is broken."""


class AlreadyImported(InputError):
    """The same file (same SHA-256) is already in the vault."""


class InvalidValue(InputError):
    """A value typed or imported is outside what PHR can accept (e.g. systolic 400)."""


class ImplausibleDate(InvalidValue):
    """A reading's date is before 1900 or more than a day ahead (or overflows with its offset).

    Imports skip and count such rows instead of stopping: a year-9999 row in a file is nobody's
    real measurement, and the rest of the file is still good."""

    def __init__(self) -> None:
        super().__init__(
            "The date is not plausible for a reading: PHR accepts dates from 1900-01-01 up to "
            "one day after now."
        )


class NotFound(PhrError):
    """An id given on the command line or in the UI does not exist in the vault."""


class RuleSetError(PhrError):
    """A bundled rule file is corrupt or does not match its schema (a packaging bug)."""


class ExportError(PhrError):
    """An export could not be written (target exists, folder read-only, ...)."""
