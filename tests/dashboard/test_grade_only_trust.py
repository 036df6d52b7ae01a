"""Issue #16's points with a grade-only institution loaded beside the demo: 松溪学院 (fictional) published only the
grade each unit got, for 2023 (tests/data/songxi_grades_2023.csv: 3 of 6 units 好) and, here, for 2024 (the same
units, 4 of 6 好), both through the real loader. Its sentences and cards state n and say 不显著 for a change six
units cannot tell from chance; the pack says the same (one definition); its exports name it; nothing reads NaN or
None."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dashboard import pack
from dashboard.views import summary
from dashboard.views.source import CursorQuestions
from etl.demo import build_demo
from etl.load import ingest
from pingyi.commands.export import app
from tests.dashboard.conftest import ALL
from tests.dashboard.grades_data import GRADE_LIST, SONGXI
from warehouse.store import Store

LEAKS = ("nan", "None", "NaN", "null")
# 2024: 物理学院 较好 → 好, 离退休党支部 一般 → 较好
GRADES_2024 = {"3,物理学院党委,任山青,学院,较好": "3,物理学院党委,任山青,学院,好", "一般": "较好"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("grade_only_trust")
    text = GRADE_LIST.read_text("utf-8").replace("2023年度", "2024年度")
    for old, new in GRADES_2024.items():
        text = text.replace(old, new)
    later = folder / "songxi_grades_2024.csv"
    later.write_text(text, "utf-8")
    store = Store.at(folder / "pingyi.duckdb")
    build_demo(store)
    results = ingest(store, [GRADE_LIST, later])
    assert [(r.status, r.rows_loaded) for r in results] == [("loaded", 6), ("loaded", 6)]
    return store.pointer


@pytest.fixture(scope="module")
def cur(warehouse: Path):
    con = Store.at(warehouse).connect_read_only()
    yield con
    con.close()


@pytest.fixture(scope="module")
def songxi(cur) -> str:
    return cur.execute("select institution_id from institutions where name = ?", [SONGXI]).fetchall()[0][0]


def _no_leak(texts) -> None:
    bad = [t for t in texts if any(w in str(t) for w in LEAKS)]
    assert not bad, bad


def test_sentences_and_cards_state_n_and_say_not_significant(cur, songxi):
    o = summary.overview(CursorQuestions(cur), ALL, songxi, SONGXI, 2024)
    lines = summary.sentences(o)
    assert lines[0] == (
        "2024年度 松溪学院 共评议 6 个单位,评为“好”的单位 4 个,占有等次单位的 66.7%,比上年提高 16.7 个百分点(不显著)。"
    )
    # colleges and branches have three units each: too few to compare, said in one line, not compared
    assert "学院、党支部类单位各不足 5 个,单位数太少,不作逐年比较。" in lines
    assert lines[-1] == "评为一般或差的单位 0 个。" or lines[-1] == "没有评为一般或差的单位。"
    cards = {c.label: c for c in summary.cards(o)}
    share = cards["评为“好”的单位占比"]
    assert (share.value, share.previous) == ("66.7%", "50.0%")
    assert share.delta == "+16.7 个百分点 · 不显著" and share.colour == "off"  # grey, as for votes
    assert "好评率" not in cards and "平均得分" not in cards  # no means of nothing
    _no_leak(lines + [v for c in cards.values() for v in (c.value, c.previous, c.delta or "")])


def test_pack_says_what_the_overview_says(cur, songxi):
    o = summary.overview(CursorQuestions(cur), ALL, songxi, SONGXI, 2024)
    content = pack.slides(cur, scope=ALL, institution_id=songxi, year=2024)
    overall = next(s for s in content if s.title == "总体情况")
    said = summary.sentences(o)
    assert overall.lines[0] == said[0] and said[-1] in overall.lines  # the headline and the weak units
    every_line = [line for s in content for line in s.lines]
    assert all(sentence in every_line for sentence in said)  # the type line too (on the trend slide)
    kpis = {r[0]: r[1:] for r in overall.table.iter_rows()}
    assert kpis["评为“好”的单位占比"][0] == "66.7%" and "不显著" in kpis["评为“好”的单位占比"][2]
    attention = next(s for s in content if s.title == "需关注单位")
    # a grade list uses no scheme and has no votes: the 口径 slide explains the share, not 好评率 or a scheme
    method = " ".join(next(s for s in content if s.title == "口径与数据来源").lines)
    assert "该校仅公布等次" in method and "“好”单位占比" in method
    assert "好评率:" not in method and "分值 好100" not in method and "票数合并" not in method
    _no_leak(
        [line for s in content for line in s.lines]
        + [c for s in content if s.table is not None for r in s.table.iter_rows() for c in r]
        + [attention.title]
    )


def test_a_demo_institutions_pack_names_the_grade_only_peer(cur, songxi):
    first = cur.execute(
        "select institution_id from institutions where is_demo order by name limit 1"
    ).fetchall()[0][0]
    content = pack.slides(cur, scope=ALL, institution_id=first, year=2024, peers=[songxi])
    peers = next(s for s in content if s.title == "与对比院校比较")
    assert any(f"{SONGXI} 仅公布等次" in line for line in peers.lines), peers.lines
    assert SONGXI not in [t.name for t in peers.figure.data]  # no 好评率 line made of nothing
    _no_leak([line for s in content for line in s.lines])


def test_export_of_a_mixed_selection_names_the_grade_only_institution(warehouse, tmp_path, cur):
    demo = cur.execute("select name from institutions where is_demo order by name limit 2").fetchall()
    names = ",".join([SONGXI, *(n for (n,) in demo)])
    result = CliRunner().invoke(
        app,
        [
            *("chart", "--format", "xlsx", "--out", str(tmp_path), "--db", str(warehouse)),
            *("--page", "compare", "--chart", "institution_trend", "--institutions", names),
        ],
    )
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.iterdir()
    book = openpyxl.load_workbook(path)
    data = [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert {r[0] for r in data[1:]} == {n for (n,) in demo}  # the 好评率 lines: the demo institutions
    notes = " ".join(
        str(c) for sheet in book.worksheets[1:] for r in sheet.iter_rows(values_only=True) for c in r if c
    )
    # the 说明 names the one selected and left out, and why
    assert f"所选院校中 {SONGXI} 在所选范围内没有好评率,未列入。" in notes
    _no_leak([c for r in data for c in r if isinstance(c, str)] + [notes])
