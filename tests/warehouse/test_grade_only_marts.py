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


def _roster(con, uid: str, year: int, mode: str, secretary: str | None = None, iid: str = "i1") -> None:
    con.execute(
        "insert into raw_roster (batch_id, institution_id, year, unit_id, unit_name, mode, secretary)"
        " values ('b2', ?, ?, ?, ?, ?, ?)",
        [iid, year, uid, uid, mode, secretary],
    )


def test_a_roster_and_a_grade_list_of_one_year_are_one_row_per_unit(con, raw):
    """The roster gives the modes, the grade list the grades: one appraisal row per unit-year, counted once."""
    for uid in ("甲", "乙", "丙"):
        raw.unit(uid, "branch")
        _roster(con, uid, 2023, "onsite" if uid == "甲" else "written", f"{uid}书记")
    raw.rating("甲", official_grade="good")
    raw.rating("乙", official_grade="average")  # 丙 is on the roster only: reported, no result published
    row = one(con, "select * from institution_year")
    assert (row["n_units"], row["n_onsite"], row["n_written"]) == (3, 1, 2)
    assert (row["n_graded"], row["n_good"], row["n_average"]) == (2, 1, 1)
    assert row["share_good"] == pytest.approx(0.5) and row["grades_only"] is True
    units = one(con, "select count(*) as n, min(first_year) as y from units")
    assert units == {"n": 3, "y": 2023}


def test_roster_only_units_have_their_years_and_names(con, raw):
    raw.unit("丁", "branch")
    _roster(con, "丁", 2021, "onsite")
    _roster(con, "丁", 2022, "written")
    assert one(con, "select first_year, last_year from units where unit_id = '丁'") == {
        "first_year": 2021,
        "last_year": 2022,
    }
    assert one(con, "select name, first_year, last_year from unit_names where unit_id = '丁'") == {
        "name": "丁",
        "first_year": 2021,
        "last_year": 2022,
    }
    row = one(con, "select * from institution_year where year = 2022")
    assert (row["n_units"], row["n_written"], row["has_results"], row["share_good"]) == (1, 1, False, None)


def test_a_grade_list_without_modes_takes_the_meetings_counts_or_none(con, grades):
    """No unit of the 2023 grade list has a mode: the on-site and written counts are unknown, not 0 — unless the
    meeting's news item gives them."""
    row = one(con, "select n_onsite, n_written from institution_year where year = 2023")
    assert row == {"n_onsite": None, "n_written": None}
    con.execute(
        "insert into raw_meetings (meeting_id, institution_id, appraisal_year, onsite_count, written_count)"
        " values ('m1', 'i1', 2023, 2, 4)"
    )
    assert one(con, "select n_onsite, n_written from institution_year where year = 2023") == {
        "n_onsite": 2,
        "n_written": 4,
    }
    # the roster's own modes win over nothing
    assert one(con, "select n_onsite, n_written from institution_year where year = 2024") == {
        "n_onsite": 1,
        "n_written": 2,
    }


def test_type_changes_and_kpis_compare_two_grade_lists(con, raw):
    """Two years of grade lists: the share graded 好 per type and its change; no good-rate change is made up."""
    from warehouse import queries
    from warehouse.access import Scope

    for uid in ("甲", "乙"):
        raw.unit(uid, "branch")
    raw.rating("甲", 2022, official_grade="good")
    raw.rating("乙", 2022, official_grade="average")
    raw.rating("甲", 2023, official_grade="good")
    raw.rating("乙", 2023, official_grade="good")
    read(con, "select 1")
    changes = queries.type_changes(con, scope=Scope.everything(), institution="i1", year=2023).to_dicts()
    assert [(c["unit_type"], c["prev_year"], c["share_good"], c["prev_share_good"]) for c in changes] == [
        ("branch", 2022, 1.0, 0.5)
    ]
    assert changes[0]["share_change"] == pytest.approx(0.5) and changes[0]["change"] is None
    kpis = queries.overview_kpis(con, scope=Scope.everything(), institution="i1", year=2023)
    assert kpis["year"].to_list() == [2022, 2023] and kpis["share_good"].to_list() == [0.5, 1.0]
    assert kpis["mean_score"].to_list() == [None, None]
