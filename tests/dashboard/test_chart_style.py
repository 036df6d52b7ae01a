"""Issue #16: institutions keep one colour derived from the institution (not list position), no two shown together
share a style, every line colour is readable on white, the focus institution stands out, and a missing year is a gap
in every line (never bridged), explained once; blank heatmap cells are explained too."""

from __future__ import annotations

import random

import polars as pl
import pytest

from dashboard import chart_base, charts
from dashboard.chart_base import BLANK_NOTE, GAP_NOTE
from dashboard.labels import (
    INSTITUTION_PALETTE,
    UNIT_TYPE_COLORS,
    _slot,
    contrast_ratio,
    institution_colors,
    institution_styles,
)
from dashboard.translation import tr
from tests.dashboard.conftest import ALL
from warehouse import queries as q

IDS = [f"demo-{i:02d}" for i in range(10)]


def _filtered(question, cur, **filters):
    """A filtered question asked with either signature: keyword filters, or warehouse.queries.Filters (issue #15
    moves every filtered question to `(cur, Filters(...))`)."""
    make = getattr(q, "Filters", None)
    if make is None:
        return question(cur, **filters)
    return question(cur, make(**{k: tuple(v) if isinstance(v, list) else v for k, v in filters.items()}))


def _trend(ids=IDS, years=range(2018, 2024), missing=()) -> pl.DataFrame:
    """A frame shaped like queries.institution_trend (fictional institutions), without the (id, year)s in
    `missing`."""
    rows = [
        {
            "institution_id": i,
            "institution": f"示例院校{i[-2:]}",
            "year": y,
            "value": 0.4 + 0.01 * k + 0.02 * (y - 2018),
            "n_units": 10,
            "median_voters": 12.0,
            "scheme_id": "default",
            "scheme_label": "默认口径",
            "rank": 1,
            "n_ranked": len(ids),
        }
        for k, i in enumerate(ids)
        for y in years
        if (i, y) not in missing
    ]
    return pl.DataFrame(rows)


def test_every_line_colour_is_readable_on_white_and_none_is_yellow():
    assert all(contrast_ratio(c) >= 3 for c in INSTITUTION_PALETTE), [
        (c, round(contrast_ratio(c), 2)) for c in INSTITUTION_PALETTE
    ]
    assert all(contrast_ratio(c) >= 3 for c in UNIT_TYPE_COLORS.values())
    assert "#F0E442" not in INSTITUTION_PALETTE and "#E69F00" not in INSTITUTION_PALETTE
    assert len(set(INSTITUTION_PALETTE)) == len(INSTITUTION_PALETTE) >= 10
    assert contrast_ratio("#F0E442") < 3  # the yellow the issue saw: the check would catch it


def test_colour_comes_from_the_institution_not_from_its_position():
    styles = institution_styles(IDS)
    shuffled = IDS[:]
    random.Random(3).shuffle(shuffled)
    assert institution_styles(shuffled) == styles  # order does not matter
    # an institution whose palette slot no one else shown has keeps that colour, whoever else is shown
    for subset in (IDS[:3], IDS[2:], IDS[::2], [IDS[4]]):
        slots = [_slot(i) for i in subset]
        colors = institution_colors(subset)
        for i in subset:
            if slots.count(_slot(i)) == 1 and not any(_slot(j) == _slot(i) for j in subset if j < i):
                assert colors[i] == INSTITUTION_PALETTE[_slot(i)]
    # removing two institutions leaves the colour of every one that did not collide with them
    before, after = institution_colors(IDS), institution_colors(IDS[2:])
    kept = [i for i in IDS[2:] if before[i] == INSTITUTION_PALETTE[_slot(i)]]
    assert kept and all(after[i] == before[i] for i in kept)


@pytest.mark.parametrize("n", [2, 10, 11, 60])
def test_no_two_institutions_shown_together_share_a_style(n):
    ids = [f"inst-{k:03d}" for k in range(n)]
    styles = institution_styles(ids)
    assert len(set(styles.values())) == n
    if n <= len(INSTITUTION_PALETTE):
        assert len({s.color for s in styles.values()}) == n  # distinct colours while the palette lasts


def test_trend_figure_colours_stay_when_the_selection_changes():
    full = charts.institution_trend_figure(_trend(), "good_rate")
    part = charts.institution_trend_figure(_trend(IDS[2:]), "good_rate")
    color_full = {t.name: t.line.color for t in full.data}
    color_part = {t.name: t.line.color for t in part.data}
    own = {f"示例院校{i[-2:]}": INSTITUTION_PALETTE[_slot(i)] for i in IDS}
    stable = [n for n in color_part if color_full[n] == own[n]]
    assert stable and all(color_part[n] == color_full[n] for n in stable)
    assert len(set(color_full.values())) == 10


