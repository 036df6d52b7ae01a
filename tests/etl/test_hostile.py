"""Hostile input: quote, semicolon, comment, HTML, Markdown, dollar and backslash payloads as institution, unit and
secretary names go through the loader and the query layer as values (every value is a bound parameter), are stored
as the documented name normalisation gives them, filter correctly, and the dashboard shows them as text."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.load import ingest
from etl.normalize import clean_text, institution_id, split_org_level
from warehouse import queries
from warehouse.access import Scope, User
from warehouse.store import Store

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "dashboard" / "app.py"
PAYLOADS = [
    "x');drop table appraisal;--",
    '";select 1;--',
    "/* */",
    "<script>alert(1)</script>",
    "**bold**[link](javascript:alert(1))",
    "$$",
    "a\\b\\\\c\\",
    "1' or '1'='1",
    "<img src=x onerror=alert(1)>",
]
INSTITUTIONS = ["x');drop table institutions;--大学", "<b>学院</b>**粗**"]
EVERYTHING = Scope.everything()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["学校", "年度", "单位", "书记", "好", "较好", "一般", "差"])
        for inst in INSTITUTIONS:
            for i, payload in enumerate(PAYLOADS):
                out.writerow([inst, 2023, payload, payload, 5 + i % 3, 3, 2, 0])
                out.writerow([inst, 2022, payload, payload, 4, 4, 2, 0])
    store = Store.at(folder / "pingyi.duckdb")
    (result,) = ingest(store, [path])
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 4 * len(PAYLOADS), 0)
    return store


def _unit(payload: str) -> str:
    return split_org_level(payload)[0]


def test_the_warehouse_is_intact_and_names_are_stored_as_given(hostile):
    with hostile.connect_read_only() as con:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        assert {"appraisal", "institutions", "units", "etl_batches", "raw_institutions"} <= tables
        assert con.execute("select count(*) from appraisal").fetchall() == [(4 * len(PAYLOADS),)]
        stored = set(
            con.execute("select institution, unit, secretary from appraisal where year = 2023").fetchall()
        )
    assert stored == {(clean_text(i), _unit(p), clean_text(p)) for i in INSTITUTIONS for p in PAYLOADS}
    # what matters to SQL survives normalisation: quotes, semicolons, comment marks, dollars, backslashes
    for p in PAYLOADS:
        assert re.sub(r"\s", "", p) == clean_text(p)
    assert {s for _, _, s in stored} >= {"x');droptableappraisal;--", '";select1;--', "$$", "a\\b\\\\c\\"}


def test_filters_with_hostile_values_answer_correctly(hostile):
    with hostile.connect_read_only() as con, con.cursor() as cur:
        names = dict(queries.institutions(cur, scope=EVERYTHING).select("name", "institution_id").iter_rows())
        assert names == {clean_text(i): institution_id(i) for i in INSTITUTIONS}
        first = institution_id(INSTITUTIONS[0])
        units = queries.units_for_select(cur, scope=EVERYTHING, institutions=[first])
        assert sorted(units["name"]) == sorted(_unit(p) for p in PAYLOADS)
        assert set(units["institution"]) == {clean_text(INSTITUTIONS[0])}
        for row in units.iter_rows(named=True):
            info = queries.unit_info(cur, scope=EVERYTHING, unit_id=row["unit_id"])
            assert info["name"].to_list() == [row["name"]]
            history = queries.unit_history(cur, scope=EVERYTHING, unit_id=row["unit_id"])
            assert history["year"].to_list() == [2022, 2023]
            assert set(history["secretary"]) == {clean_text(p) for p in PAYLOADS if _unit(p) == row["name"]}
        # payloads as filter values and as a scope: no rows, no error, nothing changed
        for p in PAYLOADS + INSTITUTIONS:
            assert queries.units_for_select(cur, scope=EVERYTHING, institutions=[p]).is_empty()
            assert queries.unit_info(cur, scope=EVERYTHING, unit_id=p).is_empty()
            assert queries.units_for_select(cur, scope=Scope(frozenset([p]))).is_empty()
            trend = queries.type_trend(
                cur,
                queries.Filters(
                    scope=EVERYTHING, institutions=[p], year_from=2022, year_to=2023, unit_types=[p]
                ),
            )
            assert trend.is_empty()
        trend = queries.type_trend(
            cur, queries.Filters(scope=EVERYTHING, institutions=[first], year_from=2022, year_to=2023)
        )
        assert set(trend["year"]) == {2022, 2023}
        assert con.execute("select count(*) from appraisal").fetchall() == [(4 * len(PAYLOADS),)]


# ---------------------------------------------------------------- the dashboard shows names as text

RAW_MARKUP = ("**bold**", "**粗**", "[link](", "(link)(javascript", "<script>", "<b>", "<img")


def _rendered_as_markdown(at: AppTest) -> list[str]:
    """Texts of elements Streamlit renders as Markdown (headings, markdown, captions, alerts, metric labels)."""
    out = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.header, *at.subheader)]
    out += [e.value for e in (*at.info, *at.warning, *at.error, *at.success)]
    out += [m.label for m in at.metric]
    return [str(v) for v in out]


def _raw_markup(texts: list[str]) -> list[str]:
    return [t for t in texts if any(m in t for m in RAW_MARKUP)]


@pytest.fixture
def hostile_app(hostile, monkeypatch) -> AppTest:
    monkeypatch.setenv("PINGYI_DB", str(hostile.pointer))
    monkeypatch.delenv("PINGYI_AUTH", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["pingyi_user"] = User("test-admin", "admin", None, password_hash="")
    return at


@pytest.mark.parametrize(
    "page",
    [
        "app_pages/overview.py",
        "app_pages/unit.py",
        "app_pages/meetings.py",
        "app_pages/trends.py",
        "app_pages/compare.py",
        "app_pages/schemes.py",
        "app_pages/admin.py",
    ],
)
def test_pages_show_hostile_names_as_text(hostile_app, page):
    at = hostile_app.run()
    if page != "app_pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, at.exception
    assert _raw_markup(_rendered_as_markdown(at)) == []


def test_the_names_do_reach_the_pages(hostile_app):
    """The check above would pass vacuously if no hostile name were shown: the overview's table shows them."""
    at = hostile_app.run()
    shown = {v for d in at.dataframe for col in d.value.columns for v in d.value[col].astype(str)}
    assert {"<script>alert(1)</script>", "x');droptableappraisal;--", "a\\b\\\\c\\"} <= shown
