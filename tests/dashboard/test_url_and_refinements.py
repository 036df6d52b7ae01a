"""Issue #5: filters in the URL, Wilson intervals for small electorates, the vote-breakdown minimum, and the
trend refinements (small multiples, index to first year, slope chart), on the fixture warehouse."""

from __future__ import annotations

import json

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import stats, tables
from tests.dashboard.conftest import ALL
from tests.dashboard.conftest import run_app as _run
from tests.dashboard.conftest import widget as _widget
from warehouse import queries as q

approx = pytest.approx
TRENDS, COMPARE, UNIT = "app_pages/trends.py", "app_pages/compare.py", "app_pages/unit.py"


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def _open_tab(at: AppTest, label: str) -> AppTest:
    """Open a lazy tab of 院校对比 the way a click does: its state changes and the page re-runs."""
    at.session_state["compare_tab_zh"] = label
    at.run(timeout=60)
    assert not at.exception, at.exception
    return at


# ---------------------------------------------------------------- Wilson


def test_wilson_interval_on_known_values():
    assert stats.wilson(8, 10) == approx((0.490, 0.943), abs=5e-4)
    assert stats.wilson(0, 10) == approx((0.0, 0.278), abs=5e-4)
    assert stats.wilson(10, 10) == approx((0.722, 1.0), abs=5e-4)
    assert stats.wilson(0, 0) is None and stats.wilson(None, 10) is None
    with pytest.raises(ValueError):
        stats.wilson(11, 10)


def test_change_significant_only_when_intervals_do_not_overlap():
    assert stats.change_significant(16, 40, 20, 40) is False  # 澄江医科大学 2023 vs 2022
    assert stats.change_significant(600, 1000, 500, 1000) is True
    assert stats.change_significant(5, 10, None, None) is None


def test_pooled_votes_of_the_fixture(cur, ids):
    pooled = q.pooled_votes(cur, q.Filters(scope=ALL, institutions=[ids["青岚大学"]]))
    assert list(pooled.select("year", "votes_good", "votes_positive", "graded_votes").iter_rows()) == [
        (2022, 26, 41, 50),  # 好 6+8+5+4+3, 好+较好 9+10+8+8+6
        (2023, 28, 43, 50),
    ]


def test_yoy_table_marks_a_real_change_significant_and_a_small_one_not():
    trend = pl.DataFrame(
        {
            "institution_id": ["a", "a", "b", "b"],
            "institution": ["甲", "甲", "乙", "乙"],
            "year": [2022, 2023, 2022, 2023],
            "value": [0.5, 0.6, 0.5, 0.6],
            "prev_value": [None, 0.5, None, 0.5],
            "change": [None, 0.1, None, 0.1],
            "n_units": [4, 4, 4, 4],
            "prev_n_units": [None, 4, None, 4],
            "median_voters": [10.0] * 4,
            "rank": [1, 1, 1, 1],
        }
    )
    pooled = pl.DataFrame(
        {
            "institution_id": ["a", "a", "b", "b"],
            "year": [2022, 2023, 2022, 2023],
            "votes_good": [20, 24, 500, 600],
            "votes_positive": [30, 30, 700, 700],
            "graded_votes": [40, 40, 1000, 1000],
        }
    )
    notes = dict(
        zip(
            *tables.yoy_table(trend, "good_rate", pooled)
            .filter(pl.col("年度") == 2023)
            .select("院校", "说明")
            .to_dict(as_series=False)
            .values(),
            strict=True,
        )
    )
    assert notes["甲"].startswith("不显著") and "威尔逊" in notes["甲"]
    assert notes["乙"] == ""


def test_compare_yoy_table_marks_the_fixture_changes_not_significant(app_env):
    at = _open_tab(_run(page=COMPARE), "同比变化")
    table = at.dataframe[0].value
    latest = table[table["年度"] == 2023].set_index("院校")["说明"].to_dict()
    # 青岚大学 28/50 好 votes vs 26/50, 澄江医科大学 16/40 vs 20/40: the 95% intervals overlap
    assert latest["青岚大学"].startswith("不显著") and latest["澄江医科大学"].startswith("不显著")
    assert latest["白沙学院"] == "无上年数据"
    assert any("威尔逊" in c.value for c in at.caption)


# ---------------------------------------------------------------- URL


def test_url_sets_the_sidebar_filters(app_env, ids):
    at = _run(
        {
            "inst": ["青岚大学", "白沙学院"],
            "years": ["2023", "2023"],
            "types": ["学院", "机关"],
            "metric": "平均得分",
        },
        page=TRENDS,
    )
    assert _widget(at, "inst").value == [ids["青岚大学"], ids["白沙学院"]]
    assert _widget(at, "years").value == (2023, 2023)
    assert _widget(at, "types").value == ["college", "administrative"]
    assert _widget(at, "metric").value == "score"
    assert not at.toast
    # the page follows: two unit types, scores, 2023 only
    figure = _figures(at)[0]
    assert [t["name"] for t in figure["data"]] == ["学院", "机关"]
    assert all(t["x"] == [2023] for t in figure["data"])
    assert at.caption[0].value.startswith("平均得分:")


def test_sidebar_choices_go_to_the_url_as_codes_under_their_short_names(app_env, ids):
    """A changed filter is written to the URL as language-independent codes (ids, unit-type and metric codes), so a
    copied link carries it in either language; the year slider holds numbers and stays bound by Streamlit."""
    at = _run(page=TRENDS)  # a page with every filter (the overview has no unit types and no metric)
    assert _widget(at, "years").proto.query_param_key == "years"
    assert "inst" not in at.query_params and "metric" not in at.query_params  # defaults are left out
    _widget(at, "metric").set_value("score").run(timeout=60)
    _widget(at, "types").set_value(["college", "branch"]).run(timeout=60)
    _widget(at, "inst").set_value([ids["白沙学院"]]).run(timeout=60)
    url = {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}
    assert url["metric"] == ["score"]
    assert url["types"] == ["college", "branch"]
    assert url["inst"] == [ids["白沙学院"]]


