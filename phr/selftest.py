"""The self-test: prove that this installation of PHR can do its whole job, end to end.

Why it exists: a bundled app (PyInstaller) can start fine and still be broken, because a data
file, a plugin or the SQLCipher library was left out of the bundle. Only doing the real work
shows that: create a throwaway encrypted vault, import the synthetic demo genome, interpret
it with the bundled rule sets, and export the doctor's PDF. `phr self-test` and
`phr-desktop --self-test` both run this; the desktop one adds a window step in front.

Every step reports an outcome. A step whose part of PHR is not in this build is MISSING, and
a missing step fails the self-test: it never counts as passed. Everything is written to a
temporary folder that is deleted afterwards; the data is synthetic, never a person's.
"""

from __future__ import annotations

import importlib
import logging
import secrets
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import phr
from phr.errors import PhrError
from phr.paths import resource
from phr.vault import Vault, create_vault, open_vault

log = logging.getLogger(__name__)

SQLITE_PLAINTEXT_HEADER = b"SQLite format 3\x00"


class Status(StrEnum):
    OK = "ok"
    FAILED = "FAILED"
    MISSING = "MISSING"
    SKIPPED = "skipped"


class MissingPart(Exception):
    """The code a step needs is not in this build (e.g. a feature not yet merged)."""


class StepFailed(Exception):
    """A step ran and found something wrong; the message says what, without health data."""


@dataclass
class Workspace:
    """What the steps hand to each other; lives in a temporary folder."""

    folder: Path
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    vault: Vault | None = None
    genome_file: Path | None = None
    pdf_file: Path | None = None

    @property
    def vault_path(self) -> Path:
        return self.folder / "self-test.phr"

    def open_vault(self) -> Vault:
        if self.vault is None:
            raise StepFailed("no vault is open")
        return self.vault


@dataclass(frozen=True)
class Step:
    """One thing the self-test does. `run` returns a short detail line for the report."""

    name: str
    run: Callable[[Workspace], str]
    needs: tuple[str, ...] = ()
    parts: tuple[tuple[str, str], ...] = ()  # (module, name) pairs this step calls


@dataclass(frozen=True)
class Outcome:
    name: str
    status: Status
    detail: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    def line(self) -> str:
        return f"{self.status.value:<8} {self.name:<15} {self.detail} ({self.seconds:.2f} s)"


@dataclass(frozen=True)
class SelfTestResult:
    outcomes: tuple[Outcome, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return bool(self.outcomes) and all(o.ok for o in self.outcomes)

    def summary(self) -> str:
        """One line: what passed, or every step that did not and why."""
        if self.ok:
            return (
                f"self-test passed: {len(self.outcomes)} steps in {self.seconds:.1f} s "
                f"(PHR {phr.__version__})"
            )
        bad = [o for o in self.outcomes if o.status in (Status.FAILED, Status.MISSING)]
        if not bad:  # only skipped steps (cannot happen unless a `needs` names no real step)
            bad = [o for o in self.outcomes if not o.ok]
        problems = "; ".join(f"{o.name} {o.status.value}: {o.detail}" for o in bad)
        return f"self-test FAILED (PHR {phr.__version__}): {problems}"

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "version": phr.__version__,
            "seconds": round(self.seconds, 3),
            "steps": [
                {
                    "name": o.name,
                    "status": o.status.value,
                    "detail": o.detail,
                    "seconds": round(o.seconds, 3),
                }
                for o in self.outcomes
            ],
        }


def require(module: str, name: str) -> Any:
    """`module.name`, or `MissingPart` if that part of PHR is not in this build.

    A module that exists but fails to import because something *it* needs is absent (say a
    library left out of a bundle) is a failure, not a missing part: that is exactly what the
    self-test is for, so it is raised as `StepFailed` naming the absent import.
    """
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (module == exc.name or module.startswith(exc.name + ".")):
            raise MissingPart(f"{module} is not in this build") from None
        raise StepFailed(f"{module} cannot load: {exc.name or exc} is not installed") from None
    if not hasattr(mod, name):
        raise MissingPart(f"{module}.{name} is not in this build")
    return getattr(mod, name)


# The parts of PHR the steps call, as (module, name): looked up at run time, so a build that
# lacks one reports it as MISSING instead of failing to start.
DEMO_GENOME = ("phr.genome.demo", "demo_genome_text")
IMPORT_GENOME = ("phr.genome.importer", "import_genome")
INTERPRET_PERSON = ("phr.rules.inputs", "interpret_person")
EXPORT = ("phr.report", "export")
EXPORT_OPTIONS = ("phr.report", "ExportOptions")


# -- the steps --------------------------------------------------------------------------------


def check_resources(ws: Workspace) -> str:
    """The `resources` package must be a real folder of files (bundles lose data files)."""
    root = resource()
    if not root.is_dir():
        raise StepFailed("the bundled resources folder is missing")
    folders = sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "__pycache__")
    count = sum(1 for _ in _files(root))
    if count == 0:
        raise StepFailed("the bundled resources folder is empty")
    return f"{count} files in resources/ ({', '.join(folders) or 'no subfolders'})"


def _files(node: Any) -> Any:
    for child in node.iterdir():
        if child.is_dir():
            if child.name != "__pycache__":
                yield from _files(child)
        elif not child.name.endswith((".py", ".pyc")):
            yield child


