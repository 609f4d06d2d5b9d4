"""An export that leaves out a sensitive finding contains none of its words, in any format.

The strongest form of the check: with the APOE note excluded, each output is identical to the
output for a genome that never produced that note at all.
"""

from __future__ import annotations

import dataclasses

import pytest

from phr.report import ReportData, build_bundle, csv_files, render_pdf
from tests.report import samples
from tests.report.helpers import json_text, pdf_text


def _outputs(data: ReportData) -> dict[str, str]:
    texts = {"pdf": pdf_text(render_pdf(data)), "fhir": json_text(build_bundle(data))}
    for name, payload in csv_files(data).items():
        texts[name] = payload.decode("utf-8")
    return texts


@pytest.fixture(scope="module")
def default_export() -> dict[str, str]:
    data = samples.report()
    assert not data.include_sensitive  # the default
    return _outputs(data)


@pytest.mark.parametrize("word", samples.APOE_WORDS)
def test_excluded_sensitive_finding_leaves_none_of_its_words(
    default_export: dict[str, str], word: str
) -> None:
    for name, text in default_export.items():
        assert word.lower() not in text.lower(), f"{word!r} leaked into {name}"


def test_excluded_export_equals_export_of_data_without_the_finding(
    default_export: dict[str, str],
) -> None:
    assert default_export == _outputs(samples.without_apoe(samples.report()))


def test_sensitive_finding_appears_only_when_ticked_for_this_export() -> None:
    texts = _outputs(samples.report(include_sensitive=True))
    for name in ("pdf", "fhir", "notes.csv"):
        assert "APOE" in texts[name]
    assert "8346443" in texts["pdf"]  # its source is cited like any other


def test_sensitive_pgx_gene_row_is_hidden_too() -> None:
    """A gene named only by an excluded sensitive note never shows up as a table row."""
    data = samples.report()
    assert data.findings is not None
    from phr.rules.model import CallStatus, PgxCall

    apoe_call = PgxCall("APOE", ("e3/e4",), None, None, CallStatus.CALLED)
    findings = dataclasses.replace(data.findings, pgx=(*data.findings.pgx, apoe_call))
    texts = _outputs(dataclasses.replace(data, findings=findings))
    assert all("APOE" not in text for text in texts.values())
