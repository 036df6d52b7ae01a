"""The views of 会议与报告 and 口径说明: the appraisal meetings, the on-site rotation, the secretaries' reports and
their keywords, and the scoring schemes in use."""

from __future__ import annotations

import polars as pl

from dashboard import charts
from dashboard.export import Table
from dashboard.labels import MODE_ZH
from dashboard.labels import names as labels_of
from dashboard.views.base import Ask, Data, View, shows_of
from dashboard.views.overview import institution_name
from dashboard.views.registry import register


def _renamed(frame: pl.DataFrame, columns: tuple[tuple[str, str], ...], ask: Ask) -> pl.DataFrame:
    return frame.rename({c: ask.t(zh) for c, zh in columns})


def _load_meetings(q, ask: Ask) -> Data | None:
    meetings = q.meetings(ask.filters)
    return None if meetings.is_empty() else {"meetings": meetings}


MEETING_COLUMNS = (
    ("institution", "院校"),
    ("year", "年度"),
    ("meeting_date", "会议日期"),
    ("meeting_level", "层级"),
    ("chair", "主持"),
    ("onsite_count", "现场述职"),
    ("written_count", "书面述职"),
    ("total_units", "单位总数"),
    ("source", "来源"),
)


def meetings_frame(d: Data, ask: Ask) -> pl.DataFrame:
    m = d["meetings"]
    shown = m.select([c for c, _ in MEETING_COLUMNS]).with_columns(
        m["meeting_level"].replace_strict(labels_of("level", ask.lang), default=None).alias("meeting_level"),
        m["source"].str.split("/").list.last().alias("source"),
        # what the news item does not say is shown as a dash, not as an empty number
        *[
            m[c].cast(pl.String).fill_null("—").alias(c)
            for c in ("onsite_count", "written_count", "total_units", "chair")
        ],
    )
    return _renamed(shown, MEETING_COLUMNS, ask)


MEETINGS = register(
    View(
        name="meetings",
        page="meetings",
        question="各院校的述职评议会议何时召开、多少单位现场述职",
        load=_load_meetings,
        title=lambda d, ask: ask.t("评议会议"),
        table=lambda d, ask: Table(meetings_frame(d, ask), {ask.t("年度"): "int"}),
        caption=lambda d, ask: ask.t("会议日期、人数等取自新闻稿与通知原文;原文未写明的项留空,不作推测。"),
        shows=lambda d, ask: shows_of(d["meetings"], unit_types=False),
    )
)


def _load_rotation(q, ask: Ask) -> Data | None:
    rotation = q.onsite_rotation(ask.filters, ask.institution, ask.cycle)
    if rotation.is_empty() or rotation["mode"].drop_nulls().is_empty():
        return None
    return {"rotation": rotation, "name": institution_name(q, ask)}


def rotation_table(d: Data, ask: Ask) -> Table:
    t = ask.t
    frame = d["rotation"].select(
        pl.col("unit").alias(t("单位")),
        pl.col("unit_type")
        .replace_strict(labels_of("unit_type", ask.lang), default=pl.col("unit_type"))
        .alias(t("单位类型")),
        pl.col("year").alias(t("年度")),
        pl.col("mode")
        .replace_strict(labels_of("mode", ask.lang), default=pl.col("mode"))
        .alias(t("述职方式")),
        pl.col("last_onsite").alias(t("最近现场述职年度")),
        pl.when(pl.col("overdue")).then(pl.lit(t("是"))).otherwise(pl.lit("")).alias(t("周期内未现场述职")),
    )
    return Table(frame, {t("年度"): "int", t("最近现场述职年度"): "int"})


ROTATION = register(
    View(
        name="rotation",
        page="meetings",
        question="一所院校的各单位多久现场述职一次,谁超过了轮换周期",
        needs=("institution",),
        load=_load_rotation,
        figure=lambda d, ask: charts.rotation_figure(d["rotation"], ask.lang),
        title=lambda d, ask: ask.t("{name} 述职方式轮换", name=d["name"]),
        table=rotation_table,
        caption=lambda d, ask: ask.t(
            "每格为一个单位一个年度的述职方式;{onsite}标为橙色。周期内未现场述职 = 截至所选最后年度的 {cycle} 个"
            "年度中没有一次现场述职(设立不足一个周期的单位不计)。",
            onsite=MODE_ZH["onsite"] if ask.lang == "zh" else "on site",
            cycle=ask.cycle,
        ),
        shows=lambda d, ask: shows_of(d["rotation"], institutions=(d["name"],)),
    )
)

REPORT_COLUMNS = (
    ("institution", "院校"),
    ("year", "年度"),
    ("unit", "单位"),
    ("secretary", "书记"),
    ("mode", "述职方式"),
    ("title", "标题"),
    ("text_chars", "字数"),
    ("n_problems", "问题条数"),
    ("n_measures", "措施条数"),
    ("keywords", "关键词"),
)


