"""warehouse.queries on the fixture warehouse: every figure below is worked out by hand from dashboard_ratings.csv."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

from tests.dashboard.conftest import ALL
from warehouse import queries as q
from warehouse.store import Store

approx = pytest.approx
# the institutions of dashboard_ratings.csv
QINGLAN, CHENGJIANG, BAISHA = "青岚大学", "澄江医科大学", "白沙学院"


def _rows(frame: pl.DataFrame, *cols: str) -> list[tuple]:
    return [tuple(r) for r in frame.select(cols).iter_rows()]


def test_the_query_layer_imports_neither_streamlit_nor_plotly():
    import subprocess

    code = "import sys, warehouse.queries; print('streamlit' in sys.modules, 'plotly' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_institutions_years_and_demo_flag(cur, demo_warehouse: Path):
    frame = q.institutions(cur, scope=ALL)
    assert _rows(frame, "name", "first_year", "last_year", "is_demo") == [
        (CHENGJIANG, 2022, 2023, False),
        (BAISHA, 2023, 2023, False),
        (QINGLAN, 2022, 2023, False),
    ]
    assert q.year_bounds(cur, scope=ALL) == (2022, 2023)
    assert q.warehouse_is_demo(cur, scope=ALL) is False
    with Store.at(demo_warehouse).connect_read_only() as con:
        assert q.warehouse_is_demo(con.cursor(), scope=ALL) is True


def test_year_bounds_of_an_empty_warehouse(tmp_path: Path):
    store = Store.at(tmp_path / "empty.duckdb")
    with store.write():
        pass
    with store.connect_read_only() as con:
        assert q.year_bounds(con.cursor(), scope=ALL) is None
        assert q.type_trend(con.cursor(), q.Filters(scope=ALL)).is_empty()


def test_type_trend_good_rate_pools_units_over_institutions(cur):
    frame = q.type_trend(cur, q.Filters(scope=ALL))
    assert _rows(frame, "unit_type", "year", "n_units") == [
        ("affiliated_hospital", 2022, 2),
        ("affiliated_hospital", 2023, 2),
        ("college", 2022, 3),
        ("college", 2023, 4),
        ("branch", 2022, 2),
        ("branch", 2023, 2),
        ("administrative", 2022, 2),
        ("administrative", 2023, 3),
    ]
    # college 2022: 文学院 .8, 理学院 .5, 基础医学院 .5; 2023 adds 白沙 机电学院 14/20 = .7
    assert frame["value"].to_list() == approx([0.75, 0.75, 0.6, 0.625, 0.3, 0.4, 0.35, 0.3])
    # raters per unit: 10 everywhere but at 白沙学院 (20) and 后勤处 2022 (11, one abstained): 机关 2022 = (11+10)/2
    assert frame["median_voters"].to_list() == approx([10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.5, 10.0])


def test_type_trend_score_follows_each_institution_scheme(cur, ids):
    frame = q.type_trend(
        cur, q.Filters(scope=ALL, metric="score", year_from=2023, unit_types=["administrative"])
    )
    # 后勤处 (200+320+180)/10 = 70; 党委办公室 under 澄江's scheme (100+425+210)/10 = 73.5; 综合办公室 88
    assert _rows(frame, "unit_type", "year", "n_units") == [("administrative", 2023, 3)]
    assert frame["value"][0] == approx((70 + 73.5 + 88) / 3)


def test_type_trend_share_good_uses_the_official_grade(cur, ids):
    frame = q.type_trend(
        cur, q.Filters(scope=ALL, metric="share_good", institutions=[ids[QINGLAN]], unit_types=["college"])
    )
    # 2022: 文学院 96 好, 理学院 86 较好; 2023: 文学院 94 好, 理学院 92 but officially 较好
    assert _rows(frame, "year", "value", "n_units") == [(2022, 0.5, 2), (2023, 0.5, 2)]


def test_type_trend_positive_rate_for_one_institution_and_year(cur, ids):
    frame = q.type_trend(
        cur,
        q.Filters(
            scope=ALL, metric="positive_rate", institutions=[ids[CHENGJIANG]], year_from=2022, year_to=2022
        ),
    )
    assert _rows(frame, "unit_type", "value") == [
        ("affiliated_hospital", approx(1.0)),
        ("college", approx(1.0)),
        ("branch", approx(0.8)),
        ("administrative", approx(0.8)),
    ]


def test_empty_filters_select_nothing(cur, ids):
    assert q.type_trend(cur, q.Filters(scope=ALL, institutions=[])).is_empty()
    assert q.type_trend(cur, q.Filters(scope=ALL, unit_types=[])).is_empty()
    assert q.institution_trend(cur, q.Filters(scope=ALL, year_from=2030)).is_empty()
    assert q.grade_mix(
        cur, q.Filters(scope=ALL, institutions=[ids[BAISHA]], unit_types=["branch"])
    ).is_empty()


def test_unknown_metric_is_refused(cur):
    with pytest.raises(ValueError, match="unknown metric"):
        q.type_trend(cur, q.Filters(scope=ALL, metric="score; drop table raw_ratings"))


def test_unit_metric_values_one_row_per_unit_year(cur, ids):
    frame = q.unit_metric_values(cur, q.Filters(scope=ALL, institutions=[ids[BAISHA]], metric="score"))
    assert _rows(frame, "unit", "unit_type", "year", "value", "voters") == [
        ("机电学院", "college", 2023, 94.0, 20),
        ("综合办公室", "administrative", 2023, 88.0, 20),
    ]
    assert q.unit_metric_values(cur, q.Filters(scope=ALL)).height == 20


def test_grade_mix_counts_and_shares(cur):
    frame = q.grade_mix(cur, q.Filters(scope=ALL, year_from=2023, unit_types=["college", "administrative"]))
    assert _rows(frame, "unit_type", "grade", "n") == [
        ("college", "good", 2),
        ("college", "fairly_good", 2),
        ("college", "average", 0),
        ("college", "poor", 0),
        ("administrative", "good", 0),
        ("administrative", "fairly_good", 1),
        ("administrative", "average", 2),
        ("administrative", "poor", 0),
    ]
    assert frame["share"].to_list() == approx([0.5, 0.5, 0, 0, 0, 1 / 3, 2 / 3, 0])
    assert set(frame["year"]) == {2023}


def test_institution_trend_values_ranks_and_change(cur):
    frame = q.institution_trend(cur, q.Filters(scope=ALL))
    # 青岚 2022 (.6+.8+.5+.4+.3)/5 = .52, 2023 (.7+.8+.6+.5+.2)/5 = .56
    # 澄江 2022 (.9+.5+.2+.4)/4 = .5, 2023 (.8+.4+.3+.1)/4 = .4; 白沙 2023 (.7+.6)/2 = .65
    assert _rows(frame, "institution", "year", "n_units", "rank", "n_ranked") == [
        (CHENGJIANG, 2022, 4, 2, 2),
        (CHENGJIANG, 2023, 4, 3, 3),
        (BAISHA, 2023, 2, 1, 3),
        (QINGLAN, 2022, 5, 1, 2),
        (QINGLAN, 2023, 5, 2, 3),
    ]
    assert frame["value"].to_list() == approx([0.5, 0.4, 0.65, 0.52, 0.56])
    assert frame["prev_value"].to_list() == [None, approx(0.5), None, None, approx(0.52)]
    assert frame["change"].to_list() == [None, approx(-0.1), None, None, approx(0.04)]
    assert frame["prev_n_units"].to_list() == [None, 4, None, None, 5]


def test_institution_trend_scores_and_schemes(cur):
    frame = q.institution_trend(cur, q.Filters(scope=ALL, metric="score", year_from=2023))
    # 青岚 2022 (90+96+86+78+72)/5 = 84.4, 2023 (94+94+92+86+70)/5 = 87.2
    # 澄江 2022 (98+90+80+84)/4 = 88; 2023 under its scheme (97+89.5+86.5+73.5)/4 = 86.625; 白沙 (94+88)/2 = 91
    assert _rows(frame, "institution", "year", "rank") == [
        (CHENGJIANG, 2023, 3),
        (BAISHA, 2023, 1),
        (QINGLAN, 2023, 2),
    ]
    assert frame["value"].to_list() == approx([86.625, 91.0, 87.2])
    # the year before the range still gives the change
    assert frame["prev_value"].to_list() == [approx(88.0), None, approx(84.4)]
    assert frame["scheme_id"].to_list() == ["chengjiang-2023", "default", "default"]
    assert frame["scheme_label"][0].startswith("澄江口径2023")


def test_ties_share_a_rank(cur):
    # 满意率 of 机关 units in 2023: 后勤处 (2+4)/10 = .6, 党委办公室 (1+5)/10 = .6, 综合办公室 (12+4)/20 = .8
    frame = q.institution_ranks(
        cur, q.Filters(scope=ALL, metric="positive_rate", year_from=2023, unit_types=["administrative"])
    )
    assert _rows(frame, "institution", "rank", "n_ranked") == [
        (CHENGJIANG, 2, 3),
        (BAISHA, 1, 3),
        (QINGLAN, 2, 3),
    ]
    # no 党支部 is graded 好 at either institution: both first
    frame = q.institution_ranks(cur, q.Filters(scope=ALL, metric="share_good", unit_types=["branch"]))
    assert _rows(frame, "institution", "year", "value", "rank") == [
        (CHENGJIANG, 2022, 0.0, 1),
        (CHENGJIANG, 2023, 0.0, 1),
        (QINGLAN, 2022, 0.0, 1),
        (QINGLAN, 2023, 0.0, 1),
    ]


def test_institution_yoy(cur, ids):
    frame = q.institution_yoy(cur, q.Filters(scope=ALL, institutions=[ids[QINGLAN]], metric="score"))
    assert frame.columns[:6] == ["institution_id", "institution", "year", "value", "prev_value", "change"]
    assert _rows(frame, "year", "value", "prev_value", "change") == [
        (2022, approx(84.4), None, None),
        (2023, approx(87.2), approx(84.4), approx(2.8)),
    ]


def test_schemes_used(cur, ids):
    frame = q.schemes_used(cur, q.Filters(scope=ALL))
    assert _rows(frame, "institution", "scheme_id", "first_year", "last_year") == [
        (CHENGJIANG, "default", 2022, 2022),
        (CHENGJIANG, "chengjiang-2023", 2023, 2023),
        (BAISHA, "default", 2023, 2023),
        (QINGLAN, "default", 2022, 2023),
    ]
    assert frame["scheme_label"][0].startswith("默认口径")
    assert _rows(
        q.schemes_used(cur, q.Filters(scope=ALL, institutions=[ids[QINGLAN], ids[BAISHA]])), "scheme_id"
    ) == [
        ("default",),
        ("default",),
    ]
    assert q.schemes_used(cur, q.Filters(scope=ALL, institutions=[ids[CHENGJIANG]], year_to=2022))[
        "scheme_id"
    ].to_list() == ["default"]
