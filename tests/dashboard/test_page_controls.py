"""Issue #16: each sidebar control either changes what the page shows or is not drawn on that page (the sidebar then
says which filters do not apply), and a control left out keeps its value for the pages that use it.

The test changes each filter through the URL, on every page, and compares what the main area shows with the
unchanged run: it must differ exactly for the controls the page draws."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP, logged_in

PAGES = {
    "overview": None,
    "trends": "app_pages/trends.py",
    "compare": "app_pages/compare.py",
    "meetings": "app_pages/meetings.py",
    "unit": "app_pages/unit.py",
    "schemes": "app_pages/schemes.py",
    "admin": "app_pages/admin.py",  # the test user is an administrator
}
# what each page follows (the overview has its own institution and year pickers, fed by the sidebar's choice; the
# unit profile shows every year of the unit; the meetings page's on-site rotation follows the unit types)
EXPECTED = {
    "overview": {"inst", "years"},
    "trends": {"inst", "years", "types", "metric"},
    "compare": {"inst", "years", "types", "metric"},
    "meetings": {"inst", "years", "types"},
    "unit": {"inst"},
    "schemes": {"inst", "years"},
    "admin": set(),
}
LABELS = {"inst": "院校", "years": "年度范围", "types": "单位类型", "metric": "指标"}
RUN_ID = re.compile(r"[0-9a-f]{32}")  # ids Streamlit makes afresh each run (deferred downloads)


def _changes(ids: dict[str, str]) -> dict[str, dict]:
    """One changed filter each, as a link would carry it (the defaults: all three institutions, 2022–2023, every
    unit type, 好评率)."""
    return {
        "inst": {"inst": [ids["青岚大学"]]},
        "years": {"years": ["2023", "2023"]},
        "types": {"types": ["college", "branch"]},
        "metric": {"metric": "score"},
    }


def _strings(message, out: list[str]) -> None:
    for field, value in message.ListFields():
        if field.name == "spec":  # a Plotly figure
            out.append(json.dumps(json.loads(value), ensure_ascii=False, sort_keys=True))
            continue
        values = [value] if isinstance(value, (str, bytes)) else value
        try:
            values = list(values)
        except TypeError:
            values = [values]
        for v in values:
            if isinstance(v, (str, bytes, int, float)):
                out.append(RUN_ID.sub("…", str(v)))
            elif hasattr(v, "ListFields"):
                _strings(v, out)


def _shown(at: AppTest) -> list[str]:
    """What the main area shows: every element's text, figure and option, and every table's cells."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            _strings(proto, out)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    for frame in at.main.dataframe:
        out += [str(c) for c in frame.value.columns] + frame.value.astype(str).values.ravel().tolist()
    return out


def _run(page: str, query: dict | None = None) -> AppTest:
    at = logged_in(AppTest.from_file(str(APP)))
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run(timeout=60)
    assert not at.exception, at.exception
    if PAGES[page]:
        at.switch_page(PAGES[page]).run(timeout=60)
        assert not at.exception, at.exception
    return at


def _controls(at: AppTest) -> set[str]:
    keys = {w.key for kind in ("multiselect", "slider", "radio") for w in getattr(at.sidebar, kind)}
    return keys & set(LABELS)


@pytest.mark.parametrize("page", list(PAGES))
def test_each_sidebar_control_changes_its_page_or_is_not_drawn(app_env, ids, page):
    base = _run(page)
    assert _controls(base) == EXPECTED[page]
    unused = [LABELS[k] for k in LABELS if k not in EXPECTED[page]]
    notes = [c.value for c in base.sidebar.caption]
    if unused and page != "admin":
        assert f"本页不按{'、'.join(unused)}筛选。" in notes
    else:
        assert not any(n.startswith("本页不按") for n in notes)
    shown = _shown(base)
    assert shown == _shown(_run(page))  # the comparison itself is stable
    for control, query in _changes(ids).items():
        changed = _shown(_run(page, query))
        if control in EXPECTED[page]:
            assert changed != shown, f"{page}: {control} is drawn but changes nothing"
        else:
            assert changed == shown, f"{page}: {control} is not drawn, yet the page follows it"


def test_a_control_not_drawn_keeps_its_value_for_the_next_page(app_env):
    """Unit types and metric chosen on 单位类型趋势 survive a visit to 总览 (which does not draw them)."""
    at = _run("trends", {"types": ["college"], "metric": "score"})
    at.switch_page("app_pages/overview.py").run(timeout=60)
    assert not at.exception, at.exception
    assert _controls(at) == {"inst", "years"}
    assert at.query_params["types"] in ("college", ["college"])  # a copied link still carries them
    at.switch_page("app_pages/trends.py").run(timeout=60)
    assert not at.exception, at.exception
    types = next(w for w in at.sidebar.multiselect if w.key == "types")
    metric = next(w for w in at.sidebar.radio if w.key == "metric")
    assert (types.value, metric.value) == (["college"], "score")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in figure["data"]] == ["学院"]
