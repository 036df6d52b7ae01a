"""Exports and the briefing pack of a grade-only institution and a roster-only year (issue #12): no crash, no 0 for
a mean of nothing, the metric named. 松溪学院: grades only for 2023, a roster for 2022 (tests/dashboard/grades_data.py)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from typer.testing import CliRunner

from dashboard import pack
from pingyi.commands.export import app
from tests.dashboard import grades_data
from tests.dashboard.conftest import ALL
from tests.dashboard.grades_data import SONGXI
from tests.dashboard.test_export import needs_chromium

# the fixture warehouse with a grade list and a roster (fixtures shared with the other grade-only tests)
gcur = grades_data.gcur
grades_connection = grades_data.grades_connection
grades_warehouse = grades_data.grades_warehouse


def _ids(gcur) -> dict[str, str]:
    return dict(gcur.execute("select name, institution_id from institutions").fetchall())


def _export(grades_warehouse, tmp_path, *args: str):
    return CliRunner().invoke(
        app,
        ["chart", "--format", "xlsx", "--out", str(tmp_path), "--db", str(grades_warehouse), *args],
    )


def _sheet(path) -> list[tuple]:
    book = openpyxl.load_workbook(path)
    return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]


# ---------------------------------------------------------------- pingyi export chart


def test_export_chart_of_a_grade_only_institution_uses_the_share_of_good_units(grades_warehouse, tmp_path):
    result = _export(
        grades_warehouse, tmp_path, "--page", "trends", "--chart", "type_trend", "--institutions", SONGXI
    )
    assert result.exit_code == 0, result.output
    assert "该校仅公布等次" in result.output and "--metric share_good" not in result.output
    (path,) = tmp_path.iterdir()
    book = openpyxl.load_workbook(path)
    rows = [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == ("单位类型", "年度", "“好”单位占比", "单位数", "每单位参评人数(中位数)")
    assert [r[:2] + (round(r[2], 4), r[3], r[4]) for r in rows[1:]] == [
        ("学院", 2023, 0.6667, 3, None),
        ("党支部", 2023, 0.3333, 3, None),
    ]  # no raters: an empty cell, never 0
    notes = " ".join(
        str(c) for sheet in book.worksheets[1:] for r in sheet.iter_rows(values_only=True) for c in r if c
    )
    assert "评为“好”的单位占比" in notes  # the selection line names the metric


def test_export_chart_with_a_metric_it_cannot_have_says_so(grades_warehouse, tmp_path):
    result = _export(
        grades_warehouse,
        tmp_path,
        "--page",
        "compare",
        "--chart",
        "institution_trend",
        "--institutions",
        SONGXI,
        "--metric",
        "score",
    )
    assert result.exit_code == 1
    assert "该校仅公布等次:" in result.output and "This institution published grades only" in result.output
    assert "无法计算平均得分" in result.output and "--metric share_good" in result.output
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())


def test_export_chart_of_a_mixed_selection_names_the_institution_left_out(grades_warehouse, tmp_path):
    result = _export(
        grades_warehouse,
        tmp_path,
        "--page",
        "compare",
        "--chart",
        "institution_trend",
        "--institutions",
        f"{SONGXI},青岚大学",
    )
    assert result.exit_code == 0, result.output
    assert "松溪学院 仅公布等次,没有好评率(好票占比),未计入此图" in result.output
    (path,) = tmp_path.iterdir()
    cells = {c for r in _sheet(path) for c in r}
    assert "青岚大学" in cells and SONGXI not in cells


# ---------------------------------------------------------------- the briefing pack


def test_pack_of_a_grade_only_year_counts_grades_and_names_the_metric(gcur):
    ids = _ids(gcur)
    content = pack.slides(gcur, scope=ALL, institution_id=ids[SONGXI], year=2023)
    assert [s.title for s in content] == [
        "松溪学院 述职评议简报",
        "总体情况",
        "各类单位趋势",
        "需关注单位",
        "口径与数据来源",
    ]
    # the overview page's cards (summary.cards): no mean, no 好评率, no 满意率 for a grade list
    kpis = {r[0]: r[1:] for r in content[1].table.iter_rows()}
    assert "平均得分" not in kpis and "好评率" not in kpis and "满意率(好+较好)" not in kpis
    # 2022 was a roster only: no year before to compare with
    assert kpis["评为“好”的单位占比"] == ("50.0%", "—", "")
    assert kpis["评议单位"] == ("6 个", "—", "")
    assert kpis["一般或差的单位"][0] == "1 个"
    # the units by grade: the grade_distribution view on the same slide
    assert list(content[1].figure.data[0].y) == [3, 2, 1, 0]
    # the overview's sentences (the page says the same)
    assert (
        content[1].lines[0] == "2023年度 松溪学院 共评议 6 个单位,评为“好”的单位 3 个,占有等次单位的 50.0%。"
    )
    assert "该校仅公布等次" in content[1].lines[2]
    trend = content[2]
    assert trend.figure is not None and "“好”单位占比" in trend.figure.layout.title.text
    assert [round(v, 4) for d in trend.figure.data for v in d.y] == [round(2 / 3, 4), round(1 / 3, 4)] or [
        round(v, 1) for d in trend.figure.data for v in d.y
    ] == [66.7, 33.3]
    attention = content[3].table
    assert attention.columns == ["单位", "类型", "等次", "关注原因"]
    assert attention.rows() == [("离退休党支部", "党支部", "一般", "等次为一般或差")]
    assert any("该校仅公布等次" in line for line in content[4].lines)


def test_pack_of_a_roster_only_year_is_refused_with_a_reason(gcur):
    ids = _ids(gcur)
    with pytest.raises(ValueError, match="只有述职名单.*only a roster"):
        pack.slides(gcur, scope=ALL, institution_id=ids[SONGXI], year=2022)


def test_pack_with_a_grade_only_peer_says_why_it_is_missing(gcur):
    ids = _ids(gcur)
    content = pack.slides(gcur, scope=ALL, institution_id=ids["青岚大学"], year=2023, peers=[ids[SONGXI]])
    peers = next(s for s in content if s.title == "与对比院校比较")
    assert "松溪学院 仅公布等次,没有好评率,未列入比较。" in peers.lines
    assert peers.table["院校"].to_list() == ["青岚大学"]


@needs_chromium
def test_pack_pptx_of_a_grade_only_institution_renders(gcur):
    from pptx import Presentation

    ids = _ids(gcur)
    data = pack.briefing_pack(gcur, scope=ALL, institution_id=ids[SONGXI], year=2023, fmt="pptx")
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert len(slides) == 5
    (table,) = [s.table for s in slides[1].shapes if s.has_table]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert ["评为“好”的单位占比", "50.0%", "—", ""] in cells
    assert not [row for row in cells if row[0] in ("平均得分", "好评率", "满意率(好+较好)")]


def test_cli_pack_of_a_roster_only_year_exits_1_with_the_reason(grades_warehouse, tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "pack",
            "--institution",
            SONGXI,
            "--year",
            "2022",
            "--format",
            "pptx",
            "--out",
            str(tmp_path),
            "--db",
            str(grades_warehouse),
        ],
    )
    assert result.exit_code == 1 and "只有述职名单" in result.output and "Traceback" not in result.output


def test_export_chart_of_a_roster_only_year_says_so(grades_warehouse, tmp_path):
    result = _export(
        grades_warehouse,
        tmp_path,
        "--page",
        "trends",
        "--chart",
        "grade_mix",
        "--institutions",
        SONGXI,
        "--year-from",
        "2022",
        "--year-to",
        "2022",
    )
    assert result.exit_code == 1
    assert "松溪学院 在所选年度只有述职名单" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.iterdir())
