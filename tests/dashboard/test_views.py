"""Views defined once (issue #15) and exports that name what they hold (issue #16): every registered view builds,
exports as CSV and XLSX (and PNG where it has a figure), and its caption, 说明 sheet and file name describe the data
it shows, not the sidebar's filter. A real warehouse (the dashboard fixture ratings plus a news item and reports)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from dashboard import views
from dashboard.views import summary
from dashboard.views.cached import CachedQuestions
from etl.load import ingest
from tests.dashboard.conftest import ALL, RATINGS_CSV
from tests.dashboard.test_export import needs_chromium
from warehouse.queries import Filters
from warehouse.store import Store

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store.at(tmp_path_factory.mktemp("views") / "pingyi.duckdb")
    files = [
        RATINGS_CSV,
        DATA / "article_university_split.txt",
        DATA / "reports_meta.csv",
        *sorted(DATA.glob("report_*.*")),
    ]
    ingest(store, files)
    return store


@pytest.fixture(scope="module")
def questions(store):
    con = store.connect_read_only()
    yield views.CursorQuestions(con.cursor(), str(store.current()))
    con.close()


def _id(questions, table: str, name: str) -> str:
    column = "institution_id" if table == "institutions" else "unit_id"
    return questions.cur.execute(f"select {column} from {table} where name = ?", [name]).fetchall()[0][0]


@pytest.fixture(scope="module")
def ask(questions) -> views.Ask:
    """Everything, with the choices the one-institution, one-unit and slope views need."""
    return views.Ask(
        Filters(ALL),
        institution=_id(questions, "institutions", "青岚大学"),
        year=2023,
        unit_id=_id(questions, "units", "理学院"),
        year_a=2022,
        year_b=2023,
    )


def _frame_years(shown: views.Built) -> set[int]:
    frames = [v for v in shown.data.values() if isinstance(v, pl.DataFrame) and "year" in v.columns]
    return {int(y) for f in frames for y in f["year"].drop_nulls().to_list()}


def test_every_view_is_registered_once_with_a_question_in_reader_words():
    assert len(views.VIEWS) >= 19
    for name, view in views.VIEWS.items():
        assert view.name == name and view.question and not view.question.isascii()
        assert "queries" not in view.question and "_" not in view.question  # words, not a function name
    # the charts of every page are there, the unit's vote chart included
    for name in (
        "type_trend",
        "grade_mix",
        "institution_trend",
        "rank_heatmap",
        "slope",
        "grade_distribution",
    ):
        assert views.VIEWS[name].figure is not None
    assert views.VIEWS["unit_votes"].figure is not None and views.VIEWS["attention"].figure is None


@pytest.mark.parametrize("name", sorted(views.VIEWS))
def test_every_view_exports_csv_and_xlsx_naming_the_data_it_holds(questions, ask, name):
    shown = views.build(name, questions, ask)
    assert shown is not None, f"{name} has data in the fixture warehouse"
    file_name, csv = views.export_view(name, questions, ask, "csv")
    assert csv.startswith(b"\xef\xbb\xbf") and file_name == shown.file_name("csv")
    assert (
        file_name.endswith(".csv") and re.sub(r"\s*:\s*", " ", shown.title) in file_name
    )  # a colon: a space
    # the years in the file name and the 说明 sheet are the years of the frame
    years = _frame_years(shown)
    if years and len(shown.shows.years) > 1:
        assert f"{min(years)}-{max(years)}" in file_name
    _, xlsx = views.export_view(name, questions, ask, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    notes = dict(book["说明"].iter_rows(values_only=True))
    assert notes["内容"] == shown.title
    assert notes["数据范围"] == shown.shows.text()
    for institution in shown.shows.institutions:
        assert institution in notes["数据范围"]
    # 数据来源: the warehouse version and the view's question in words, never a function name
    source = notes["数据来源"]
    assert Path(str(questions.version)).stem in source and views.VIEWS[name].question in source
    assert "warehouse.queries" not in source and name not in source


def test_a_view_of_one_institution_and_one_year_says_so_whatever_the_sidebar(questions, ask):
    """The issue's example: a chart of one school and one year was captioned "10 所, 2015–2025"."""
    one = views.Ask(
        Filters(ALL, (ask.institution,), 2023, 2023),  # the type trend of 青岚大学 in 2023
    )
    shown = views.build("type_trend", questions, one)
    assert shown.shows.institutions == ("青岚大学",) and shown.shows.years == (2023,)
    assert shown.file_name("png").startswith("青岚大学_2023_")
    assert "院校:青岚大学;年度:2023" in shown.image_caption()
    # the sidebar says all institutions, but the overview chart is of one institution and one year
    dist = views.build("grade_distribution", questions, ask)
    assert dist.shows.text() == "院校:青岚大学;年度:2023"
    assert dist.file_name("xlsx") == "青岚大学 2023年度 各等次单位数.xlsx"


