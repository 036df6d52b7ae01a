"""口径说明: which scoring scheme each institution used in which years, and what every derived number means."""

from __future__ import annotations

import re

import streamlit as st

from dashboard import captions, coverage, data, views
from dashboard.downloads import export_row
from dashboard.i18n import current_lang, t
from dashboard.labels import METRICS, names
from dashboard.views.cached import CachedQuestions

lang = current_lang()
st.title(t("口径说明"))
version, f = data.pinned()
problem = captions.selection_problem(f.institutions, None, lang)
if problem:
    st.info(problem, icon=":material/filter_alt_off:")
    st.stop()

st.subheader(t("各院校所用口径"))
details = data.scheme_details(version, f)
if details.is_empty():
    st.info(
        t("所选院校在 {a}–{b} 年度没有评议结果,因而没有评分口径可说明。", a=f.year_from, b=f.year_to),
        icon=":material/search_off:",
    )
else:
    schemes_view = views.build("schemes", CachedQuestions(version), views.Ask(f, lang))
    table = schemes_view.table.frame
    st.dataframe(
        table, hide_index=True, column_config={t("口径"): st.column_config.TextColumn(width="medium")}
    )
    export_row(schemes_view, version=version)
    n = details["scheme_id"].n_unique()
    st.caption(
        t("所选范围共用 {n} 种口径。", n=n)
        + (
            t(
                " 口径不同的院校或年度之间,平均得分与按得分计算的等次不宜直接比较;好评率、满意率直接按票数计算,不受口径影响。"
            )
            if n > 1
            else ""
        )
    )

grades_only = coverage.grades_only_places(data.result_coverage(version, f), lang)
if grades_only:
    st.info(
        t(
            "该校仅公布等次:{names} 只公布了各单位的评议等次,没有票数和得分,上表的分值、门槛与权重对其不适用;其综合评价等次即公布的等次。",
            names=t("、").join(grades_only),
        ),
        icon=":material/grade:",
    )

st.subheader(t("各项数字的含义"))
st.markdown(
    "\n".join(
        f"- **{names('metric_short', lang)[m]}**{t(':')}{re.split('[:：]', names('metric_meaning', lang)[m], maxsplit=1)[-1]}"
        for m in METRICS
    )
)
st.markdown(
    t("""
- **单位得分**:每个票种、每个测评指标先算平均分 = Σ(等次分值 × 票数) ÷ 有效票数(弃权不计);多个指标取平均
  (口径给出指标权重时加权);口径给出票种权重时,按出现的票种加权平均(权重按出现的票种重新归一),否则各票种票数合并计算。
  只有得分而无票数的行直接使用该得分。
- **计算等次**:按当年口径的门槛由单位得分确定(好、较好、一般,低于一般门槛为差)。
- **综合评价等次**:有党委评定等次时用评定等次(可能与计算等次不同,例如结合日常考核),否则用计算等次。
- **院内名次**:本院校当年按单位得分从高到低排列,1 为最高,分数相同者并列(1、2、2、4)。
- **每个单位计一次**:按单位类型或院校汇总时,先算出每个单位的数值,再对单位取平均,参评人数多的单位不多占权重。
- **小样本**:一个单位的参评人数通常只有 10–60 人,一票即可使比例变动数个百分点;几票之差属于正常波动,不宜解读为变化。
- **数据来源**:评议结果来自载入的测评汇总表(只存各等次票数,不存个人选票);会议日期与现场、书面述职人数来自新闻稿与通知,
  原文未写明的项留空。
""")
)
st.markdown(
    t(
        "- **只公布等次的院校**:院校只公布各单位的评议等次(好、较好、一般、差)而没有票数和得分时,平均得分、好评率、满意率"
        "均为空(不记为 0),按等次统计单位数与评为“好”的单位占比。\n"
        "- **述职名单**:只有各单位述职方式(现场、书面等)与书记的名单,计入单位数与现场、书面述职数,不计入等次统计。"
    )
)
