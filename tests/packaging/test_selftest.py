"""The self-test reports every step honestly: a missing part fails it, never passes it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import phr
from phr.selftest import (
    CORE_STEPS,
    MissingPart,
    Status,
    Step,
    StepFailed,
    Workspace,
    require,
    run_self_test,
)


def _step(name: str, detail: str = "fine", *, needs: tuple[str, ...] = ()) -> Step:
    return Step(name, lambda ws: detail, needs=needs)


def _raises(exc: Exception) -> object:
    def run(ws: Workspace) -> str:
        raise exc

    return run


def test_all_steps_ok_passes_and_reports_each_step_as_it_finishes() -> None:
    seen: list[str] = []
    result = run_self_test(lambda o: seen.append(o.name), steps=[_step("a"), _step("b")])
    assert result.ok
    assert seen == ["a", "b"]
    assert result.summary().startswith("self-test passed: 2 steps")
    assert phr.__version__ in result.summary()


def test_a_missing_part_fails_the_self_test_and_is_named() -> None:
    steps = [_step("a"), Step("genome", _step("x").run, parts=(("phr.no_such_module", "f"),))]
    result = run_self_test(steps=steps)
    assert not result.ok
    genome = result.outcomes[1]
    assert genome.status is Status.MISSING
    assert "phr.no_such_module is not in this build" in genome.detail
    assert "genome MISSING" in result.summary()
    assert "FAILED" in result.summary()


def test_a_missing_function_in_an_existing_module_is_missing() -> None:
    with pytest.raises(MissingPart, match=r"phr\.selftest\.no_such_function"):
        require("phr.selftest", "no_such_function")


def test_a_module_whose_own_dependency_is_absent_is_a_failure_not_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle that left out a library must fail loudly, naming the library."""
    (tmp_path / "phr_fake_part.py").write_text("import phr_absent_library\nf = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(StepFailed, match="phr_absent_library is not installed"):
        require("phr_fake_part", "f")


def test_steps_after_a_failure_still_run_and_dependents_are_skipped() -> None:
    steps = [
        Step("vault", _raises(StepFailed("disk full"))),
        _step("resources"),
        _step("import", needs=("vault",)),
    ]
    result = run_self_test(steps=steps)
    statuses = [o.status for o in result.outcomes]
    assert statuses == [Status.FAILED, Status.OK, Status.SKIPPED]
    assert "vault FAILED: disk full" in result.summary()


def test_a_skipped_step_still_reports_its_missing_part() -> None:
    steps = [
        Step("vault", _raises(StepFailed("broken"))),
        Step("export", _step("x").run, needs=("vault",), parts=(("phr.nope", "export"),)),
    ]
    result = run_self_test(steps=steps)
    assert result.outcomes[1].status is Status.MISSING


def test_an_unexpected_error_is_a_failure_with_its_type() -> None:
    result = run_self_test(steps=[Step("x", _raises(ValueError("bad shape")))])
    assert result.outcomes[0].status is Status.FAILED
    assert "ValueError: bad shape" in result.outcomes[0].detail


def test_the_temporary_folder_is_removed_afterwards() -> None:
    folders: list[Path] = []

    def remember(ws: Workspace) -> str:
        folders.append(ws.folder)
        (ws.folder / "junk").write_text("x")
        return "ok"

    run_self_test(steps=[Step("x", remember)])
    assert folders and not folders[0].exists()


def test_no_steps_is_not_a_pass() -> None:
    assert not run_self_test(steps=[]).ok


def test_the_real_self_test_passes_in_this_checkout() -> None:
    """Every part has landed: the demo genome goes through import, rules and the PDF."""
    result = run_self_test()
    assert [o.name for o in result.outcomes] == [s.name for s in CORE_STEPS]
    assert result.ok, result.summary()
    details = {o.name: o.detail for o in result.outcomes}
    assert "SQLCipher" in details["vault"]
    assert "genotypes imported" in details["demo genome"]
    assert "no genome imported" not in details["interpret"]
    assert details["export PDF"].startswith("PDF written")


def test_cli_self_test_json_and_exit_status() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "phr.cli", "self-test", "--json"], capture_output=True, text=True
    )
    report = json.loads(proc.stdout)
    assert set(report) == {"ok", "version", "seconds", "steps"}
    assert report["version"] == phr.__version__
    assert {"name", "status", "detail", "seconds"} == set(report["steps"][0])
    assert report["ok"] and proc.returncode == 0, proc.stderr
    assert [step["status"] for step in report["steps"]] == ["ok"] * len(CORE_STEPS)