def test_institutions_in_a_file_name_are_those_in_the_frame(questions):
    ids = [_id(questions, "institutions", n) for n in ("青岚大学", "白沙学院")]
    # 白沙学院 has 2023 only: a 2022 selection shows 青岚大学 alone, and says so
    shown = views.build("institution_trend", questions, views.Ask(Filters(ALL, tuple(ids), 2022, 2022)))
    assert shown.shows.institutions == ("青岚大学",)
    assert shown.file_name("csv").startswith("青岚大学_2022_")
    both = views.build("institution_trend", questions, views.Ask(Filters(ALL, tuple(ids), 2022, 2023)))
    assert both.shows.institutions == ("青岚大学", "白沙学院")  # in the order chosen
    assert both.file_name("csv").startswith("青岚大学、白沙学院_2022-2023_")


def test_a_unit_view_names_the_unit_with_its_institution(questions, ask):
    shown = views.build("unit_scores", questions, ask)
    assert "理学院(青岚大学)" in shown.title and "理学院(青岚大学)" in shown.file_name("png")
    assert shown.shows.unit == "理学院(青岚大学)"


def test_ranks_are_exported_as_numbers_with_formats(questions, ask):
    for name in ("attention", "unit_years"):
        _, xlsx = views.export_view(name, questions, ask, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
        header = [c.value for c in sheet[1]]
        rank = header.index("院内名次") + 1
        cells = [sheet.cell(r, rank) for r in range(2, sheet.max_row + 1)]
        assert cells and all(isinstance(c.value, int) for c in cells)
        assert all(c.number_format == "0" for c in cells)
        assert "院内单位数" in header


def test_english_exports_english_names_and_notes(questions, ask):
    from dataclasses import replace

    shown = views.build("type_trend", questions, replace(ask, lang="en"))
    # the three institutions of the frame (not "all institutions"), the years, the English title
    assert (
        shown.file_name("csv") == f"{shown.shows.institutions[0]} and others (3)_2022-2023_{shown.title}.csv"
    )
    assert shown.title.isascii() and shown.caption.startswith("Good rate")
    _, xlsx = views.export_view("type_trend", questions, replace(ask, lang="en"), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    notes = dict(book["Note"].iter_rows(values_only=True))
    assert set(notes) == {"Contents", "Data shown", "Scheme and notes", "Source"}
    assert notes["Data shown"].startswith("Institutions: ") and "Years: 2022–2023" in notes["Data shown"]
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:2] == ["Unit types", "Year"]


def test_an_unknown_view_or_a_missing_choice_is_a_clear_message(questions, ask):
    with pytest.raises(ValueError, match="没有名为 'nope' 的视图 / no view named 'nope'"):
        views.build("nope", questions, ask)
    with pytest.raises(ValueError, match="needs unit_id"):
        views.build("unit_votes", questions, views.Ask(Filters(ALL)))
    with pytest.raises(ValueError, match="can only be exported as csv, xlsx"):
        views.export_view("attention", questions, ask, "png")


@needs_chromium
@pytest.mark.parametrize("name", sorted(n for n, v in views.VIEWS.items() if v.figure is not None))
def test_every_chart_view_exports_a_png(questions, ask, name):
    from PIL import Image

    file_name, png = views.export_view(name, questions, ask, "png")
    with Image.open(io.BytesIO(png)) as im:
        assert im.width >= 1000 and im.height >= 300
    assert file_name.endswith(".png")


# ---------------------------------------------------------------- the overview's sentences (page and pack)


def test_sentences_state_their_n_and_leave_small_types_uncompared(questions, ask):
    o = summary.overview(questions, ALL, ask.institution, "青岚大学", 2023)
    said = summary.sentences(o)
    # 10 raters per unit, five units; +4.0 points within chance (the KPI cards say 不显著 too)
    assert (
        said[0]
        == "2023年度 青岚大学 共评议 5 个单位(每个单位约 10 人参评),好评率 56.0%,比上年提高 4.0 个百分点(不显著)。"
    )
    # every type of 青岚大学 has one or two units: below MIN_TYPE_UNITS, said so in one line, no change claimed
    assert (
        said[1]
        == f"附属医院、学院、党支部、机关类单位各不足 {summary.MIN_TYPE_UNITS} 个,单位数太少,不作逐年比较。"
    )
    assert not any("类 好评率" in s or "类(" in s for s in said)
    assert said[-1] == "评为一般或差的单位 1 个。"
    cards = {c.label: c.delta for c in summary.cards(o)}
    assert cards["好评率"] == "+4.0 个百分点 · 不显著"


def test_a_large_enough_type_is_compared_with_its_n_and_its_noise_flag(questions, ask, monkeypatch):
    monkeypatch.setattr(summary, "MIN_TYPE_UNITS", 1)
    o = summary.overview(questions, ALL, ask.institution, "青岚大学", 2023)
    said = summary.sentences(o)
    college = next(s for s in said if "学院类" in s)
    # two colleges, ten votes each: the change is stated with its n and flagged as within chance
    assert college == "2023年度 学院类(2 个单位,20 票)好评率 比上年提高 5.0 个百分点(不显著)。"


def test_pack_uses_the_same_sentences_cards_and_views(questions, ask, store):
    from dashboard import pack

    con = store.connect_read_only()
    try:
        content = pack.slides(con.cursor(), scope=ALL, institution_id=ask.institution, year=2023)
    finally:
        con.close()
    o = summary.overview(questions, ALL, ask.institution, "青岚大学", 2023)
    said = summary.sentences(o)
    overview_slide = next(s for s in content if s.title == "总体情况")
    assert overview_slide.lines[:2] == [said[0], said[-1]]
    assert overview_slide.table["指标"].to_list() == [c.label for c in summary.cards(o)]
    trends = next(s for s in content if s.title == "各类单位趋势")
    assert trends.lines == said[1:-1]
    attention = next(s for s in content if s.title == "需关注单位")
    reasons = set(attention.table["关注原因"].to_list())
    assert reasons <= {
        "得分居后",
        "得分较上年下降",
        "等次为一般或差",
        "得分居后、得分较上年下降、等次为一般或差",
    }
    assert "得分靠后" not in " ".join(attention.table["关注原因"].to_list())


# ---------------------------------------------------------------- pingyi export chart --view


def _cli(store, tmp_path, *args: str):
    from typer.testing import CliRunner

    from pingyi.commands.export import app

    return CliRunner().invoke(app, ["chart", "--out", str(tmp_path), "--db", str(store.pointer), *args])


def test_cli_lists_every_view_with_its_question(store, tmp_path):
    result = _cli(store, tmp_path, "--format", "csv", "--list")
    assert result.exit_code == 0, result.output
    for name, view in views.VIEWS.items():
        assert name in result.output and view.question in result.output
    assert "needs --institution, --year" in result.output  # the views that need a choice say which
    from typer.testing import CliRunner

    from pingyi.commands.export import app

    bare = CliRunner().invoke(
        app, ["chart", "--list", "--db", str(store.pointer)]
    )  # no --format/--out needed
    assert bare.exit_code == 0 and "attention" in bare.output, bare.output
    missing = CliRunner().invoke(app, ["chart", "--view", "attention", "--db", str(store.pointer)])
    assert missing.exit_code == 2 and "--format" in missing.output and "--out" in missing.output


def test_cli_exports_an_overview_table_and_the_unit_vote_chart(store, tmp_path, questions):
    result = _cli(
        store,
        tmp_path,
        "--view",
        "attention",
        "--institution",
        "青岚大学",
        "--year",
        "2023",
        "--format",
        "xlsx",
    )
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.iterdir()
    assert path.name == "青岚大学 2023年度 需要关注的单位.xlsx"
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["单位", "类型", "得分", "等次"] and isinstance(
        sheet.cell(2, header.index("院内名次") + 1).value, int
    )
    path.unlink()
    unit = _id(questions, "units", "理学院")
    result = _cli(store, tmp_path, "--view", "unit_votes", "--unit", unit, "--format", "csv")
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.iterdir()
    assert path.name.startswith("2022-2023_理学院(青岚大学)") and path.suffix == ".csv"
    assert (
        path.read_bytes().decode("utf-8-sig").splitlines()[0] == "年度,票种,好(票),较好(票),一般(票),差(票)"
    )


def test_cli_refuses_an_unknown_view_or_a_missing_choice_with_a_reason(store, tmp_path):
    result = _cli(store, tmp_path, "--view", "nope", "--format", "csv")
    assert result.exit_code == 2 and "no view named 'nope'" in result.output
    result = _cli(store, tmp_path, "--view", "attention", "--format", "csv")
    assert result.exit_code == 2 and "needs institution, year" in result.output
    result = _cli(
        store,
        tmp_path,
        "--view",
        "attention",
        "--institution",
        "青岚大学",
        "--year",
        "2023",
        "--format",
        "png",
    )
    assert result.exit_code == 2 and "can only be exported as csv, xlsx" in result.output
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())


