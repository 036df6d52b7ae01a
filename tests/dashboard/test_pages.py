"""Each page run headless with AppTest on the fixture warehouse: what it shows, not only that it did not crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import logged_in
from tests.dashboard.conftest import widget as _widget
from warehouse.store import Store

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
TRENDS, COMPARE = "app_pages/trends.py", "app_pages/compare.py"
DEMO_BANNER = "演示数据:院校与人员均为虚构"


def _open(page: str | None = None, **widgets) -> AppTest:
    """Run the app, switch to `page`, then set sidebar widgets by key there (each page draws only the filters that
    change it)."""
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run(timeout=60)
        assert not at.exception, at.exception
    for key, value in widgets.items():
        _widget(at, key).set_value(value)
    if widgets:
        at.run(timeout=60)
    assert not at.exception, at.exception
    return at


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def _texts(elements) -> list[str]:
    return [e.value for e in elements]


def _open_tab(at: AppTest, label: str) -> AppTest:
    """Open a lazy tab of 院校对比 the way a click does: its state changes and the page re-runs."""
    at.session_state["compare_tab_zh"] = label
    at.run(timeout=60)
    assert not at.exception, at.exception
    assert [tab.label for tab in at.tabs].count(label) == 1
    return at


def test_trends_page_shows_three_charts_with_scheme_captions(app_env):
    at = _open(TRENDS)
    assert _texts(at.title) == ["单位类型趋势"]
    assert _texts(at.subheader) == ["各类单位逐年变化"]
    # the two lower charts are lazy tabs: the grade mix is open first, the distribution runs once its tab is opened
    assert [tab.label for tab in at.tabs] == ["等次构成", "类内分布"]
    figures = _figures(at)
    assert len(figures) == 2
    assert figures[1]["layout"]["barmode"] == "stack"
    assert [t["name"] for t in figures[0]["data"]] == ["附属医院", "学院", "党支部", "机关"]
    assert figures[0]["data"][1]["text"] == ["n=3", "n=4"]
    assert figures[0]["layout"]["template"]["layout"]["font"]["family"].startswith("Noto Sans CJK SC")
    # theme=None: our template, not Streamlit's
    assert all(el.proto.theme == "" for el in at.get("plotly_chart"))
    lines_and_mix = _texts(at.caption)
    assert len(lines_and_mix) == 2
    at.session_state["trends_tab_zh"] = "类内分布"
    at.run(timeout=60)
    assert not at.exception, at.exception
    figures = _figures(at)
    assert len(figures) == 2 and {t["type"] for t in figures[1]["data"]} == {"box"}
    # lines, distribution, grade mix
    captions = [lines_and_mix[0], _texts(at.caption)[1], lines_and_mix[1]]
    # vote shares do not depend on points or weights, and the caption says so; grades do, and it names them
    for caption in captions[:2]:
        assert "不受各院校分值、门槛与权重影响" in caption and "2 种评分口径" in caption
    assert "口径不一" in captions[2] and "一般≥60 —— 澄江医科大学 2023。" in captions[2]
    assert all("正常波动" in caption for caption in captions)
    assert captions[0].startswith("好评率:")
    assert "每个单位约 10 人参评,一票约合单个单位 10 个百分点" in captions[0]
    assert DEMO_BANNER not in _texts(at.info)
    assert not at.warning


def test_sidebar_offers_the_four_metrics_in_chinese_with_good_rate_first(app_env):
    at = _open(TRENDS)
    metric = _widget(at, "metric")
    assert metric.value == "good_rate"
    assert metric.options == ["好评率(好票占比)", "满意率(好+较好票占比)", "评为“好”的单位占比", "平均得分"]
    assert _widget(at, "years").value == (2022, 2023)
    assert len(_widget(at, "inst").value) == 3
    assert _widget(at, "types").options == ["附属医院", "学院", "党支部", "机关"]


def test_trends_page_follows_the_filters(app_env, ids):
    at = _open(TRENDS, inst=[ids["白沙学院"]], metric="score")
    figure = _figures(at)[0]
    assert [(t["name"], t["y"]) for t in figure["data"]] == [("学院", [94.0]), ("机关", [88.0])]
    assert at.caption[0].value.startswith("平均得分:")
    assert "口径:默认口径" in at.caption[0].value and "均用此口径" in at.caption[0].value
    assert "每个单位约 20 人参评" in at.caption[0].value


def test_compare_page_shows_lines_ranks_and_the_yoy_table(app_env):
    at = _open(COMPARE)
    assert _texts(at.title) == ["院校对比"]
    assert _texts(at.subheader) == ["逐年对比"]
    # the lower sections are lazy tabs: only the open one (名次 at first) runs and is drawn
    assert [tab.label for tab in at.tabs] == ["名次", "同比变化", "两年对比"]
    lines, heatmap = _figures(at)
    assert [t["name"] for t in lines["data"]] == ["澄江医科大学", "白沙学院", "青岚大学"]
    assert heatmap["data"][0]["z"] == [[2, 3], [None, 1], [1, 2]]
    assert not at.dataframe
    rank_captions = _texts(at.caption)
    _open_tab(at, "同比变化")
    assert len(_figures(at)) == 1  # the lines stay, the heat map is gone
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "院校",
        "年度",
        "好评率(%)",
        "上年(%)",
        "变化(百分点)",
        "单位数",
        "名次",
        "说明",
    ]
    first, second, third = (table.iloc[i] for i in range(3))
    assert (first["院校"], first["年度"], first["好评率(%)"], first["名次"]) == ("白沙学院", 2023, 65.0, 1)
    assert (second["院校"], second["上年(%)"], second["变化(百分点)"]) == ("青岚大学", 52.0, 4.0)
    assert (third["院校"], third["变化(百分点)"], third["单位数"]) == ("澄江医科大学", -10.0, 4)
    assert "随机波动" in third["说明"]
    captions = _texts(at.caption)
    assert "不受各院校分值、门槛与权重影响" in captions[0] and "澄江口径2023" in rank_captions[1]
    assert "正常波动" in captions[1]
    assert not at.warning  # shares do not depend on the scheme


def test_compare_warns_when_scores_come_from_different_schemes(app_env, ids):
    at = _open(COMPARE, metric="score")
    assert len(at.warning) == 1
    assert "不同口径" in at.warning[0].value and "好评率" in at.warning[0].value
    _open_tab(at, "同比变化")
    assert at.dataframe[0].value.columns[2] == "平均得分(分)"
    # the same metric over institutions that share one scheme: no warning
    at = _open(COMPARE, metric="score", inst=[ids["青岚大学"], ids["白沙学院"]])
    assert not at.warning
    assert "均用此口径" in at.caption[0].value


@pytest.mark.parametrize("page", [TRENDS, COMPARE])
def test_empty_selection_explains_itself(app_env, page, ids):
    at = _open(page, inst=[])
    assert not at.get("plotly_chart")
    assert any("未选择院校" in text for text in _texts(at.info))
    at = _open(page, types=[])
    assert any("未选择单位类型" in text for text in _texts(at.info))
    at = _open(page, inst=[ids["白沙学院"]], years=(2022, 2022))
    assert not at.get("plotly_chart")
    assert any("没有" in text and "2022" in text for text in _texts(at.info))


def test_demo_banner_on_every_page(monkeypatch, demo_warehouse):
    monkeypatch.setenv("PINGYI_DB", str(demo_warehouse))
    for page in (TRENDS, COMPARE):
        at = _open(page)
        assert DEMO_BANNER in _texts(at.info)


def test_missing_warehouse_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("PINGYI_DB", str(tmp_path / "nowhere.duckdb"))
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    assert not at.exception
    assert len(at.error) == 1
    # an admin is told the path and the commands, in Chinese only (issue #16: one language at a time)
    assert "没有找到数据仓库" in at.error[0].value and "pingyi ingest" in at.error[0].value
    assert "No warehouse" not in at.error[0].value
    assert not at.get("plotly_chart")
    # a reader is told whom to ask: no command line, no path
    at = logged_in(AppTest.from_file(str(APP)), role="viewer").run(timeout=60)
    assert [e.value for e in at.error] == ["还没有可查看的数据,请联系数据管理员。"]


def test_warehouse_without_ratings(monkeypatch, tmp_path):
    store = Store.at(tmp_path / "empty.duckdb")
    with store.write():
        pass
    monkeypatch.setenv("PINGYI_DB", str(store.pointer))
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    assert not at.exception
    assert any("还没有评议结果" in text for text in _texts(at.info))


def test_method_notes_are_one_line_with_the_text_behind_it(app_env):
    """Issue #16: under each chart the 口径/n/noise notes are one line (an expander) with the full text inside."""
    from dashboard.downloads import NOTES_LABEL

    at = _open(TRENDS)
    notes = [e for e in at.expander if e.label == NOTES_LABEL]
    assert len(notes) == 2  # the lines and the open lazy tab's chart (等次构成)
    inside = [c.value for e in notes for c in e.caption]
    assert len(inside) == 2 and all("正常波动" in c for c in inside)
    assert inside[0].startswith("好评率:")
    # the captions outside the expanders are the page's own one-liners, not the method notes again
    assert [c.value for c in at.caption if c.value not in inside] == []
