"""Writes merged_units.xls and its twin merged_units.xlsx: the same sheet, a unit cell merged over two
rater-group rows, in the old binary format (BIFF8) and in Office Open XML.

    .venv/bin/pip install xlwt   # only to regenerate the .xls (xlwt is unmaintained; the file is committed)
    .venv/bin/python tests/data/make_bounds_fixtures.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
HEADER = ["学校", "年度", "单位", "票种", "好", "较好", "一般", "差"]
# (unit, rows): the unit is written once, in a cell merged over its rows
BODY = [
    ("松涛学院", [["A票", 9, 2, 1, 0], ["B票", 20, 6, 2, 1]]),
    ("云岭研究所", [["A票", 7, 4, 1, 0], ["B票", 15, 9, 3, 0]]),
    ("后勤管理处", [["A票", 6, 5, 1, 0]]),
]


def write_xls(path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("2022")
    for j, h in enumerate(HEADER):
        ws.write(0, j, h)
    r = 1
    for unit, rows in BODY:
        for i, row in enumerate(rows):
            ws.write(r + i, 0, "青峰大学")
            ws.write(r + i, 1, 2022)
            for j, v in enumerate(row, start=3):
                ws.write(r + i, j, v)
        if len(rows) > 1:
            ws.write_merge(r, r + len(rows) - 1, 2, 2, unit)
        else:
            ws.write(r, 2, unit)
        r += len(rows)
    wb.save(str(path))


def write_xlsx(path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("2022")
    ws.write_row(0, 0, HEADER)
    r = 1
    for unit, rows in BODY:
        for i, row in enumerate(rows):
            ws.write_row(r + i, 0, ["青峰大学", 2022])
            ws.write_row(r + i, 3, row)
        if len(rows) > 1:
            ws.merge_range(r, 2, r + len(rows) - 1, 2, unit)
        else:
            ws.write(r, 2, unit)
        r += len(rows)
    wb.close()


if __name__ == "__main__":
    write_xls(HERE / "merged_units.xls")
    write_xlsx(HERE / "merged_units.xlsx")
