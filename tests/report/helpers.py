"""Reading exports back the way a person's tools would: PDF text, JSON, CSV rows."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """All text, with line breaks folded so phrases split across lines still match."""
    return " ".join(" ".join(pdf_pages(pdf)).split())


def csv_rows(payload: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8"))))


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