def _load_reports(q, ask: Ask) -> Data | None:
    found = q.reports(ask.filters, ask.search)
    return None if found.is_empty() else {"reports": found}


def reports_frame(d: Data, ask: Ask) -> pl.DataFrame:
    r = d["reports"]
    shown = r.select([c for c, _ in REPORT_COLUMNS]).with_columns(
        r["mode"].replace_strict(labels_of("mode", ask.lang), default=None).alias("mode"),
        r["keywords"].list.join("、").alias("keywords"),
    )
    return _renamed(shown, REPORT_COLUMNS, ask)


REPORTS = register(
    View(
        name="reports",
        page="meetings",
        question="各单位书记的述职报告:标题、问题条数、整改措施与关键词",
        load=_load_reports,
        title=lambda d, ask: ask.t("述职报告"),
        table=lambda d, ask: Table(
            reports_frame(d, ask),
            {ask.t(c): "int" for c in ("年度", "字数", "问题条数", "措施条数")},
        ),
        caption=lambda d, ask: ask.t(
            "问题条数与措施条数按报告中“问题/不足”与“整改措施/下一步”部分的分条(一是…二是…、(一)(二)、1. 2.)计数;关键词由中文分词程序自动提取。"
        ),
        shows=lambda d, ask: shows_of(d["reports"], unit_types=False),
    )
)


def _load_keywords(q, ask: Ask) -> Data | None:
    keywords = q.report_keywords(ask.filters)
    if keywords.is_empty() or keywords["year"].n_unique() < 2:
        return None
    return {"keywords": keywords, "reports": q.reports(ask.filters, None)}


def keyword_table(d: Data, ask: Ask) -> Table:
    t = ask.t
    frame = d["keywords"].select(
        pl.col("keyword").alias(t("关键词")),
        pl.col("year").alias(t("年度")),
        pl.col("n").alias(t("提及报告数")),
        pl.col("n_reports").alias(t("当年报告数")),
        pl.col("share").alias(t("占比")),
    )
    return Table(frame, {t("占比"): "pct"})


KEYWORDS = register(
    View(
        name="keywords",
        page="meetings",
        question="述职报告里哪些词逐年多了或少了",
        load=_load_keywords,
        figure=lambda d, ask: charts.keyword_trend_figure(d["keywords"], ask.lang),
        table=keyword_table,
        caption=lambda d, ask: ask.t(
            "每条线为一个高频关键词:当年提及该词的报告数 ÷ 当年报告数。报告份数少时比例波动大。"
        ),
        shows=lambda d, ask: shows_of(
            d["keywords"], unit_types=False, institutions=shows_of(d["reports"]).institutions
        ),
    )
)


def _load_schemes(q, ask: Ask) -> Data | None:
    details = q.scheme_details(ask.filters)
    return None if details.is_empty() else {"details": details}


def schemes_frame(d: Data, ask: Ask) -> pl.DataFrame:
    t = ask.t
    years = (
        pl.when(pl.col("first_year") == pl.col("last_year"))
        .then(pl.col("first_year").cast(pl.String))
        .otherwise(pl.format("{}–{}", "first_year", "last_year"))
    )
    points = ("points_good", "points_fairly_good", "points_average", "points_poor")
    return d["details"].select(
        pl.col("institution").alias(t("院校")),
        years.alias(t("年度")),
        pl.col("scheme_label").alias(t("口径")),
        pl.format("{} / {} / {} / {}", *[pl.col(c).round(1) for c in points]).alias(
            t("分值 好/较好/一般/差")
        ),
        pl.format(
            "≥{} / ≥{} / ≥{}", *[pl.col(c).round(1) for c in ("min_good", "min_fairly_good", "min_average")]
        ).alias(t("等次门槛 好/较好/一般")),
        # the query lists the weights with 、 between them: the page's separator instead (", " in English)
        pl.col("group_weights")
        .str.replace_all("、", t("、"), literal=True)
        .fill_null(t("票数合并(无权重)"))
        .alias(t("票种权重")),
        pl.col("item_weights")
        .str.replace_all("、", t("、"), literal=True)
        .fill_null(t("各指标平均"))
        .alias(t("指标权重")),
    )


def _schemes_shows(d: Data, ask: Ask):
    details = d["details"]
    years = tuple(
        sorted({y for a, b in details.select("first_year", "last_year").iter_rows() for y in range(a, b + 1)})
    )
    return shows_of(details, unit_types=False, years=years)


SCHEMES = register(
    View(
        name="schemes",
        page="schemes",
        question="各院校各年度用的是哪种评分口径",
        load=_load_schemes,
        title=lambda d, ask: ask.t("各院校所用口径"),
        table=lambda d, ask: Table(schemes_frame(d, ask)),
        caption=lambda d, ask: ask.t("评分口径按院校与年度载入(口径文件),未载入者用默认口径。"),
        shows=_schemes_shows,
    )
)