def test_the_pack_in_english_reads_english(store, ask):
    import re

    from dashboard import pack

    con = store.connect_read_only()
    try:
        cur = con.cursor()
        ids = dict(cur.execute("select name, institution_id from institutions").fetchall())
        content = pack.slides(
            cur, scope=ALL, institution_id=ask.institution, year=2023, peers=[ids["白沙学院"]], lang="en"
        )
        name = pack.pack_file_name(
            cur, scope=ALL, institution_id=ask.institution, year=2023, fmt="pdf", lang="en"
        )
        # the scheme labels are data (written by whoever loaded the scheme), like the names
        labels = [
            r[0] for r in cur.execute("select distinct scheme_label from institution_year").fetchall() if r[0]
        ]
    finally:
        con.close()
    assert [s.title for s in content] == [
        "青岚大学: appraisal briefing",
        "Overview",
        "Trends by unit type",
        "Against peers",
        "Units needing attention",
        "Schemes and sources",
    ]
    assert name == "青岚大学_2023_appraisal briefing.pdf"
    cjk = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
    data_values = re.compile(
        "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
        + "|青岚大学|白沙学院|澄江医科大学|后勤处|学生第一党支部|文学院|理学院|附属医院|全体"
    )
    for slide in content:
        for line in slide.lines:
            assert not cjk.search(data_values.sub("", line)), line
        if slide.table is not None:
            assert not any(cjk.search(c) for c in slide.table.columns), slide.table.columns
    overview = content[1]
    assert overview.table.columns == ["Metric", "2023", "2022", "Change"]
    assert overview.table["Metric"].to_list()[0] == "Units rated"


