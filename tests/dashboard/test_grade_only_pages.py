"""Every page with a grade-only institution and a roster-only year (issue #12): 松溪学院 published grades only for
2023 and a roster (述职方式, no result) for 2022 (tests/dashboard/grades_data.py gives the figures)."""

from __future__ import annotations

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import coverage
from tests.dashboard import grades_data
from tests.dashboard.conftest import ALL, APP, logged_in
from tests.dashboard.grades_data import SONGXI
from warehouse import queries as q

approx = pytest.approx
GRADES_ONLY_ZH = "该校仅公布等次:"

# the fixture warehouse with a grade list and a roster (fixtures shared with the other grade-only tests)
gcur = grades_data.gcur
grades_connection = grades_data.grades_connection
grades_env = grades_data.grades_env
grades_warehouse = grades_data.grades_warehouse


def _ids(gcur) -> dict[str, str]:
    return dict(gcur.execute("select name, institution_id from institutions").fetchall())


def _app(ids: dict[str, str], *names: str, query: dict | None = None, page: str | None = None) -> AppTest:
    at = logged_in(AppTest.from_file(str(APP)))
    at.query_params["inst"] = [ids[n] for n in names]
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run(timeout=60)
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run(timeout=60)
        assert not at.exception, at.exception
    return at


def _infos(at) -> str:
    return "\n".join(i.value for i in at.info)


def _plotly(at) -> list[dict]:
    import json

    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


# ---------------------------------------------------------------- the queries behind the pages


def test_result_coverage_tells_grades_only_from_rosters(gcur):
    ids = _ids(gcur)
    cov = q.result_coverage(gcur, q.Filters(scope=ALL, institutions=[ids[SONGXI], ids["青岚大学"]]))
    rows = {
        (r["institution"], r["year"]): (r["has_results"], r["grades_only"], r["n_units"], r["n_graded"])
        for r in cov.iter_rows(named=True)
    }
    assert rows == {
        (SONGXI, 2022): (False, False, 6, 0),
        (SONGXI, 2023): (True, True, 6, 6),
        ("青岚大学", 2022): (True, False, 5, 5),
        ("青岚大学", 2023): (True, False, 5, 5),
    }


def test_overview_kpis_of_a_grade_only_year(gcur):
    ids = _ids(gcur)
    kpis = q.overview_kpis(gcur, scope=ALL, institution=ids[SONGXI], year=2023)
    # 2022 was a roster only: nothing to compare the grades with, so no previous year
    assert kpis["year"].to_list() == [2023]
    grades = kpis.row(0, named=True)
    assert (grades["n_units"], grades["n_good"], grades["n_fairly_good"], grades["n_weak"]) == (6, 3, 2, 1)
    assert grades["share_good"] == approx(0.5)
    assert (grades["mean_score"], grades["good_rate"], grades["median_voters"]) == (None, None, None)
    assert grades["grades_only"] is True
    roster = q.overview_kpis(gcur, scope=ALL, institution=ids[SONGXI], year=2022).row(0, named=True)
    assert (roster["n_units"], roster["n_onsite"], roster["n_written"], roster["share_good"]) == (
        6,
        2,
        4,
        None,
    )
    assert roster["has_results"] is False


def test_share_good_by_type_for_the_grade_only_year(gcur):
    ids = _ids(gcur)
    trend = q.type_trend(gcur, q.Filters(scope=ALL, institutions=[ids[SONGXI]], metric="share_good"))
    assert list(trend.select("unit_type", "year", "n_units").iter_rows()) == [
        ("college", 2023, 3),
        ("branch", 2023, 3),
    ]
    assert trend["value"].to_list() == approx([2 / 3, 1 / 3])
    assert q.type_trend(gcur, q.Filters(scope=ALL, institutions=[ids[SONGXI]], metric="good_rate")).is_empty()


def test_choose_metric():
    cov = pl.DataFrame(
        {
            "institution": ["甲", "甲", "乙"],
            "year": [2022, 2023, 2023],
            "has_results": [False, True, True],
            "grades_only": [False, True, False],
        }
    )
    grades_only = cov.filter(pl.col("institution") == "甲")
    picked = coverage.choose(grades_only, "good_rate", explicit=False)
    assert picked.metric == "share_good" and picked.switched and GRADES_ONLY_ZH in picked.note
    blocked = coverage.choose(grades_only, "score", explicit=True)
    assert blocked.metric == "score" and "平均得分" in blocked.blocked and GRADES_ONLY_ZH in blocked.blocked
    mixed = coverage.choose(cov, "good_rate", explicit=False)
    assert mixed.metric == "good_rate" and mixed.blocked is None and mixed.note.startswith("甲 仅公布等次")
    assert coverage.choose(cov, "share_good", explicit=False) == coverage.Choice("share_good")
    en = coverage.choose(grades_only, "score", explicit=True, lang="en")
    assert en.blocked.startswith("This institution published grades only")


# ---------------------------------------------------------------- 总览