def test_unknown_values_in_the_url_are_ignored_with_a_message(app_env, ids):
    at = _run({"inst": ["i_doesnotexist", "青岚大学"], "metric": "nonsense", "years": ["1990", "2100"]})
    assert not at.exception
    assert _widget(at, "inst").value == [ids["青岚大学"]]
    # the overview draws no metric control; its value is kept
    assert at.session_state["metric"] == "good_rate"
    assert _widget(at, "years").value == (2022, 2023)
    toasts = [t.value.replace("\\", "") for t in at.toast]  # values from the URL are Markdown-escaped
    assert any("i_doesnotexist" in t and "已忽略" in t for t in toasts)
    assert any("nonsense" in t for t in toasts) and any("1990" in t for t in toasts)
    assert any("i_doesnotexist" in c.value.replace("\\", "") for c in at.sidebar.caption)
    assert [t.value for t in at.title] == ["总览"]  # the view is still there


def test_unit_link_works_together_with_the_filters(app_env, cur, ids):
    unit_id = cur.execute("select unit_id from units where name = '机电学院'").fetchall()[0][0]
    at = _run({"inst": ["白沙学院"], "unit": unit_id}, page=UNIT)
    assert _widget(at, "inst").value == [ids["白沙学院"]]
    assert at.selectbox(key="profile_unit").value == unit_id
    assert at.query_params["unit"] == unit_id


# ---------------------------------------------------------------- minimum voters


def test_votes_by_grade_hidden_below_the_minimum_number_of_voters(app_env, monkeypatch, cur):
    unit_id = cur.execute("select unit_id from units where name = '理学院'").fetchall()[0][0]
    at = _run({"unit": unit_id}, page=UNIT)
    assert len(at.get("plotly_chart")) == 2  # default minimum 5, ten raters: shown
    monkeypatch.setenv("PINGYI_MIN_VOTERS", "11")
    at = _run({"unit": unit_id}, page=UNIT)
    assert len(at.get("plotly_chart")) == 1  # the score line only
    assert any("2022、2023 年度参评人数少于 11 人" in i.value for i in at.info)


def test_min_voters_setting(monkeypatch):
    from dashboard import data

    monkeypatch.delenv("PINGYI_MIN_VOTERS", raising=False)
    assert data.settings().min_voters == 5
    monkeypatch.setenv("PINGYI_MIN_VOTERS", "3")
    assert data.settings().min_voters == 3
    monkeypatch.setenv("PINGYI_MIN_VOTERS", "many")
    assert data.settings().min_voters == 5


# ---------------------------------------------------------------- trends refinements


def test_small_multiples_one_panel_per_unit_type(app_env):
    at = _run(page=TRENDS)
    _widget(at, "trends_facets").set_value(True).run(timeout=60)
    assert not at.exception
    figure = _figures(at)[0]
    assert [t["name"] for t in figure["data"]] == ["附属医院", "学院", "党支部", "机关"]
    assert [t.get("xaxis", "x") for t in figure["data"]] == ["x", "x2", "x3", "x4"]
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["附属医院", "学院", "党支部", "机关"]
    assert "每个小图一种单位类型" in at.caption[0].value
    assert len(at.get("plotly_chart")) == 2  # and the open lazy tab's chart (等次构成)


def test_index_mode_starts_every_line_at_zero(app_env):
    at = _run(page=COMPARE)
    _widget(at, "compare_index").set_value(True).run(timeout=60)
    assert not at.exception
    figure = _figures(at)[0]
    assert [t["name"] for t in figure["data"]] == ["澄江医科大学", "白沙学院", "青岚大学"]
    # each line starts at 0 in its own first year (a year without data is a gap, null, since issue #16)
    assert all(next(y for y in t["y"] if y is not None) == 0 for t in figure["data"])
    by_name = {t["name"]: t["y"] for t in figure["data"]}
    assert by_name["青岚大学"] == approx([0, 4.0]) and by_name["澄江医科大学"] == approx([0, -10.0])
    assert "百分点" in figure["layout"]["yaxis"]["title"]["text"]
    assert "每条线从 0 开始" in at.caption[0].value


def test_slope_chart_between_two_years(app_env):
    at = _run(page=COMPARE)
    assert not [s for s in at.selectbox if s.key == "slope_from"]  # a closed lazy tab does not run
    _open_tab(at, "两年对比")
    assert at.selectbox(key="slope_from").value == 2022 and at.selectbox(key="slope_to").value == 2023
    lines, slope = _figures(at)
    assert lines["layout"]["title"]["text"].startswith("各院校的")
    assert [t["name"] for t in slope["data"]] == ["澄江医科大学", "青岚大学"]  # 白沙学院 has 2023 only
    assert all(t["x"] == ["2022", "2023"] for t in slope["data"])
    assert slope["data"][1]["y"] == approx([0.52, 0.56])
    assert any("未画:白沙学院" in c.value for c in at.caption)
    at.selectbox(key="slope_from").set_value(2023).run(timeout=60)
    assert len(at.get("plotly_chart")) == 1
    assert any("两个不同的年度" in i.value for i in at.info)


def test_slope_needs_two_years(app_env):
    at = _open_tab(_run({"years": ["2023", "2023"]}, page=COMPARE), "两年对比")
    assert any("需要至少两个年度" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 1
