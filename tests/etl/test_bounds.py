"""Bounded input: a cell over the length bound rejects its row (nothing truncated), rows, sheets and merged ranges
over their bounds refuse the file before the cost is paid, merged ranges are filled in time linear in the cells
used, formulas give their cached values (and one without refuses the workbook), and an .xls keeps its merged
unit cells like the same .xlsx."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from etl.load import ingest
from etl.messages import SourceError
from etl.sources import grid
from etl.sources.grid import read_grids
from warehouse.settings import Settings
from warehouse.store import Store

from .conftest import rows

REPO = Path(__file__).resolve().parents[2]
HEADER = ["学校", "年度", "单位", "好", "较好", "一般", "差"]


@pytest.fixture(autouse=True)
def default_limits():
    """Each test starts from the default limits and leaves them so."""
    grid.configure(Settings())
    yield
    grid.configure(Settings())


def _csv(path: Path, body: list[list], header=HEADER) -> Path:
    lines = [",".join(map(str, header))] + [",".join(map(str, r)) for r in body]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = xlsxwriter.Workbook(path)
    for name, body in sheets.items():
        ws = wb.add_worksheet(name)
        for i, row in enumerate(body):
            ws.write_row(i, 0, row)
    wb.close()
    return path


def _with_merges(src: Path, dst: Path, refs: list[str]) -> Path:
    """`src` with the merged ranges `refs` added to its first sheet's XML."""
    merges = "".join(f'<mergeCell ref="{r}"/>' for r in refs).encode()
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            data = a.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetData><mergeCells>" + merges + b"</mergeCells>")
            b.writestr(info, data)
    return dst


def _no_engine(monkeypatch):
    """Make opening the workbook with the spreadsheet engine fail loudly: a refusal must come before it."""

    def refuse(*_a, **_k):
        raise AssertionError("the engine was opened before the bound was checked")

    monkeypatch.setattr(grid.fastexcel, "read_excel", refuse)


# ---------------------------------------------------------------- cell length


def test_a_fifty_megabyte_unit_name_rejects_its_row_quickly_and_the_others_load(tmp_path, store):
    path = tmp_path / "青峰大学2023.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(",".join(HEADER) + "\n")
        fh.write("青峰大学,2023,松涛学院,5,3,1,0\n")
        fh.write("青峰大学,2023," + "长" * 50_000_000 + ",5,3,1,0\n")
        fh.write("青峰大学,2023,云岭研究所,4,4,1,0\n")
    assert path.stat().st_size > 150_000_000  # 50 M characters of three bytes each
    started = time.process_time()
    (result,) = ingest(store, [path])
    assert time.process_time() - started < 30  # was 103 s and 2.4 GB for a 50 MB cell
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    (reject,) = result.rejects
    assert (reject.reason, reject.row_number, reject.column) == ("cell_too_long", 3, "C")
    assert len(reject.value) < 30  # the message shows the start of the cell, not 50 MB
    assert "50,000,000" in reject.message_en and "row 3" in reject.message_en and "第3行" in reject.message_zh
    assert "nothing was truncated" in reject.message_en
    units = rows(store, "select unit from appraisal order by unit")
    assert [u["unit"] for u in units] == ["云岭研究所", "松涛学院"]
    stored = rows(store, "select reason, row_number from etl_rejects")
    assert stored == [{"reason": "cell_too_long", "row_number": 3}]


def test_a_single_line_file_of_one_huge_cell_is_refused(tmp_path, store):
    path = tmp_path / "one_line.csv"
    path.write_bytes(b"x" * 50_000_000)
    started = time.process_time()
    (result,) = ingest(store, [path])
    assert time.process_time() - started < 30
    assert (result.status, result.rows_loaded) == ("failed", 0)
    assert [(r.reason, r.row_number, r.column) for r in result.rejects] == [("cell_too_long", 1, "A")]
    assert not store.exists()  # nothing loaded, so no version was made (issue 14: failed runs make none)