def test_overview_of_a_grade_only_year_shows_grade_counts_not_empty_means(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI)
    cards = {m.label: m.value for m in at.metric}
    assert cards == {
        "评议单位": "6 个",
        "现场 / 书面述职": "—",
        "评为“好”的单位占比": "50.0%",
        "一般或差的单位": "1 个",
    }
    assert GRADES_ONLY_ZH in _infos(at)
    assert [m.delta for m in at.metric] == [""] * 4  # no change against the roster year (nothing to compare)
    assert any("在 2023 年度之前没有评议结果" in c.value for c in at.caption)
    summary = "\n".join(m.value for m in at.markdown)
    assert "2023年度 松溪学院 共评议 6 个单位,评为“好”的单位 3 个,占有等次单位的 50.0%,与上年" not in summary
    assert "2023年度 松溪学院 共评议 6 个单位,评为“好”的单位 3 个,占有等次单位的 50.0%。" in summary
    (dist,) = _plotly(at)
    assert (dist["data"][0]["x"], dist["data"][0]["y"]) == (["好", "较好", "一般", "差"], [3, 2, 1, 0])
    # the attention list: the one unit graded 一般, without empty score columns
    frame = at.dataframe[0].value
    assert frame.iloc[:, 0].tolist() == ["离退休党支部"]
    assert "得分" not in frame.columns and frame["等次"].tolist() == ["一般"]
    assert any("不涉及计分口径" in c.value for c in at.caption)


def test_overview_of_a_roster_only_year_counts_units_and_modes(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, query={"oyear": "2022"})
    assert {m.label: m.value for m in at.metric} == {"评议单位": "6 个", "现场 / 书面述职": "2 / 4"}
    assert "只有述职名单" in _infos(at)
    assert not at.dataframe  # no attention list made of units without a result


def test_overview_in_english_of_a_grade_only_year(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, query={"lang": "en"})
    assert "This institution published grades only" in _infos(at)
    assert {m.label for m in at.metric} >= {"Share of units graded 'good'"}


# ---------------------------------------------------------------- 单位类型趋势 and 院校对比


def test_trends_of_a_grade_only_institution_default_to_share_good(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, page="app_pages/trends.py")
    assert GRADES_ONLY_ZH in _infos(at) and "此处显示评为“好”的单位占比" in _infos(at)
    lines = _plotly(at)[0]
    assert (
        "评为“好”的单位占比" in lines["layout"]["title"]["text"]
        or "“好”单位占比" in lines["layout"]["title"]["text"]
    )
    values = {t["name"]: list(t["y"]) for t in lines["data"] if t.get("y") is not None}
    assert values["学院"] == approx([200 / 3]) or values["学院"] == approx([2 / 3])


def test_trends_with_score_chosen_say_grades_only_and_still_show_the_grade_mix(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, query={"metric": "score"}, page="app_pages/trends.py")
    assert GRADES_ONLY_ZH in _infos(at) and "无法计算平均得分" in _infos(at)
    charts = _plotly(at)
    assert len(charts) == 1 and charts[0]["data"][0]["type"] == "bar"  # the grade mix, no empty score chart


def test_compare_mixed_selection_names_the_grade_only_institution(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, "青岚大学", page="app_pages/compare.py")
    assert "松溪学院 仅公布等次,没有好评率(好票占比),未计入此图" in _infos(at)
    lines = _plotly(at)[0]
    assert {t["name"] for t in lines["data"] if t.get("name")} >= {"青岚大学"}
    assert SONGXI not in {t.get("name") for t in lines["data"]}


def test_compare_with_share_good_puts_both_on_one_chart(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, "青岚大学", query={"metric": "share_good"}, page="app_pages/compare.py")
    assert GRADES_ONLY_ZH not in _infos(at)
    names = {t.get("name") for t in _plotly(at)[0]["data"]}
    assert {SONGXI, "青岚大学"} <= names


def test_compare_with_score_chosen_for_grade_only_says_so(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, query={"metric": "score"}, page="app_pages/compare.py")
    assert "无法计算平均得分" in _infos(at)
    assert not _plotly(at)


# ---------------------------------------------------------------- 会议与报告: the rotation grid from a roster


def test_rotation_grid_from_a_roster(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, page="app_pages/meetings.py")
    grid = [c for c in _plotly(at) if c["data"][0]["type"] == "heatmap"]
    assert grid, "the rotation grid is drawn from the roster's modes"
    rotation = q.onsite_rotation(gcur, q.Filters(scope=ALL), institution=ids[SONGXI])
    onsite = sorted(
        rotation.filter((pl.col("year") == 2022) & (pl.col("mode") == "onsite"))["unit"].to_list()
    )
    assert onsite == ["化学学院", "机关第一党支部"]


# ---------------------------------------------------------------- 单位档案 and 口径说明


