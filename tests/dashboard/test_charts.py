"""dashboard.charts, captions and tables: figures inspected as data (names, colours, template, values), no browser."""

from __future__ import annotations

import subprocess
import sys

import plotly.io as pio
import polars as pl
import pytest

from dashboard import captions, charts, tables
from dashboard.labels import (
    FONT_FAMILY,
    GRADE_COLORS,
    GRADE_ZH,
    OKABE_ITO,
    UNIT_TYPE_COLORS,
    UNIT_TYPE_ZH,
    contrast_ratio,
    institution_colors,
)
from tests.dashboard.conftest import ALL
from warehouse import queries as q

TYPE_NAMES = ["附属医院", "学院", "党支部", "机关"]
GRADE_NAMES = ["好", "较好", "一般", "差"]


def _uses_shared_template(fig) -> None:
    assert fig.layout.template.layout.font.family == FONT_FAMILY
    assert fig.layout.template.layout.paper_bgcolor == "#FFFFFF"
    assert fig.layout.template.layout.plot_bgcolor == "#FFFFFF"
    assert fig.layout.template == pio.templates[charts.TEMPLATE_NAME]
    assert fig.layout.title.text
    assert fig.data, "a figure without traces"
    assert all(len(trace.y) > 0 or trace.type == "heatmap" for trace in fig.data)


def test_charts_do_not_touch_streamlit():
    code = "import sys, dashboard.charts, dashboard.captions, dashboard.tables; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_colour_maps_are_complete_distinct_and_colour_blind_safe():
    assert list(UNIT_TYPE_ZH.values()) == TYPE_NAMES
    assert list(GRADE_ZH.values()) == GRADE_NAMES
    assert set(UNIT_TYPE_COLORS) == set(q.UNIT_TYPES) and set(GRADE_COLORS) == set(q.GRADES)
    assert len(set(UNIT_TYPE_COLORS.values()) | set(GRADE_COLORS.values())) == 8
    # Okabe & Ito's hues; each line readable on white (the orange darkened for that)
    assert set(UNIT_TYPE_COLORS.values()) - set(OKABE_ITO) == {"#C07400"}
    assert all(contrast_ratio(c) >= 3 for c in UNIT_TYPE_COLORS.values())


def test_type_trend_figure(cur):
    fig = charts.type_trend_figure(q.type_trend(cur, q.Filters(scope=ALL)), "good_rate")
    _uses_shared_template(fig)
    assert [t.name for t in fig.data] == TYPE_NAMES
    assert [t.line.color for t in fig.data] == [UNIT_TYPE_COLORS[t] for t in q.UNIT_TYPES]
    college = fig.data[1]
    assert list(college.x) == [2022, 2023]
    assert list(college.y) == pytest.approx([0.6, 0.625])
    assert list(college.text) == ["n=3", "n=4"]
    assert "单位数 n=%{customdata}" in college.hovertemplate
    assert fig.layout.yaxis.tickformat == ".0%"


def test_type_trend_figure_for_scores_and_a_subset_of_types(cur):
    fig = charts.type_trend_figure(
        q.type_trend(cur, q.Filters(scope=ALL, metric="score", unit_types=["branch", "college"])), "score"
    )
    assert [t.name for t in fig.data] == ["学院", "党支部"]
    assert [t.marker.color for t in fig.data] == [UNIT_TYPE_COLORS["college"], UNIT_TYPE_COLORS["branch"]]
    assert fig.layout.yaxis.title.text == "平均得分"
    assert fig.layout.yaxis.tickformat == ".0f"


def test_distribution_figure(cur):
    fig = charts.distribution_figure(q.unit_metric_values(cur, q.Filters(scope=ALL)), "good_rate")
    _uses_shared_template(fig)
    assert [t.type for t in fig.data] == ["box"] * 4
    assert [t.name for t in fig.data] == TYPE_NAMES
    assert [t.marker.color for t in fig.data] == [UNIT_TYPE_COLORS[t] for t in q.UNIT_TYPES]
    assert sum(len(t.y) for t in fig.data) == 20
    assert "白沙学院 · 机电学院" in fig.data[1].text


def test_grade_mix_figure(cur):
    fig = charts.grade_mix_figure(q.grade_mix(cur, q.Filters(scope=ALL)))
    _uses_shared_template(fig)
    assert fig.layout.barmode == "stack"
    assert [a.text for a in fig.layout.annotations] == TYPE_NAMES  # one panel per type
    assert [t.name for t in fig.data] == GRADE_NAMES * 4
    assert [t.marker.color for t in fig.data[:4]] == [GRADE_COLORS[g] for g in q.GRADES]
    assert [t.showlegend for t in fig.data] == [True] * 4 + [False] * 12
    # 机关 2022: 后勤处 72 一般, 党委办公室 84 较好; 2023: 1 较好 of 3, 2 一般 of 3
    admin_fairly_good, admin_average = fig.data[13], fig.data[14]
    assert admin_fairly_good.name == "较好" and list(admin_fairly_good.x) == ["2022", "2023"]
    assert list(admin_fairly_good.y) == pytest.approx([0.5, 1 / 3])
    assert list(admin_average.customdata) == [1, 2]