def test_a_long_cell_in_a_workbook_rejects_its_row(tmp_path, store):
    grid.configure(Settings(max_cell_chars=40))
    path = _xlsx(
        tmp_path / "青峰大学2023.xlsx",
        {
            "2023": [
                HEADER,
                ["青峰大学", 2023, "松涛学院", 5, 3, 1, 0],
                ["青峰大学", 2023, "云" * 41, 4, 4, 1, 0],
            ]
        },
    )
    (result,) = ingest(store, [path])
    assert (result.rows_loaded, [(r.reason, r.sheet, r.row_number, r.column) for r in result.rejects]) == (
        1,
        [("cell_too_long", "2023", 3, "C")],
    )


def test_the_cell_bound_is_a_setting_read_by_the_command_line(tmp_path):
    path = _csv(
        tmp_path / "青峰大学2023.csv",
        [
            ["青峰大学", 2023, "松涛学院", 5, 3, 1, 0],
            ["青峰大学", 2023, "云岭研究所附属实验中学党支部", 4, 4, 1, 0],
        ],
    )
    env = {**os.environ, "PINGYI_MAX_CELL_CHARS": "10"}
    proc = subprocess.run(
        [sys.executable, "-m", "pingyi", "ingest", str(path), "--db", str(tmp_path / "w.duckdb"), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    (file,) = json.loads(proc.stdout)["files"]
    assert (file["rows_loaded"], [r["reason"] for r in file["rejects"]]) == (1, ["cell_too_long"]), (
        proc.stderr
    )


# ---------------------------------------------------------------- rows and sheets


def test_too_many_rows_refuse_a_csv(tmp_path, store):
    grid.configure(Settings(max_rows=5))
    path = _csv(
        tmp_path / "青峰大学2023.csv", [["青峰大学", 2023, f"第{i}党支部", 5, 3, 1, 0] for i in range(10)]
    )
    (result,) = ingest(store, [path])
    assert (result.status, result.rows_loaded, [r.reason for r in result.rejects]) == (
        "failed",
        0,
        ["too_many_rows"],
    )
    assert (
        "more rows than the limit" in result.rejects[0].message_en and "> 5" in result.rejects[0].message_en
    )
    assert "行数超过上限" in result.rejects[0].message_zh


def test_too_many_rows_refuse_a_workbook_before_the_engine_reads_it(tmp_path, monkeypatch):
    path = _xlsx(
        tmp_path / "big.xlsx",
        {"2023": [HEADER] + [["青峰大学", 2023, f"第{i}党支部", 5, 3, 1, 0] for i in range(10)]},
    )
    grid.configure(Settings(max_rows=5))
    _no_engine(monkeypatch)
    with pytest.raises(SourceError) as err:
        read_grids(path)
    assert (err.value.reject.reason, err.value.reject.sheet) == ("too_many_rows", "2023")


def test_too_many_sheets_refuse_a_workbook_before_the_engine_reads_it(tmp_path, monkeypatch):
    path = _xlsx(tmp_path / "sheets.xlsx", {str(2016 + i): [HEADER] for i in range(4)})
    grid.configure(Settings(max_sheets=3))
    _no_engine(monkeypatch)
    with pytest.raises(SourceError) as err:
        read_grids(path)
    assert err.value.reject.reason == "too_many_sheets" and "4 > 3" in str(err.value)
    assert "more sheets than the limit" in err.value.reject.message_en


# ---------------------------------------------------------------- merged ranges


@pytest.fixture
def sheet_700(tmp_path) -> Path:
    return _xlsx(
        tmp_path / "base.xlsx",
        {"2023": [HEADER] + [["青峰大学", 2023, f"第{i}党支部", 5, 3, 1, 0] for i in range(700)]},
    )


def test_350000_merged_ranges_are_refused_before_the_engine_reads_them(tmp_path, sheet_700, monkeypatch):
    bomb = _with_merges(sheet_700, tmp_path / "merged.xlsx", ["A2:G701"] * 350_000)
    assert bomb.stat().st_size < 200_000
    _no_engine(monkeypatch)
    started = time.process_time()
    with pytest.raises(SourceError) as err:
        read_grids(bomb)
    assert time.process_time() - started < 5
    assert err.value.reject.reason == "too_many_merged" and "> 50,000" in str(err.value)
    assert "merged ranges than the limit" in err.value.reject.message_en


def test_merged_ranges_are_filled_in_time_linear_in_the_cells_used(tmp_path, sheet_700):
    """With the bound lifted, 350,000 copies of one range over the 4,900 cells of a sheet cost what one does
    (the old fill wrote 1.7 billion cells), and ranges that differ only outside the sheet count once too."""
    grid.configure(Settings(max_merged_ranges=1_000_000))
    same = _with_merges(sheet_700, tmp_path / "same.xlsx", ["A2:G701"] * 350_000)
    beyond = _with_merges(sheet_700, tmp_path / "beyond.xlsx", [f"A2:G{701 + i}" for i in range(350_000)])
    for path in (same, beyond):
        started = time.process_time()
        (sheet,) = read_grids(path)
        assert time.process_time() - started < 10, path.name
        assert sheet.frame.height == 701
        assert set(sheet.frame.slice(1).to_series(2)) == {"青峰大学"}  # A2 spread over the range
        assert set(sheet.frame.slice(1).to_series(6)) == {"青峰大学"}


def test_overlapping_merged_ranges_refuse_the_sheet(tmp_path, sheet_700):
    path = _with_merges(sheet_700, tmp_path / "overlap.xlsx", ["C2:C3", "C3:C4"])
    with pytest.raises(SourceError) as err:
        read_grids(path)
    reject = err.value.reject
    assert (reject.reason, reject.row_number, reject.column) == ("merged_overlap", 3, "C")
    assert "C2:C3" in str(err.value) and "C3:C4" in str(err.value)


def test_an_xls_keeps_its_merged_unit_cells_like_the_same_xlsx(data, tmp_path):
    loaded = {}
    for suffix in ("xls", "xlsx"):
        store_ = Store.at(tmp_path / f"{suffix}.duckdb")
        (result,) = ingest(store_, [data / f"merged_units.{suffix}"])
        assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 5, 0), result.rejects
        loaded[suffix] = rows(
            store_,
            "select unit_name as unit, rater_group, votes_good from raw_ratings order by unit, rater_group",
        )
    assert loaded["xls"] == loaded["xlsx"]
    assert [(r["unit"], r["rater_group"]) for r in loaded["xls"]] == [
        ("云岭研究所", "A票"),
        ("云岭研究所", "B票"),
        ("后勤管理处", "A票"),
        ("松涛学院", "A票"),
        ("松涛学院", "B票"),
    ]


# ---------------------------------------------------------------- formulas


def test_formulas_give_their_cached_values(tmp_path, store):
    path = tmp_path / "2021年.xlsx"  # the sheet name says 2021; the formula's value says 2023
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("2021")
    ws.write_row(0, 0, HEADER)
    ws.write(1, 0, "青峰大学")
    ws.write_formula(1, 1, "=2020+3", None, 2023)
    ws.write_formula(1, 2, '="松涛"&"学院"', None, "松涛学院")
    ws.write_row(1, 3, [5, 3, 1, 0])
    ws.write_formula(1, 3, "=2+3", None, 5)
    wb.close()
    (result,) = ingest(store, [path])
    assert (result.rows_loaded, result.rows_rejected) == (1, 0)
    assert rows(store, "select year, unit_name as unit, votes_good from raw_ratings") == [
        {"year": 2023, "unit": "松涛学院", "votes_good": 5}
    ]


def test_a_formula_without_a_cached_value_refuses_the_workbook(tmp_path, store):
    path = tmp_path / "青峰大学.xlsx"
    wb = openpyxl.Workbook()  # openpyxl writes formulas and never their values
    ws = wb.active
    ws.title = "2021"
    ws.append(HEADER)
    ws.append(["青峰大学", "=2020+3", "松涛学院", 5, 3, 1, 0])
    ws.append(["青峰大学", 2023, '="云岭"&"研究所"', 4, 4, 1, 0])
    wb.save(path)
    (result,) = ingest(store, [path])
    assert (result.status, result.rows_loaded) == ("failed", 0)
    (reject,) = result.rejects
    assert (reject.reason, reject.sheet, reject.value) == ("formula_without_value", "2021", "B2, C3")
    assert "no computed (cached) value" in reject.message_en and "公式没有计算结果" in reject.message_zh
    assert "open and save it in Excel" in reject.message_en
    assert not store.exists()  # nothing loaded (no year taken from the sheet name): no version was made


def test_an_xlsx_named_xls_is_read_by_its_content(data, tmp_path, store):
    """Some systems export Office Open XML under the .xls name: read by content, merged cells and all."""
    renamed = tmp_path / "merged_units.xls"
    renamed.write_bytes((data / "merged_units.xlsx").read_bytes())
    (result,) = ingest(store, [renamed])
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 5, 0), result.rejects


