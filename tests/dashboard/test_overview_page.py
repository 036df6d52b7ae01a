"""总览 (the default page): its queries and what it shows on the fixture warehouse; every number is worked out by
hand from tests/data/dashboard_ratings.csv (see conftest.py).

青岚大学 scores (default scheme, 好100 较好80 一般60 差0):
  2022: 附属医院 90 好, 文学院 96 好, 理学院 86 较好, 学生第一党支部 78 较好, 后勤处 72 一般 → mean 84.4
  2023: 附属医院 94 好, 文学院 94 好, 理学院 92 较好 (official), 学生第一党支部 86 较好, 后勤处 70 一般 → mean 87.2
好评率 (mean of unit 好 shares) 0.52 → 0.56; 满意率 0.82 → 0.86; on site 2 / written 3 both years.
澄江医科大学 2023 (its own scheme 好100 较好85 一般70 差0): 97 好, 89.5 较好, 86.5 较好, 73.5 一般; 2022: 98, 90, 80, 84.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.load import ingest
from tests.dashboard.conftest import ALL, APP, RATINGS_CSV, logged_in
from warehouse import queries as q
from warehouse.store import Store

approx = pytest.approx
DATA = Path(__file__).parents[1] / "data"


def _unit(cur, name: str) -> str:
    return cur.execute("select unit_id from units where name = ?", [name]).fetchall()[0][0]


# ---------------------------------------------------------------- queries


def test_rated_years_and_previous_year(cur, ids):
    assert q.rated_years(cur, scope=ALL, institution=ids["青岚大学"]) == [2022, 2023]
    assert q.rated_years(cur, scope=ALL, institution=ids["白沙学院"]) == [2023]
    assert q.previous_rated_year(cur, scope=ALL, institution=ids["青岚大学"], year=2023) == 2022
    assert q.previous_rated_year(cur, scope=ALL, institution=ids["白沙学院"], year=2023) is None
    assert q.rated_years(cur, scope=ALL, institution="i_nowhere") == []


def test_overview_kpis_give_this_year_and_the_year_before(cur, ids):
    kpis = q.overview_kpis(cur, scope=ALL, institution=ids["青岚大学"], year=2023)
    assert kpis["year"].to_list() == [2022, 2023]
    rows = [r for r in kpis.iter_rows(named=True)]
    assert [(r["n_units"], r["n_onsite"], r["n_written"], r["n_weak"]) for r in rows] == [
        (5, 2, 3, 1),
        (5, 2, 3, 1),
    ]
    assert [r["mean_score"] for r in rows] == approx([84.4, 87.2])
    assert [r["good_rate"] for r in rows] == approx([0.52, 0.56])
    assert [r["positive_rate"] for r in rows] == approx([0.82, 0.86])
    assert [r["median_voters"] for r in rows] == approx([10.0, 10.0])
    # the first year has no year before it; a year without ratings gives nothing
    assert q.overview_kpis(cur, scope=ALL, institution=ids["青岚大学"], year=2022)["year"].to_list() == [2022]
    assert q.overview_kpis(cur, scope=ALL, institution=ids["白沙学院"], year=2022).is_empty()


def test_grade_distribution_lists_every_grade(cur, ids):
    dist = q.grade_distribution(cur, scope=ALL, institution=ids["澄江医科大学"], year=2023)
    assert list(dist.select("grade", "n").iter_rows()) == [
        ("good", 1),
        ("fairly_good", 2),
        ("average", 1),
        ("poor", 0),
    ]
    assert dist["share"].to_list() == approx([0.25, 0.5, 0.25, 0.0])


def test_attention_units_bottom_drops_and_weak(cur, ids):
    got = q.attention_units(cur, scope=ALL, institution=ids["青岚大学"], year=2023)
    assert list(
        got.select("unit", "score", "prev_score", "change", "is_bottom", "is_drop", "is_weak").iter_rows()
    ) == [
        ("后勤处", 70.0, 72.0, -2.0, True, True, True),
        ("学生第一党支部", 86.0, 78.0, 8.0, True, False, False),  # bottom: at most half of 5 units → 2
        ("文学院", 94.0, 96.0, -2.0, False, True, False),
    ]
    chengjiang = q.attention_units(cur, scope=ALL, institution=ids["澄江医科大学"], year=2023)
    assert list(chengjiang.select("unit", "change", "is_bottom", "is_drop", "is_weak").iter_rows()) == [
        ("党委办公室", approx(-10.5), True, True, True),
        ("离退休党支部", approx(6.5), True, False, False),
        ("基础医学院", approx(-0.5), False, True, False),
        ("第一临床医学院", approx(-1.0), False, True, False),
    ]
    assert q.attention_units(cur, scope=ALL, institution=ids["青岚大学"], year=2023, bottom=1, drops=1)[
        "unit"
    ].to_list() == [
        "后勤处",
        "文学院",  # ties at the cut share the place: both fell by 2
    ]
    # no previous year: no drops, only the lowest score and the weak units
    baisha = q.attention_units(cur, scope=ALL, institution=ids["白沙学院"], year=2023)
    assert list(baisha.select("unit", "is_drop", "prev_score").iter_rows()) == [("综合办公室", False, None)]


def test_type_changes_only_types_present_both_years(cur, ids):
    got = q.type_changes(cur, scope=ALL, institution=ids["青岚大学"], year=2023)
    assert got["unit_type"].to_list() == ["affiliated_hospital", "college", "branch", "administrative"]
    assert got["change"].to_list() == approx([0.1, 0.05, 0.1, -0.1])
    assert got["prev_year"].to_list() == [2022] * 4
    assert q.type_changes(cur, scope=ALL, institution=ids["白沙学院"], year=2023).is_empty()


# ---------------------------------------------------------------- the page


def _open(**select) -> AppTest:
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    assert not at.exception, at.exception
    for key, value in select.items():
        at.selectbox(key=key).set_value(value).run(timeout=60)
        assert not at.exception, at.exception
    return at


def _change_note(at: AppTest) -> str:
    """The caption under the headline figures (what the changes are against, 不显著, a scheme change)."""
    return next(c.value for c in at.caption if c.value.startswith("变化为") or "之前没有评议结果" in c.value)


def _metrics(at: AppTest) -> list[tuple[str, str, str]]:
    return [(m.label, m.value, m.delta) for m in at.metric]


def test_overview_is_the_default_page(app_env, ids):
    at = _open()
    assert [t.value for t in at.title] == ["总览"]
    # the first institution of the sidebar, its latest year with ratings
    assert at.selectbox(key="overview_institution").value == ids["澄江医科大学"]
    assert at.selectbox(key="overview_year").value == 2023
    # the answer first (issue #16): the sentences, who needs attention, then the figures and the grade chart
    assert [s.value for s in at.subheader] == [
        "澄江医科大学 2023年度",
        "需要关注的单位",
        "主要指标",
        "等次分布",
    ]
    # the institution and year pickers are one row without visible labels (the values say what they are)
    pickers = [at.selectbox(key=k) for k in ("overview_institution", "overview_year")]
    assert [p.proto.label_visibility.value for p in pickers] == [2, 2]  # COLLAPSED
    assert [p.label for p in pickers] == ["院校", "年度"]  # still there for screen readers


def test_kpis_with_changes_the_chinese_way(app_env, ids):
    at = _open(overview_institution=ids["青岚大学"])
    assert at.selectbox(key="overview_year").options == ["2023年度", "2022年度"]
    assert _metrics(at) == [
        ("评议单位", "5 个", "持平"),
        ("现场 / 书面述职", "2 / 3", "持平"),
        ("平均得分", "87.2", "+2.8 分"),
        # 28/50 好 votes against 26/50: the 95% Wilson intervals overlap
        ("好评率", "56.0%", "+4.0 个百分点 · 不显著"),
        ("满意率(好+较好)", "86.0%", "+4.0 个百分点 · 不显著"),
        ("一般或差的单位", "1 个", "持平"),
    ]
    assert _change_note(at).startswith("变化为与 2022 年度")
    assert "口径不同" not in _change_note(at)


def test_kpis_of_a_falling_institution_under_a_new_scheme(app_env, ids):
    at = _open()  # 澄江医科大学 2023
    assert _metrics(at) == [
        ("评议单位", "4 个", "持平"),
        ("现场 / 书面述职", "1 / 3", "现场 -1,书面 +1"),
        ("平均得分", "86.6", "-1.4 分"),  # (97 + 89.5 + 86.5 + 73.5) / 4 = 86.625 vs 88
        ("好评率", "40.0%", "-10.0 个百分点 · 不显著"),  # 16/40 against 20/40
        ("满意率(好+较好)", "82.5%", "-7.5 个百分点 · 不显著"),
        ("一般或差的单位", "1 个", "+1 个"),
    ]
    # more 一般/差 is bad: the colour is inverted
    assert at.metric[5].proto.color == at.metric[2].proto.color
    # a change within chance is grey, whatever its sign
    assert at.metric[3].proto.color == at.metric[1].proto.color != at.metric[2].proto.color
    assert "不显著" in _change_note(at) and "威尔逊" in _change_note(at)
    assert "两年评分口径不同" in _change_note(at) and "平均得分不宜直接比较" in _change_note(at)


def test_summary_sentences(app_env, ids):
    at = _open(overview_institution=ids["青岚大学"])
    summary = at.markdown[0].value.splitlines()  # the first thing under the heading
    # each sentence states its n; +4.0 points is within chance (the KPI card says 不显著 too); every unit type of
    # 青岚大学 has one or two units, too few to compare: said once, no change claimed (issue #16)
    assert summary == [
        "- 2023年度 青岚大学 共评议 5 个单位(每个单位约 10 人参评),好评率 56.0%,比上年提高 4.0 个百分点(不显著)。",
        "- 附属医院、学院、党支部、机关类单位各不足 5 个,单位数太少,不作逐年比较。",
        "- 评为一般或差的单位 1 个。",
    ]


def test_grade_distribution_chart_uses_grade_colours(app_env, ids):
    from dashboard.labels import GRADE_COLORS

    at = _open()
    [figure] = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    bar = figure["data"][0]
    assert bar["x"] == ["好", "较好", "一般", "差"]
    assert bar["y"] == [1, 2, 1, 0]
    assert bar["marker"]["color"] == [GRADE_COLORS[g] for g in ("good", "fairly_good", "average", "poor")]
    assert all(el.proto.theme == "" for el in at.get("plotly_chart"))


def test_attention_table_links_to_the_profiles(app_env, ids, cur):
    at = _open(overview_institution=ids["青岚大学"])
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "单位",
        "类型",
        "得分",
        "等次",
        "院内名次",
        "上年得分",
        "变化(分)",
        "关注原因",
        "档案",
    ]
    assert table.to_dict("records") == [
        {
            "单位": "后勤处",
            "类型": "机关",
            "得分": 70.0,
            "等次": "一般",
            "院内名次": "5/5",
            "上年得分": 72.0,
            "变化(分)": -2.0,
            "关注原因": "得分居后、得分较上年下降、等次为一般或差",
            "档案": f"unit?unit={_unit(cur, '后勤处')}",
        },
        {
            "单位": "学生第一党支部",
            "类型": "党支部",
            "得分": 86.0,
            "等次": "较好",
            "院内名次": "4/5",
            "上年得分": 78.0,
            "变化(分)": 8.0,
            "关注原因": "得分居后",
            "档案": f"unit?unit={_unit(cur, '学生第一党支部')}",
        },
        {
            "单位": "文学院",
            "类型": "学院",
            "得分": 94.0,
            "等次": "好",
            "院内名次": "1/5",
            "上年得分": 96.0,
            "变化(分)": -2.0,
            "关注原因": "得分较上年下降",
            "档案": f"unit?unit={_unit(cur, '文学院')}",
        },
    ]


def test_attention_in_a_few_lines_each_unit_a_link(app_env, ids, cur):
    """Under the sentences: one line per reason, the figure behind it, each unit a link to its profile; the table
    above holds the same units with every column (behind an expander)."""
    at = _open(overview_institution=ids["青岚大学"])
    link = {n: f"unit?unit={_unit(cur, n)}" for n in ("后勤处", "学生第一党支部", "文学院")}
    # 5 units: at most half are "bottom"; the two falls of 2.0 points; the one unit graded 一般
    assert at.markdown[1].value.splitlines() == [
        f"- **得分居后**(共 5 个单位):[后勤处]({link['后勤处']}) 70.0\u00a0分、[学生第一党支部]({link['学生第一党支部']}) 86.0\u00a0分",
        f"- **得分较上年下降**(与 2022 年度相比):[后勤处]({link['后勤处']}) -2.0\u00a0分、[文学院]({link['文学院']}) -2.0\u00a0分",
        f"- **等次为一般或差**:[后勤处]({link['后勤处']})(一般)",
    ]
    # the expander names the units listed, not all 5 rated
    assert [e.label for e in at.expander][0] == "这 3 个单位的明细、院内名次与导出"
    assert at.dataframe[0].value["单位"].to_list() == ["后勤处", "学生第一党支部", "文学院"]


def test_attention_lines_name_at_most_five_units_a_reason():
    import polars as pl

    from dashboard.views import overview as ov
    from dashboard.views.base import Ask
    from warehouse.queries import Filters

    n = 12
    frame = pl.DataFrame(
        {
            "unit_id": [f"u{i}" for i in range(n)],
            "unit": [f"*单位{i:02d}*" for i in range(n)],  # Markdown in a name is shown as written
            "score": [50.0 + i for i in range(n)],
            "final_grade": ["poor"] * n,
            "units_in_year": [40] * n,
            "prev_year": [2022] * n,
            "change": [None] * n,
            "is_bottom": [False] * n,
            "is_drop": [False] * n,
            "is_weak": [True] * n,
        }
    )
    from dashboard.safe import md

    ask = Ask(Filters(scope=ALL), "zh", institution="i", year=2023, escape=md)
    [line] = ov.attention_lines({"attention": frame, "grades_only": False}, ask, lambda u: f"unit?unit={u}")
    assert line.startswith("**等次为一般或差**:[\\*单位00\\*](unit?unit=u0)(差)、")
    assert line.count("](unit?unit=") == 5 and line.endswith("(差)等 12 个")
    [en] = ov.attention_lines({"attention": frame, "grades_only": False}, Ask(Filters(scope=ALL), "en"), str)
    assert en.startswith(
        "**Graded average or poor**: [*单位00*](u0)\u00a0(poor), [*单位01*](u1)\u00a0(poor), "
    )
    assert en.endswith("(poor) and others (12 in all)")


def test_scheme_and_noise_captions(app_env, ids):
    at = _open()
    last = at.main.caption[-1].value
    assert last.startswith("口径:澄江口径2023") and "均用此口径" in last
    assert "每个单位约 10 人参评,一票约合单个单位 10 个百分点" in last and "正常波动" in last


def test_no_previous_year_shows_kpis_without_deltas(app_env, ids):
    at = _open(overview_institution=ids["白沙学院"])
    assert _metrics(at)[:2] == [("评议单位", "2 个", ""), ("现场 / 书面述职", "1 / 1", "")]
    assert all(m.delta == "" for m in at.metric)
    assert _change_note(at) == "白沙学院 在 2023 年度之前没有评议结果,无法计算同比变化。"
    assert at.markdown[0].value.splitlines() == [
        "- 2023年度 白沙学院 共评议 2 个单位(每个单位约 20 人参评),好评率 65.0%。",
        "- 没有评为一般或差的单位。",
    ]


def test_an_earlier_year_compares_with_nothing_before_it(app_env, ids):
    at = _open(overview_institution=ids["青岚大学"], overview_year=2022)
    assert _metrics(at)[2] == ("平均得分", "84.4", "")
    assert at.dataframe[0].value["单位"].to_list() == ["后勤处", "学生第一党支部"]


@pytest.fixture(scope="module")
def meetings_only(tmp_path_factory) -> Path:
    """The ratings plus a news item about an institution with no ratings (澜江理工大学)."""
    store = Store.at(tmp_path_factory.mktemp("overview_meetings") / "pingyi.duckdb")
    results = ingest(store, [RATINGS_CSV, DATA / "article_university_split.txt"])
    assert all(r.status == "loaded" for r in results)
    return store.pointer


def test_institution_with_only_meeting_facts(monkeypatch, meetings_only):
    monkeypatch.setenv("PINGYI_DB", str(meetings_only))
    with Store.at(meetings_only).connect_read_only() as con:
        lanjiang = con.execute(
            "select institution_id from institutions where name = '澜江理工大学'"
        ).fetchall()[0][0]
    at = _open()
    assert lanjiang in at.session_state["inst"]
    at.selectbox(key="overview_institution").set_value(lanjiang).run(timeout=60)
    assert not at.exception
    assert not at.metric and not at.get("plotly_chart")
    assert any("只有会议记录" in i.value and "Only meeting facts" not in i.value for i in at.info)


def test_empty_institution_selection(app_env):
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    at.multiselect(key="inst").set_value([]).run(timeout=60)
    assert not at.exception
    assert any("未选择院校" in i.value for i in at.info)
    assert not at.metric