def test_institution_trend_figure(cur):
    fig = charts.institution_trend_figure(q.institution_trend(cur, q.Filters(scope=ALL)), "good_rate")
    _uses_shared_template(fig)
    assert [t.name for t in fig.data] == ["澄江医科大学", "白沙学院", "青岚大学"]
    # colours from the institutions' ids (not their position), distinct, the same as institution_colors gives
    names = q.institutions(cur, scope=ALL)  # the three shown: every institution of the fixture
    colors = institution_colors(names["institution_id"].to_list())
    by_name = dict(zip(names["name"], names["institution_id"], strict=True))
    assert [t.line.color for t in fig.data] == [colors[by_name[t.name]] for t in fig.data]
    assert len({t.line.color for t in fig.data}) == 3
    assert list(fig.data[2].y) == pytest.approx([0.52, 0.56])
    assert "口径" in fig.data[0].hovertemplate


def test_rank_heatmap_figure(cur):
    fig = charts.rank_heatmap_figure(q.institution_trend(cur, q.Filters(scope=ALL)), "good_rate")
    _uses_shared_template(fig)
    heat = fig.data[0]
    assert list(heat.y) == ["澄江医科大学", "白沙学院", "青岚大学"]
    assert list(heat.x) == ["2022", "2023"]
    assert [list(row) for row in heat.z] == [[2, 3], [None, 1], [1, 2]]
    assert heat.zmin == 1 and heat.zmax == 3


def test_empty_frames_are_refused_not_drawn(cur):
    with pytest.raises(ValueError, match="no data"):
        charts.type_trend_figure(q.type_trend(cur, q.Filters(scope=ALL, institutions=[])), "good_rate")
    with pytest.raises(ValueError, match="no data"):
        charts.rank_heatmap_figure(q.institution_trend(cur, q.Filters(scope=ALL, institutions=[])), "score")


def test_scheme_caption_names_each_scheme_and_where_it_applies(cur, ids):
    text = captions.scheme_caption(q.schemes_used(cur, q.Filters(scope=ALL)))
    assert text.startswith("口径不一:默认口径")
    assert text == (
        "口径不一:默认口径:分值 好100/较好80/一般60/差0,门槛 好≥90/较好≥75/一般≥60,票数合并 —— "
        "澄江医科大学 2022、白沙学院 2023、青岚大学;"  # years only where a scheme covers part of 2022–2023
        "澄江口径2023:好100 较好85 一般70 差0;好≥90 较好≥75 一般≥60 —— 澄江医科大学 2023。"
    )
    one = captions.scheme_caption(q.schemes_used(cur, q.Filters(scope=ALL, institutions=[ids["青岚大学"]])))
    assert one.startswith("口径:默认口径") and "均用此口径" in one
    assert captions.schemes_differ(q.schemes_used(cur, q.Filters(scope=ALL))) is True
    assert captions.schemes_differ(q.schemes_used(cur, q.Filters(scope=ALL, year_to=2022))) is False


def test_noise_caption_says_what_one_vote_is_worth():
    assert "每个单位约 10 人参评,一票约合单个单位 10 个百分点" in captions.noise_caption("good_rate", 10.0)
    assert "正常波动" in captions.noise_caption("score", 25.0)
    assert "正常波动" in captions.noise_caption("positive_rate", None)


def test_yoy_table_in_chinese_with_per_cent_values(cur):
    table = tables.yoy_table(q.institution_trend(cur, q.Filters(scope=ALL)), "good_rate")
    assert table.columns == ["院校", "年度", "好评率(%)", "上年(%)", "变化(百分点)", "单位数", "名次", "说明"]
    assert table.rows() == [
        ("白沙学院", 2023, 65.0, None, None, 2, 1, "无上年数据"),
        ("青岚大学", 2023, 56.0, 52.0, 4.0, 5, 2, "±20 个百分点内:几票之差,属随机波动"),
        ("澄江医科大学", 2023, 40.0, 50.0, -10.0, 4, 3, "±22 个百分点内:几票之差,属随机波动"),
        ("青岚大学", 2022, 52.0, None, None, 5, 1, "无上年数据"),
        ("澄江医科大学", 2022, 50.0, None, None, 4, 2, "无上年数据"),
    ]
    scores = tables.yoy_table(
        q.institution_trend(cur, q.Filters(scope=ALL, metric="score", year_from=2023)), "score"
    )
    assert scores.columns[2:5] == ["平均得分(分)", "上年(分)", "变化(分)"]
    assert scores.row(1)[:5] == ("青岚大学", 2023, 87.2, 84.4, 2.8)
    assert scores.row(1)[-1] == ""  # no noise band for scores: their spread depends on the scheme


def test_a_change_beyond_the_noise_band_gets_no_note():
    # 60 raters per unit × 20 units: a rise from 50% to 60% is far outside ±~3 points
    row = {
        "value": 0.6,
        "prev_value": 0.5,
        "change": 0.1,
        "n_units": 20,
        "prev_n_units": 20,
        "median_voters": 60,
    }
    assert tables.noise_band(row, "good_rate") == pytest.approx(2 * (0.55 * 0.45 * (2 / 1200)) ** 0.5)
    assert tables.change_note(row, "good_rate") == ""
    assert tables.change_note(row | {"change": 0.02, "value": 0.52}, "good_rate").startswith("±")
    frame = pl.DataFrame([row | {"institution": "甲", "year": 2024, "rank": 1}])
    assert tables.yoy_table(frame, "good_rate")["说明"].to_list() == [""]
