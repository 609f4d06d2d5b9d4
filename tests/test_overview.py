"""phr.overview: the order of the person's summary, without a vault or Qt."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from phr.demo import DEMO_PASSPHRASE, create_demo_vault
from phr.lifestyle.model import KindSummary
from phr.overview import MAX_DISCUSS, build_overview, load_overview, measurement_item
from phr.rules.model import Category, Findings, Note, NoteStatus


def note(
    title: str,
    status: NoteStatus,
    *,
    mine: bool = False,
    category: Category = Category.MEDICATION,
    sensitive: bool = False,
) -> Note:
    return Note(
        id=title, category=category, title=title, genes=("CYP2C19",), drugs=("clopidogrel",),
        status=status, evidence="CPIC level A", sources=(), confirm_clinically=False,
        sensitive=sensitive, found="", meaning="", discuss=f"discuss {title}", limits="",
        rule_set_version="1", on_medication_list=mine,
    )  # fmt: skip


def findings(*notes: Note) -> Findings:
    return Findings(genome_id=1, rule_set_version="1", notes=notes)


def test_actionable_for_my_medicines_come_first_then_others_then_prevention() -> None:
    result = build_overview(
        findings(
            note("prevention", NoteStatus.ACTIONABLE, category=Category.PREVENTION),
            note("other drug", NoteStatus.ACTIONABLE),
            note("informative", NoteStatus.INFORMATIVE, mine=True),
            note("my drug", NoteStatus.ACTIONABLE, mine=True),
            note("apoe", NoteStatus.ACTIONABLE, sensitive=True, category=Category.PREVENTION),
        ),
        has_genome=True, medicines=1, log_entries=0,
    )  # fmt: skip
    assert [i.text for i in result.discuss] == ["my drug", "other drug", "prevention"]
    assert [i.page for i in result.discuss] == ["medications", "medications", "prevention"]
    assert result.discuss[0].detail.startswith("On your medicine list.")


def test_not_tested_explains_why_and_puts_my_medicines_first() -> None:
    result = build_overview(
        findings(
            note("gap elsewhere", NoteStatus.NOT_TESTED),
            note("gap in mine", NoteStatus.PARTIAL, mine=True),
        ),
        has_genome=True, medicines=1, log_entries=0,
    )  # fmt: skip
    assert [i.text for i in result.not_tested] == ["gap in mine", "gap elsewhere"]
    assert "not the same as a normal result" in result.not_tested[1].detail


def test_long_lists_are_cut_with_a_count() -> None:
    many = [note(f"n{i}", NoteStatus.ACTIONABLE) for i in range(MAX_DISCUSS + 3)]
    result = build_overview(findings(*many), has_genome=True, medicines=0, log_entries=0)
    assert len(result.discuss) == MAX_DISCUSS and result.more_to_discuss == 3


def test_new_vault_gets_the_checklist_and_no_findings() -> None:
    result = build_overview(None, has_genome=False, medicines=0, log_entries=0)
    assert result.is_new
    assert [s.page for s in result.steps] == [
        "genome:import",
        "medications:add",
        "lifestyle",
        "reports",
    ]
    assert not any(s.done for s in result.steps)
    assert result.discuss == () and result.not_tested == ()
    done = build_overview(
        findings(), has_genome=True, medicines=2, log_entries=5, reports_made=True
    )
    assert not done.is_new and all(s.done for s in done.steps)


def test_measurement_line_has_latest_average_and_trend() -> None:
    summary = KindSummary(
        kind="weight", unit="kg", latest=71.24, latest_at="2026-11-30T08:00:00+01:00",
        days=(), mean_7d=None, mean_30d=71.5, trend_90d=-0.42,
    )  # fmt: skip
    item = measurement_item(summary)
    assert item is not None and item.page == "lifestyle"
    assert item.text == "Weight: 71.2 kg on 2026-11-30"
    assert item.detail == "30-day average 71.5 kg; 90-day trend -0.4 kg a month"
    bp = KindSummary(
        kind="blood_pressure", unit="mmHg", latest=(128.0, 82.0), latest_at="2026-11-30T08:00",
        days=(), mean_7d=None, mean_30d=None, trend_90d=None,
    )  # fmt: skip
    item = measurement_item(bp)
    assert item is not None and "128/82 mmHg" in item.text
    assert "too few days" in item.detail


def test_demo_vault_overview(tmp_path: Path) -> None:
    with create_demo_vault(tmp_path / "demo.phr", DEMO_PASSPHRASE) as vault:
        result = load_overview(vault)
    assert result.has_genome and result.discuss and result.measurements
    assert result.discuss[0].detail.startswith("On your medicine list.")


def test_the_note_about_my_own_situation_replaces_the_general_one() -> None:
    """The demo listed clopidogrel twice (the general note and "You take clopidogrel...")."""
    general = note("Clopidogrel (Plavix)", NoteStatus.ACTIONABLE, mine=True)
    mine = replace(
        note("You take clopidogrel", NoteStatus.ACTIONABLE, mine=True),
        inputs={"medication": "clopidogrel"},
    )
    other_gene = replace(general, id="other", title="Other gene", genes=("CYP2C9",))
    result = build_overview(
        findings(general, mine, other_gene), has_genome=True, medicines=1, log_entries=0
    )
    assert [i.text for i in result.discuss] == ["You take clopidogrel", "Other gene"]


def test_demo_overview_names_each_medicine_once(tmp_path: Path) -> None:
    with create_demo_vault(tmp_path / "demo.phr", DEMO_PASSPHRASE) as vault:
        texts = [i.text for i in load_overview(vault).discuss]
    assert not any(t.startswith("Clopidogrel") for t in texts)
    assert any(t.startswith("You take clopidogrel") for t in texts)


def test_a_partial_note_names_the_untested_gene_not_the_fully_read_one() -> None:
    """Phenytoin from a sequencing file: CYP2C9 read in full, HLA-B*15:02 not tested. The
    overview said "Only part of CYP2C9, HLA-B*15:02 is covered", wrong for both genes."""
    from phr.rules.model import CallStatus, PgxCall

    phenytoin = replace(note("Phenytoin", NoteStatus.PARTIAL), genes=("CYP2C9", "HLA-B*15:02"))
    calls = (
        PgxCall("CYP2C9", ("*1/*1",), "Normal Metabolizer", 2.0, CallStatus.CALLED),
        PgxCall("HLA-B*15:02", (), None, None, CallStatus.NOT_TESTED),
    )
    result = build_overview(
        Findings(genome_id=1, rule_set_version="1", pgx=calls, notes=(phenytoin,)),
        has_genome=True, medicines=0, log_entries=0,
    )  # fmt: skip
    assert result.not_tested[0].detail == (
        "Your file does not cover HLA-B*15:02: the missing part could change the result."
    )
    partly = replace(calls[0], phenotype=None, status=CallStatus.PARTIAL)
    result = build_overview(
        Findings(genome_id=1, rule_set_version="1", pgx=(partly, calls[1]), notes=(phenytoin,)),
        has_genome=True, medicines=0, log_entries=0,
    )  # fmt: skip
    assert result.not_tested[0].detail == (
        "Your file does not cover HLA-B*15:02; only part of CYP2C9 is covered: the missing part "
        "could change the result."
    )
