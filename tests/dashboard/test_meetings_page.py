"""会议与报告: meetings from news items, the on-site rotation, reports with search — queries and the page."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from etl.load import ingest
from tests.dashboard.conftest import ALL, APP, RATINGS_CSV, logged_in
from warehouse import queries as q
from warehouse.store import Store

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module")
def pointer(tmp_path_factory) -> Path:
    store = Store.at(tmp_path_factory.mktemp("meetings") / "pingyi.duckdb")
    files = [
        RATINGS_CSV,
        DATA / "article_university_split.txt",
        DATA / "reports_meta.csv",
        *sorted(DATA.glob("report_*.*")),
    ]
    results = ingest(store, files)
    # report_marxism.pdf names no institution: none of its rows loads, so it is failed (issue #12)
    assert {Path(r.source).name for r in results if r.status != "loaded"} == {"report_marxism.pdf"}
    return store.pointer


@pytest.fixture
def cur(pointer):
    con = duckdb.connect(str(pointer), read_only=True)
    yield con.cursor()
    con.close()


def _id(cur, name: str) -> str:
    return cur.execute("select institution_id from institutions where name = ?", [name]).fetchall()[0][0]


def test_meetings_query_returns_the_news_item(cur):
    got = q.meetings(cur, q.Filters(scope=ALL))
    assert got.height == 1
    row = got.row(0, named=True)
    assert (row["institution"], row["year"], row["meeting_level"]) == ("澜江理工大学", 2024, "institution")
    assert q.meetings(cur, q.Filters(scope=ALL, year_from=2025)).is_empty()


def test_rotation_marks_units_without_an_onsite_report_in_the_cycle(cur):
    ratings = pl.read_csv(RATINGS_CSV, infer_schema=False).filter(pl.col("学校") == "青岚大学")
    not_onsite_2023 = ratings.filter((pl.col("年度") == "2023") & (pl.col("述职方式") != "现场"))["单位"]
    rotation = q.onsite_rotation(cur, q.Filters(scope=ALL), institution=_id(cur, "青岚大学"), cycle=1)
    overdue = set(rotation.filter(pl.col("overdue"))["unit"])
    assert overdue and len(overdue) == not_onsite_2023.n_unique()
    # with a 3-year cycle two years of history are too short to call anyone overdue
    assert not q.onsite_rotation(cur, q.Filters(scope=ALL), institution=_id(cur, "青岚大学"), cycle=3)[
        "overdue"
    ].any()
    assert set(rotation["mode"].drop_nulls()) <= {"onsite", "written"}


def test_reports_search_and_keywords(cur):
    everything = q.reports(cur, q.Filters(scope=ALL))
    assert everything.height >= 4
    chemistry = q.reports(cur, q.Filters(scope=ALL), search="化学")
    assert chemistry.height >= 1 and all(
        "化学" in (t or "") + (u or "") for t, u in chemistry.select("title", "unit").iter_rows()
    )
    assert q.reports(cur, q.Filters(scope=ALL), search="没有这个词").is_empty()
    # a metadata row and its document are one report, with the document's counts
    merged = chemistry.filter(pl.col("n_problems").is_not_null() & pl.col("secretary").is_not_null())
    assert merged.height >= 1
    assert not q.report_keywords(cur, q.Filters(scope=ALL)).is_empty()


def _open(monkeypatch, pointer) -> AppTest:
    monkeypatch.setenv("PINGYI_DB", str(pointer))
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    at.switch_page("app_pages/meetings.py").run(timeout=60)
    assert not at.exception, at.exception
    return at


def test_page_shows_meetings_rotation_and_reports(monkeypatch, pointer):
    at = _open(monkeypatch, pointer)
    assert [t.value for t in at.title] == ["会议与报告"]
    assert [s.value for s in at.subheader] == ["评议会议", "现场述职轮换", "述职报告"]
    meetings = at.dataframe[0].value
    assert "会议日期" in meetings.columns and list(meetings["院校"]) == ["澜江理工大学"]
    assert len(at.get("plotly_chart")) >= 1  # the rotation grid
    reports = at.dataframe[1].value
    assert "问题条数" in reports.columns and len(reports) >= 4


def test_page_search_and_cycle_change_what_it_shows(monkeypatch, pointer, cur):
    at = _open(monkeypatch, pointer)
    qinglan = _id(cur, "青岚大学")
    at.selectbox(key="rotation_institution").set_value(qinglan).run(timeout=60)
    assert not at.warning  # a 3-year cycle: two years of history are too short to be overdue
    at.number_input(key="rotation_cycle").set_value(1).run(timeout=60)
    expected = sorted(
        set(
            q.onsite_rotation(cur, q.Filters(scope=ALL), institution=qinglan, cycle=1).filter(
                pl.col("overdue")
            )["unit"]
        )
    )
    [warning] = [w.value for w in at.warning]
    assert warning.startswith(f"{len(expected)} 个单位在最近 1 个年度内没有现场述职")
    assert warning.endswith("、".join(expected))
    at.text_input(key="report_search").set_value("没有这个词").run(timeout=60)
    assert any("没有标题、单位、书记或关键词含“没有这个词”" in i.value for i in at.info)


def test_institutions_with_meetings_outside_the_selection_are_named(monkeypatch, pointer):
    at = _open(monkeypatch, pointer)
    for w in at.multiselect:
        if w.key == "inst":
            w.set_value([i for i in w.value if "澜江" not in w.format_func(i)])
    at.run(timeout=60)
    assert any("另有 1 所院校有会议记录" in c.value and "澜江理工大学" in c.value for c in at.caption)
