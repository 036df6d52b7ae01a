"""Reject reasons: a code and a message in Chinese and English, naming file, row and column."""

from __future__ import annotations

from dataclasses import dataclass

REASONS: dict[str, tuple[str, str]] = {
    "missing_unit": ("缺少单位名称", "unit name is missing"),
    "unit_name_too_long": ("单位名称过长,该行未载入", "the unit name is too long; the row was not loaded"),
    "missing_year": (
        "缺少年度(可在列、标题行、文件名或 --year 中给出)",
        "year is missing (give it in a column, the title row, the file name or --year)",
    ),
    "bad_year": ("年度不是 2000–2100 之间的整数", "year is not a whole number between 2000 and 2100"),
    "missing_institution": (
        "缺少学校名称(可在列、标题行或 --institution 中给出)",
        "institution is missing (give it in a column, the title row or --institution)",
    ),
    "not_a_count": ("票数不是非负整数", "vote count is not a non-negative whole number"),
    "percent_not_count": ("此列应为票数,不能是百分比", "this column takes vote counts, not percentages"),
    "negative_count": ("票数不能为负数", "vote count cannot be negative"),
    "count_too_large": ("数值大得不合理(超过 100000)", "implausibly large number (over 100000)"),
    "no_meeting_facts": (
        "文中找不到述职评议会议的院校、年度或日期",
        "no institution, year or date of an appraisal meeting found in the text",
    ),
    "load_error": (
        "载入时出错,本文件未载入",
        "an error occurred while loading; nothing of this file was loaded",
    ),
    "out_of_scope": (
        "文件涉及您无权载入的院校,本文件未载入;请让授权该院校的管理员载入",
        "the file names institutions outside your scope; nothing of it was loaded — ask an admin granted them to load it",
    ),
    "control_character_in_name": (
        "文件名或显示名含控制字符(如 NUL、换行),未读取;请重命名文件后再载入",
        "the file name or label holds a control character (e.g. NUL, newline) and was not read; rename the file and load it again",
    ),
    "permission_denied": (
        "没有读取该文件的权限,未读取;请检查文件权限或以有权限的用户运行",
        "no permission to read the file, it was not read; check its permissions or run as a user who may read it",
    ),
    "no_rating": ("该行既无票数、得分,也无等次", "the row has neither vote counts, a score nor a grade"),
    "roster_without_mode": ("名单中该行没有述职方式", "this roster row gives no reporting mode"),
    "aggregate_row": (
        "合计或汇总行(多个单位合在一起),不是一个单位,未载入",
        "a total or summary row (several units together) is not a unit; not loaded",
    ),
    "secretary_without_unit": ("该行有书记但没有单位名称", "the row names a secretary but no unit"),
    "conflict_between_files": (
        "同一单位(同一年度、票种、项目)出现在本次载入的两个文件中,两处均未载入",
        "the same unit (same year, rater group and item) is in two files of this load; neither was loaded",
    ),
    "conflict_earlier_batch": (
        "该单位该年度已由更早的批次载入且内容不同;如要替换请用 --replace(上传页:选择“替换”)",
        "this unit-year was loaded by an earlier batch with other values; to replace it use --replace (upload page: choose “replace”)",
    ),
    "votes_exceed_voters": (
        "各等次票数与弃权之和超过参评人数",
        "votes plus abstentions exceed the number of voters",
    ),
    "bad_score": ("得分不是 0–100 之间的数", "score is not a number between 0 and 100"),
    "unknown_grade": ("无法识别的等次(应为 好/较好/一般/差)", "unknown grade (expected 好/较好/一般/差)"),
    "unknown_mode": (
        "无法识别的述职方式(应为 现场/书面/口头/实地/线上)",
        "unknown reporting mode (expected 现场/书面/口头/实地/线上)",
    ),
    "unknown_unit_type": ("无法识别的单位类型", "unknown unit type"),
    "bad_rank": ("排名不是正整数", "rank is not a positive whole number"),
    "duplicate_row": (
        "与同一文件中的另一行重复(同一单位、年度、票种、项目)",
        "duplicates another row of the same file (same unit, year, rater group and item)",
    ),
    "unreadable_file": ("无法读取文件", "the file cannot be read"),
    "no_header": (
        "找不到可识别的表头行(需要“单位”列,以及票数、得分、等次或述职方式列之一)",
        "no recognisable header row (a unit column and one of vote, score, grade or reporting-mode columns are needed)",
    ),
    "unsupported_file": ("不支持的文件类型", "unsupported file type"),
    "content_mismatch": ("文件内容与扩展名不符", "the file's content does not match its extension"),
    "zip_bomb": ("文件解压后大得不合理,已拒绝", "the file unpacks to an implausible size and was refused"),
    "bad_scheme": ("口径文件有误", "invalid scheme"),
    "bad_date": ("日期无法识别(应为 YYYY-MM-DD)", "unrecognised date (expected YYYY-MM-DD)"),
    "missing_unit_code": ("缺少单位编号", "unit id is missing"),
    "bad_org_level": (
        "无法识别的组织层级(应为 党委/党总支/党支部/直属党支部/分党委/党工委)",
        "unknown org level",
    ),
    "unit_code_conflict": (
        "同一单位编号对应了不同的单位类型或上级",
        "one unit id with different types or parents",
    ),
    # read-time bounds and encodings (etl.sources.grid, etl.sources.encodings; limits in warehouse.settings)
    "cell_too_long": (
        "单元格内容过长,该行未载入(未作截断)",
        "a cell is too long; the row was not loaded (nothing was truncated)",
    ),
    "too_many_rows": (
        "工作表行数超过上限,文件未载入",
        "the sheet has more rows than the limit; the file was not loaded",
    ),
    "too_many_sheets": (
        "工作表数量超过上限,文件未载入",
        "the workbook has more sheets than the limit; the file was not loaded",
    ),
    "too_many_merged": (
        "合并单元格区域数量超过上限,文件未载入",
        "the sheet has more merged ranges than the limit; the file was not loaded",
    ),
    "merged_overlap": (
        "合并单元格区域相互重叠(文件已损坏),文件未载入",
        "merged ranges overlap (a damaged file); the file was not loaded",
    ),
    "formula_without_value": (
        "公式没有计算结果(缓存值),文件未载入",
        "a formula has no computed (cached) value; the file was not loaded",
    ),
    "unknown_encoding": (
        "无法识别的文字编码,文件未载入;请另存为 UTF-8 或 GB18030",
        "unsupported text encoding; the file was not loaded: save it as UTF-8 or GB18030",
    ),
    "undecodable_row": (
        "该行文字编码无法识别,未载入",
        "this row's text is in no recognised encoding; not loaded",
    ),
}


