"""The tables of the 数据载入 page, each in one language: what a dry run or load did per file, the rows it would load,
the rejected rows and why, what it changes per institution-year, the columns found in a file, the batch history and
the rollback preview cut to an admin's institutions, and the audit log. Pure functions (no Streamlit)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl

from dashboard import labels as lab
from dashboard.i18n import translate
from warehouse.access import ROLE_ZH
from warehouse.load_report import FileReport, LoadReport

STATUS_ZH: dict[str, str] = {
    "loaded": "已载入",
    "unchanged": "无变化(已载入过)",
    "failed": "未能载入",
    "dry-run": "可载入(试运行)",
    "replaced": "已被替换",
    "superseded": "已被新数据取代",
    "refused": "被拒绝",
}
KIND_ZH: dict[str, str] = {
    "ratings": "评议结果",
    "units": "单位名录",
    "scheme": "评分口径",
    "reports": "述职报告",
    "articles": "新闻与通知",
    "roster": "述职名单",
    "results": "评议结果",
    "auto": "自动识别",
    "demo": "演示数据",
}
EVENT_ZH: dict[str, str] = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "lockout": "账号锁定",
    "export": "导出",
    "upload": "上传",
    "load": "载入",
    "load_failed": "载入失败",
    "dry_run": "试运行(未写入)",
    "rollback": "回滚",
    "rollback_refused": "回滚被拒绝",
    "load_refused": "载入被拒绝",
}
OUTCOME_ZH: dict[str, str] = {"ok": "成功", "refused": "被拒绝", "failed": "失败"}
# the first rows a dry run would load: loader column → header shown, and the label kind of its codes
PREVIEW_COLUMNS: dict[str, tuple[str, str | None]] = {
    "institution": ("院校", None),
    "year": ("年度", None),
    "unit_name": ("单位", None),
    "unit_type": ("单位类型", "unit_type"),
    "rater_group": ("票种", None),
    "item": ("测评项目", None),
    "secretary": ("书记", None),
    "mode": ("述职方式", "mode"),
    "votes_good": ("好", None),
    "votes_fairly_good": ("较好", None),
    "votes_average": ("一般", None),
    "votes_poor": ("差", None),
    "voters": ("参评人数", None),
    "score": ("得分", None),
    "official_grade": ("评定等次", "grade"),
    "official_rank": ("排名", None),
    "rank": ("排名", None),
    "remarks": ("备注", None),
    "sheet": ("工作表", None),
    "source_row": ("源文件行号", None),
}


def _t(text: str, lang: str) -> str:
    return translate(text, lang)


def status_label(status: str | None, lang: str) -> str:
    return _t(STATUS_ZH[status], lang) if status in STATUS_ZH else str(status or "")


def kind_label(kind: str | None, lang: str) -> str:
    return _t(KIND_ZH[kind], lang) if kind in KIND_ZH else str(kind or "")


def shown_name(file_report: FileReport, names: dict[str, str]) -> str:
    """The name the browser sent for a file of the report (its saved name when there is no label)."""
    return names.get(file_report.source, Path(file_report.source).name)


def named(message: str | None, file_report: FileReport, names: dict[str, str]) -> str:
    """A loader message about a saved upload (upload-1.csv) naming the file as the admin uploaded it."""
    saved = Path(file_report.source).name
    return str(message or "").replace(saved, shown_name(file_report, names))


def summary_frame(report: LoadReport, names: dict[str, str], lang: str) -> pl.DataFrame:
    """One row per file: the uploaded name, kind, status, rows read / loaded (or that would load) / rejected, batch."""
    heads = [_t(h, lang) for h in ("文件", "类型", "状态", "读入行数", "载入行数", "拒绝行数", "批次")]
    rows = [
        [
            shown_name(f, names),
            kind_label(f.kind, lang),
            status_label(f.status, lang),
            f.rows_read,
            f.rows_loaded,
            f.rows_rejected,
            f.batch_id,
        ]
        for f in report.files
    ]
    types = [pl.String, pl.String, pl.String, pl.Int64, pl.Int64, pl.Int64, pl.String]
    return pl.DataFrame(rows, schema=dict(zip(heads, types, strict=True)), orient="row")


def rejects_frame(report: LoadReport, names: dict[str, str], lang: str) -> pl.DataFrame:
    """Every rejected row with its reason in the page's language, naming the uploaded file, sheet, row and column."""
    en = lang == "en"
    heads = [_t(h, lang) for h in ("文件", "工作表", "行", "列", "值", "原因")]
    rows = [
        [
            shown_name(f, names),
            r.sheet or "",
            "" if r.row is None else str(r.row),  # empty, not "None", for a file-level reason
            r.column or "",
            "" if r.value is None else r.value,
            named(r.message_en if en else r.message_zh, f, names),
        ]
        for f in report.files
        for r in f.rejects
    ]
    return pl.DataFrame(rows, schema={h: pl.String for h in heads}, orient="row")


