"""单位档案: the unit profile's queries and page on the fixture warehouse (numbers by hand from
tests/data/dashboard_ratings.csv, see conftest.py), opened from the URL (?unit=<id>) or the selectbox."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.labels import GRADE_COLORS
from etl.load import ingest
from tests.dashboard.conftest import ALL, APP, CHENGJIANG_SCHEME_LABEL, RATINGS_CSV, logged_in
from warehouse import queries as q
from warehouse.store import Store

approx = pytest.approx
UNIT = "app_pages/unit.py"
DATA = Path(__file__).parents[1] / "data"


def _unit(cur, name: str) -> str:
    return cur.execute("select unit_id from units where name = ?", [name]).fetchall()[0][0]


# ---------------------------------------------------------------- queries


def test_unit_history_with_ranks_in_the_institution_and_the_type(cur):
    science = q.unit_history(cur, scope=ALL, unit_id=_unit(cur, "理学院"))
    rows = list(
        science.select(
            "year",
            "unit",
            "org_level",
            "mode",
            "score",
            "computed_grade",
            "official_grade",
            "final_grade",
            "rank",
            "units_in_year",
            "type_rank",
            "units_of_type",
            "scheme_id",
        ).iter_rows()
    )
    assert rows == [
        (2022, "理学院", "党总支", "onsite", 86.0, "fairly_good", None, "fairly_good", 3, 5, 2, 2, "default"),
        (
            2023,
            "理学院",
            "党委",
            "written",
            92.0,
            "good",
            "fairly_good",
            "fairly_good",
            3,
            5,
            2,
            2,
            "default",
        ),
    ]
    # ties share a rank: 附属医院 and 文学院 both scored 94 in 2023
    hospital = q.unit_history(cur, scope=ALL, unit_id=_unit(cur, "青岚大学附属医院"))
    assert list(hospital.select("year", "rank", "type_rank", "units_of_type").iter_rows()) == [
        (2022, 2, 1, 1),
        (2023, 1, 1, 1),
    ]
    office = q.unit_history(cur, scope=ALL, unit_id=_unit(cur, "党委办公室"))
    assert office["score"].to_list() == approx([84.0, 73.5])
    assert office["scheme_label"][1] == CHENGJIANG_SCHEME_LABEL
    assert q.unit_history(cur, scope=ALL, unit_id="u_nowhere").is_empty()


def test_unit_names_info_votes_and_selection(cur, ids):
    science = _unit(cur, "理学院")
    assert list(q.unit_names_of(cur, scope=ALL, unit_id=science).iter_rows()) == [("理学院", 2022, 2023)]
    info = q.unit_info(cur, scope=ALL, unit_id=science).row(0, named=True)
    assert (info["institution"], info["unit_type"], info["org_level"]) == ("青岚大学", "college", "党委")
    assert q.unit_info(cur, scope=ALL, unit_id="u_nowhere").is_empty()
    votes = q.unit_votes_by_group(cur, scope=ALL, unit_id=science)
    assert list(votes.iter_rows()) == [(2022, "全体", 5, 3, 2, 0, False), (2023, "全体", 6, 4, 0, 0, False)]
    # ten raters a year: below a minimum of 11 the votes by grade are withheld, the rows stay, flagged
    few = q.unit_votes_by_group(cur, scope=ALL, unit_id=science, min_voters=11)
    assert list(few.iter_rows()) == [(2022, "全体", *[None] * 4, True), (2023, "全体", *[None] * 4, True)]
    history = q.unit_history(cur, scope=ALL, unit_id=science, min_voters=11)
    assert history["votes_withheld"].to_list() == [True, True]
    assert history.select(pl.col("^votes_.*$").exclude("votes_withheld")).null_count().row(0) == (2, 2, 2, 2)
    assert history["voters"].to_list() == [10, 10] and history["good_rate"].null_count() == 0
    shown = q.unit_history(cur, scope=ALL, unit_id=science, min_voters=10)
    assert shown["votes_withheld"].to_list() == [False, False] and shown["votes_good"].to_list() == [5, 6]
    units = q.units_for_select(cur, scope=ALL, institutions=[ids["白沙学院"]])
    assert list(units.select("name", "institution", "unit_type").iter_rows()) == [
        ("机电学院", "白沙学院", "college"),
        ("综合办公室", "白沙学院", "administrative"),
    ]
    assert q.units_for_select(cur, scope=ALL).height == 11
    assert q.units_for_select(cur, scope=ALL, institutions=[]).is_empty()


# ---------------------------------------------------------------- the page


def _open(query_unit: str | None = None) -> AppTest:
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    assert not at.exception, at.exception
    if query_unit is not None:
        at.query_params["unit"] = query_unit
    at.switch_page(UNIT).run(timeout=60)
    assert not at.exception, at.exception
    return at


def test_profile_from_the_url(app_env, cur):
    science = _unit(cur, "理学院")
    at = _open(science)
    assert [t.value for t in at.title] == ["单位档案"]
    assert at.selectbox(key="profile_unit").value == science
    assert at.selectbox(key="profile_unit").format_func(science) == "理学院 (青岚大学)"
    assert [s.value for s in at.subheader] == ["理学院(青岚大学)", "得分与等次", "逐年情况"]
    assert "类型:学院 · 层级:党委 · 评议年度:2022–2023" in [m.value for m in at.markdown]
    assert not at.warning
    table = at.dataframe[0].value
    records = table.drop(columns=["书记", "口径"]).to_dict("records")
    assert records == [
        {
            "年度": 2022,
            "当年名称": "理学院",
            "层级": "党总支",
            "述职方式": "现场述职",
            "参评人数": 10,
            "得分": 86.0,
            "好评率(%)": 50.0,
            "满意率(%)": 80.0,
            "等次": "较好",
            "院内名次": "3/5",
            "同类名次": "2/2",
        },
        {
            "年度": 2023,
            "当年名称": "理学院",
            "层级": "党委",
            "述职方式": "书面述职",
            "参评人数": 10,
            "得分": 92.0,
            "好评率(%)": 60.0,
            "满意率(%)": 100.0,
            "等次": "较好",
            "院内名次": "3/5",
            "同类名次": "2/2",
        },
    ]
    assert all(label.startswith("默认口径") for label in table["口径"])
    # the official grade differs from the computed one, and the caption says so
    assert "2023 年度等次为党委评定的“较好”,按得分计算应为“好”" in at.caption[1].value
    assert at.query_params["unit"] == science


def test_profile_charts_score_grade_and_votes(app_env, cur):
    at = _open(_unit(cur, "理学院"))
    score, votes = (json.loads(el.proto.spec) for el in at.get("plotly_chart"))
    line, fairly_good = score["data"]
    assert line["y"] == [86.0, 92.0]
    assert (fairly_good["name"], fairly_good["x"], fairly_good["marker"]["color"]) == (
        "较好",
        [2022, 2023],
        GRADE_COLORS["fairly_good"],
    )
    assert [t["name"] for t in votes["data"]] == ["好", "较好", "一般", "差"]
    assert votes["data"][0]["y"] == approx([0.5, 0.6])
    assert votes["data"][2]["y"] == approx([0.2, 0.0])
    assert votes["layout"]["barmode"] == "stack"
    assert all(el.proto.theme == "" for el in at.get("plotly_chart"))
    # both charts name the unit with its institution (nine institutions may have a 校医院), and the vote chart is
    # exportable like the others (issue #16)
    assert "理学院(青岚大学)" in score["layout"]["title"]["text"]
    assert "理学院(青岚大学)" in votes["layout"]["title"]["text"]
    keys = {b.key for b in at.get("download_button")}
    assert {f"dl_unit_votes_{fmt}" for fmt in ("png", "svg", "pdf", "csv", "xlsx")} <= keys


def test_profile_of_a_unit_under_two_schemes(app_env, cur):
    at = _open(_unit(cur, "党委办公室"))
    table = at.dataframe[0].value
    assert table["得分"].to_list() == [84.0, 73.5]
    assert table["等次"].to_list() == ["较好", "一般"]
    assert table["院内名次"].to_list() == ["3/4", "4/4"]
    assert table["口径"].to_list()[1] == CHENGJIANG_SCHEME_LABEL
    assert "各年度评分口径不同" in at.caption[1].value


def test_unknown_unit_in_the_url_warns_then_offers_the_selectbox(app_env, ids):
    at = _open("u_nowhere")
    [warning] = [
        w.value.replace("\\", "") for w in at.warning
    ]  # the value is Markdown-escaped (shown as text)
    assert (
        "没有找到编号为“u_nowhere”的单位,或您无权查看" in warning
        and "not found" not in warning  # Chinese mode: Chinese only
    )
    box = at.selectbox(key="profile_unit")
    assert box.value is not None and box.value != "u_nowhere"
    assert (
        box.format_func(box.value) == "第一临床医学院 (澄江医科大学)"
    )  # the first unit of the first institution


def test_choosing_a_unit_writes_it_to_the_url(app_env, cur):
    at = _open()
    archive = _unit(cur, "后勤处")
    at.selectbox(key="profile_unit").set_value(archive).run(timeout=60)
    assert not at.exception
    assert at.query_params["unit"] == archive
    assert at.subheader[0].value == "后勤处(青岚大学)"
    assert at.dataframe[0].value["得分"].to_list() == [72.0, 70.0]


def test_the_overview_links_open_the_profile(app_env, ids, cur):
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    at.selectbox(key="overview_institution").set_value(ids["青岚大学"]).run(timeout=60)
    link = at.dataframe[0].value["档案"][0]
    path, query = link.split("?")
    assert path == "unit" and query == f"unit={_unit(cur, '后勤处')}"
    at.query_params["unit"] = query.split("=")[1]
    at.switch_page(UNIT).run(timeout=60)
    assert at.subheader[0].value == "后勤处(青岚大学)"


@pytest.fixture(scope="module")
def richer(tmp_path_factory) -> Path:
    """The ratings plus a report of 青岚大学 理学院 2023 and 青石大学 2019 voted by two rater groups (A票, B票)."""
    folder = tmp_path_factory.mktemp("unit_richer")
    reports = folder / "qinglan_reports.csv"
    reports.write_text(
        "学校,年度,单位,述职人,述职方式,报告题目,述职日期\n"
        "青岚大学,2023,理学院党委,郑某,书面,理学院党委书记2023年度抓基层党建工作述职报告,2024-01-10\n",
        encoding="utf-8",
    )
    store = Store.at(folder / "pingyi.duckdb")
    results = ingest(store, [RATINGS_CSV, reports, DATA / "ratings_group_sheets.xlsx"])
    assert all(r.status == "loaded" for r in results), [(r.source, r.rejects[:1]) for r in results]
    return store.pointer


def _id(pointer: Path, unit: str, institution: str) -> str:
    with Store.at(pointer).connect_read_only() as con:
        sql = "select unit_id from units join institutions as i using (institution_id) where units.name = ? and i.name = ?"
        return con.execute(sql, [unit, institution]).fetchall()[0][0]


def test_reports_of_the_unit_are_listed(monkeypatch, richer):
    monkeypatch.setenv("PINGYI_DB", str(richer))
    at = _open(_id(richer, "理学院", "青岚大学"))
    assert [s.value for s in at.subheader] == ["理学院(青岚大学)", "得分与等次", "逐年情况", "述职报告"]
    reports = at.dataframe[1].value
    assert list(reports[["年度", "书记", "述职方式", "标题"]].itertuples(index=False, name=None)) == [
        (2023, "郑某", "书面述职", "理学院党委书记2023年度抓基层党建工作述职报告")
    ]


def test_votes_by_rater_group_when_counted_by_group(monkeypatch, richer):
    monkeypatch.setenv("PINGYI_DB", str(richer))
    history = _id(richer, "历史学院", "青石大学")
    with Store.at(richer).connect_read_only() as con:
        votes = q.unit_votes_by_group(con.cursor(), scope=ALL, unit_id=history)
    assert list(votes.iter_rows()) == [(2019, "A票", 6, 4, 0, 0, False), (2019, "B票", 9, 9, 2, 0, False)]
    at = _open(history)
    _, chart = (json.loads(el.proto.spec) for el in at.get("plotly_chart"))
    good = chart["data"][0]
    assert good["x"] == [["2019", "2019"], ["A票", "B票"]]
    assert good["y"] == approx([0.6, 0.45])
    assert "票种" in chart["layout"]["title"]["text"]