def test_a_registry_row_with_a_long_cell_is_rejected_too(tmp_path, store):
    grid.configure(Settings(max_cell_chars=30))
    path = tmp_path / "units.csv"
    path.write_text(
        "学校,单位编号,单位,单位类型\n青峰大学,U01,松涛学院,学院\n青峰大学,U02," + "云" * 31 + ",学院\n",
        encoding="utf-8",
    )
    (result,) = ingest(store, [path], kind="units")
    assert (result.rows_read, result.rows_loaded) == (2, 1)
    assert [(r.reason, r.row_number, r.column) for r in result.rejects] == [("cell_too_long", 3, "C")]


def test_a_unit_name_over_its_bound_rejects_its_row_named(tmp_path, store):
    """A unit name of 101 characters (under the cell bound) is no unit name: its row is rejected with its row,
    column and length; a name of exactly 100 loads."""
    exact, over = "松" * 96 + "研究中心", "云" * 97 + "研究中心"
    path = _csv(
        tmp_path / "青峰大学2023.csv",
        [
            ["青峰大学", 2023, "松涛学院", 5, 3, 1, 0],
            ["青峰大学", 2023, over, 4, 4, 1, 0],
            ["青峰大学", 2023, exact, 6, 2, 1, 0],
        ],
    )
    (result,) = ingest(store, [path])
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    (reject,) = result.rejects
    assert (reject.reason, reject.row_number, reject.column) == ("unit_name_too_long", 3, "单位")
    assert reject.value == "云" * 20 + "…"
    assert "单位名称过长" in reject.message_zh and "第3行" in reject.message_zh
    assert "(101 字符 / characters > 100)" in reject.message_en and "row 3" in reject.message_en
    assert sorted(u["unit"] for u in rows(store, "select unit from appraisal")) == sorted(["松涛学院", exact])


def test_the_unit_name_bound_is_a_setting(tmp_path):
    path = _csv(
        tmp_path / "青峰大学2023.csv",
        [
            ["青峰大学", 2023, "松涛学院", 5, 3, 1, 0],
            ["青峰大学", 2023, "云岭研究所附属实验中学党支部", 4, 4, 1, 0],
        ],
    )
    env = {**os.environ, "PINGYI_MAX_UNIT_NAME_CHARS": "8"}
    proc = subprocess.run(
        [sys.executable, "-m", "pingyi", "ingest", str(path), "--db", str(tmp_path / "w.duckdb"), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    (file,) = json.loads(proc.stdout)["files"]
    assert (file["rows_loaded"], [r["reason"] for r in file["rejects"]]) == (1, ["unit_name_too_long"]), (
        proc.stderr
    )
