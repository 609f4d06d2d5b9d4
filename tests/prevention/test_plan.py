"""The plan at the edges of each recommendation: ages, intervals, smoking history, risk."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from phr.prevention.facts import BpAverage, LabValue, PersonFacts, Treatment
from phr.prevention.plan import PlanItem, add_years, build_plan, plan_order
from phr.prevention.rules import PLAN_ITEM_IDS, load_plan_rules

TODAY = date(2026, 12, 5)
RULES = load_plan_rules()


def born_aged(age: int) -> tuple[int, int]:
    """A birth month that makes the person exactly `age` on TODAY (birthday this month)."""
    return (TODAY.year - age, TODAY.month)


def person(age: int = 52, sex: str = "male", **more: object) -> PersonFacts:
    base: dict[str, object] = dict(
        today=TODAY,
        born=born_aged(age),
        sex=sex,
        smoking="never",
        diabetes=False,
        bp_treatment=Treatment(False, "stated"),
        statin=Treatment(False, "stated"),
    )
    base.update(more)
    return PersonFacts(**base)  # type: ignore[arg-type]


def item(facts: PersonFacts, item_id: str) -> PlanItem:
    return next(i for i in build_plan(facts, RULES) if i.id == item_id)


def test_the_plan_has_every_item_the_issue_names_once() -> None:
    assert [i.id for i in build_plan(person(), RULES)] == list(PLAN_ITEM_IDS)


def test_json_shape() -> None:
    data = item(person(), "colorectal").as_json()
    assert set(data) >= {"id", "title", "status", "due", "reasons", "source"}
    assert set(data["source"]) >= {"org", "grade", "year", "url"}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("age", "status"),
    [
        (39, "not_applicable"),
        (40, "upcoming"),
        (44, "upcoming"),
        (45, "due"),
        (75, "due"),
        (76, "not_applicable"),
    ],
)
def test_colorectal_starts_at_45_and_ends_at_75(age: int, status: str) -> None:
    got = item(person(age), "colorectal")
    assert got.status == status
    if status == "upcoming":
        assert got.due == date(TODAY.year - age + 45, TODAY.month, 1)


def test_age_counts_from_the_birth_month() -> None:
    # born January 1982: 44 in December 2026... unless the month has come round
    facts = person(born=(1981, 12))
    assert facts.age == 45 and item(facts, "colorectal").status == "due"
    facts = person(born=(1982, 1))
    assert facts.age == 44 and item(facts, "colorectal").status == "upcoming"


@pytest.mark.parametrize(
    ("years_ago", "status"),
    [(9, "up_to_date"), (10, "due"), (11, "due")],
)
def test_colonoscopy_counts_for_ten_years(years_ago: int, status: str) -> None:
    done = date(TODAY.year - years_ago, TODAY.month, 1)
    got = item(person(60, screenings={"colonoscopy": done}), "colorectal")
    assert got.status == status
    assert got.due == add_years(done, 10)
    assert f"colonoscopy was on {done.isoformat()}" in " ".join(got.reasons)


def test_a_stool_test_within_a_year_counts_and_a_due_soon_test_is_upcoming() -> None:
    soon = add_years(TODAY, -1).replace(day=20)  # due again in 15 days
    got = item(person(60, screenings={"stool_test": soon}), "colorectal")
    assert got.status == "upcoming" and got.due == add_years(soon, 1)


def test_the_test_that_covers_longest_wins() -> None:
    facts = person(60, screenings={"stool_test": date(2020, 1, 1), "colonoscopy": date(2019, 1, 1)})
    got = item(facts, "colorectal")
    assert got.status == "up_to_date" and got.due == date(2029, 1, 1)


SMOKER = dict(smoking="former", pack_years=30.0, quit_year=TODAY.year - 5)


@pytest.mark.parametrize(
    ("pack_years", "status"),
    [(19.0, "not_applicable"), (19.9, "not_applicable"), (20.0, "due"), (40.0, "due")],
)
def test_lung_needs_20_pack_years(pack_years: float, status: str) -> None:
    got = item(person(60, **{**SMOKER, "pack_years": pack_years}), "lung")
    assert got.status == status


@pytest.mark.parametrize(
    ("quit_years_ago", "status"),
    [(14, "due"), (15, "due"), (16, "not_applicable")],
)
def test_lung_needs_quitting_within_15_years(quit_years_ago: int, status: str) -> None:
    got = item(person(60, **{**SMOKER, "quit_year": TODAY.year - quit_years_ago}), "lung")
    assert got.status == status
    assert f"{quit_years_ago} years ago" in " ".join(got.reasons)


@pytest.mark.parametrize(
    ("age", "status"), [(49, "upcoming"), (50, "due"), (80, "due"), (81, "not_applicable")]
)
def test_lung_ages(age: int, status: str) -> None:
    assert item(person(age, smoking="current", pack_years=25.0), "lung").status == status


def test_lung_without_a_smoking_history_says_what_it_needs() -> None:
    got = item(person(60, smoking=None), "lung")
    assert got.status == "not_applicable" and "smoking" in got.needs
    got = item(person(60, smoking="former", pack_years=25.0, quit_year=None), "lung")
    assert got.needs == ("quit_year",)


def test_never_smokers_are_not_eligible_for_lung_or_aaa() -> None:
    assert item(person(70), "lung").status == "not_applicable"
    assert item(person(70), "aaa").status == "not_applicable"


@pytest.mark.parametrize(
    ("age", "sex", "smoking", "status"),
    [
        (64, "male", "former", "upcoming"),
        (65, "male", "former", "due"),
        (75, "male", "current", "due"),
        (76, "male", "former", "not_applicable"),
        (70, "female", "current", "not_applicable"),
        (70, "male", "never", "not_applicable"),
    ],
)
def test_aaa_is_for_men_65_to_75_who_ever_smoked(
    age: int, sex: str, smoking: str, status: str
) -> None:
    assert item(person(age, sex, smoking=smoking), "aaa").status == status


def test_aaa_once_is_enough() -> None:
    facts = person(70, smoking="former", screenings={"aaa_ultrasound": date(2022, 3, 1)})
    got = item(facts, "aaa")
    assert got.status == "up_to_date" and got.due is None


@pytest.mark.parametrize(
    ("age", "sex", "status"),
    [
        (39, "female", "upcoming"),
        (40, "female", "due"),
        (74, "female", "due"),
        (75, "female", "not_applicable"),
        (50, "male", "not_applicable"),
    ],
)
def test_breast_is_for_women_40_to_74(age: int, sex: str, status: str) -> None:
    assert item(person(age, sex), "breast").status == status


@pytest.mark.parametrize(("years_ago", "status"), [(1, "up_to_date"), (2, "due"), (3, "due")])
def test_mammograms_every_two_years(years_ago: int, status: str) -> None:
    done = date(TODAY.year - years_ago, TODAY.month, 1)
    facts = person(55, "female", screenings={"mammogram": done})
    assert item(facts, "breast").status == status


def test_unknown_sex_asks_instead_of_guessing() -> None:
    got = item(person(55, sex=None), "breast")
    assert got.status == "not_applicable" and got.needs == ("sex",)


def test_cervical_hpv_counts_from_30_only() -> None:
    hpv = date(TODAY.year - 4, 6, 1)
    assert item(person(29, "female", screenings={"hpv_test": hpv}), "cervical").status == "due"
    got = item(person(30, "female", screenings={"hpv_test": hpv}), "cervical")
    assert got.status == "up_to_date" and got.due == date(TODAY.year + 1, 6, 1)
    cyto = date(TODAY.year - 4, 1, 1)
    assert (
        item(person(25, "female", screenings={"cervical_cytology": cyto}), "cervical").status
        == "due"
    )
    assert item(person(66, "female"), "cervical").status == "not_applicable"
    assert item(person(21, "female"), "cervical").status == "due"


@pytest.mark.parametrize(
    ("age", "bmi", "status"),
    [
        (34, 30.0, "upcoming"),
        (35, 30.0, "due"),
        (35, 24.9, "not_applicable"),
        (35, 25.0, "due"),
        (70, 27.0, "due"),
        (71, 27.0, "not_applicable"),
    ],
)
def test_diabetes_screening_35_to_70_with_overweight(age: int, bmi: float, status: str) -> None:
    assert item(person(age, bmi=bmi), "diabetes").status == status


def test_diabetes_screening_counts_a_logged_hba1c_and_skips_people_with_diabetes() -> None:
    lab = {"hba1c": LabValue(5.6, "%", date(TODAY.year - 2, 6, 1))}
    assert item(person(50, bmi=28.0, labs=lab), "diabetes").status == "up_to_date"
    assert item(person(50, bmi=28.0, diabetes=True), "diabetes").status == "not_applicable"
    assert item(person(50), "diabetes").needs == ("bmi",)


def test_blood_pressure_every_three_years_under_40_and_yearly_from_40() -> None:
    reading = BpAverage(122, 78, 3, date(2025, 1, 1), date(2025, 1, 10))
    assert item(person(35, bp=reading), "bp_screening").status == "up_to_date"
    assert item(person(45, bp=reading), "bp_screening").status == "due"


def test_once_only_tests_hcv_and_hiv() -> None:
    done = {"hcv_test": date(2010, 1, 1)}
    assert item(person(50, screenings=done), "hcv").status == "up_to_date"
    assert item(person(50), "hcv").status == "due"
    assert item(person(80), "hcv").status == "not_applicable"
    assert item(person(66), "hiv").status == "not_applicable"
    assert item(person(15), "hiv").status == "due"


def test_osteoporosis_for_women_from_65() -> None:
    assert item(person(64, "female"), "osteoporosis").status == "upcoming"
    assert item(person(65, "female"), "osteoporosis").status == "due"
    assert item(person(90, "female"), "osteoporosis").status == "due"
    assert item(person(70, "male"), "osteoporosis").status == "not_applicable"


LABS = {
    "total_cholesterol": LabValue(240, "mg/dL", date(2026, 6, 1)),
    "hdl": LabValue(38, "mg/dL", date(2026, 6, 1)),
    "ldl": LabValue(160, "mg/dL", date(2026, 6, 1)),
    "egfr": LabValue(80, "mL/min/1.73m2", date(2026, 6, 1)),
}


def test_statin_due_with_high_risk_and_a_risk_factor() -> None:
    facts = person(70, smoking="current", labs=LABS, bp=BpAverage(150, 90, 4, TODAY, TODAY))
    got = item(facts, "statin")
    assert got.status == "due"
    assert "PREVENT" in " ".join(got.reasons) and "Risk factors" in " ".join(got.reasons)


def test_statin_not_applicable_below_10_percent_and_up_to_date_when_taken() -> None:
    facts = person(45, labs=LABS, bp=BpAverage(118, 75, 3, TODAY, TODAY))
    assert item(facts, "statin").status == "not_applicable"
    taking = replace(facts, statin=Treatment(True, "medicine list"))
    got = item(taking, "statin")
    assert got.status == "up_to_date" and "medicine list" in got.reasons[-1]


def test_statin_without_cholesterol_asks_for_a_test() -> None:
    got = item(person(50), "statin")
    assert got.status == "due"
    assert "total_cholesterol" in got.needs and "cholesterol test" in " ".join(got.reasons)


@pytest.mark.parametrize(
    ("country", "sex", "grams", "status"),
    [
        (None, "male", 190.0, "up_to_date"),
        (None, "male", 200.0, "due"),
        (None, "female", 100.0, "due"),
        ("GB", "male", 112.0, "up_to_date"),
        ("GB", "male", 120.0, "due"),
        ("CA", "female", 30.0, "due"),
        ("FR", "female", 90.0, "up_to_date"),
    ],
)
def test_alcohol_against_the_country_guideline(
    country: str | None, sex: str, grams: float, status: str
) -> None:
    got = item(person(40, sex, country=country, alcohol_g_week=grams), "alcohol")
    assert got.status == status
    if country == "FR":
        assert "no guideline for FR" in " ".join(got.reasons)


def test_tobacco() -> None:
    assert item(person(30, smoking="current"), "tobacco").status == "due"
    assert item(person(30, smoking="former"), "tobacco").status == "not_applicable"
    assert item(person(30, smoking=None), "tobacco").needs == ("smoking",)


def test_without_a_birth_month_nothing_is_guessed() -> None:
    plan = build_plan(person(born=None), RULES)
    assert all(i.status == "not_applicable" for i in plan if "born" in i.needs)
    assert item(person(born=None), "colorectal").needs == ("born",)


def test_due_first_ordering() -> None:
    plan = sorted(build_plan(person(60, smoking="current", pack_years=30.0), RULES), key=plan_order)
    statuses = [i.status for i in plan]
    assert statuses == sorted(
        statuses, key=["due", "upcoming", "up_to_date", "not_applicable"].index
    )


def test_known_heart_disease_takes_statin_and_prevent_out_of_primary_prevention() -> None:
    from phr.prevention.risk import assess_risk

    facts = person(60, heart_disease=True, labs=LABS, bp=BpAverage(140, 85, 3, TODAY, TODAY))
    got = item(facts, "statin")
    assert got.status == "not_applicable" and "heart or blood-vessel disease" in got.reasons[-1]
    risk = assess_risk(facts)
    assert risk.cvd_10y is None and risk.refused and "without heart" in risk.refused


@pytest.mark.parametrize(
    ("systolic", "diastolic", "category"),
    [
        (119, 79, "normal"),
        (120, 79, "elevated"),
        (129, 79, "elevated"),
        (130, 79, "stage 1 high blood pressure"),
        (125, 80, "stage 1 high blood pressure"),
        (139, 89, "stage 1 high blood pressure"),
        (140, 70, "stage 2 high blood pressure"),
        (120, 90, "stage 2 high blood pressure"),
    ],
)
def test_acc_aha_2017_categories(systolic: int, diastolic: int, category: str) -> None:
    from phr.prevention.notes import bp_category

    assert bp_category(systolic, diastolic) == category


def test_bp_note_uses_the_average_and_never_one_reading() -> None:
    from phr.prevention.notes import lifestyle_notes

    one = person(bp=BpAverage(150, 95, 1, TODAY, TODAY))
    (note,) = [n for n in lifestyle_notes(one, RULES) if n.id == "bp_category"]
    assert "only one recent reading" in note.text and not note.attention
    avg = person(bp=BpAverage(139.75, 87.0, 4, TODAY, TODAY))
    (note,) = [n for n in lifestyle_notes(avg, RULES) if n.id == "bp_category"]
    assert "140/87 mmHg: stage 2" in note.text and note.attention


@pytest.mark.parametrize(("minutes", "low"), [(None, None), (149.0, True), (150.0, False)])
def test_activity_note_under_150_minutes(minutes: float | None, low: bool | None) -> None:
    from phr.prevention.notes import lifestyle_notes

    notes = {n.id: n for n in lifestyle_notes(person(activity_min_week=minutes), RULES)}
    if low is None:
        assert "activity" not in notes
    else:
        assert notes["activity"].attention is low