@dataclass(frozen=True)
class Reject:
    """One rejected source row (row_number is the 1-based row in the sheet as a person sees it)."""

    file: str
    sheet: str | None
    row_number: int | None
    column: str | None
    value: str | None
    reason: str
    detail: str = ""

    @property
    def message_zh(self) -> str:
        return _compose(self, REASONS[self.reason][0], "文件", "工作表", "第{}行", "列", "值", self.detail)

    @property
    def message_en(self) -> str:
        return _compose(
            self, REASONS[self.reason][1], "file", "sheet", "row {}", "column", "value", self.detail
        )


def _compose(r: Reject, text: str, f: str, s: str, row: str, col: str, val: str, detail: str) -> str:
    where = [f"{f} {r.file}"]
    if r.sheet:
        where.append(f"{s} {r.sheet}")
    if r.row_number is not None:
        where.append(row.format(r.row_number))
    if r.column:
        where.append(f"{col} {r.column}")
    if r.value not in (None, ""):
        where.append(f"{val} {r.value!r}")
    tail = f" ({detail})" if detail else ""
    return f"{text}{tail}: " + ", ".join(where)


class SourceError(Exception):
    """A whole file cannot be loaded; carries a Reject describing why."""

    def __init__(self, reject: Reject):
        super().__init__(f"{reject.message_zh} / {reject.message_en}")
        self.reject = reject
