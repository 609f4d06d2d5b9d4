"""The demo vault: synthetic data only (never a real person's), for trying PHR out.

Each part of PHR adds its own synthetic data through one function in `DEMO_SECTIONS`, so this
module stays a list rather than growing knowledge of every feature.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from phr.progress import Progress, no_progress
from phr.vault import Vault, create_vault

log = logging.getLogger(__name__)

DEMO_PASSPHRASE = "demo"

DemoSection = Callable[[Vault], None]


def _demo_sections() -> list[tuple[str, DemoSection]]:
    """Imported lazily so the vault layer does not depend on every feature at import time."""
    sections: list[tuple[str, DemoSection]] = []
    from phr.genome.demo import add_demo_genome  # genome
    from phr.lifestyle.demo import add_demo_logs  # lifestyle logs
    from phr.meds.demo import add_demo_meds  # medication list
    from phr.prevention.demo import add_demo_prevention  # prevention plan (issue 17)

    sections += [("genome", add_demo_genome)]
    sections += [("medication list", add_demo_meds), ("lifestyle logs", add_demo_logs)]
    sections += [("prevention profile and history", add_demo_prevention)]
    return sections


def create_demo_vault(
    path: Path | str, passphrase: str = DEMO_PASSPHRASE, progress: Progress = no_progress
) -> Vault:
    """Create a new vault at `path` filled with synthetic demo data and return it open."""
    vault = create_vault(path, passphrase)
    try:
        vault.set_setting("demo", "1")
        sections = _demo_sections()
        for done, (label, add) in enumerate(sections):
            progress(done, len(sections), f"Adding demo {label}")
            add(vault)
        progress(len(sections), len(sections), "Demo ready")
    except BaseException:
        vault.close()
        Path(path).unlink(missing_ok=True)
        raise
    log.info("demo vault created sections=%d", len(sections))
    return vault