def test_unit_page_of_a_grade_only_unit(grades_env, gcur):
    ids = _ids(gcur)
    # 松溪学院's 离退休党支部 (澄江医科大学 has a unit of that name too)
    unit = gcur.execute(
        "select unit_id from units where name = '离退休党支部' and institution_id = ?", [ids[SONGXI]]
    ).fetchall()[0][0]
    at = _app(ids, SONGXI, query={"unit": unit}, page="app_pages/unit.py")
    assert "只有评议等次" in _infos(at)
    table = at.dataframe[0].value
    rows = dict(zip(table["年度"].tolist(), table["等次"].tolist(), strict=True))
    assert rows[2023] == "一般"
    assert table["述职方式"].tolist() == ["书面述职", "—"]  # the roster's mode; the grade list gave none
    assert table["等次"].tolist() == ["—", "一般"]
    assert not {"得分", "好评率(%)", "参评人数", "院内名次"} & set(table.columns)  # no column of empty cells


def test_schemes_page_says_grade_only_institutions_use_no_scheme(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, page="app_pages/schemes.py")
    assert GRADES_ONLY_ZH in _infos(at) or any(GRADES_ONLY_ZH in c.value for c in at.caption)


@pytest.mark.parametrize("tab", ["名次", "同比变化", "两年对比"])
def test_every_compare_tab_with_a_grade_only_institution(grades_env, gcur, tab):
    """share_good over 松溪学院 (grades 2023, roster 2022) and 青岚大学: each lazy tab runs and shows the grade list's
    year; nothing is a 0 made of missing votes."""
    ids = _ids(gcur)
    at = _app(ids, SONGXI, "青岚大学", query={"metric": "share_good"}, page="app_pages/compare.py")
    at.session_state["compare_tab_zh"] = tab
    at.run(timeout=60)
    assert not at.exception, at.exception
    if tab == "同比变化":
        frame = at.dataframe[0].value
        songxi = frame[frame["院校"] == SONGXI].iloc[0]
        assert (songxi["年度"], songxi["“好”单位占比(%)"], songxi["单位数"], songxi["说明"]) == (
            2023,
            50.0,
            6,
            "无上年数据",
        )
    elif tab == "两年对比":
        assert "未画:松溪学院" in " ".join(c.value for c in at.caption)  # no 2022 share for a roster year
    else:
        (heat,) = [c for c in _plotly(at) if c["data"][0]["type"] == "heatmap"]
        assert heat["data"][0]["y"] == [SONGXI, "青岚大学"]
        assert heat["data"][0]["z"] == [[None, 1], [1, 2]]  # 2022: no rank for the roster year, never a 0


def test_trends_distribution_tab_with_a_grade_only_institution(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, page="app_pages/trends.py")
    at.session_state["trends_tab_zh"] = "类内分布"
    at.run(timeout=60)
    assert not at.exception, at.exception
    (box,) = [c for c in _plotly(at) if c["data"][0]["type"] == "box"]
    # one value per unit: 1 for 好, 0 otherwise (colleges 好 好 较好, branches 好 较好 一般)
    assert [sorted(t["y"]) for t in box["data"]] == [[0.0, 1.0, 1.0], [0.0, 0.0, 1.0]]


def test_briefing_pack_years_leave_the_roster_year_out(grades_env, gcur):
    ids = _ids(gcur)
    at = _app(ids, SONGXI, "青岚大学", query={"metric": "share_good"}, page="app_pages/compare.py")
    # the 简报 expander is lazy: closed, its form is not drawn; opened, it is
    assert not [s for s in at.selectbox if s.key == "pack_institution"]
    at.session_state["pack_open"] = True
    at.run()
    assert not at.exception, at.exception
    (institution,) = [s for s in at.selectbox if s.key == "pack_institution"]
    assert institution.value == ids[SONGXI]
    (year,) = [s for s in at.selectbox if s.key == "pack_year"]
    assert year.options == ["2023"]  # 2022 is a roster only: nothing to brief
    assert q.result_years(gcur, scope=ALL, institution=ids[SONGXI]) == [2023]
    assert q.rated_years(gcur, scope=ALL, institution=ids[SONGXI]) == [2022, 2023]


@pytest.mark.parametrize("page", ["app_pages/trends.py", "app_pages/compare.py"])
@pytest.mark.parametrize("metric", [None, "share_good"])
def test_a_roster_only_year_on_trends_and_compare_says_so(grades_env, gcur, page, metric):
    ids = _ids(gcur)
    query = {"years": ["2022", "2022"]} | ({"metric": metric} if metric else {})
    at = _app(ids, SONGXI, query=query, page=page)
    assert "松溪学院 在所选年度只有述职名单" in _infos(at)
    assert not _plotly(at)  # no empty chart


def test_choose_for_rosters_only():
    cov = pl.DataFrame(
        {"institution": ["甲"], "year": [2022], "has_results": [False], "grades_only": [False]}
    )
    choice = coverage.choose(cov, "share_good", explicit=True)
    assert choice.roster_only and choice.blocked.startswith("甲 在所选年度只有述职名单")
