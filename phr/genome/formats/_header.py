"""Small helpers the array vendor modules share for reading their comment headers."""

from __future__ import annotations

import re

from phr.genome.build import build_from_text
from phr.genome.formats.base import Head


def comment_text(head: Head, prefix: str = "#") -> str:
    return "\n".join(line for line in head.lines if line.startswith(prefix))


def first_data_line(head: Head) -> str:
    for line in head.lines:
        if line.strip() and not line.startswith("#"):
            return line.strip()
    return ""


def header_build(text: str) -> str | None:
    build = build_from_text(text)
    return str(build) if build is not None else None


def find(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text, re.IGNORECASE)
    return match[1] if match else None
