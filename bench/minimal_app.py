"""The interaction floor of bench/browser.py: the least Streamlit app that answers what the timed pages answer.

Two pages (named like the dashboard's 院校对比 and 单位类型趋势, so the same clicks drive both apps), a sidebar
radio with the two metric labels the benchmark switches between, and on each page one Plotly line chart from the
same DuckDB file ($PINGYI_DB, the warehouse pointer): the chosen metric per institution and year for the first ten
institutions (院校对比), or per unit type and year (单位类型趋势). No login, filters, tables, captions, exports or
tabs. Served with `streamlit run bench/minimal_app.py` and the same flags as `pingyi serve`.
"""

from __future__ import annotations

import os

import duckdb
import plotly.graph_objects as go
import streamlit as st

from warehouse.store import Store

# the same radio labels as the dashboard's sidebar (bench/browser.py clicks them by text)
METRICS = {"good_rate": "好评率(好票占比)", "positive_rate": "满意率(好+较好票占比)"}


@st.cache_resource
def connection(path: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True)


@st.cache_data
def lines(path: str, metric: str, by: str) -> list[tuple[str, list[int], list[float]]]:
    column = {"good_rate": "good_rate", "positive_rate": "positive_rate"}[metric]
    key = {"institution": "institution", "unit_type": "unit_type"}[by]
    with connection(path).cursor() as cur:
        rows = cur.sql(
            f"""
            with chosen as (select institution_id from institutions order by name, institution_id limit 10)
            select {key}, list(year order by year), list(v order by year)
            from (select {key}, year, avg({column}) as v from appraisal
                  where institution_id in (select institution_id from chosen) and {column} is not null
                  group by all)
            group by 1 order by 1
            """
        ).fetchall()
    return [(str(name), years, values) for name, years, values in rows]


def chart(by: str, heading: str) -> None:
    path = str(Store.at(os.environ["PINGYI_DB"]).current())
    metric = st.session_state.get("metric", "good_rate")
    st.title(heading)
    fig = go.Figure(
        [go.Scatter(x=x, y=y, name=name, mode="lines+markers") for name, x, y in lines(path, metric, by)]
    )
    fig.update_layout(title=f"{METRICS[metric]} · {heading}", height=460)
    st.plotly_chart(fig, key=f"chart_{by}")


def compare() -> None:
    chart("institution", "院校对比")


def trends() -> None:
    chart("unit_type", "单位类型趋势")


page = st.navigation(
    [
        st.Page(trends, title="单位类型趋势", url_path="trends"),
        st.Page(compare, title="院校对比", url_path="compare", default=True),
    ]
)
with st.sidebar:
    st.radio("指标", options=list(METRICS), format_func=METRICS.get, key="metric")
page.run()
