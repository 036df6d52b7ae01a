"""Encodings told apart: UTF-8 (with and without BOM), UTF-16, GB18030, Big5 and a mix of UTF-8 and GB18030 lines
load the right names; Shift-JIS and other encodings are refused naming what was found; a line in no known
encoding rejects its row, named. Never garbled text in the warehouse. The files are made here, in each encoding."""

from __future__ import annotations

import pytest

from etl.load import ingest
from etl.messages import SourceError
from etl.sources.encodings import decode, plausible
from etl.sources.reports import read_report_document

from .conftest import rows

SIMPLIFIED = (
    "学校,年度,单位,书记,好,较好,一般,差\n"
    "青峰大学,2023,松涛学院党支部,林晓岚,9,2,1,0\n"
    "青峰大学,2023,云岭研究所,周卫东,7,4,1,0\n"
    "青峰大学,2023,后勤管理处,韩雪梅,6,5,1,0\n"
)
TRADITIONAL = (
    "學校,年度,單位,書記,好,較好,一般,差\n"
    "青峰大學,2023,松濤學院黨支部,林曉嵐,9,2,1,0\n"
    "青峰大學,2023,雲嶺研究所,周衛東,7,4,1,0\n"
    "青峰大學,2023,後勤管理處,韓雪梅,6,5,1,0\n"
)
ENGLISH_HEADER = "institution,year,unit,secretary,good,fairly_good,average,poor\n"
EXPECTED = [("云岭研究所", "周卫东", 7), ("后勤管理处", "韩雪梅", 6), ("松涛学院", "林晓岚", 9)]


def _loaded(store) -> list[tuple]:
    got = rows(store, "select unit, secretary, votes_good from appraisal order by unit")
    return [(r["unit"], r["secretary"], r["votes_good"]) for r in got]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("utf8", SIMPLIFIED.encode("utf-8")),
        ("utf8_bom", b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8")),
        ("gb18030", SIMPLIFIED.encode("gb18030")),
        ("gb18030_traditional", TRADITIONAL.encode("gb18030")),
        ("utf16_bom", SIMPLIFIED.encode("utf-16")),
        ("utf16_be_bom", b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be")),
        ("utf16_le_no_bom", SIMPLIFIED.encode("utf-16-le")),
        ("big5_chinese_headers", TRADITIONAL.encode("big5")),
        ("big5_english_headers", (ENGLISH_HEADER + TRADITIONAL.split("\n", 1)[1]).encode("big5")),
    ],
)
def test_each_encoding_loads_the_right_names(tmp_path, store, name, content):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(content)
    (result,) = ingest(store, [path])
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 3, 0), result.rejects
    assert _loaded(store) == EXPECTED  # Big5 and traditional script arrive as simplified names


def test_big5_is_told_from_gb18030_by_the_characters_it_would_give():
    data = TRADITIONAL.encode("big5")
    as_gb = data.decode("gb18030")  # decodes without error …
    assert not plausible(as_gb)  # … into kana and rare hanzi, which is how it is told apart
    assert decode(data, "x.csv").encoding == "big5"


JAPANESE = ENGLISH_HEADER + "青峰大学,2023,経済学部,山田花子,9,2,1,0\n青峰大学,2023,文学部,鈴木一郎,7,4,1,0\n"
KOREAN = ENGLISH_HEADER + "청봉대학교,2023,공과대학,김민수,9,2,1,0\n청봉대학교,2023,인문대학,이서연,7,4,1,0\n"


@pytest.mark.parametrize(
    ("encoding", "text", "found"),
    [
        ("shift_jis", JAPANESE, "Shift-JIS"),
        ("euc_jp", JAPANESE, "EUC-JP"),
        ("euc_kr", KOREAN, "EUC-KR"),
    ],
)
def test_other_encodings_are_refused_naming_the_encoding(tmp_path, store, encoding, text, found):
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    (result,) = ingest(store, [path])
    assert (result.status, result.rows_loaded) == ("failed", 0)
    (reject,) = result.rejects
    assert reject.reason == "unknown_encoding" and found in reject.message_en
    assert "save it as UTF-8 or GB18030" in reject.message_en and "无法识别的文字编码" in reject.message_zh
    assert f"file {encoding}.csv" in reject.message_en
    assert not store.exists()  # nothing loaded: a run in which no file loaded makes no version


