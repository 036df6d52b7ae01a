"""The interaction floor of bench/browser.py (bench/minimal_app.py) draws one line chart from the warehouse file and
switches metric like the dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.demo import build_demo
from warehouse.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = Store.at(tmp_path_factory.mktemp("minimal") / "pingyi.duckdb")
    build_demo(store, scale="small", seed=7)
    return store.pointer


def test_minimal_app_draws_one_chart_per_page_from_the_file(monkeypatch, demo_db):
    monkeypatch.setenv("PINGYI_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "bench" / "minimal_app.py"), default_timeout=60).run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    figure = json.loads(charts[0].proto.spec)
    assert figure["layout"]["title"]["text"].startswith("好评率(好票占比)")
    assert 1 <= len(figure["data"]) <= 10 and all(len(trace["x"]) > 0 for trace in figure["data"])
    at.sidebar.radio[0].set_value("positive_rate").run()
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["title"]["text"].startswith("满意率(好+较好票占比)")
    # the second page (单位类型趋势) is a function page: AppTest cannot switch to it; bench/browser.py clicks it