def _filled(column: pl.Series) -> bool:
    """Has the column any value (null and "" count as empty)?"""
    values = column.drop_nulls()
    return bool(values.len()) and not (values.dtype == pl.String and (values.str.strip_chars() == "").all())


def preview_frame(report: LoadReport, names: dict[str, str], lang: str) -> pl.DataFrame:
    """The first rows each file would load, with the uploaded name in front; headers and codes in `lang`."""
    frames = []
    for f in report.files:
        if not f.preview:
            continue
        frame = pl.DataFrame(f.preview, infer_schema_length=None)
        # columns the file leaves empty (the votes of a grade list, the grade of a roster) are left out
        keep = [c for c in PREVIEW_COLUMNS if c in frame.columns and _filled(frame[c])]
        exprs = [pl.lit(shown_name(f, names)).alias(_t("文件", lang))]
        for column in keep:
            head, kind = PREVIEW_COLUMNS[column]
            expr = pl.col(column)
            if kind:
                expr = expr.cast(pl.String).replace(lab.names(kind, lang))
            exprs.append(expr.alias(_t(head, lang)))
        frames.append(frame.select(exprs))
    if not frames:
        return pl.DataFrame({_t("文件", lang): []}, schema={_t("文件", lang): pl.String})
    return pl.concat(frames, how="diagonal_relaxed")


def changes_frame(report: LoadReport, lang: str) -> pl.DataFrame:
    """Per institution-year and record kind: how many units would be added, changed, removed and kept."""
    heads = [_t(h, lang) for h in ("院校", "年度", "记录", "新增单位", "变更单位", "移除单位", "不变单位")]
    rows = [
        [
            c.institution,
            c.year,
            kind_label(c.record_kind, lang),
            len(c.added),
            len(c.changed),
            len(c.removed),
            c.unchanged,
        ]
        for c in report.changes
    ]
    types = [pl.String, pl.Int64, pl.String, pl.Int64, pl.Int64, pl.Int64, pl.Int64]
    return pl.DataFrame(rows, schema=dict(zip(heads, types, strict=True)), orient="row")


def columns_frame(file_report: FileReport, lang: str) -> pl.DataFrame:
    """The columns the loader found in a table file: header, up to three sample values, its guess."""
    from dashboard.mapping import field_label

    heads = [_t(h, lang) for h in ("表头", "示例值", "识别为")]
    rows = [
        [c.header, " · ".join(str(v) for v in c.samples[:3]), field_label(c.field, lang)]
        for c in file_report.columns
    ]
    return pl.DataFrame(rows, schema={h: pl.String for h in heads}, orient="row")


# ---------------------------------------------------------------- history and audit


HISTORY_SQL = """
    select batch_id, kind, source, status, rows_read, rows_loaded, rows_rejected, loaded_at, loaded_by,
        institution_years
    from raw_etl_batches
    order by loaded_at desc, batch_id desc
"""


def _institutions_of(raw: str | None) -> frozenset[str]:
    try:
        pairs = json.loads(raw) if raw else []
    except ValueError:
        return frozenset()
    return frozenset(str(p[0]) for p in pairs if isinstance(p, list | tuple) and p and p[0] is not None)


