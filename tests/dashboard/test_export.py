"""Exports: CSV/XLSX content against golden files, images from the warm Chromium, the briefing pack, the CLI.

Golden files live in tests/data/golden/ and are reviewed as diffs; rewrite them with
`PINGYI_UPDATE_GOLDEN=1 pytest tests/dashboard/test_export.py`.
"""

from __future__ import annotations

import io
import json
import os
import unicodedata
from pathlib import Path

import pytest

from dashboard import export, pack, render, views
from tests.dashboard.conftest import ALL
from warehouse.queries import Filters

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
UPDATE = bool(os.environ.get("PINGYI_UPDATE_GOLDEN"))
needs_chromium = pytest.mark.skipif(
    render.static_export_problem() is not None, reason=f"needs Chromium and CJK fonts: {render.INSTALL_HINT}"
)


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        if not UPDATE:
            pytest.fail(f"golden file {path.name} was missing and has been written: review it and run again")
    assert actual == path.read_text(encoding="utf-8"), (
        f"differs from {path}; review, then PINGYI_UPDATE_GOLDEN=1"
    )


CHARTS = ("type_trend", "distribution", "grade_mix", "institution_trend", "rank_heatmap", "yoy")
THREE = ("青岚大学", "澄江医科大学", "白沙学院")


@pytest.fixture(scope="module")
def items(connection):
    """The trends and compare views over the whole fixture warehouse (three institutions, 2022–2023)."""
    cur = connection.cursor()
    ask = views.Ask(Filters(ALL))
    return {name: views.build(name, views.CursorQuestions(cur), ask) for name in CHARTS}


@pytest.mark.parametrize("key", ["type_trend", "grade_mix", "institution_trend", "yoy"])
def test_csv_matches_golden_and_opens_in_excel(items, key):
    data = items[key].render("csv")
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM: Excel opens the Chinese intact"
    _golden(f"{key}.csv", data.decode("utf-8-sig"))


