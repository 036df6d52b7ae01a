"""Grade-only results and rosters in the marts: counts by final grade, means over the units that have them (null,
never 0, when none has), the share of units graded 好, and roster-only units counted by mode (issue #12)."""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import one, read


@pytest.fixture
def grades(raw):
    """i1 2023: four branches with a published grade and nothing else (a grade list); i1 2024: a roster of the
    same units (mode and secretary, no result)."""
    for uid, grade in (
        ("一支部", "good"),
        ("二支部", "good"),
        ("三支部", "fairly_good"),
        ("四支部", "average"),
    ):
        raw.unit(uid, "branch")
        raw.rating(uid, 2023, official_grade=grade, secretary=f"{uid}书记")
    for uid, mode in (("一支部", "onsite"), ("二支部", "written"), ("三支部", "written"), ("四支部", None)):
        raw.rating(uid, 2024, mode=mode)
    return raw


def test_grade_only_year_counts_units_by_grade_and_leaves_means_null(con, grades):
    row = one(con, "select * from institution_year where year = 2023")
    assert (row["n_units"], row["n_good"], row["n_fairly_good"], row["n_average"], row["n_poor"]) == (
        4,
        2,
        1,
        1,
        0,
    )
    assert row["n_graded"] == 4
    assert row["share_good"] == pytest.approx(0.5)
    assert (row["mean_score"], row["good_rate"], row["positive_rate"]) == (None, None, None)
    assert row["grades_only"] is True and row["has_results"] is True and row["has_ratings"] is True


def test_grade_only_rows_in_appraisal_have_the_official_grade_and_null_results(con, grades):
    rows = read(con, "select * from appraisal where year = 2023 order by unit").pl()
    assert dict(zip(rows["unit"], rows["final_grade"], strict=True)) == {
        "一支部": "good",
        "二支部": "good",
        "三支部": "fairly_good",
        "四支部": "average",
    }
    assert rows["official_grade"].to_list() == rows["final_grade"].to_list()
    assert rows["score"].null_count() == rows["good_rate"].null_count() == rows["rank"].null_count() == 4
    assert rows["computed_grade"].null_count() == 4


def test_type_year_of_a_grade_only_year(con, grades):
    row = one(con, "select * from type_year where year = 2023")
    assert (row["unit_type"], row["n_units"], row["n_graded"], row["n_good"]) == ("branch", 4, 4, 2)
    assert row["share_good"] == pytest.approx(0.5)
    assert (row["mean_score"], row["good_rate"], row["positive_rate"]) == (None, None, None)


def test_roster_only_year_counts_units_and_modes_but_no_grades(con, grades):
    row = one(con, "select * from institution_year where year = 2024")
    assert (row["n_units"], row["n_onsite"], row["n_written"]) == (4, 1, 2)
    assert (row["n_graded"], row["share_good"], row["n_good"]) == (0, None, 0)
    assert row["has_results"] is False and row["grades_only"] is False and row["has_ratings"] is True
    assert (row["mean_score"], row["good_rate"]) == (None, None)
    t = one(con, "select * from type_year where year = 2024")
    assert (t["n_units"], t["n_graded"], t["share_good"]) == (4, 0, None)


def test_a_mixed_year_averages_over_the_units_that_have_votes(con, raw):
    """Two units with votes, two with a grade only: the means are those of the two, the grade counts of all four."""
    for uid in ("甲", "乙", "丙", "丁"):
        raw.unit(uid)
    raw.rating("甲", votes_good=8, votes_fairly_good=2)  # score 96 → 好, good_rate 0.8
    raw.rating("乙", votes_good=4, votes_fairly_good=6)  # score 88 → 较好, good_rate 0.4
    raw.rating("丙", official_grade="good")
    raw.rating("丁", official_grade="poor")
    row = one(con, "select * from institution_year")
    assert row["mean_score"] == pytest.approx(92.0)
    assert row["good_rate"] == pytest.approx(0.6)
    assert (row["n_good"], row["n_fairly_good"], row["n_poor"], row["n_graded"]) == (2, 1, 1, 4)
    assert row["share_good"] == pytest.approx(0.5)
    assert row["grades_only"] is False and row["has_results"] is True


def test_votes_institution_share_good_uses_computed_grades(con, raw):
    raw.unit("甲")
    raw.unit("乙")
    raw.rating("甲", votes_good=10)
    raw.rating("乙", votes_average=10)
    row = one(con, "select share_good, n_graded, grades_only from institution_year")
    assert row == {"share_good": 0.5, "n_graded": 2, "grades_only": False}
