"""Given/expect tests for the marts: tiny raw inputs, numbers computed by hand (DESIGN.md "Scores")."""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import one, read


def appraisal(con, unit: str, year: int = 2023) -> dict:
    return one(con, "select * from appraisal where unit_id = ? and year = ?", [unit, year])


def test_default_scheme_mean_points_and_rates(con, raw):
    # 6 好 (100) + 3 较好 (80) + 1 一般 (60) = 600 + 240 + 60 = 900 over 10 votes
    raw.unit("u1")
    raw.rating("u1", votes_good=6, votes_fairly_good=3, votes_average=1, votes_poor=0, voters=10)
    row = appraisal(con, "u1")
    assert row["score"] == pytest.approx(90.0)
    assert row["good_rate"] == pytest.approx(0.6)
    assert row["positive_rate"] == pytest.approx(0.9)
    assert row["computed_grade"] == "good"  # 90 ≥ 90
    assert row["final_grade"] == "good"
    assert row["scheme_id"] == "default"


def test_abstentions_are_excluded_from_the_mean(con, raw):
    # 4 好 + 4 较好, 12 abstentions: (400 + 320) / 8 = 90, not / 20
    raw.unit("u1")
    raw.rating("u1", votes_good=4, votes_fairly_good=4, abstain=12, voters=20)
    row = appraisal(con, "u1")
    assert row["score"] == pytest.approx(90.0)
    assert row["good_rate"] == pytest.approx(0.5)
    assert row["voters"] == 20


def test_weighted_rater_groups(con, raw):
    # A票 weight 0.6: 8 好 2 较好 → 96; B票 weight 0.4: 5 好 5 一般 → 80; 0.6·96 + 0.4·80 = 89.6
    raw.scheme("s1", groups={"A票": 0.6, "B票": 0.4})
    raw.unit("u1")
    raw.rating("u1", rater_group="A票", votes_good=8, votes_fairly_good=2)
    raw.rating("u1", rater_group="B票", votes_good=5, votes_average=5)
    row = appraisal(con, "u1")
    assert row["score"] == pytest.approx(89.6)
    assert row["computed_grade"] == "fairly_good"  # 75 ≤ 89.6 < 90
    # rates pool the votes of all groups: 13 好, 15 好+较好 of 20
    assert row["good_rate"] == pytest.approx(13 / 20)
    assert row["positive_rate"] == pytest.approx(15 / 20)
    assert row["votes_good"] == 13


def test_missing_rater_group_renormalises_the_weights(con, raw):
    # only A票 present: its weight renormalises to 1 → score = A's 96
    raw.scheme("s1", groups={"A票": 0.6, "B票": 0.4})
    raw.unit("u1")
    raw.rating("u1", rater_group="A票", votes_good=8, votes_fairly_good=2)
    assert appraisal(con, "u1")["score"] == pytest.approx(96.0)


def test_groups_without_weights_pool_their_votes(con, raw):
    # default scheme: A 8 好 2 较好, B 5 好 5 一般 → (800+160+500+300)/20 = 88
    raw.unit("u1")
    raw.rating("u1", rater_group="A", votes_good=8, votes_fairly_good=2)
    raw.rating("u1", rater_group="B", votes_good=5, votes_average=5)
    assert appraisal(con, "u1")["score"] == pytest.approx(88.0)


def test_several_items_are_averaged_or_weighted(con, raw):
    raw.unit("u1")
    raw.rating("u1", item="政治建设", votes_good=10)  # 100
    raw.rating("u1", item="工作成效", votes_good=5, votes_poor=5)  # 50
    assert appraisal(con, "u1")["score"] == pytest.approx(75.0)

    raw.institution("i2", "乙大学")
    raw.scheme("s2", iid="i2", items={"政治建设": 3, "工作成效": 1})
    raw.unit("u2", iid="i2")
    raw.rating("u2", iid="i2", item="政治建设", votes_good=10)
    raw.rating("u2", iid="i2", item="工作成效", votes_good=5, votes_poor=5)
    assert appraisal(con, "u2")["score"] == pytest.approx((3 * 100 + 1 * 50) / 4)


def test_scheme_points_and_thresholds_and_year_ranges(con, raw):
    raw.scheme("old", year_to=2019, label="旧口径")
    raw.scheme(
        "new",
        year_from=2020,
        label="新口径",
        points_good=100,
        points_fairly_good=85,
        points_average=70,
        points_poor=50,
        min_good=92,
        min_fairly_good=80,
        min_average=65,
    )
    raw.unit("u1")
    for year in (2019, 2020):
        raw.rating("u1", year=year, votes_good=5, votes_fairly_good=5)
    old, new = appraisal(con, "u1", 2019), appraisal(con, "u1", 2020)
    assert (old["scheme_id"], old["score"], old["computed_grade"]) == ("old", pytest.approx(90.0), "good")
    assert (new["scheme_id"], new["score"], new["computed_grade"]) == ("new", pytest.approx(92.5), "good")
    labels = read(con, "select year, scheme_label from institution_year order by year").fetchall()
    assert labels == [(2019, "旧口径"), (2020, "新口径")]


def test_score_based_input_enters_the_same_way(con, raw):
    raw.unit("u1")
    raw.unit("u2")
    raw.rating("u1", score=93.5)
    raw.rating("u2", score=70.0, voters=25)
    one_row, two_row = appraisal(con, "u1"), appraisal(con, "u2")
    assert one_row["score"] == pytest.approx(93.5)
    assert one_row["computed_grade"] == "good"
    assert one_row["good_rate"] is None  # no votes, no vote shares
    assert (two_row["score"], two_row["computed_grade"], two_row["voters"]) == (
        pytest.approx(70.0),
        "average",
        25,
    )
    assert [r[0] for r in read(con, "select unit_id from appraisal order by rank").fetchall()] == ["u1", "u2"]