def test_years_with_a_gap_are_written_as_runs_in_both_languages():
    from dashboard.views.base import Shows, shows_of, years_words

    assert years_words((2015, 2016, 2017, 2018, 2020, 2021)) == "2015–2018、2020–2021"
    assert years_words((2015, 2016, 2018), "en") == "2015–2016, 2018"
    frame = pl.DataFrame({"institution": ["甲大学", "乙学院", "甲大学"], "year": [2019, 2021, 2022]})
    shown = shows_of(frame, metric="good_rate")
    assert shown == Shows(("甲大学", "乙学院"), (2019, 2021, 2022), None, None, "good_rate")
    assert shown.text() == "院校:甲大学、乙学院;年度:2019、2021–2022;指标:好评率(好票占比)"
    assert shown.name_parts() == ["甲大学、乙学院", "2019-2022"]


class _CountingQuestions(CachedQuestions):
    """The pages' questions class answered from the fixture's cursor, counting the trend queries it is asked."""

    def __init__(self, cursor_questions):
        super().__init__(str(cursor_questions.version))
        self.inner = cursor_questions
        self.asked = 0

    @property
    def min_voters(self) -> int:
        return self.inner.min_voters

    def institutions(self, scope):
        return self.inner.institutions(scope)

    def schemes_used(self, f):
        return self.inner.schemes_used(f)

    def institution_trend(self, f):
        self.asked += 1
        return self.inner.institution_trend(f)


def test_the_pages_reuse_a_view_built_for_the_same_version_filters_and_language(questions, monkeypatch):
    """A repeated choice (a metric flipped back, a page visited again) skips building the figure; another metric,
    language or version builds anew, and the cache holds at most BUILT_ENTRIES views."""
    from dashboard.views import cached

    monkeypatch.setattr(cached, "_built", type(cached._built)())
    q = _CountingQuestions(questions)
    first = views.build("institution_trend", q, views.Ask(Filters(ALL), "zh"))
    again = views.build("institution_trend", q, views.Ask(Filters(ALL), "zh"))
    per_build = q.asked  # the trend queries one build asks
    assert again is first and per_build > 0 and q.asked == per_build
    assert first.figure is not None and "好评率" in first.title
    other_metric = views.build("institution_trend", q, views.Ask(Filters(ALL, metric="score"), "zh"))
    english = views.build("institution_trend", q, views.Ask(Filters(ALL), "en"))
    assert q.asked == 3 * per_build and other_metric is not first and english is not first
    assert "得分" in other_metric.title and english.title.isascii()
    assert (
        views.build("institution_trend", q, views.Ask(Filters(ALL), "zh")) is first
        and q.asked == 3 * per_build
    )
    # another version (new data loaded): built from its own data
    newer = _CountingQuestions(questions)
    newer.version = q.version + "-next"
    assert views.build("institution_trend", newer, views.Ask(Filters(ALL), "zh")) is not first
    # bounded: the least recently used go first
    monkeypatch.setattr(cached, "BUILT_ENTRIES", 2)
    views.build("institution_trend", q, views.Ask(Filters(ALL, year_from=2023), "zh"))
    assert len(cached._built) == 2
    assert views.build("institution_trend", q, views.Ask(Filters(ALL), "en")) is not english
    # the cursor's questions (files, the command line) are not cached
    assert views.build("institution_trend", questions, views.Ask(Filters(ALL))) is not views.build(
        "institution_trend", questions, views.Ask(Filters(ALL))
    )