def _xlsx_content(data: bytes) -> dict:
    """What an analyst sees: sheets, cell values, the header's boldness and each column's number format."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        rows = [[cell.value for cell in row] for row in ws.iter_rows()]
        sheet = {"rows": [[round(v, 6) if isinstance(v, float) else v for v in row] for row in rows]}
        if ws.title != "说明":
            sheet["header_bold"] = all(c.font.b for c in ws[1])
            sheet["formats"] = {
                ws.cell(1, c).value: ws.cell(2, c).number_format for c in range(1, ws.max_column + 1)
            }
            sheet["frozen"] = ws.freeze_panes
        out[ws.title] = sheet
    return out


def _review_json(content: dict) -> str:
    """JSON with one spreadsheet row per line."""
    lines = ["{"]
    for i, (sheet, body) in enumerate(content.items()):
        lines.append(f"  {json.dumps(sheet, ensure_ascii=False)}: {{")
        for key, value in body.items():
            if key == "rows":
                rows = [json.dumps(r, ensure_ascii=False, default=str) for r in value]
                lines.append('    "rows": [\n      ' + ",\n      ".join(rows) + "\n    ],")
            else:
                lines.append(f"    {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
        lines[-1] = lines[-1].rstrip(",")
        lines.append("  }" + ("," if i < len(content) - 1 else ""))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == json.loads(json.dumps(content, ensure_ascii=False, default=str))
    return text


@pytest.mark.parametrize("key", ["type_trend", "yoy"])
def test_xlsx_content_matches_golden(items, key):
    content = _xlsx_content(items[key].render("xlsx", source="评议 Pingyi 数据仓库 版本 v000001"))
    assert list(content) == [items[key].title[:31], "说明"]
    notes = dict(content["说明"]["rows"])
    # what the data holds (not the sidebar): every institution of the frame, its years, the metric
    assert notes["数据范围"] == items[key].shows.text()
    assert all(n in notes["数据范围"] for n in THREE) and "年度:2022–2023" in notes["数据范围"]
    assert "口径" in notes["口径与说明"] and notes["数据来源"] == "评议 Pingyi 数据仓库 版本 v000001"
    _golden(f"{key}.xlsx.json", _review_json(content))


def test_xlsx_formats_shares_as_per_cent(items):
    content = _xlsx_content(items["type_trend"].render("xlsx"))
    sheet = content[items["type_trend"].title]
    assert sheet["header_bold"] and sheet["frozen"] == "A2"
    assert sheet["formats"]["好评率"] == "0.0%"
    assert sheet["formats"]["年度"] == "0"
    assert sheet["rows"][0][:3] == ["单位类型", "年度", "好评率"]


def test_file_names_are_safe_on_windows():
    assert export.file_name("青岚大学", "2022-2023", "各院校好评率的名次(1 = 所选院校中最高)", ext="png") == (
        "青岚大学_2022-2023_各院校好评率的名次(1 = 所选院校中最高).png"
    )
    name = export.file_name('a<b>c:"d/e\\f|g?h*', "x\x00y\x1fz", " 尾. ", ext="csv")
    assert name == "abc defgh_xyz_尾.csv"  # a colon becomes a space: "好评率:2018" → "好评率 2018"
    assert export.file_name("CON", ext="txt") == "_CON.txt"
    long = export.file_name("院" * 500, ext="xlsx")
    assert len(long) == export.MAX_NAME and long.endswith(".xlsx")
    assert export.institutions_part(["甲", "乙", "丙"]) == "甲等3所"
    assert export.years_part(2022, 2023) == "2022-2023" and export.years_part(2022, None) == "2022起"


def test_missing_chromium_says_what_to_install(monkeypatch, items):
    monkeypatch.setattr(render, "_server_started", False)
    monkeypatch.setattr(render, "browser_path", lambda: None)
    assert "apt-get install -y chromium fonts-noto-cjk" in render.static_export_problem()
    with pytest.raises(render.ExportUnavailable, match="apt-get install -y chromium fonts-noto-cjk"):
        items["type_trend"].render("png")


# ---------------------------------------------------------------- images (one warm Chromium for the module)


@needs_chromium
def test_png_decodes_at_the_expected_size_and_is_not_blank(items):
    from PIL import Image, ImageStat

    item = items["type_trend"]
    data = item.render("png")
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        framed = render.with_caption(item.figure, item.image_caption())
        assert im.size == (framed.layout.width * render.PNG_SCALE, framed.layout.height * render.PNG_SCALE)
        assert im.width == 2200
        grey = im.convert("L")
        assert grey.getextrema()[0] < 100, "no dark pixels: a blank image"
        assert ImageStat.Stat(grey).mean[0] > 200, "mostly white background (not black bars)"
        colours = im.convert("RGB").getcolors(maxcolors=1_000_000)
        assert len(colours) > 50


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# radicals (CJK Radicals Supplement) that Chromium's text layer gives for some characters; NFKC keeps them
_RADICALS = str.maketrans(
    {"⻘": "青", "⻔": "门", "⻓": "长", "⻋": "车", "⻅": "见", "⻛": "风", "⻚": "页", "⻢": "马"}
)


def _text(page) -> str:
    # Chromium maps some CJK glyphs to Kangxi radicals in the text layer (⽀ for 支): compare NFKC
    return unicodedata.normalize("NFKC", page.extract_text()).translate(_RADICALS)


def _cjk_fonts(reader) -> set[str]:
    """Embedded fonts whose name says CJK (subset names like AAAAAA+NotoSansCJKsc-Regular)."""
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and font.get("/DescendantFonts"):
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if desc is None:
                continue
            desc = desc.get_object()
            embedded = (
                any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")) or "/CharProcs" in font
            )
            if embedded and "CJK" in str(desc.get("/FontName")):
                found.add(str(desc["/FontName"]))
    return found


@needs_chromium
def test_pdf_embeds_a_cjk_font_and_has_the_title_and_caption_as_text(items):
    from pypdf import PdfReader

    item = items["institution_trend"]
    reader = PdfReader(io.BytesIO(item.render("pdf")))
    assert _cjk_fonts(reader), "no embedded CJK font"
    text = _text(reader.pages[0])
    assert _nfkc(item.title) in text
    # the institutions the chart shows (– may come out as ‒, which NFKC leaves alone)
    assert _nfkc("院校:" + "、".join(item.shows.institutions) + ";年度:2022") in text


@needs_chromium
def test_svg_keeps_the_chinese_title(items):
    svg = items["grade_mix"].render("svg").decode("utf-8")
    assert svg.startswith("<svg") and "各类单位的综合评价等次构成" in svg and "Noto Sans CJK SC" in svg


def test_a_table_has_no_image(items):
    with pytest.raises(ValueError, match="csv or xlsx"):
        items["yoy"].render("png")


# ---------------------------------------------------------------- the briefing pack


@pytest.fixture(scope="module")
def pack_args(connection):
    cur = connection.cursor()
    ids = dict(cur.execute("select name, institution_id from institutions").fetchall())
    return {
        "scope": ALL,
        "institution_id": ids["青岚大学"],
        "year": 2023,
        "peers": [ids["澄江医科大学"], ids["白沙学院"]],
    }


EXPECTED_SLIDES = [
    "青岚大学 述职评议简报",
    "总体情况",
    "各类单位趋势",
    "与对比院校比较",
    "需关注单位",
    "口径与数据来源",
]
WITH_PICTURE = {"总体情况", "各类单位趋势", "与对比院校比较"}


def test_pack_pptx_has_the_slides_each_chart_native(connection, pack_args):
    from pptx import Presentation

    data = pack.briefing_pack(connection.cursor(), **pack_args, fmt="pptx")
    prs = Presentation(io.BytesIO(data))
    titles, pictures, texts = [], {}, {}
    for slide in prs.slides:
        shapes = list(slide.shapes)
        titles.append(shapes[0].text_frame.text)
        # the pack's charts (lines, bars) are native, editable charts (issue #16), no longer pictures
        pictures[titles[-1]] = sum(s.has_chart for s in shapes)
        texts[titles[-1]] = " ".join(s.text_frame.text for s in shapes if s.has_text_frame)
    assert titles == EXPECTED_SLIDES
    assert {t for t, n in pictures.items() if n} == WITH_PICTURE
    assert all(pictures[t] == 1 for t in WITH_PICTURE)
    assert "2023 年度述职评议结果简报" in texts[EXPECTED_SLIDES[0]]
    assert "对比院校:澄江医科大学、白沙学院" in texts[EXPECTED_SLIDES[0]]
    assert "口径" in texts["口径与数据来源"]


@needs_chromium
def test_pack_pdf_has_the_same_pages_with_embedded_cjk_fonts(connection, pack_args):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pack.briefing_pack(connection.cursor(), **pack_args, fmt="pdf")))
    assert len(reader.pages) == len(EXPECTED_SLIDES)
    assert _cjk_fonts(reader)
    for page, title in zip(reader.pages, EXPECTED_SLIDES, strict=True):
        assert _nfkc(title) in _text(page)
    assert _nfkc("各类单位的好评率(按年度)") in _text(
        reader.pages[2]
    )  # the chart merged into the page keeps its text


def test_pack_without_peers_leaves_the_comparison_out(connection, pack_args):
    content = pack.slides(
        connection.cursor(), scope=ALL, institution_id=pack_args["institution_id"], year=2023
    )
    assert [s.title for s in content] == [t for t in EXPECTED_SLIDES if t != "与对比院校比较"]


def test_pack_for_a_year_without_ratings_says_so(connection, pack_args):
    with pytest.raises(ValueError, match="没有评议结果"):
        pack.slides(connection.cursor(), scope=ALL, institution_id=pack_args["institution_id"], year=2019)


# ---------------------------------------------------------------- the command line


def test_cli_exports_a_table_and_names_the_file(warehouse, tmp_path):
    from typer.testing import CliRunner

    from pingyi.commands.export import app

    result = CliRunner().invoke(
        app,
        [
            "chart",
            "--page",
            "compare",
            "--chart",
            "yoy",
            "--format",
            "csv",
            "--out",
            str(tmp_path),
            "--db",
            str(warehouse),
            "--institutions",
            "青岚大学,澄江医科大学",
            "--year-from",
            "2022",
            "--year-to",
            "2023",
        ],
    )
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.iterdir()
    assert path.name == "青岚大学、澄江医科大学_2022-2023_好评率同比变化.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf\xe9\x99\xa2\xe6\xa0\xa1")  # BOM then 院校
    # recorded in the audit log beside the warehouse: what, in which format, by whom, from the shell
    from warehouse import audit

    entry = audit.read(warehouse, events=["export"])[0]
    assert (entry["what"], entry["format"], entry["client"], entry["role"]) == (
        path.name,
        "csv",
        "cli",
        "operator",
    )
    assert entry["bytes"] == path.stat().st_size


def test_cli_without_chromium_says_what_to_install(warehouse, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from pingyi.commands.export import app

    monkeypatch.setattr(render, "_server_started", False)
    monkeypatch.setattr(render, "browser_path", lambda: None)
    result = CliRunner().invoke(
        app,
        [
            "chart",
            "--page",
            "trends",
            "--chart",
            "type_trend",
            "--format",
            "png",
            "--out",
            str(tmp_path),
            "--db",
            str(warehouse),
        ],
    )
    assert result.exit_code == 3
    assert "apt-get install -y chromium fonts-noto-cjk" in result.output
    assert not list(tmp_path.iterdir())


@needs_chromium
def test_cli_pack_writes_a_pptx(warehouse, tmp_path):
    from typer.testing import CliRunner

    from pingyi.commands.export import app

    result = CliRunner().invoke(
        app,
        [
            "pack",
            "--institution",
            "白沙学院",
            "--year",
            "2023",
            "--format",
            "pptx",
            "--out",
            str(tmp_path),
            "--db",
            str(warehouse),
            "--peers",
            "青岚大学",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["白沙学院_2023_述职评议简报.pptx"]


def test_pingyi_has_the_export_command_group():
    import subprocess
    import sys

    code = "import sys; sys.argv = ['pingyi', 'export', '--help']; from pingyi.cli import main; main()"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "chart" in proc.stdout and "pack" in proc.stdout
