"""Fictional 述职报告 for the demo warehouse (etl.demo): a 述职安排 sheet, Word and text documents written to a
scratch folder and loaded through the path real reports take (etl.prepare's report readers, etl.validate,
etl.write.write_reports), so that the report search and the keyword trends of 会议与报告 can be tried. The wording is invented; names are the demo's fictional
ones (演示数据,纯属虚构)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
import zipfile
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from warehouse.schema import TOUCHED

N_INSTITUTIONS = 3  # the first demo institutions, two units each (a hospital or college; a branch or office)
REPORT_YEARS = (2022, 2023, 2024, 2025)  # consecutive: the keyword trends are lines, not dots between gaps
SOURCE_PREFIX = "演示数据/述职报告/"  # raw_reports.source of a demo report (the scratch folder is gone)

# ---------------------------------------------------------------- the wording (invented, generic Party-building)

# the year's emphasis: what a report of that year would lead with (so the keyword trends move over the years)
_YEAR_THEME = {
    2022: ("迎接党的二十大", "我为群众办实事", "红色资源"),
    2023: ("主题教育", "调查研究", "以学促干"),
    2024: ("党纪学习教育", "理论学习中心组", "廉洁文化"),
    2025: ("作风建设", "中央八项规定精神", "警示教育"),
}
_TYPE_WORK = {
    "affiliated_hospital": ("党委领导下的院长负责制", "医德医风", "临床科室党支部", "改善就医体验"),
    "college": ("课程思政", "双带头人", "教师党支部书记", "立德树人"),
    "branch": ("三会一课", "支部标准化规范化", "发展党员", "党员积分管理"),
    "administrative": ("机关作风", "服务师生", "办事流程", "窗口服务"),
}
# a word more reports use each year (the rising line of the keyword trends): the share of reports naming it
_RISING = {2022: 0.0, 2023: 0.35, 2024: 0.7, 2025: 1.0}
_RISING_TEXT = "推进党建工作数字化,数字化台账按月更新,用数字化平台跟踪党员学习和整改进度"
_FIRST_TYPES = ("affiliated_hospital", "college")
_SECOND_TYPES = ("branch", "administrative")
_FULL_WIDTH = str.maketrans({",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "(": "\uff08", ")": "\uff09"})
_PROBLEMS = (
    "理论学习的系统性还不够,学用结合不紧,{w0}方面的思考深度不足",
    "{w2}作用发挥不平衡,少数支部组织生活质量不高",
    "{t1}的推进力度前紧后松,长效机制尚未完全建立",
    "党建与业务融合不够紧密,{w1}的抓手不多",
    "发展党员和党员教育管理的精细化程度有待提高",
    "{w3}中群众反映的个别问题整改还不够及时",
)
_MEASURES = (
    "把{t0}作为全年重点,完善理论学习中心组学习制度,每季度开展一次专题研讨",
    "以{w1}为抓手,推动党建与业务同谋划、同部署、同考核",
    "选优配强{w2},开展书记轮训和支部工作案例交流",
    "围绕{w3}列出问题清单,明确完成时限,逐项销号",
    "落实{t2}制度,把{t1}融入日常监督和年度考核",
    "健全{w0}的议事规则和工作台账,定期检查落实情况",
)
_DONE = (
    "坚持把{t0}摆在突出位置,班子成员带头讲党课、作专题发言,全年组织集中学习{n}次",
    "围绕{w0}和{w1}谋划年度工作,把党建任务写进单位工作要点并纳入考核",
    "加强{w2}建设,按期完成换届,组织生活会和民主评议党员按规定开展",
    "结合{t1}开展{w3}相关的调研走访,收集意见建议并逐条反馈",
)


def add_demo_reports(
    con: duckdb.DuckDBPyConnection,
    ratings: pl.DataFrame,
    institutions: pl.DataFrame,
    units: pl.DataFrame,
    batch_id: str,
    seed: int,
) -> int:
    """Write the demo's reports in `con` (the demo's write): a 述职安排 sheet (mode, date) and documents for a few
    units of the first institutions in four years, read back by the ingest's report readers and stored by
    etl.write.write_reports (sheet row and document merge into one report). The number written."""
    from etl.prepare import Request, prepare  # the ingest's reader and writer of a report file

    plan = _plan(ratings, institutions, units, np.random.default_rng([seed, 16]))
    demo_names = set(institutions["name"])
    with tempfile.TemporaryDirectory(prefix="pingyi-demo-reports-") as folder:
        # the 述职安排 sheet first (mode and date of each report), then the documents, which merge with its rows
        sheet = Path(folder) / "述职安排.csv"
        sheet.write_text(_schedule(plan), "utf-8")
        prepared = prepare(con, sheet, "reports", Request(), hashlib.sha256(sheet.read_bytes()).hexdigest())
        if prepared.rows_loaded != len(plan) or prepared.rejects:
            raise RuntimeError(f"the demo's report sheet did not read back: {prepared.rejects}")
        prepared.write(batch_id)
        for k, report in enumerate(plan):
            # per institution one Word document (the first unit's last report), the others text files: python-docx
            # takes about 40 ms to write a document and as long to read it back
            suffix = ".docx" if report["docx"] else ".txt"
            path = Path(folder) / f"{k + 1:02d}-{report['unit_name']}-{report['year']}{suffix}"
            if report["docx"]:
                _write_docx(path, report)
            else:
                path.write_text(
                    "\n".join(t for t, _level in _paragraphs(report)).translate(_FULL_WIDTH), "utf-8"
                )
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            prepared = prepare(
                con, path, "reports", Request(institution=report["institution"], year=report["year"]), sha
            )
            rows = prepared.rows_loaded
            if rows != 1 or prepared.rejects:
                raise RuntimeError(f"demo report {path.name} did not read back: {prepared.rejects}")
            prepared.write(batch_id)
        con.execute(
            """update raw_reports set source = ? || regexp_extract(source, '[^/\\\\]+$')
               where batch_id = ?""",
            [SOURCE_PREFIX, batch_id],
        )
    # write_reports marks only the reports' institutions (mart_reports); the demo's write replaced
    # whole institutions, so the marts are rebuilt in full as for a demo without reports
    con.execute(f"drop table if exists {TOUCHED}")
    stray = con.execute(
        "select count(*) from raw_reports r join raw_institutions i using (institution_id)"
        " where r.batch_id = ? and not i.is_demo",
        [batch_id],
    ).fetchone()[0]
    if stray or not demo_names:
        raise RuntimeError("demo reports named an institution outside the demo")
    return len(plan)


def _plan(ratings: pl.DataFrame, institutions: pl.DataFrame, units: pl.DataFrame, rng) -> list[dict]:
    """Per report: institution, year, unit name as written that year, org level, type, secretary, mode, counts."""
    first = institutions.head(N_INSTITUTIONS).select("institution_id", pl.col("name").alias("institution"))
    uy = (
        ratings.select("institution_id", "year", "unit_id", "unit_name", "org_level", "secretary", "mode")
        .unique(["unit_id", "year"])
        .join(units.select("unit_id", "unit_type"), on="unit_id")
        .join(first, on="institution_id")
        .filter(pl.col("year").is_in(REPORT_YEARS))
    )
    plan = []
    for k, inst in enumerate(first["institution_id"]):
        mine = uy.filter(pl.col("institution_id") == inst)
        # two units that report in every chosen year: a hospital or college, a branch or office (alternating)
        every = mine.group_by("unit_id", "unit_type").len().filter(pl.col("len") == mine["year"].n_unique())
        chosen = [
            every.with_columns(pl.col("unit_type").replace_strict(_prefer(types, k), default=9).alias("p"))
            .sort("p", "unit_id")
            .filter(pl.col("p") < 9)["unit_id"][:1]
            for types in (_FIRST_TYPES, _SECOND_TYPES)
        ]
        for j, unit in enumerate(pl.concat(chosen)):
            for row in mine.filter(pl.col("unit_id") == unit).sort("year").iter_rows(named=True):
                row["docx"] = j == 0 and row["year"] == REPORT_YEARS[-1]
                row["n_problems"] = int(rng.integers(2, 5))
                row["n_measures"] = int(rng.integers(3, 6))
                row["order"] = rng.permutation(len(_PROBLEMS)).tolist()
                row["sessions"] = int(rng.integers(8, 16))
                row["rising"] = bool(rng.random() < _RISING[row["year"]])
                plan.append(row)
    return plan


def _unit_title(report: dict) -> str:
    """The unit as its report names it: '电气工程学院党委', '研究生第二党支部' (no level written twice)."""
    unit = report["unit_name"]
    return unit if unit.endswith(("支部", report["org_level"])) else unit + report["org_level"]


def _title(report: dict) -> str:
    return f"{_unit_title(report)}书记{report['year']}年度抓基层党建工作述职报告"


def _schedule(plan: list[dict]) -> str:
    """The 述职安排 sheet as CSV: one row per report (mode as the meeting had it, a date in the next January)."""
    mode = {"onsite": "现场述职", "written": "书面述职"}
    rows = ["学校,年度,单位,述职人,述职方式,报告题目,述职日期"]
    rows += [
        f"{r['institution']},{r['year']},{_unit_title(r)},{r['secretary']},{mode[r['mode']]},{_title(r)},"
        f"{r['year'] + 1}-01-{8 + k % 20:02d}"
        for k, r in enumerate(plan)
    ]
    return "\n".join(rows) + "\n"


def _prefer(types: tuple[str, str], k: int) -> dict[str, int]:
    """Type → preference for the k-th institution: the two types take turns at being first."""
    return {types[k % 2]: 0, types[1 - k % 2]: 1}


def _paragraphs(report: dict) -> list[tuple[str, int | None]]:
    """(text, heading level or None) of one report."""
    year, work = report["year"], _TYPE_WORK[report["unit_type"]]
    theme = _YEAR_THEME[year]
    words = {f"w{i}": w for i, w in enumerate(work)} | {f"t{i}": w for i, w in enumerate(theme)}
    order = report["order"]
    unit, title = _unit_title(report), _title(report)
    lines: list[tuple[str, int | None]] = [
        (title, 0),
        (f"中共{report['institution']}委员会:", None),
        (
            f"{year}年,{unit}紧扣{theme[0]}和{work[0]},履行党建工作第一责任人职责。现将有关情况报告如下。",
            None,
        ),
        ("一、履行职责情况", 1),
    ]
    done = [*_DONE, _RISING_TEXT] if report["rising"] else _DONE
    lines += [
        (f"({'一二三四五'[i]}){text.format(**words, n=report['sessions'])}。", None)
        for i, text in enumerate(done)
    ]
    lines.append(("二、存在的问题", 1))
    lines += [
        (f"{'一二三四五'[i]}是{_PROBLEMS[order[i]].format(**words)}。", None)
        for i in range(report["n_problems"])
    ]
    lines.append(("三、下一步工作打算", 1))
    lines += [
        (f"({'一二三四五'[i]}){_MEASURES[order[i]].format(**words)}。", None)
        for i in range(report["n_measures"])
    ]
    lines.append((f"以上报告,请予审议。下一步将以{theme[0]}为契机,推动{work[1]}见到实效。", None))
    lines.append((f"述职人:{report['secretary']}", None))
    return lines


def _write_docx(path: Path, report: dict) -> None:
    import docx

    document = docx.Document()
    document.core_properties.comments = (
        "演示数据,单位与人名纯属虚构 / demo data: units and people are fictional"
    )
    for text, level in _paragraphs(report):
        text = text.translate(
            _FULL_WIDTH
        )  # a Chinese document's punctuation (the source keeps ASCII, ruff RUF001)
        if level is None:
            document.add_paragraph(text)
        else:
            document.add_heading(text, level=level)
    document.core_properties.created = document.core_properties.modified = dt.datetime(
        report["year"] + 1, 1, 10
    )
    buffer = io.BytesIO()
    document.save(buffer)
    # the same bytes on every run (a zip entry carries the time it was written): the sha256 is deterministic
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(
                zipfile.ZipInfo(info.filename, (2026, 1, 1, 0, 0, 0)), src.read(info), zipfile.ZIP_DEFLATED
            )
