"""Issue #16 in real Chromium, on the demo with a grade-only institution loaded beside it: an institution's line keeps
its colour when the selection changes (read from the Plotly figure on the page), a missing year is drawn as a gap
(two line segments, not one bridged line) with the one-time note, and no page shows NaN/None/nan%.

The warehouse: `pingyi demo` (10 fictional institutions; 汀屿师范大学 has no 2020) plus 松溪学院, which published only
the grade each unit got (tests/dashboard/grades_data.py), loaded through the real loader. Screenshots go to
test-artifacts/ (trust_*.png).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard import serving
from tests.dashboard.test_browser import ARTIFACTS, CHROMIUM, IDLE, TRACES, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium fonts-noto-cjk"
    ),
]

GAP_YEAR_INSTITUTION = "汀屿师范大学"  # etl.demo_names: features {"missing_year": 2020}
DROPPED = (
    "北岭理工大学",
    "汐塘职业技术学院",
)  # before issue #16's fix, removing these recoloured 翎湾艺术学院
LEAKS = ("NaN", "None", "nan%", "null", "undefined")


@pytest.fixture(scope="module")
def trust_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.demo import build_demo
    from tests.dashboard.grades_data import add_songxi
    from warehouse.store import Store

    store = Store.at(tmp_path_factory.mktemp("trust") / "pingyi.duckdb")
    build_demo(store)
    add_songxi(store.pointer)
    with store.write() as writer:  # so that `serve --demo` logs in by itself
        writer.con.execute("update raw_institutions set is_demo = true")
    return store.pointer


@pytest.fixture(scope="module")
def institutions(trust_db: Path) -> dict[str, str]:
    from warehouse.store import Store

    con = Store.at(trust_db).connect_read_only()
    try:
        return dict(con.execute("select name, institution_id from institutions order by name").fetchall())
    finally:
        con.close()


@pytest.fixture(scope="module")
def trust_server(trust_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("trust_serve") / "serve.log"
    with serving.serve(trust_db, log, args=["--demo"]) as url:
        yield url


@pytest.fixture(scope="module")
def page(browser):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    yield page
    context.close()


def _open(page, url: str, title: str, charts: int = 1) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=90_000)
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot').length >= n && "
        f"[...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector(\"{TRACES}\"))",
        arg=charts,
        timeout=90_000,
    )
    page.wait_for_selector(IDLE, timeout=90_000)
    page.wait_for_timeout(300)
    assert page.locator("[data-testid='stException']").count() == 0


def _compare(page, server: str, ids: list[str]) -> dict[str, str]:
    """Open 院校对比 for these institutions; the first chart's line colour per institution, as Plotly drew it."""
    _open(page, f"{server}/compare?" + "&".join(f"inst={i}" for i in ids), "院校对比")
    return dict(
        page.locator(".js-plotly-plot").first.evaluate("gd => gd.data.map(t => [t.name, t.line.color])")
    )


def _visible_text(page) -> str:
    return (
        page.locator("[data-testid='stMain']").inner_text()
        + page.locator("[data-testid='stSidebar']").inner_text()
    )


def test_an_institution_keeps_its_line_colour_when_the_selection_changes(page, trust_server, institutions):
    demo = [i for n, i in institutions.items() if n != "松溪学院"]
    assert len(demo) == 10
    ten = _compare(page, trust_server, demo)
    assert len(ten) == 10 and len(set(ten.values())) == 10  # ten lines, ten colours
    # only the institution with a missing year is drawn in two pieces, and the chart says so once
    pieces = page.locator(".js-plotly-plot").first.evaluate(
        "gd => Object.fromEntries([...gd.querySelectorAll('.scatterlayer .trace')].map((tr, k) => [gd.data[k].name,"
        " [...tr.querySelectorAll('path.js-line')].reduce((n, p) => n + ((p.getAttribute('d') || '')"
        ".match(/M/g) || []).length, 0)]))"
    )
    assert pieces == {name: 2 if name == GAP_YEAR_INSTITUTION else 1 for name in ten}
    assert page.get_by_text("折线断开处:该年无数据").count() == 1
    eight_ids = [i for n, i in institutions.items() if n != "松溪学院" and n not in DROPPED]
    eight = _compare(page, trust_server, eight_ids)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "trust_compare_8.png"))
    assert len(eight) == 8
    assert eight == {name: ten[name] for name in eight}, "a colour moved when two institutions were removed"
    # the grade-only institution selected beside them has no 好评率 line and takes no one's colour
    nine = _compare(page, trust_server, [*eight_ids, institutions["松溪学院"]])
    assert nine == eight
    assert page.get_by_text("松溪学院 仅公布等次", exact=False).first.is_visible()


def test_a_missing_year_is_a_gap_with_the_note_once(page, trust_server, institutions):
    _open(page, f"{trust_server}/compare?inst={institutions[GAP_YEAR_INSTITUTION]}", "院校对比")
    chart = page.locator(".js-plotly-plot").first
    drawn = chart.evaluate(
        """gd => ({
            traces: gd.data.map(t => ({name: t.name, x: t.x.map(String), y: t.y, gaps: t.connectgaps})),
            subtitle: gd.layout.title.subtitle && gd.layout.title.subtitle.text,
            segments: [...gd.querySelectorAll('.scatterlayer .trace')].map(
                tr => [...tr.querySelectorAll('path.js-line')].filter(p => (p.getAttribute('d') || '').length)
                    .reduce((n, p) => n + (p.getAttribute('d').match(/M/g) || []).length, 0)),
        })"""
    )
    [line] = drawn["traces"]
    assert line["name"] == GAP_YEAR_INSTITUTION
    at = line["x"].index("2020")  # the missing year is on the axis …
    assert line["y"][at] is None and line["y"][at - 1] is not None and line["y"][at + 1] is not None
    assert line["gaps"] is not True  # … and not bridged:
    assert drawn["segments"] == [2]  # the line is drawn as two pieces, before and after 2020
    assert drawn["subtitle"] == "折线断开处:该年无数据"
    assert page.get_by_text("折线断开处:该年无数据").count() == 1  # said once, not per line or per chart
    page.screenshot(path=str(ARTIFACTS / "trust_gap.png"))


@pytest.mark.parametrize(
    ("path", "title", "charts"),
    [
        ("", "总览", 1),
        ("trends", "单位类型趋势", 2),
        ("compare", "院校对比", 1),
        ("meetings", "会议与报告", 1),
    ],
)
def test_no_page_shows_nan_with_the_grade_only_institution_selected(
    page, trust_server, institutions, path, title, charts
):
    everyone = "&".join(f"inst={i}" for i in institutions.values())
    _open(page, f"{trust_server}/{path}?{everyone}", title, charts)
    text = _visible_text(page)
    assert not [w for w in LEAKS if w in text], [w for w in LEAKS if w in text]
    shown = page.locator(".js-plotly-plot").evaluate_all(
        "gds => gds.flatMap(gd => [...gd.querySelectorAll('text')].map(t => t.textContent))"
    )
    assert not [t for t in shown if any(w in t for w in LEAKS)]
    page.screenshot(path=str(ARTIFACTS / f"trust_grades_{path or 'overview'}.png"), full_page=True)
