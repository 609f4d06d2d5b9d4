"""One vocabulary: every place PHR shows a status, a kind of file, a vendor or a genotype says it
the way `phr.vocabulary` does, and machine codes never reach a person.

Two nets: the rendered outputs of the CLI, the PDF, the CSV text columns, FHIR display texts and
the note cards of a demo vault are scanned for raw codes and variant spellings; and the sources
of `phr/` and `ui/` are scanned for display words spelled outside the vocabulary module.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from phr import vocabulary as v
from phr.cli import main
from phr.demo import DEMO_PASSPHRASE, create_demo_vault
from tests.report.helpers import csv_rows, pdf_text

ROOT = Path(__file__).resolve().parents[1]

# Machine codes that must never be shown to a person (they stay in --json and CSV code columns).
RAW_CODES = re.compile(
    r"\b(not_tested|assumed_reference|reference_block|no_call|variant_only_vcf|partial_vcf"
    r"|apple_health|blood_glucose|blood_pressure|heart_rate)\b"
)
# Status codes that are also English words: raw in the CLI's tables, fair in the clinician's
# prose ("no actionable result for other medicines").
STATUS_CODES = re.compile(r"\b(actionable|informative|indeterminate)\b")
# Spellings of the same thing that the vocabulary replaced; none may come back.
VARIANTS = re.compile(
    r"FTDNA|Family ?Tree DNA|Living DNA|Ancestry DNA|23AndMe|NOT TESTED|COULD NOT BE READ"
    r"|act on: discuss|partially tested|[Pp]art-tested|genotyping chip \(array\)"
    r"|F5 normal/|HFE normal/|LCT -13910"
    r"|\b(rs\d+) [ACGT]+/\1\b"  # 'rs2231142 G/rs2231142 T' is said 'rs2231142 G/T'
)


# -- the vocabulary itself --------------------------------------------------------------------


def test_genotypes_of_labelled_genes_are_said_as_copies() -> None:
    f5 = {"Leiden": "Factor V Leiden"}
    assert v.diplotype_text(["normal/Leiden"], f5) == "one copy of Factor V Leiden"
    assert v.diplotype_text(["Leiden/Leiden"], f5) == "two copies of Factor V Leiden"
    assert v.diplotype_text(["normal/normal"], f5) == "no copy of Factor V Leiden"
    hfe = {"C282Y": "HFE C282Y", "H63D": "HFE H63D"}
    assert v.diplotype_text(["C282Y/H63D"], hfe) == "one copy of HFE C282Y and one copy of HFE H63D"
    assert v.diplotype_text(["normal/normal"], hfe) == "no copy of HFE C282Y or HFE H63D"


def test_diplotypes_share_one_format_and_one_dash() -> None:
    assert v.diplotype_text(["*1/*2"]) == "*1/*2"
    assert v.diplotype_text(["*1/*3A", "*3B/*3C"]) == "*1/*3A or *3B/*3C"
    assert v.diplotype_text(["rs2231142 G/rs2231142 T"]) == "rs2231142 G/T"
    assert v.diplotype_text([]) == v.NONE == v.alleles_text(None)


def test_vendors_have_one_spelling_whatever_was_stored() -> None:
    for stored in ("FTDNA", "ftdna", "FamilyTreeDNA", "Family Tree DNA"):
        assert v.vendor_text(stored) == "FamilyTreeDNA"
    assert v.vendor_text("ancestry") == "AncestryDNA"
    assert v.vendor_text("VCF") == "VCF file"


def test_log_kinds_and_sources_in_words() -> None:
    assert v.log_kind_text("blood_glucose") == "blood glucose"
    assert v.log_source_text("apple_health:MyFitnessPal") == "Apple Health (MyFitnessPal)"
    assert v.log_source_text("apple_health") == "Apple Health"
    assert v.log_source_text("manual") == "typed in"


def test_copy_number_wording_follows_the_kind_of_file() -> None:
    text = "It cannot say how well it works, because {copies_reason}."
    assert "chips" in v.with_coverage_words(text, "array")
    for kind in ("variant_only_vcf", "partial_vcf", "gvcf"):
        said = v.with_coverage_words(text, kind)
        assert "chip" not in said and "{" not in said


def test_every_code_has_words() -> None:
    from phr.genome.model import CoverageKind, GenotypeStatus
    from phr.rules.model import CallStatus, NoteStatus

    assert {str(s) for s in NoteStatus} == set(v.NOTE_STATUS)
    assert {str(s) for s in CallStatus} == set(v.CALL_STATUS)
    assert {str(s) for s in GenotypeStatus} == set(v.GENOTYPE_STATUS) == set(v.GENOTYPE_STATUS_LONG)
    assert {str(k) for k in CoverageKind} == set(v.COVERAGE) == set(v.COVERAGE_MEANING)


# -- rendered outputs -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vocab") / "demo.phr"
    create_demo_vault(path, DEMO_PASSPHRASE).close()
    return path


def _cli(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> str:
    monkeypatch.setenv("PHR_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["--vault", str(demo), *args]) == 0
    return capsys.readouterr().out


HUMAN_COMMANDS = [
    ["info"],
    ["info", "--details"],
    ["genomes"],
    ["pgx"],
    ["notes"],
    ["explain", "cyp2d6-medicines"],
    ["explain", "f5-factor-v-leiden"],
    ["explain", "cyp2c19-clopidogrel"],
    ["lookup", "rs4244285", "rs6025", "1:5"],
    ["meds"],
    ["log"],
    ["log", "summary"],
]


def test_cli_human_output_speaks_the_vocabulary(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in HUMAN_COMMANDS:
        out = _cli(demo, capsys, monkeypatch, *args)
        assert not RAW_CODES.search(out), (args, RAW_CODES.search(out))
        assert not STATUS_CODES.search(out), (args, STATUS_CODES.search(out))
        assert not VARIANTS.search(out), (args, VARIANTS.search(out))
    pgx = _cli(demo, capsys, monkeypatch, "pgx")
    assert pgx.splitlines()[0].split() == [
        "Gene",
        "Status",
        "Your",
        "versions",
        "What",
        "it",
        "means",
    ]
    assert v.CALL_STATUS["partial"] in pgx and v.CALL_STATUS["not_tested"] in pgx
    assert v.NOTE_STATUS["actionable"] in _cli(demo, capsys, monkeypatch, "notes")
    assert "F5: one copy of Factor V Leiden" in _cli(
        demo, capsys, monkeypatch, "explain", "f5-factor-v-leiden"
    )


def test_json_keeps_the_machine_values(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = json.loads(_cli(demo, capsys, monkeypatch, "pgx", "--json"))
    assert {c["status"] for c in calls} >= {"called", "partial", "not_tested"}
    genomes = json.loads(_cli(demo, capsys, monkeypatch, "genomes", "--json"))
    assert genomes[0]["coverage"] == "array"


def test_exports_speak_the_vocabulary(
    demo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    pdf, fhir, folder = tmp_path / "r.pdf", tmp_path / "r.json", tmp_path / "csv"
    _cli(demo, capsys, monkeypatch, "export", "--pdf", str(pdf), "--fhir", str(fhir))
    _cli(demo, capsys, monkeypatch, "export", "--csv", str(folder))
    text = pdf_text(pdf.read_bytes())
    assert not VARIANTS.search(text), VARIANTS.search(text)
    assert not RAW_CODES.search(text.replace("\n", " ")), RAW_CODES.search(text)
    bundle = json.loads(fhir.read_text(encoding="utf-8"))
    shown = [
        value
        for key, value in _walk(bundle)
        if key in ("text", "display", "valueString") and isinstance(value, str)
    ]
    for value in shown:
        assert not VARIANTS.search(value), value
    for name in ("pgx.csv", "notes.csv", "lifestyle.csv"):
        for row in csv_rows((folder / name).read_bytes()):
            for column, value in row.items():
                if column.endswith("_text"):
                    assert not RAW_CODES.search(value) and not VARIANTS.search(value), value


def _walk(node: object, key: str = "") -> list[tuple[str, object]]:
    if isinstance(node, dict):
        return [pair for k, child in node.items() for pair in _walk(child, k)]
    if isinstance(node, list):
        return [pair for child in node for pair in _walk(child, key)]
    return [(key, node)]


def test_note_cards_speak_the_vocabulary(demo: Path) -> None:
    from phr.rules.inputs import interpret_person
    from phr.vault import open_vault
    from ui.note_card import STATUS_TEXT, gene_table_html, why_html

    with open_vault(demo, DEMO_PASSPHRASE) as vault:
        findings = interpret_person(vault)
    shown = [why_html(n) for n in findings.notes] + [gene_table_html(findings.pgx)]
    shown += [text for text, _fg, _bg in STATUS_TEXT.values()]
    for html in shown:
        assert not RAW_CODES.search(html), RAW_CODES.search(html)
        assert not VARIANTS.search(html), VARIANTS.search(html)
    assert [t for t, _f, _b in STATUS_TEXT.values()] == [v.note_status_text(s) for s in STATUS_TEXT]


# -- the sources: display words are spelled only in phr/vocabulary.py --------------------------

_EXEMPT = {
    Path("phr/vocabulary.py"),  # the one place the words are written
}


def _display_words() -> set[str]:
    words = {*v.NOTE_STATUS.values(), *v.GENOTYPE_STATUS.values(), *v.COVERAGE.values()}
    words |= {w for w in v.CALL_STATUS.values() if w != "Read"}  # too common a word to scan
    return words | {w.upper() for w in words} | {w.lower() for w in words if " " in w}


def _shown_strings(tree: ast.AST) -> list[ast.Constant]:
    """String constants other than docstrings (those explain code, they are not shown)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_module_spells_a_status_coverage_or_vendor_itself() -> None:
    words = _display_words()
    found = []
    for path in sorted([*ROOT.joinpath("phr").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py")]):
        relative = path.relative_to(ROOT)
        if relative in _EXEMPT:
            continue
        is_parser = relative.parts[:3] == ("phr", "genome", "formats")  # stored codes live there
        for node in _shown_strings(ast.parse(path.read_text(encoding="utf-8"))):
            text = str(node.value)
            if text.strip() in words:
                found.append(f"{relative}:{node.lineno}: {text!r}")
            if not is_parser and re.search(r"FTDNA|Family ?Tree DNA|Living DNA", text):
                found.append(f"{relative}:{node.lineno}: {text[:40]!r}")
    assert found == []
