"""Kind detection reads only a CSV's first rows: the answer must be the one the whole grid gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from etl.sources import grid
from etl.sources.grid import leading_rows, read_grids

DATA = Path(__file__).resolve().parents[1] / "data"
TABLES = sorted(p for p in DATA.iterdir() if p.suffix in (".csv", ".txt"))


def _whole(path: Path, n: int = 10) -> list[list[str]]:
    try:
        grids = read_grids(path)
    except grid.SourceError:
        return []
    return [[c for c in row if c] for g in grids for row in g.frame.head(n).iter_rows()]


@pytest.mark.parametrize("path", TABLES, ids=[p.name for p in TABLES])
def test_leading_rows_of_a_csv_are_those_of_the_whole_grid(path):
    assert leading_rows(path) == _whole(path)


def test_a_short_read_does_not_parse_the_whole_file(tmp_path, monkeypatch):
    path = tmp_path / "名册.csv"
    path.write_text("单位编号,单位\n" + "".join(f"U{i},第{i}学院\n" for i in range(5000)), encoding="utf-8")
    seen = []
    real = grid.pl.read_csv
    monkeypatch.setattr(grid.pl, "read_csv", lambda *a, **k: seen.append(k["n_rows"]) or real(*a, **k))
    assert leading_rows(path, 3) == [["单位编号", "单位"], ["U0", "第0学院"], ["U1", "第1学院"]]
    assert (
        seen == []
    )  # a plain CSV (no quotes, no whitespace to strip): its first lines are split, no polars parse
    quoted = tmp_path / "名册2.csv"
    quoted.write_text(
        '单位编号,"单位"\n' + "".join(f"U{i},第{i}学院\n" for i in range(5000)), encoding="utf-8"
    )
    assert leading_rows(quoted, 3) == [["单位编号", "单位"], ["U0", "第0学院"], ["U1", "第1学院"]]
    assert seen == [3]  # quotes: polars parses the first rows alone


def test_a_plain_csv_short_read_is_the_polars_short_read(tmp_path, monkeypatch):
    """The first rows split in Python are those polars' short read gives: same frame, dtypes and nulls."""
    from polars.testing import assert_frame_equal

    texts = [
        "单位,好,较好\n甲学院,1,2\n乙学院,,3.0\n丙学院\n",
        '\ufeff2023年度评议结果\n单位,好,"",得分\n甲,3,"",95.50\n乙,-2.00,"",1.0e\n',
        "a\tb\n1\t2\t3\n",
        "单位编号,单位\nU1,甲\n\nU2,乙\n",  # an empty line: not split in Python (polars' rule)
    ]
    for i, text in enumerate(texts):
        path = tmp_path / f"t{i}.{'tsv' if chr(9) in text else 'csv'}"
        path.write_bytes(text.encode("utf-8"))
        for n in (1, 2, 3, 10):
            fast = grid.leading(path, n, whole=False).sheets
            monkeypatch.setattr(grid, "_leading_plain_csv", lambda *a: None)
            slow = grid.leading(path, n, whole=False).sheets
            monkeypatch.undo()
            assert len(fast) == len(slow) == 1
            assert_frame_equal(fast[0], slow[0])


def test_more_lines_than_the_row_bound_fall_back_to_the_whole_read(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_text("单位,好\n" + "甲学院,1\n" * 50, encoding="utf-8")
    bounded = dataclasses.replace(grid.limits(), rows=20)
    monkeypatch.setattr(grid, "limits", lambda: bounded)
    assert leading_rows(path) == []  # the whole file is over the bound: unreadable, as before
