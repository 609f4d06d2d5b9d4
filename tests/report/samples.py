"""Hand-built report inputs that look like a real person's: a 23andMe-style array with several
actionable PGx calls, partial and untested genes, prevention notes, a sensitive APOE note, a
medicine list, and 90 days of measurements. Synthetic; no real person's data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

from phr.genome.model import Build, CoverageKind, GenomeRecord
from phr.lifestyle.model import DayValue, KindSummary
from phr.meds.model import CurrentMedication
from phr.report.data import LifestyleEntry, Person, ReportData
from phr.rules.model import (
    CallStatus,
    Category,
    Findings,
    Note,
    NoteStatus,
    PgxCall,
    Source,
    UsedGenotype,
)

TODAY = dt.date(2026, 11, 20)
NAME = "Zoë Łukasiewicz-Ngũgĩ"
BIRTH = dt.date(1984, 3, 2)
RULES = "2026.11-test"

# Words that belong only to the sensitive APOE note: none may appear when it is excluded.
APOE_WORDS = ("APOE", "Alzheimer", "rs429358", "rs7412", "ε4", "e3/e4", "8346443", "dementia")

CPIC_CLOPIDOGREL = Source("CPIC guideline for CYP2C19 and clopidogrel (2022)", "35034351")
CPIC_SSRI = Source("CPIC guideline for CYP2D6, CYP2C19, CYP2B6 and SSRIs (2023)", "37032427")
CPIC_WARFARIN = Source("CPIC guideline for warfarin dosing (2017)", "28198005")
CPIC_STATIN = Source("CPIC guideline for SLCO1B1, ABCG2, CYP2C9 and statins (2022)", "35152405")
CPIC_DPYD = Source("CPIC guideline for DPYD and fluoropyrimidines (2017)", "29152729")
CPIC_G6PD = Source("CPIC guideline for G6PD (2022)", "36049896")
F5_REVIEW = Source("Factor V Leiden thrombophilia, GeneReviews", "20301542")
HFE_REVIEW = Source("HFE hemochromatosis, GeneReviews", "20301613")
APOE_SOURCE = Source("Corder et al., APOE e4 and Alzheimer disease risk (1993)", "8346443")


def _g(
    rsid: str, gene: str, alleles: tuple[str, ...] | None, status: str = "called"
) -> UsedGenotype:
    return UsedGenotype(rsid, gene, None, None, alleles, status)


def genome(**changes: Any) -> GenomeRecord:
    record = GenomeRecord(
        id=1,
        vendor="23andme",
        format_version="v5",
        build=Build.GRCH37,
        header_build="GRCh37",
        coverage=CoverageKind.ARRAY,
        sample="ZOE-LUKASIEWICZ-SAMPLE",
        sex="female",
        source_name="genome_Zoe_Lukasiewicz_v5_Full_20260110.txt",
        source_sha256="0" * 64,
        imported_at="2026-01-10T09:00:00Z",
        called=631_000,
        no_calls=4_000,
        indels=2_000,
        skipped={},
        warnings=[],
        active=True,
    )
    return dataclasses.replace(record, **changes)


def pgx_calls() -> tuple[PgxCall, ...]:
    return (
        PgxCall(
            "CYP2C19",
            ("*2/*2",),
            "Poor metabolizer",
            0.0,
            CallStatus.CALLED,
            genotypes=(
                _g("rs4244285", "CYP2C19", ("A", "A")),
                _g("rs12248560", "CYP2C19", ("C", "C")),
            ),
        ),
        PgxCall(
            "CYP2C9",
            ("*1/*3",),
            "Intermediate metabolizer",
            1.0,
            CallStatus.CALLED,
            genotypes=(_g("rs1057910", "CYP2C9", ("A", "C")),),
        ),
        PgxCall(
            "VKORC1", ("rs9923231 C/T",), "Increased warfarin sensitivity", None, CallStatus.CALLED
        ),
        PgxCall(
            "SLCO1B1",
            ("*1/*5",),
            "Decreased function",
            None,
            CallStatus.CALLED,
            genotypes=(_g("rs4149056", "SLCO1B1", ("C", "T")),),
        ),
        PgxCall(
            "CYP2D6",
            ("*1/*4",),
            None,
            None,
            CallStatus.CALLED,
            caveats=("Copy number not assessed: deletions and duplications cannot be detected.",),
        ),
        PgxCall(
            "DPYD",
            ("*1/*1",),
            "Normal metabolizer",
            2.0,
            CallStatus.PARTIAL,
            missing=("rs75017182", "rs56038477"),
            caveats=("HapB3 cannot be ruled out.",),
        ),
        PgxCall("TPMT", ("*1/*1",), "Normal metabolizer", None, CallStatus.CALLED),
        PgxCall("G6PD", (), None, None, CallStatus.NOT_TESTED, missing=("rs1050828", "rs5030868")),
        PgxCall("MT-RNR1", (), None, None, CallStatus.NOT_TESTED, missing=("rs267606617",)),
    )


def _note(**fields: Any) -> Note:
    base: dict[str, Any] = dict(
        drugs=(),
        evidence="CPIC level A",
        confirm_clinically=False,
        sensitive=False,
        limits="",
        rule_set_version=RULES,
    )
    base.update(fields)
    return Note(**base)


def notes() -> tuple[Note, ...]:
    return (
        _note(
            id="cyp2c19-clopidogrel",
            category=Category.MEDICATION,
            title="Clopidogrel may not work well",
            genes=("CYP2C19",),
            drugs=("clopidogrel",),
            status=NoteStatus.ACTIONABLE,
            evidence="CPIC level A, strong",
            sources=(CPIC_CLOPIDOGREL,),
            found="CYP2C19 *2/*2: poor metabolizer.",
            meaning="The body turns little clopidogrel into its active form, so it may not "
            "prevent clots well.",
            discuss="Ask the prescriber whether another antiplatelet medicine suits you better.",
            action="Consider another antiplatelet medicine if not contraindicated.",
            on_medication_list=True,
        ),
        _note(
            id="cyp2c19-ssri",
            category=Category.MEDICATION,
            title="Citalopram and escitalopram levels may be high",
            genes=("CYP2C19",),
            drugs=("citalopram", "escitalopram"),
            status=NoteStatus.ACTIONABLE,
            evidence="CPIC level A, moderate",
            sources=(CPIC_SSRI,),
            found="CYP2C19 poor metabolizer.",
            meaning="These medicines may build up.",
            discuss="If one is suggested, ask about the dose or another choice.",
            action="Consider a lower starting dose or another antidepressant.",
        ),
        _note(
            id="warfarin-dose",
            category=Category.MEDICATION,
            title="Warfarin dose may need care",
            genes=("CYP2C9", "VKORC1"),
            drugs=("warfarin",),
            status=NoteStatus.ACTIONABLE,
            sources=(CPIC_WARFARIN,),
            found="CYP2C9 *1/*3 and VKORC1 C/T.",
            meaning="A usual starting dose could be too strong.",
            discuss="If warfarin is ever started, the dose can be planned with these results.",
            action="Dose with a pharmacogenetic algorithm; titrate by INR.",
        ),
        _note(
            id="slco1b1-statin",
            category=Category.MEDICATION,
            title="Simvastatin muscle side effects more likely",
            genes=("SLCO1B1",),
            drugs=("simvastatin", "atorvastatin"),
            status=NoteStatus.ACTIONABLE,
            sources=(CPIC_STATIN,),
            found="SLCO1B1 *1/*5: decreased function.",
            meaning="More simvastatin stays in the blood, which raises the chance of muscle pain.",
            discuss="Talk with your doctor about the statin and dose that suit you.",
            action="Prefer another statin, or keep simvastatin below 20 mg a day.",
            on_medication_list=True,
        ),
        _note(
            id="dpyd-fluoropyrimidine",
            category=Category.MEDICATION,
            title="Fluorouracil and capecitabine: DPYD only partly tested",
            genes=("DPYD",),
            drugs=("fluorouracil", "capecitabine"),
            status=NoteStatus.PARTIAL,
            sources=(CPIC_DPYD,),
            found="No DPYD variant found, but 2 positions were not read.",
            meaning="A variant that raises the risk of severe side effects cannot be ruled out.",
            discuss="Before any such treatment, ask for a clinical DPYD test.",
            confirm_clinically=True,
        ),
        _note(
            id="g6pd-drugs",
            category=Category.MEDICATION,
            title="G6PD status unknown",
            genes=("G6PD",),
            drugs=("rasburicase", "primaquine"),
            status=NoteStatus.NOT_TESTED,
            sources=(CPIC_G6PD,),
            found="Not tested.",
            meaning="Unknown.",
            discuss="Ask for a G6PD test before these medicines.",
        ),
        _note(
            id="f5-leiden",
            category=Category.PREVENTION,
            title="Factor V Leiden: higher clot risk",
            genes=("F5",),
            drugs=("estrogen",),
            status=NoteStatus.ACTIONABLE,
            evidence="Strong evidence (clinical reviews)",
            sources=(F5_REVIEW,),
            found="F5 rs6025: one copy of the Leiden variant.",
            meaning="Blood clots in the veins are more likely, more so with estrogen-containing "
            "pills and smoking.",
            discuss="Talk with your doctor about this before using estrogen-containing "
            "contraception or hormone therapy.",
            action="Include in VTE risk assessment before estrogen therapy.",
            genotypes=(_g("rs6025", "F5", ("C", "T")),),
            on_medication_list=True,
        ),
        _note(
            id="hfe-c282y-h63d",
            category=Category.PREVENTION,
            title="HFE: one C282Y and one H63D copy",
            genes=("HFE",),
            status=NoteStatus.INFORMATIVE,
            evidence="Moderate evidence; low penetrance",
            sources=(HFE_REVIEW,),
            found="HFE C282Y/H63D.",
            meaning="Most people with this never get iron overload, but a few do.",
            discuss="Ask whether a simple iron blood test makes sense.",
            genotypes=(_g("rs1800562", "HFE", ("A", "G")), _g("rs1799945", "HFE", ("C", "G"))),
        ),
        _note(
            id="aldh2-flush",
            category=Category.PREVENTION,
            title="ALDH2 alcohol flush",
            genes=("ALDH2",),
            status=NoteStatus.NOT_TESTED,
            evidence="Strong evidence",
            sources=(),
            found="Not tested.",
            meaning="Unknown.",
            discuss="Nothing to discuss.",
            genotypes=(_g("rs671", "ALDH2", None, "not_tested"),),
        ),
        _note(
            id="apoe-alzheimer",
            category=Category.PREVENTION,
            title="APOE e3/e4: higher Alzheimer disease risk",
            genes=("APOE",),
            status=NoteStatus.INFORMATIVE,
            evidence="Strong evidence for risk, not destiny",
            sources=(APOE_SOURCE,),
            found="APOE e3/e4 (one ε4 copy).",
            meaning="The chance of late-onset dementia is higher than average.",
            discuss="A genetic counsellor can explain what this means.",
            sensitive=True,
            genotypes=(_g("rs429358", "APOE", ("C", "T")), _g("rs7412", "APOE", ("C", "C"))),
        ),
    )


def medications() -> tuple[CurrentMedication, ...]:
    return (
        CurrentMedication(1, "Plavix 75 mg", "clopidogrel", frozenset({"antiplatelet"})),
        CurrentMedication(2, "Simvastatin", "simvastatin", frozenset({"statin"})),
        CurrentMedication(3, "Microgynon 30", "ethinylestradiol", frozenset({"estrogen"})),
        CurrentMedication(4, "Ibuprofen", "ibuprofen", frozenset({"nsaid"})),
        CurrentMedication(5, "Grandma's herbal tea", None, frozenset()),
    )


def _series(kind: str, unit: str, start: float, slope: float, wiggle: float) -> list[float]:
    return [start + slope * i + wiggle * math.sin(i / 3) for i in range(90)]


def lifestyle() -> tuple[tuple[KindSummary, ...], tuple[LifestyleEntry, ...]]:
    days = [TODAY - dt.timedelta(days=89 - i) for i in range(90)]
    weight = _series("weight", "kg", 74.0, -0.02, 0.4)
    systolic = _series("bp", "mmHg", 138, -0.05, 4)
    diastolic = _series("bp", "mmHg", 88, -0.03, 3)
    pulse = _series("hr", "bpm", 72, 0.0, 3)
    steps = [7000 + 1500 * math.sin(i / 2) for i in range(90)]

    def summary(kind: str, unit: str, values: list[Any], trend: Any, **extra: Any) -> KindSummary:
        day_values = tuple(DayValue(d.isoformat(), v) for d, v in zip(days, values, strict=True))
        last7 = values[-7:]
        last30 = values[-30:]
        return KindSummary(
            kind=kind,
            unit=unit,
            latest=values[-1],
            latest_at=f"{days[-1].isoformat()}T08:00:00+01:00",
            days=day_values,
            mean_7d=_mean(last7),
            mean_30d=_mean(last30),
            trend_90d=trend,
            **extra,
        )

    bp = [(round(s), round(d)) for s, d in zip(systolic, diastolic, strict=True)]
    summaries = (
        summary("weight", "kg", weight, -0.6),
        summary("blood_pressure", "mmHg", bp, (-1.5, -0.9), share_above_130_80=0.62),
        summary("heart_rate", "bpm", pulse, 0.1),
        summary("steps", "steps", steps, 40.0),
    )
    entries = []
    for d, w, (s, di), p, st in zip(days, weight, bp, pulse, steps, strict=True):
        at = f"{d.isoformat()}T08:00:00+01:00"
        entries.append(LifestyleEntry("weight", at, round(w, 1), None, "kg", "manual"))
        entries.append(LifestyleEntry("blood_pressure", at, s, di, "mmHg", "manual"))
        entries.append(LifestyleEntry("heart_rate", at, round(p), None, "bpm", "csv"))
        entries.append(LifestyleEntry("steps", at, round(st), None, "steps", "apple_health:watch"))
    return summaries, tuple(entries)


def _mean(values: list[Any]) -> Any:
    if isinstance(values[0], tuple):
        return (
            sum(v[0] for v in values) / len(values),
            sum(v[1] for v in values) / len(values),
        )
    return sum(values) / len(values)


def report(**changes: Any) -> ReportData:
    summaries, entries = lifestyle()
    data = ReportData(
        report_date=TODAY,
        phr_version="0.1.0",
        rule_set_version=RULES,
        person=Person(NAME, BIRTH),
        genomes=(genome(),),
        findings=Findings(genome_id=1, rule_set_version=RULES, pgx=pgx_calls(), notes=notes()),
        medications=medications(),
        lifestyle=summaries,
        lifestyle_entries=entries,
    )
    return dataclasses.replace(data, **changes)


def without_apoe(data: ReportData) -> ReportData:
    """The same report as if the genome had never produced the sensitive note."""
    assert data.findings is not None
    kept = tuple(n for n in data.findings.notes if not n.sensitive)
    return dataclasses.replace(data, findings=dataclasses.replace(data.findings, notes=kept))
