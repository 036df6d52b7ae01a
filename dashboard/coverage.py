"""Which metric a selection can show: institutions that publish grades only (a list of units with 好/较好/一般/差, no
votes and no score) have no 好评率, 满意率 or 得分, but every institution-year with grades has 评为“好”的单位占比.

`choose()` is pure (pages, the export CLI and the briefing pack call it with `queries.result_coverage`):
- the metric is the default (not chosen) and every selected institution-year with results has grades only → the
  share of units graded 好 is shown instead, with a note that says why;
- the metric was chosen (a link or the sidebar) and cannot be computed for any of them → a plain message instead of
  an empty chart: 该校仅公布等次 / this institution published grades only;
- some of the selection has grades only → the metric is shown for the rest, with a note naming the others;
- the selected years have rosters only (述职方式, no result) → a message instead of the charts, whatever the metric.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard.labels import names
from dashboard.translation import translate

SHARE_GOOD = "share_good"
NEEDS_VOTES_OR_SCORE = frozenset({"good_rate", "positive_rate", "score"})


@dataclass(frozen=True)
class Choice:
    metric: str  # the metric to show
    note: str | None = None  # say this above the chart
    blocked: str | None = None  # say this instead of the chart (nothing of the selection has the metric)
    roster_only: bool = False  # the selection has rosters only: no result of any kind to show

    @property
    def switched(self) -> bool:
        return self.metric == SHARE_GOOD and self.note is not None and self.blocked is None


def grades_only_places(coverage: pl.DataFrame, lang: str = "zh") -> list[str]:
    """'松溪学院' (every selected year of it grades-only) or '松溪学院 2023' (some years), in coverage order."""
    places = []
    for (inst,), rows in coverage.filter(pl.col("has_results")).group_by("institution", maintain_order=True):
        only = rows.filter(pl.col("grades_only"))
        if only.is_empty():
            continue
        if only.height == rows.height:
            places.append(inst)
        else:
            years = translate("、", lang).join(str(y) for y in only["year"].to_list())
            places.append(translate("{name}({years}年度)", lang, name=inst, years=years))
    return places


def choose(coverage: pl.DataFrame, metric: str, *, explicit: bool, lang: str = "zh") -> Choice:
    """The metric to show for a selection whose institution-years are described by `coverage`
    (queries.result_coverage); `explicit` = the user (or a link, or a command-line option) chose `metric`."""
    if not coverage.is_empty() and not coverage["has_results"].any():
        names_ = translate("、", lang).join(dict.fromkeys(coverage["institution"].to_list()))
        return Choice(
            metric,
            roster_only=True,
            blocked=translate(
                "{names} 在所选年度只有述职名单(各单位的述职方式与书记),没有评议结果;现场述职轮换见“会议与报告”页。",
                lang,
                names=names_,
            ),
        )
    if metric not in NEEDS_VOTES_OR_SCORE:
        return Choice(metric)
    with_results = coverage.filter(pl.col("has_results"))
    places = grades_only_places(coverage, lang)
    if not places:
        return Choice(metric)
    asked = names("metric", lang)[metric]
    listed = translate("、", lang).join(places)
    if with_results["grades_only"].all():
        if not explicit:
            return Choice(
                SHARE_GOOD,
                note=translate(
                    "该校仅公布等次:{names} 只公布了各单位的评议等次,没有票数和得分,无法计算{metric};此处显示评为“好”的单位占比。",
                    lang,
                    names=listed,
                    metric=asked,
                ),
            )
        return Choice(
            metric,
            blocked=translate(
                "该校仅公布等次:{names} 只公布了各单位的评议等次,没有票数和得分,无法计算{metric}。请在侧栏“指标”中选择“评为“好”的单位占比”。",
                lang,
                names=listed,
                metric=asked,
            ),
        )
    return Choice(
        metric,
        note=translate(
            "{names} 仅公布等次,没有{metric},未计入此图;在侧栏“指标”中选择“评为“好”的单位占比”可一并比较。",
            lang,
            names=listed,
            metric=asked,
        ),
    )


def for_page(version: str, f, lang: str) -> tuple[Choice, object]:
    """The choice for a page's sidebar filters `f` (Filters) and those filters with the metric to show; the metric
    counts as chosen when the URL carries it (the sidebar puts a metric other than the default there)."""
    from dataclasses import replace

    import streamlit as st

    from dashboard import data, urlstate

    coverage = data.result_coverage(version, f)
    choice = choose(coverage, f.metric, explicit=urlstate.METRIC in st.query_params, lang=lang)
    return choice, replace(f, metric=choice.metric)


def show(choice: Choice) -> None:
    """The note above a page's charts, or the message instead of them (then the page stops)."""
    import streamlit as st

    if choice.blocked:
        st.info(choice.blocked, icon=":material/grade:")
        st.stop()
    if choice.note:
        st.info(choice.note, icon=":material/grade:")
