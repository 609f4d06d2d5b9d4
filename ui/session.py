"""The open vault as the UI sees it: one `Session` per app window.

The `Vault` object itself is only ever touched on the vault worker thread (see `ui.ops`):
`Session.vault` refuses to hand it out anywhere else. The GUI thread keeps just the path and
whether the vault is unlocked. Pages never talk to each other; they listen to
`vault_changed(Changes)`, which `Op` emits when a mutation returns `Changes`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from phr import demo, paths
from phr.errors import PhrError
from phr.progress import CancelToken, Progress
from phr.vault import Vault, create_vault, open_vault
from phr.vault.lock import VaultLock
from ui import ops
from ui.ops import Op
from ui.qt import QObject, QWidget, Signal

log = logging.getLogger(__name__)

IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10


class VaultLocked(PhrError):
    """Vault work was asked for while the vault is locked (e.g. a page refresh racing a lock)."""

    def __init__(self) -> None:
        super().__init__("The vault is locked. Unlock it to continue.")


def demo_vault_path() -> Path:
    """Looked up at call time so tests can point `phr.paths.user_data_dir` elsewhere."""
    return paths.user_data_dir() / "demo.phr"


class Session(QObject):
    """Holds the open vault (worker-side) and announces changes and lock state (GUI-side)."""

    vault_changed = Signal(object)  # phr.progress.Changes
    locked = Signal()
    unlocked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.is_unlocked = False
        self._vault: Vault | None = None  # worker thread only

    # -- worker side --------------------------------------------------------------------------

    @property
    def vault(self) -> Vault:
        """The open vault; only valid inside an Op's function (on the vault worker)."""
        if not ops.worker().is_current():
            raise RuntimeError("Session.vault is only available on the vault worker thread")
        if self._vault is None:
            raise VaultLocked()
        return self._vault

    def _adopt(self, vault: Vault) -> Path:
        if self._vault is not None:
            self._vault.close()
        self._vault = vault
        return vault.path

    def _close(self) -> None:
        if self._vault is not None:
            self._vault.close()  # closes the connection: SQLCipher drops the key
            self._vault = None
            log.info("vault closed")

    # -- GUI side: each returns an Op that the caller decorates and runs ------------------------

    def unlock(self, parent: QWidget | None, path: Path, passphrase: str) -> Op[Path]:
        def work(progress: Progress, cancel: CancelToken) -> Path:
            progress(0, 0, "Unlocking the vault…")
            return self._adopt(open_vault(path, passphrase))

        return Op(parent, work, session=self).success(self._mark_unlocked)

    def create(self, parent: QWidget | None, path: Path, passphrase: str) -> Op[Path]:
        def work(progress: Progress, cancel: CancelToken) -> Path:
            progress(0, 0, "Creating the vault…")
            return self._adopt(create_vault(path, passphrase))

        return Op(parent, work, session=self).success(self._mark_unlocked)

    def open_demo(self, parent: QWidget | None) -> Op[Path]:
        """A fresh demo vault every time, so trying things out never accumulates state."""

        def work(progress: Progress, cancel: CancelToken) -> Path:
            path = demo_vault_path()
            _remove_old_demo(path)
            return self._adopt(demo.create_demo_vault(path, demo.DEMO_PASSPHRASE, progress))

        return Op(parent, work, session=self).success(self._mark_unlocked)

    def lock(self, parent: QWidget | None) -> Op[None]:
        def work(progress: Progress, cancel: CancelToken) -> None:
            self._close()

        self.is_unlocked = False
        return Op(parent, work, session=self).success(lambda _: self.locked.emit())

    def shutdown(self) -> None:
        """Close the vault on its thread and wait; for app exit and test teardown."""
        self.is_unlocked = False
        ops.cancel_all()
        ops.worker().call(self._close)

    def _mark_unlocked(self, path: Path) -> None:
        self.path = path
        self.is_unlocked = True
        self._warm_genome()  # queued first: the pages' own vault work runs after it
        self.unlocked.emit()

    def _warm_genome(self) -> None:
        """Decode the active genome's columns on the vault worker right after unlock, so the
        first page that interprets it finds them in memory (a whole-genome VCF takes a few
        hundred ms to decode). An optimisation only: on failure the first look-up loads them
        and reports any real problem."""

        def warm() -> None:
            from phr.genome.store import warm_active_genome  # numpy: not at app start-up

            vault = self._vault
            if vault is None or not vault.is_open:
                return
            try:
                warm_active_genome(vault)
            except Exception as exc:
                log.warning("genome warm-up skipped (%s)", type(exc).__name__)

        ops.worker().submit(warm)


def _remove_old_demo(path: Path) -> None:
    """Delete the previous demo vault unless another PHR window has it open."""
    if not path.exists():
        return
    guard = VaultLock(path)
    guard.acquire()  # raises VaultInUse if the old demo is open elsewhere
    try:
        path.unlink()
    finally:
        guard.release()
