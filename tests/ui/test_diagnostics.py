"""`phr-desktop --self-test` and `--startup-time`, run as a person (or a build script) would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui import diagnostics
from ui.app import build_parser


def _desktop(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
    env.pop("QT_QPA_PLATFORM", None)  # --self-test must choose offscreen by itself
    return subprocess.run(
        [sys.executable, "-m", "ui.app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_self_test_shows_the_welcome_window_offscreen_and_passes_every_step(
    tmp_path: Path,
) -> None:
    proc = _desktop("--self-test", home=tmp_path)
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("ok       welcome window")
    assert "(offscreen)" in lines[0]
    assert lines[1].startswith("ok       desktop modules")
    assert any(line.startswith("ok       vault") for line in lines)
    assert proc.returncode == 0, proc.stderr
    assert lines[-1].startswith("self-test passed: 7 steps")
    assert not (tmp_path / "state").exists(), "the self-test must not write a log for the user"


def test_startup_time_prints_seconds_until_the_welcome_window_paints(tmp_path: Path) -> None:
    env_home = tmp_path
    proc = subprocess.run(
        [sys.executable, "-m", "ui.app", "--startup-time"],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            XDG_DATA_HOME=str(env_home / "d"),
            XDG_STATE_HOME=str(env_home / "s"),
        ),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("startup: welcome window shown ")
    seconds = float(proc.stdout.split("shown ")[1].split(" s")[0])
    assert 0 < seconds < 60


def test_self_test_and_startup_time_are_exclusive() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--self-test", "--startup-time"])


def test_launch_time_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(diagnostics.LAUNCH_TIME_ENV, "0")
    assert diagnostics.seconds_since_launch() > 1e9  # seconds since the epoch
    monkeypatch.delenv(diagnostics.LAUNCH_TIME_ENV)
    assert 0 <= diagnostics.seconds_since_launch() < 3600  # this process started recently


def test_warm_up_imports_the_whole_core_off_the_gui_thread() -> None:
    import gc
    import sys as _sys

    was_enabled = gc.isenabled()
    gc.disable()  # as ui.collector arranges in the app
    try:
        thread = diagnostics.warm_up_core()
        assert thread is not None
        assert thread.name == "phr-warm-up" and thread.daemon
        thread.join(timeout=60)
        assert not thread.is_alive()
    finally:
        if was_enabled:
            gc.enable()
    assert "phr.rules.engine" in _sys.modules
    assert "phr.selftest" in _sys.modules


def test_no_warm_up_thread_while_automatic_garbage_collection_is_on() -> None:
    import gc

    was_enabled = gc.isenabled()
    gc.enable()
    try:
        assert diagnostics.warm_up_core() is None
    finally:
        if not was_enabled:
            gc.disable()


def test_first_paint_callback_runs_once_after_the_window_paints(qtbot: object) -> None:
    from ui.qt import QWidget

    calls: list[int] = []
    window = QWidget()
    diagnostics.on_first_paint(window, lambda: calls.append(1))
    window.show()
    qtbot.waitUntil(lambda: calls == [1], timeout=5000)  # type: ignore[attr-defined]
    window.repaint()
    qtbot.wait(50)  # type: ignore[attr-defined]
    assert calls == [1]
    window.close()


def test_self_test_fails_in_one_line_naming_a_part_that_is_missing(tmp_path: Path) -> None:
    """Simulate a build without the report code: the self-test must fail, never pass."""
    code = (
        "import sys; sys.modules['phr.report'] = None\n"
        "from ui.app import main\n"
        "raise SystemExit(main(['--self-test']))\n"
    )
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "d"), XDG_STATE_HOME=str(tmp_path / "s"))
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1
    assert "self-test FAILED" in proc.stderr and "export PDF" in proc.stderr
    assert "self-test passed" not in proc.stdout