def create_encrypted_vault(ws: Workspace) -> str:
    """Create, close and reopen a vault; prove the file on disk is really encrypted."""
    vault = create_vault(ws.vault_path, ws.passphrase)
    cipher = str(vault.scalar("PRAGMA cipher_version") or "")
    vault.close()
    if not cipher:
        raise StepFailed("SQLCipher is not active: the vault would not be encrypted")
    with ws.vault_path.open("rb") as handle:
        if handle.read(16) == SQLITE_PLAINTEXT_HEADER:
            raise StepFailed("the vault file was written unencrypted")
    ws.vault = open_vault(ws.vault_path, ws.passphrase)
    return f"encrypted with SQLCipher {cipher}, schema v{ws.vault.schema_version}"


def import_demo_genome(ws: Workspace) -> str:
    """Through the real importer (sniffing, parsing, one transaction), from a real file."""
    demo_genome_text = require(*DEMO_GENOME)
    import_genome = require(*IMPORT_GENOME)
    ws.genome_file = ws.folder / "demo-genome-synthetic.txt"
    ws.genome_file.write_text(demo_genome_text(), encoding="utf-8")
    vault = ws.open_vault()
    result = import_genome(vault, ws.genome_file)
    stored_row_count = require("phr.genome.store", "stored_row_count")
    count = int(stored_row_count(vault, result.genome.id))
    if count == 0:
        raise StepFailed("the demo genome imported no genotypes")
    return f"{count:,} genotypes imported"


def interpret_genome(ws: Workspace) -> str:
    interpret_person = require(*INTERPRET_PERSON)
    findings = interpret_person(ws.open_vault())
    if not findings.pgx and not findings.notes:
        raise StepFailed("the rules produced nothing for the demo genome")
    # Counts only: which genes and notes came out is health data, even for a demo.
    # Runs without a genome too (all genes not tested), so a missing importer does not hide
    # whether the bundled rule set loads.
    without = "" if ws.genome_file is not None else " (no genome imported)"
    return (
        f"rule set {findings.rule_set_version}: {len(findings.pgx)} gene calls, "
        f"{len(findings.notes)} notes{without}"
    )


def export_pdf(ws: Workspace) -> str:
    export = require(*EXPORT)
    options_type = require(*EXPORT_OPTIONS)
    ws.pdf_file = ws.folder / "self-test-report.pdf"
    export(ws.open_vault(), options_type(pdf=ws.pdf_file))
    if not ws.pdf_file.is_file():
        raise StepFailed("no PDF was written")
    data = ws.pdf_file.read_bytes()
    if not data.startswith(b"%PDF-") or len(data) < 1024:
        raise StepFailed(f"the PDF is not valid ({len(data)} bytes)")
    return f"PDF written ({len(data) // 1024} KB)"


CORE_STEPS: tuple[Step, ...] = (
    Step("resources", check_resources),
    Step("vault", create_encrypted_vault),
    Step(
        "demo genome",
        import_demo_genome,
        needs=("vault",),
        parts=(DEMO_GENOME, IMPORT_GENOME),
    ),
    Step("interpret", interpret_genome, needs=("vault",), parts=(INTERPRET_PERSON,)),
    Step("export PDF", export_pdf, needs=("vault",), parts=(EXPORT, EXPORT_OPTIONS)),
)


# -- running ----------------------------------------------------------------------------------


def run_self_test(
    report: Callable[[Outcome], None] = lambda outcome: None,
    *,
    before: Sequence[Step] = (),
    steps: Sequence[Step] = CORE_STEPS,
    clock: Callable[[], float] = time.perf_counter,
) -> SelfTestResult:
    """Run `before` then `steps` in a temporary folder, calling `report` after each step.

    A step that raises is recorded and the run goes on: steps that need it are SKIPPED, but
    independent steps still run, so one report shows every part that is missing or broken.
    """
    started = clock()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="phr-selftest-") as folder:
        ws = Workspace(Path(folder))
        try:
            for step in (*before, *steps):
                outcome = _run_step(step, ws, outcomes, clock)
                outcomes.append(outcome)
                log.info("self-test step=%s status=%s", step.name, outcome.status.value)
                report(outcome)
        finally:
            if ws.vault is not None:
                ws.vault.close()
    return SelfTestResult(tuple(outcomes), clock() - started)


def _run_step(
    step: Step, ws: Workspace, done: list[Outcome], clock: Callable[[], float]
) -> Outcome:
    t0 = clock()
    failed_needs = [o.name for o in done if o.name in step.needs and not o.ok]
    try:
        for module, name in step.parts:  # checked even when skipping: name every missing part
            require(module, name)
        detail = step.run(ws) if not failed_needs else ""
    except MissingPart as exc:
        return Outcome(step.name, Status.MISSING, str(exc), clock() - t0)
    except Exception as exc:  # a self-test reports every failure rather than stopping
        log.info("self-test step=%s failed: %s", step.name, type(exc).__name__)
        return Outcome(step.name, Status.FAILED, _reason(exc), clock() - t0)
    if failed_needs:
        return Outcome(step.name, Status.SKIPPED, f"needs {', '.join(failed_needs)}", 0.0)
    return Outcome(step.name, Status.OK, detail, clock() - t0)


def _reason(exc: BaseException) -> str:
    """PHR's own errors are written for people; anything else gets its type and message.

    Showing an unexpected error's message is safe here only because the self-test handles
    synthetic data alone; it is what makes a broken bundle diagnosable from one line.
    """
    if isinstance(exc, (PhrError, StepFailed)):
        return str(exc)
    return f"unexpected {type(exc).__name__}: {exc}"[:240]