def batches(cur: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every load attempt recorded in the version `cur` reads, newest first, with the names of the institutions
    each touched (a list column). Who may see which: warehouse.access.batch_history."""
    frame = cur.sql(HISTORY_SQL).pl()
    touched = [sorted(_institutions_of(r)) for r in frame["institution_years"].to_list()]
    return frame.with_columns(pl.Series("institutions", touched, dtype=pl.List(pl.String))).drop(
        "institution_years"
    )


def history_frame(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The batch history as shown: headers, kinds and statuses in `lang`."""
    en = lang == "en"
    return frame.select(
        pl.col("loaded_at").dt.strftime("%Y-%m-%d %H:%M:%S").alias(_t("载入时间(UTC)", lang)),
        pl.col("source").alias(_t("文件", lang)),
        pl.col("kind")
        .map_elements(lambda k: kind_label(k, lang), return_dtype=pl.String)
        .alias(_t("类型", lang)),
        pl.col("status")
        .map_elements(lambda s: status_label(s, lang), return_dtype=pl.String)
        .alias(_t("状态", lang)),
        pl.col("rows_read").alias(_t("读入行数", lang)),
        pl.col("rows_loaded").alias(_t("载入行数", lang)),
        pl.col("rows_rejected").alias(_t("拒绝行数", lang)),
        pl.col("institutions").list.join(", " if en else "、").alias(_t("院校", lang)),
        pl.col("loaded_by").alias(_t("载入人", lang)),
        pl.col("batch_id").alias(_t("批次", lang)),
    )


def audit_visible(
    entry: dict, *, allowed: frozenset[str] | None, user: str, batches: set[str] = frozenset()
) -> bool:
    """An unscoped admin sees every audit entry; a scoped one their own, those naming only granted institutions
    and loads whose batches they may see (`batches`)."""
    if allowed is None:
        return True
    if user and entry.get("user") == user:
        return True
    named = entry.get("institutions")
    if isinstance(named, list) and named and set(map(str, named)) <= allowed:
        return True
    ids = [f.get("batch_id") for f in entry.get("files") or [] if isinstance(f, dict) and f.get("batch_id")]
    return bool(ids) and set(ids) <= set(batches)


AUDIT_FIXED = ("time", "event", "user", "role", "client", "outcome", "saved")  # saved: for upload_names only
DETAIL_ZH: dict[str, str] = {
    "files": "文件",
    "refused": "被拒绝的文件",
    "version": "版本",
    "current": "当前版本",
    "undone": "撤销的版本",
    "error": "错误",
    "reason": "原因",
    "source": "文件",
    "institutions": "院校",
    "batches": "批次",
    "method": "方式",
    "what": "内容",
    "format": "格式",
    "bytes": "字节数",
}
# values the dashboard and the command line record (other values, e.g. an error's text, are shown as recorded)
VALUE_ZH: dict[str, str] = {
    "password": "密码",
    "oidc": "单点登录",
    "demo": "演示",
    "busy": "请求过多",
    "unknown e-mail": "邮箱未登记",
    "unknown user": "用户未登记",
    "account removed": "账号已删除",
    "user locked": "账号已锁定",
    "client locked": "客户端已锁定",
}
CLIENT_ZH: dict[str, str] = {"local": "本机", "browser": "浏览器", "cli": "命令行"}


def upload_names(entries: list[dict]) -> dict[str, str]:
    """Saved upload path → the name the browser sent, from the page's upload entries (loads name the saved path)."""
    out: dict[str, str] = {}
    for e in entries:
        if e.get("event") == "upload" and isinstance(e.get("saved"), list):
            out.update({str(p[0]): str(p[1]) for p in e["saved"] if isinstance(p, list) and len(p) == 2})
    return out


def _detail(key: str, value, lang: str, names: dict[str, str]) -> str:
    en = lang == "en"

    def name(path) -> str:
        return names.get(str(path), Path(str(path)).name)

    if key == "files" and isinstance(value, list):
        parts = []
        for f in value:
            if isinstance(f, dict):
                counts = (
                    f"{f.get('rows_loaded', 0)} rows loaded, {f.get('rows_rejected', 0)} rejected"
                    if en
                    else f"载入 {f.get('rows_loaded', 0)} 行,拒绝 {f.get('rows_rejected', 0)} 行"
                )
                parts.append(f"{name(f.get('source', ''))} ({status_label(f.get('status'), lang)}; {counts})")
            else:
                parts.append(name(f) if "/" in str(f) else str(f))
        shown = ", ".join(parts)
    elif key == "source":
        shown = name(value)
    elif isinstance(value, list):
        shown = ", ".join(str(v) for v in value)
    elif isinstance(value, str) and value in VALUE_ZH:
        shown = _t(VALUE_ZH[value], lang)
    elif isinstance(value, str):
        shown = value.split(" / ", 1)[1 if en else 0] if " / " in value else value
    else:
        shown = json.dumps(value, ensure_ascii=False)
    return f"{_t(DETAIL_ZH[key], lang) if key in DETAIL_ZH else key}: {shown}"


def audit_frame(entries: list[dict], lang: str, names: dict[str, str] | None = None) -> pl.DataFrame:
    """The audit entries as shown: time, event, user, role, outcome, client and the details, in `lang` (uploaded
    files under the names the browser sent)."""
    names = names or {}
    heads = [_t(h, lang) for h in ("时间(UTC)", "事件", "用户", "角色", "结果", "客户端", "详情")]
    rows = []
    for e in entries:
        details = "; ".join(
            _detail(k, v, lang, names)
            for k, v in e.items()
            if k not in AUDIT_FIXED and v not in (None, "", [], {})
        )
        event = e.get("event")
        outcome = e.get("outcome")
        rows.append(
            [
                str(e.get("time", ""))[:19].replace("T", " "),
                _t(EVENT_ZH[event], lang) if event in EVENT_ZH else str(event or ""),
                e.get("user", ""),
                _t(ROLE_ZH[e["role"]], lang) if e.get("role") in ROLE_ZH else str(e.get("role") or ""),
                _t(OUTCOME_ZH[outcome], lang) if outcome in OUTCOME_ZH else str(outcome or ""),
                _t(CLIENT_ZH[e["client"]], lang)
                if e.get("client") in CLIENT_ZH
                else str(e.get("client") or ""),
                details,
            ]
        )
    return pl.DataFrame(rows, schema={h: pl.String for h in heads}, orient="row")
