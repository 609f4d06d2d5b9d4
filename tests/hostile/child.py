"""Run `phr` in a child process and read what it cost: exit status, stderr, seconds, peak RSS.

The peak comes from `os.wait4` in a small launcher process, not in the test process: a child
forked from a big process starts with that process's peak (Linux counts the parent's pages
until `exec`), so measured from pytest, late in a full run, `phr` would seem to use 375 MB.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

MB = 1024 * 1024
needs_wait4 = pytest.mark.skipif(not hasattr(os, "wait4"), reason="os.wait4 is POSIX-only")

_LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, "
    "stdout=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
)


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    stderr: str
    seconds: float
    peak_rss: int  # bytes


def run_phr(args: list[str], folder: Path, env: dict[str, str], timeout: float = 60) -> ChildRun:
    """`python -m phr ARGS`; killed (and the test failed) after `timeout` seconds."""
    err_path = folder / "child.stderr"
    start = time.monotonic()
    with open(err_path, "wb") as err:
        launcher = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "phr", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            env={**os.environ, **env},
            start_new_session=True,
        )
        try:
            out, _ = launcher.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.communicate()
            pytest.fail(f"phr {' '.join(args)} still ran after {timeout} s")
    seconds = time.monotonic() - start
    if launcher.returncode != 0 or len(out.split()) != 2:
        pytest.fail(f"the launcher failed: {err_path.read_text()[-2000:]}")
    code, peak = (int(word) for word in out.split())
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else kB
    return ChildRun(code, err_path.read_text(), seconds, peak * scale)