def test_with_every_selectable_institution_known_no_selection_moves_a_colour():
    """Settled over every institution the viewer could select (`among`), an institution's colour is the same in
    every selection: removing one no longer hands its colour to another (h-demo, issue #16)."""
    full = institution_colors(IDS, among=IDS)
    assert len(set(full.values())) == len(IDS)
    rng = random.Random(16)
    for _ in range(200):
        subset = rng.sample(IDS, rng.randint(1, len(IDS)))
        assert institution_colors(subset, among=IDS) == {i: full[i] for i in subset}
    # without `among` the same ids collide on their hash and a removal moves a colour (what `among` prevents)
    assert any(
        institution_colors(s)[i] != institution_colors(IDS)[i]
        for s in ([j for j in IDS if j != k] for k in IDS)
        for i in s
    )
    # more institutions than colours: those shown together still never share a colour while the palette lasts
    many = [f"inst-{k:03d}" for k in range(14)]
    for _ in range(200):
        subset = rng.sample(many, rng.randint(2, len(INSTITUTION_PALETTE)))
        assert len(set(institution_colors(subset, among=many).values())) == len(subset)
    trend = charts.institution_trend_figure(_trend(IDS[3:]), "good_rate", among=IDS)
    assert {t.name: t.line.color for t in trend.data} == {f"示例院校{i[-2:]}": full[i] for i in IDS[3:]}


def test_the_focus_institution_is_emphasised(cur, ids):
    trend = _filtered(q.institution_trend, cur, scope=ALL)
    focus = ids["青岚大学"]
    fig = charts.institution_trend_figure(trend, "good_rate", focus=focus)
    widths = {t.name: t.line.width for t in fig.data}
    assert widths["青岚大学"] > 2 * max(w for n, w in widths.items() if n != "青岚大学")
    assert fig.data[-1].name == "青岚大学"  # drawn last: on top of the others
    assert (
        sorted(fig.data, key=lambda t: t.legendrank)[0].name == "澄江医科大学"
    )  # the legend keeps name order
    index = charts.institution_index_figure(trend, "good_rate", focus=focus)
    assert index.data[-1].name == "青岚大学" and index.data[-1].line.width == widths["青岚大学"]
    slope = charts.slope_figure(trend, "good_rate", 2022, 2023, focus=focus)
    assert slope.data[-1].name == "青岚大学" and slope.data[-1].line.width == widths["青岚大学"]
    plain = charts.institution_trend_figure(trend, "good_rate")
    assert len({t.line.width for t in plain.data}) == 1  # without a focus every line is alike


def test_a_missing_year_is_a_gap_in_the_institution_lines_and_noted_once():
    trend = _trend(missing={(IDS[0], 2020), (IDS[0], 2021), (IDS[1], 2022)})
    for build in (charts.institution_trend_figure, charts.institution_index_figure):
        fig = build(trend, "good_rate")
        first = next(t for t in fig.data if t.name == "示例院校00")
        assert list(first.x) == list(range(2018, 2024))
        assert [v is None for v in first.y] == [False, False, True, True, False, False]
        assert all(t.connectgaps is False for t in fig.data)
        assert fig.layout.title.subtitle.text == GAP_NOTE
    english = charts.institution_trend_figure(trend, "good_rate", "en")
    assert english.layout.title.subtitle.text == tr(GAP_NOTE, "en") == "A break in a line: no data that year"
    # a year no institution has is on the axis too, as a gap
    whole = charts.institution_trend_figure(_trend(missing={(i, 2021) for i in IDS}), "good_rate")
    assert 2021 in whole.data[0].x and whole.data[0].y[list(whole.data[0].x).index(2021)] is None
    # no gap, no note (a line that starts later is no gap)
    later = charts.institution_trend_figure(_trend(missing={(IDS[0], 2018)}), "good_rate")
    assert not later.layout.title.subtitle.text


def test_a_missing_year_is_a_gap_in_the_unit_type_lines(cur):
    trend = _filtered(q.type_trend, cur, scope=ALL)
    gap = pl.concat(
        [trend, trend.filter(pl.col("year") == 2023).with_columns(pl.col("year") + 2)]
    )  # 2022, 2023, 2025: 2024 missing for every type
    for fig in (
        charts.type_trend_figure(gap, "good_rate"),
        charts.type_trend_facets_figure(gap, "good_rate"),
    ):
        college = next(t for t in fig.data if t.name == "学院")
        assert list(college.x) == [2022, 2023, 2024, 2025]
        assert college.y[2] is None and college.connectgaps is False
        assert college.text[2] == ""  # no n written on the missing point
        assert fig.layout.title.subtitle.text == GAP_NOTE
    assert not charts.type_trend_figure(trend, "good_rate").layout.title.subtitle.text


