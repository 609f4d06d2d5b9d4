"""A cache of bundled data files already parsed and schema-checked, so start-up skips YAML and
JSON Schema (about 0.3 s of every `phr pgx` before it).

Only the app's own bundled data (rule sets, the drug name table) is cached: never anything
from a vault, so the security rule "no health data outside the vault" holds. An entry is keyed
by the SHA-256 of the PHR version and every input file's text, so an edited rule file or a new
release can never be served a stale document; a damaged or unreadable entry is ignored and
rebuilt, and a cache folder that cannot be written only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import platformdirs

from phr import __version__
from phr.paths import APP_NAME

log = logging.getLogger(__name__)

CACHE_ENV = "PHR_CACHE_DIR"  # tests and packagers may point the cache elsewhere
FORMAT = 1  # bump when the shape of a cached document changes


def cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cache_key(kind: str, texts: Mapping[str, str]) -> str:
    digest = hashlib.sha256(f"{kind}\0{FORMAT}\0{__version__}\0".encode())
    for name in sorted(texts):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(texts[name].encode("utf-8") + b"\0")
    return digest.hexdigest()


def checked_documents(
    kind: str, texts: Mapping[str, str], build: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """`build()` (parse and validate `texts`), or its earlier result for identical `texts`.

    `build` must raise on invalid input; only a result it returned is ever cached, so a
    document read back from the cache has passed validation once.
    """
    path = cache_dir() / f"{kind}-{cache_key(kind, texts)}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached, dict):
            return cached
    except (OSError, ValueError):
        pass
    # Through JSON even when fresh: both paths then give the same types (string keys, lists).
    documents: dict[str, Any] = json.loads(json.dumps(build(), ensure_ascii=False))
    _store(path, documents)
    return documents


def _store(path: Path, documents: dict[str, Any]) -> None:
    """Write atomically (a reader never sees half a file); old entries of the kind go."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(documents, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        kind = path.name.split("-", 1)[0]
        for old in path.parent.glob(f"{kind}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # read-only home, full disk: slower next time, nothing worse
        log.info("data cache not written (%s)", type(exc).__name__)
