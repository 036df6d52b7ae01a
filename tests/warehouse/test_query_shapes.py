"""The one-pass query shapes of issue #8 (window look-backs, one-scan grade counts, filters composed for the
arguments given) answer exactly what the pages were given before: hand-computed numbers on tiny raw inputs."""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import read
from warehouse import queries as q
from warehouse.access import Scope

ALL = Scope.everything()


@pytest.fixture
def two(con, raw):
    """i1 rated 2021, 2022, 2023; i2 rated 2021 and 2023 only (a gap year). good_rate = 好 / graded votes."""
    raw.institution("i2", "乙大学")
    for uid, iid, unit_type in (("a1", "i1", "college"), ("a2", "i1", "branch"), ("b1", "i2", "college")):
        raw.unit(uid, unit_type, iid=iid)
    good = {  # (unit, year) → 好 votes of 10
        ("a1", 2021): 5,
        ("a1", 2022): 6,
        ("a1", 2023): 8,
        ("a2", 2021): 9,
        ("a2", 2022): 4,
        ("a2", 2023): 2,
        ("b1", 2021): 7,
        ("b1", 2023): 5,
    }
    iid = {"a1": "i1", "a2": "i1", "b1": "i2"}
    for (uid, year), n in good.items():
        raw.rating(uid, year=year, iid=iid[uid], votes_good=n, votes_average=10 - n, voters=10)
    read(con, "select 1")  # rebuild the marts
    return con


def rows(frame, *keys):
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in frame.to_dicts()}


def test_institution_trend_previous_year_is_the_calendar_year_before(two):
    got = rows(q.institution_trend(two, q.Filters(scope=ALL)), "institution_id", "year")
    assert got[("i1", 2022)]["value"] == pytest.approx(0.5)  # (0.6 + 0.4) / 2
    assert got[("i1", 2022)]["prev_value"] == pytest.approx(0.7)  # (0.5 + 0.9) / 2
    assert got[("i1", 2022)]["change"] == pytest.approx(-0.2)
    assert got[("i2", 2023)]["prev_value"] is None  # 2022 missing: no look-back across the gap
    assert got[("i2", 2023)]["change"] is None
    # 2023: i1 (0.8 + 0.2) / 2 = 0.5 ties i2 0.5 → both rank 1 of 2
    assert [got[(i, 2023)]["rank"] for i in ("i1", "i2")] == [1, 1]
    assert got[("i1", 2023)]["n_ranked"] == 2
    assert got[("i1", 2022)]["n_ranked"] == 1


def test_institution_trend_looks_back_one_year_before_year_from(two):
    frame = q.institution_trend(two, q.Filters(scope=ALL, year_from=2022))
    assert sorted(set(frame["year"])) == [2022, 2023]
    got = rows(frame, "institution_id", "year")
    assert got[("i1", 2022)]["prev_value"] == pytest.approx(0.7)  # from 2021, left of year_from
    assert got[("i1", 2022)]["prev_n_units"] == 2


def test_grade_mix_lists_every_grade_per_type_year_with_zero_counts(two):
    frame = q.grade_mix(two, q.Filters(scope=ALL, institutions=["i1"], unit_types=["college"]))
    # a1: 2021 score 80 (较好), 2022 84 (较好), 2023 92 (好); default thresholds 90 / 75 / 60
    assert frame.height == 3 * 4
    assert frame["grade"].to_list()[:4] == list(q.GRADES)
    got = rows(frame, "year", "grade")
    assert got[(2023, "good")]["n"] == 1 and got[(2023, "good")]["share"] == pytest.approx(1.0)
    assert got[(2023, "poor")]["n"] == 0 and got[(2023, "poor")]["share"] == pytest.approx(0.0)
    assert got[(2021, "fairly_good")]["n"] == 1


def test_filters_compose_scope_institutions_years_and_types(two):
    only_i2 = Scope(frozenset({"i2"}))
    assert set(q.type_trend(two, q.Filters(scope=only_i2))["n_units"]) == {1}
    assert q.type_trend(
        two, q.Filters(scope=only_i2, institutions=["i1"])
    ).is_empty()  # asked for, but out of scope
    frame = q.unit_metric_values(
        two, q.Filters(scope=ALL, year_from=2022, year_to=2022, unit_types=["branch"])
    )
    assert frame.select("unit_id", "year", "value").rows() == [("a2", 2022, pytest.approx(0.4))]
    assert q.unit_history(two, scope=only_i2, unit_id="a1").is_empty()
    assert q.units_for_select(two, scope=only_i2)["unit_id"].to_list() == ["b1"]


def test_unit_history_ranks_among_the_units_of_its_type(two, raw):
    raw.unit("a3", "college")
    raw.rating("a3", year=2023, votes_good=8, votes_average=2, voters=10)  # ties a1 in 2023
    read(two, "select 1")
    got = rows(q.unit_history(two, scope=ALL, unit_id="a1"), "year")
    assert got[2023]["type_rank"] == 1 and got[2023]["units_of_type"] == 2
    assert got[2021]["type_rank"] == 1 and got[2021]["units_of_type"] == 1
    assert got[2023]["rank"] == 1 and got[2023]["units_in_year"] == 3


def test_marts_are_stored_in_institution_order(two):
    # the order lets a filter on institution_id skip row groups; a full rebuild restores it
    stored = [r[0] for r in two.execute("select institution_id from mart_appraisal").fetchall()]
    assert stored == sorted(stored)