def test_a_unit_score_line_breaks_at_a_year_without_a_score():
    history = pl.DataFrame(
        {
            "year": [2019, 2020, 2022],
            "score": [88.0, 90.0, 86.0],
            "final_grade": ["fairly_good", "good", "fairly_good"],
            "scheme_label": ["默认口径"] * 3,
        }
    )
    fig = charts.unit_score_figure(history, "示例学院")
    line = fig.data[0]
    assert list(line.x) == [2019, 2020, 2021, 2022] and line.y[2] is None
    assert fig.layout.title.subtitle.text == GAP_NOTE


def test_blank_heatmap_cells_are_explained(cur):
    fig = charts.rank_heatmap_figure(_filtered(q.institution_trend, cur, scope=ALL), "good_rate")
    assert [list(row) for row in fig.data[0].z][1] == [None, 1]  # 白沙学院 has no 2022
    assert fig.layout.title.subtitle.text == BLANK_NOTE
    full = charts.rank_heatmap_figure(_trend(IDS[:3]), "good_rate")
    assert not full.layout.title.subtitle.text


def test_figures_built_without_per_value_validation_are_valid_plotly(cur, ids):
    """institution lines are added without Plotly's validation (issue #18): their JSON must pass it."""
    import plotly.graph_objects as go

    trend = _filtered(q.institution_trend, cur, scope=ALL)
    for fig in (
        charts.institution_trend_figure(trend, "good_rate"),
        charts.institution_trend_figure(trend, "score", "en", focus=ids["白沙学院"]),
        charts.institution_index_figure(trend, "good_rate", focus=ids["青岚大学"]),
        charts.institution_trend_figure(_trend(missing={(IDS[0], 2020)}), "good_rate"),
    ):
        rebuilt = go.Figure(fig.to_dict())  # raises ValueError on any invalid property or value
        assert rebuilt.to_plotly_json() == go.Figure(fig).to_plotly_json()
        assert all(t.type == "scatter" and t.connectgaps is False for t in rebuilt.data)
    bad = chart_base.with_traces(go.Figure(), [{"type": "scatter", "x": [1], "colour": "red"}])
    with pytest.raises(ValueError):
        go.Figure(bad.to_dict())  # the check above would catch a mistyped property


def test_margins_reserved_for_what_automargin_would_push_and_never_more():
    """Issue #18: the figures reserve the room their side legend, heatmap labels and colorbar need (measured in
    Chromium), so Plotly draws them once; characters other than full-width ones count 0 px, so the reserve is a
    lower bound and automargin still widens it where a name has them."""
    assert chart_base.full_width_px("岚冈大学") == 4 * chart_base.FONT_PX
    assert chart_base.full_width_px("北京大学(医学部)") == 7 * chart_base.FONT_PX  # ASCII brackets: 0 px
    assert chart_base.full_width_px("Qinglan University") == 0
    frame = _trend()
    names = frame["institution"].unique().to_list()
    longest = max(chart_base.full_width_px(n) for n in names)
    line = charts.institution_trend_figure(frame, "good_rate").to_plotly_json()["layout"]
    assert (
        line["legend"]["x"] == 1 and line["xaxis"].get("automargin") is not False
    )  # the template's stays on
    assert line["margin"]["r"] == max(20, chart_base.LEGEND_RIGHT + longest)
    assert line["margin"]["b"] == chart_base.X_TITLE_BOTTOM
    ranks = pl.DataFrame(
        [
            {"institution": n, "year": y, "rank": i + 1, "n_ranked": len(names)}
            for i, n in enumerate(names)
            for y in (2020, 2021)
        ]
    )
    heat = charts.rank_heatmap_figure(ranks, "good_rate").to_plotly_json()
    assert heat["layout"]["margin"]["l"] == max(60, chart_base.CATEGORY_LEFT + longest)
    digits = min(len(str(min(len(names), 12))), 2)
    assert heat["layout"]["margin"]["r"] == chart_base.COLORBAR_RIGHT[digits]
    assert heat["data"][0]["colorbar"]["x"] == 1
    few = charts.institution_trend_figure(_trend(IDS[:3]), "good_rate").to_plotly_json()["layout"]
    assert "r" not in few["margin"]  # the legend on top: nothing reserved on the right
