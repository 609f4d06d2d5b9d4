"""Logging to the user log dir. Log lines carry events and counts, never health data.

Rule for every `log.info(...)` in PHR: say what happened and how much (e.g. "imported genome
id=3 rows=612004"), never which genotype, value, medicine or file content.
"""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path

from phr.paths import user_log_dir

_configured_path: Path | None = None


def describe_bug(context: str, exc: BaseException) -> str:
    """Where an unexpected error happened, without its message: messages can quote file
    content or values (e.g. `invalid literal for int(): 'AG'`), and logs never hold health
    data. File, line and function names are enough to find the bug."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames[::-1])
    return f"unexpected {type(exc).__name__} in {context}: {where}"


def configure(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Send the `phr` and `ui` loggers to a rotating file; returns the log file path.

    Only the first call in a process sets up the file; later calls return that same path."""
    global _configured_path
    if _configured_path is not None:
        return _configured_path
    directory = log_dir or user_log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "phr.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    for name in ("phr", "ui"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
        logger.propagate = False
    _configured_path = path
    return path
