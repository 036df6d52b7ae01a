"""Property tests: random and mutated files never crash the reader with a traceback, and nothing that breaks
the rules is ever accepted."""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.messages import SourceError
from etl.sources.ratings import read_ratings
from etl.validate import validate_ratings
from warehouse.vocabulary import GRADES, MODES, UNIT_TYPES

DATA = Path(__file__).parents[1] / "data"
HEADERS = [
    "学校",
    "年度",
    "单位",
    "票种",
    "好",
    "较好",
    "一般",
    "差",
    "弃权",
    "参评人数",
    "得分",
    "等次",
    "排名",
    "述职方式",
    "单位类型",
    "测评项目",
    "评价",
    "票数",
    "序号",
    "备注",
    "",
    "好(票)",
    "較好",
    "二级党组织",
]
CELLS = [
    "",
    "0",
    "3",
    "12",
    "１２",
    "12票",
    "-1",
    "3.5",
    "50%",
    "99.5",
    "101",
    "abc",
    "好",
    "较好",
    "优良",
    "现场",
    "书面",
    "远程",
    "2023",
    "20X3",
    "1999",
    "青石大学",
    "文学院党委",
    "機關黨委",
    "合计",
    "说明",
    "学院",
    "机关",
    "A票",
    "B票",
    " ",
    "\n",
    "99999999999999999999",
    "100001",
    "2147483648",
    "=1+1",
    "'; drop table raw_ratings; --",
    "<b>x</b>",
    "1e9",
    "NaN",
    "∞",
    "𠀀",
]

cell = st.sampled_from(CELLS) | st.text(max_size=6)
grid = st.lists(st.lists(cell, min_size=1, max_size=10), min_size=0, max_size=12)


def check_rules(rows) -> None:
    for r in rows.iter_rows(named=True):
        assert r["unit_name"] and r["institution"]
        assert 2000 <= r["year"] <= 2100
        votes = [r[f"votes_{g}"] for g in GRADES]
        assert all(v is None or (isinstance(v, int) and v >= 0) for v in [*votes, r["abstain"], r["voters"]])
        # a result (votes, a score or a published grade) or, for a roster, the reporting mode
        assert any(v is not None for v in votes) or r["score"] is not None or r["official_grade"] or r["mode"]
        if r["voters"] is not None:
            assert sum(v or 0 for v in votes) + (r["abstain"] or 0) <= r["voters"]
        assert r["score"] is None or 0 <= r["score"] <= 100
        assert r["official_grade"] in (None, *GRADES)
        assert r["mode"] in (None, *MODES)
        assert r["unit_type"] in UNIT_TYPES
        assert r["official_rank"] is None or r["official_rank"] >= 1
    keys = rows.select("institution", "year", "name_key", "rater_group", "item")
    assert keys.height == keys.unique().height, "a duplicate got through"


def read_all(path: Path) -> None:
    try:
        tables = read_ratings(path)
    except SourceError as err:
        assert err.reject.message_zh and err.reject.message_en
        return
    for table in tables:
        checked = validate_ratings(table, institution="青石大学", year=2023)
        check_rules(checked.rows)
        for reject in checked.rejects:
            assert reject.file == path.name and reject.message_zh and reject.message_en


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    for row in rows:
        out.write(",".join('"' + c.replace('"', '""') + '"' for c in row) + "\n")
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=10),
    body=grid,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    title=st.booleans(),
)
def test_random_csv_files(tmp_path, header, body, encoding, title):
    rows = ([["青石大学2023年度测评结果汇总表"]] if title else []) + [header] + body
    path = tmp_path / "random.csv"
    path.write_bytes(to_csv(rows).encode(encoding, errors="replace"))
    read_all(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8), body=grid, band=st.booleans())
def test_random_workbooks(tmp_path, header, body, band):
    path = tmp_path / "random.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("2023")
    start = 0
    if band:
        ws.merge_range(0, 0, 0, max(len(header) - 1, 1), "A票")
        start = 1
    for i, row in enumerate([header, *body], start=start):
        for j, value in enumerate(row):
            ws.write_string(i, j, value)
    wb.close()
    read_all(path)


FIXTURES = sorted(p for p in DATA.glob("ratings_*"))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    index=st.integers(0, len(FIXTURES) - 1),
    cuts=st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=4)), max_size=4),
    truncate=st.integers(0, 10_000),
)
def test_mutated_fixtures(tmp_path, index, cuts, truncate):
    source = FIXTURES[index]
    data = bytearray(source.read_bytes())
    for pos, junk in cuts:
        pos %= max(len(data), 1)
        data[pos : pos + len(junk)] = junk
    data = data[: max(truncate, len(data) // 2)]
    path = tmp_path / source.name
    path.write_bytes(bytes(data))
    read_all(path)