def test_a_mixed_file_reads_each_line_in_its_own_encoding(tmp_path, store):
    lines = SIMPLIFIED.splitlines(keepends=True)
    data = b"".join(
        [lines[0].encode(), lines[1].encode("gb18030"), lines[2].encode(), lines[3].encode("gb18030")]
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    assert decode(data, "mixed.csv").encoding == "utf-8+gb18030"
    (result,) = ingest(store, [path])
    assert (result.rows_loaded, result.rows_rejected) == (3, 0), result.rejects
    assert _loaded(store) == EXPECTED


def test_a_line_in_no_known_encoding_rejects_its_row_naming_it(tmp_path, store):
    lines = SIMPLIFIED.splitlines(keepends=True)
    broken = "青峰大学,2023,".encode() + b"\xff\xfe\xfd\xfc\xfb" + ",某人,1,1,1,0\n".encode("gb18030")
    data = lines[0].encode() + lines[1].encode() + broken + lines[2].encode("gb18030") + lines[3].encode()
    path = tmp_path / "damaged.csv"
    path.write_bytes(data)
    (result,) = ingest(store, [path])
    assert (result.rows_loaded, [(r.reason, r.row_number) for r in result.rejects]) == (
        3,
        [("undecodable_row", 3)],
    )
    assert (
        "row 3" in result.rejects[0].message_en
        and "neither UTF-8 nor GB18030" in result.rejects[0].message_en
    )
    assert _loaded(store) == EXPECTED


def test_nothing_garbled_reaches_the_warehouse(tmp_path, store):
    """Across every encoding above, every stored name reads as Chinese."""
    contents = [SIMPLIFIED.encode(e) for e in ("utf-8", "gb18030", "utf-16")] + [TRADITIONAL.encode("big5")]
    for i, content in enumerate(contents):
        (tmp_path / f"f{i}.csv").write_bytes(
            content.replace(b"2023", str(2020 + i).encode("ascii"))
            if i != 2
            else SIMPLIFIED.replace("2023", "2022").encode("utf-16")
        )
    ingest(store, sorted(tmp_path.glob("f*.csv")))
    names = rows(store, "select distinct unit, secretary from appraisal")
    assert len(names) == 3
    assert all(plausible(r["unit"] + r["secretary"]) for r in names)


def test_a_big5_text_report_is_read_as_chinese(tmp_path):
    path = tmp_path / "松濤學院述職報告.txt"
    path.write_bytes("松濤學院黨支部書記述職報告\n一、主要工作\n加強理論學習,完善制度建設。\n".encode("big5"))
    report = read_report_document(path)
    assert "述职报告" in report["title"] or "述職報告" in report["title"]


def test_a_shift_jis_text_report_is_refused(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("経済学部の報告書です。\nよろしくお願いします。\n".encode("shift_jis"))
    with pytest.raises(SourceError) as err:
        read_report_document(path)
    assert err.value.reject.reason == "unknown_encoding"


# ---------------------------------------------------------------- properties over random Chinese text

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _gb2312_hanzi() -> list[str]:
    return [
        bytes([lead, trail]).decode("gb2312")
        for lead in range(0xB0, 0xF8)
        for trail in range(0xA1, 0xFF)
        if not (lead == 0xD7 and trail > 0xF9)
    ]


def _big5_level1() -> list[str]:
    out = []
    for lead in range(0xA4, 0xC6):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            try:
                out.append(bytes([lead, trail]).decode("big5"))
            except UnicodeDecodeError:
                pass
    return out


SIMPLE, TRAD = _gb2312_hanzi(), _big5_level1()
RARE = "䶮喆堃昇珺婳"  # in GB18030, outside GB2312: names an office may well write


def _table(draw, alphabet: list[str], institution: str = "青峰大学") -> str:
    names = draw(
        st.lists(st.text(st.sampled_from(alphabet), min_size=2, max_size=12), min_size=1, max_size=8)
    )
    return "".join(f"{institution},2023,{n},{i},1,0,0\n" for i, n in enumerate(names))


@st.composite
def simplified(draw) -> str:
    text = _table(draw, SIMPLE)
    if draw(st.booleans()):  # one rare character on some line
        lines = text.splitlines(keepends=True)
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = lines[at].replace(",2023,", f",2023,{draw(st.sampled_from(RARE))}", 1)
        text = "".join(lines)
    return "单位,年度,名称,好,较好,一般,差\n" + text


@settings(max_examples=500, deadline=None)
@given(simplified())
def test_any_simplified_table_round_trips_in_utf8_gb18030_and_utf16(text):
    for codec, expected in (("utf-8", "utf-8"), ("gb18030", "gb18030"), ("utf-16", "utf-16-le")):
        got = decode(text.encode(codec), "t.csv")
        assert (got.text, got.encoding, got.bad_lines) == (text, expected, ())


@settings(max_examples=500, deadline=None)
@given(st.composite(lambda draw: _table(draw, TRAD, "青峰大學"))())
def test_any_traditional_table_round_trips_in_big5(text):
    got = decode(text.encode("big5"), "t.csv")
    assert (got.text, got.encoding) == (text, "big5")


KANA = [chr(c) for c in range(0x3041, 0x3094)] + [chr(c) for c in range(0x30A1, 0x30F5)]
KANJI = list("経済学部文学部工学部医学部附属病院山田太郎鈴木花子田中一郎佐藤渡辺伊藤高橋小林中村加藤吉田山本")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(st.sampled_from(KANA + KANJI), min_size=2, max_size=10), min_size=1, max_size=6),
    st.just("shift_jis"),
)
def test_japanese_text_is_refused_never_garbled(names, encoding):
    text = "institution,year,unit,good\n" + "".join(f"青峰大学,2023,{n},{i}\n" for i, n in enumerate(names))
    try:
        got = decode(text.encode(encoding), "t.csv")
    except SourceError as err:
        assert err.reject.reason == "unknown_encoding"
        return
    assert got.text == text, (got.encoding, got.text)  # read, then only as what was written