def test_official_grade_overrides_the_computed_one(con, raw):
    raw.unit("u1")
    raw.rating("u1", votes_good=10, official_grade="fairly_good")
    row = appraisal(con, "u1")
    assert (row["computed_grade"], row["official_grade"], row["final_grade"]) == (
        "good",
        "fairly_good",
        "fairly_good",
    )


def test_ranks_share_ties_standard_competition(con, raw):
    scores = {"u1": (9, 1), "u2": (9, 1), "u3": (10, 0), "u4": (5, 5)}  # 98, 98, 100, 90
    for uid, (g, fg) in scores.items():
        raw.unit(uid)
        raw.rating(uid, votes_good=g, votes_fairly_good=fg)
    ranks = dict(read(con, "select unit_id, rank from appraisal").fetchall())
    assert ranks == {"u3": 1, "u1": 2, "u2": 2, "u4": 4}
    assert set(read(con, "select units_in_year from appraisal").fetchall()) == {(4,)}


def test_ranks_are_per_institution_and_year(con, raw):
    raw.institution("i2", "乙大学")
    raw.unit("a", iid="i1")
    raw.unit("b", iid="i2")
    raw.rating("a", votes_good=1, votes_poor=1)
    raw.rating("b", iid="i2", votes_poor=2)
    raw.rating("a", year=2024, votes_poor=2)
    assert sorted(read(con, "select unit_id, year, rank from appraisal").fetchall()) == [
        ("a", 2023, 1),
        ("a", 2024, 1),
        ("b", 2023, 1),
    ]


def test_type_year_counts_units_once(con, raw):
    # two hospital units: one with 2 groups (must still count once), one graded 一般 by official decision
    raw.scheme("s1", groups={"A": 0.5, "B": 0.5})
    raw.unit("h1", "affiliated_hospital")
    raw.unit("h2", "affiliated_hospital")
    raw.unit("c1", "college")
    raw.rating("h1", rater_group="A", votes_good=10)  # 100
    raw.rating("h1", rater_group="B", votes_fairly_good=10)  # 80 → 90, good rate 0.5
    raw.rating("h2", rater_group="A", votes_good=4, votes_fairly_good=6, official_grade="average")  # 88, 0.4
    raw.rating("c1", rater_group="A", votes_average=10)  # 60
    hosp = one(con, "select * from type_year where unit_type = 'affiliated_hospital'")
    assert hosp["n_units"] == 2
    assert hosp["mean_score"] == pytest.approx((90 + 88) / 2)
    assert hosp["good_rate"] == pytest.approx((0.5 + 0.4) / 2)  # mean over units, not pooled votes
    assert (hosp["n_good"], hosp["n_fairly_good"], hosp["n_average"], hosp["n_poor"]) == (1, 0, 1, 0)
    inst = one(con, "select * from institution_year")
    assert inst["n_units"] == 3
    assert inst["mean_score"] == pytest.approx((90 + 88 + 60) / 3)


def test_institution_year_counts_modes_and_takes_meeting_facts(con, raw):
    raw.unit("u1")
    raw.unit("u2")
    raw.unit("u3")
    raw.rating("u1", votes_good=3, mode="onsite")
    raw.rating("u2", votes_good=3, mode="written")
    raw.rating("u3", votes_good=3, mode="written")
    con.execute(
        "insert into raw_meetings (meeting_id, institution_id, appraisal_year, meeting_date) "
        "values ('m1', 'i1', 2023, date '2024-01-19')"
    )
    # an institution known only from a news item: it still gets its year with the counts the item gives
    raw.institution("i2", "丙学院")
    con.execute(
        "insert into raw_meetings (meeting_id, institution_id, appraisal_year, onsite_count, "
        "written_count, total_units) values ('m2', 'i2', 2022, 7, 27, 34)"
    )
    rows = {r["institution_id"]: r for r in read(con, "select * from institution_year").pl().to_dicts()}
    assert (rows["i1"]["n_onsite"], rows["i1"]["n_written"], str(rows["i1"]["meeting_date"])) == (
        1,
        2,
        "2024-01-19",
    )
    assert (rows["i2"]["n_units"], rows["i2"]["n_onsite"], rows["i2"]["n_written"]) == (34, 7, 27)
    assert rows["i2"]["has_ratings"] is False and rows["i2"]["mean_score"] is None


def test_units_and_unit_names_follow_renames_and_upgrades(con, raw):
    raw.unit("u1", name="信息工程学院")
    raw.rating("u1", year=2020, name="信息工程学院", org_level="党总支", votes_good=1)
    raw.rating("u1", year=2021, name="计算机学院", org_level="党委", votes_good=1)
    unit = one(con, "select * from units")
    assert (unit["name"], unit["org_level"], unit["first_year"], unit["last_year"]) == (
        "计算机学院",
        "党委",
        2020,
        2021,
    )
    names = sorted(read(con, "select name, first_year, last_year from unit_names").fetchall())
    assert names == [("信息工程学院", 2020, 2020), ("计算机学院", 2021, 2021)]
    levels = read(con, "select year, org_level from appraisal order by year").fetchall()
    assert levels == [(2020, "党总支"), (2021, "党委")]
