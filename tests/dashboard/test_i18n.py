"""Issue #5: the English switch. Every page in English shows no Chinese of its own (only data values such as
institution and unit names), every string the dashboard translates has an English entry, and the URL carries
language-independent values (codes and ids) while still accepting the old Chinese labels."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import captions, charts, i18n, labels, tables
from dashboard.i18n_en import EN
from tests.dashboard.conftest import ALL, APP
from tests.dashboard.conftest import run_app as _run
from tests.dashboard.conftest import widget as _widget
from warehouse import audit
from warehouse import queries as q

REPO = Path(__file__).resolve().parents[2]
PAGES = {
    "overview": None,
    "trends": "app_pages/trends.py",
    "compare": "app_pages/compare.py",
    "meetings": "app_pages/meetings.py",
    "unit": "app_pages/unit.py",
    "schemes": "app_pages/schemes.py",
    "admin": "app_pages/admin.py",  # the test user is an administrator
}
# Han characters, CJK punctuation (、。「」) and full-width forms ((:,): none belongs in English text
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


# ---------------------------------------------------------------- helpers


def _strings(message, out: list[str]) -> None:
    """Every string in a protobuf message (labels, bodies, help, placeholders, options, deltas …)."""
    for field, value in message.ListFields():
        if field.name == "spec":  # a Plotly figure: its JSON, with the text un-escaped
            out.append(json.dumps(json.loads(value), ensure_ascii=False))
            continue
        try:  # a repeated field (options, …) is a sequence; a string, number or message stands alone
            values = [value] if isinstance(value, (str, bytes)) else list(value)
        except TypeError:
            values = [value]
        for v in values:
            if isinstance(v, str):
                out.append(v)
            elif hasattr(v, "ListFields"):
                _strings(v, out)


def _texts(at: AppTest) -> list[str]:
    """All text the run shows: every element of the main area and the sidebar, table headers and cells."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            _strings(proto, out)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for frame in at.dataframe:
        value = frame.value
        out += [str(c) for c in value.columns]
        out += [str(v) for row in value.astype(str).values.tolist() for v in row]
    out += [t.value for t in at.toast]
    return out


@pytest.fixture(scope="module")
def data_values(connection) -> list[str]:
    """Names that come from the data and stay as they are in English (longest first, so they are cut out whole)."""
    rows = connection.execute(
        """
        select name from institutions union select name from units union select name from unit_names
        union select unit from appraisal union select secretary from appraisal
        union select scheme_label from institution_year
        """
    ).fetchall()
    return sorted({r[0] for r in rows if r[0]}, key=len, reverse=True)


def _app_owned_cjk(texts: list[str], data_values: list[str]) -> list[str]:
    """The texts that still hold Chinese once the data values are cut out."""
    bad = []
    for text in texts:
        if text in i18n.LANG_NAMES.values():
            continue  # the switch names each language in itself (中文 / English), so either reader finds theirs
        rest = text
        for value in data_values:
            rest = rest.replace(value, "")
        if CJK.search(rest):
            bad.append(text if len(text) < 300 else text[:300] + "…")
    return bad


# ---------------------------------------------------------------- every page in English


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_in_english_shows_no_chinese_of_its_own(app_env, cur, data_values, name):
    query = {"lang": "en"}
    if name == "unit":  # a unit with an official grade that differs from its computed one: that note too
        query["unit"] = cur.execute("select unit_id from units where name = '理学院'").fetchall()[0][0]
    at = _run(query, page=PAGES[name])
    texts = _texts(at)
    # the audit log (shown to admins) quotes what was exported as it was recorded, in the exporter's language
    recorded = [str(e[k]) for e in audit.read(app_env) for k in ("what", "file", "files") if e.get(k)]
    data_values = sorted({*data_values, *recorded}, key=len, reverse=True)
    assert _app_owned_cjk(texts, data_values) == []
    if name in ("trends", "compare"):  # the lazy tabs run only when open: open each of the others too
        for label in [tab.label for tab in at.tabs][1:]:
            at.session_state[f"{name}_tab_en"] = label
            at.run(timeout=60)
            assert not at.exception, at.exception
            assert len(at.dataframe) + len(at.get("plotly_chart")) >= 2, label
            assert _app_owned_cjk(_texts(at), data_values) == []
    if name in ("trends", "compare"):  # the other chart modes too
        _widget(at, "trends_facets" if name == "trends" else "compare_index").set_value(True).run(timeout=60)
        assert not at.exception, at.exception
        assert _app_owned_cjk(_texts(at), data_values) == []
    # the sidebar's log-out button and its role note are English too (dashboard/auth.py through t())
    logout = next(b for b in at.sidebar.button if b.key == "logout")
    assert logout.label == "Log out tester" and logout.help == "tester · admin (loading, users)"
    # the language stays English in the URL, and the sidebar reads English
    assert at.query_params["lang"] in ("en", ["en"])
    # (each page draws only the filters that change it: dashboard/app.py PAGES)
    expected = {"trends": 3, "compare": 3, "meetings": 2, "overview": 1, "schemes": 1, "unit": 1, "admin": 0}
    labels = [w.label for w in at.sidebar.multiselect] + [
        w.label for w in at.sidebar.radio if w.key == "metric"
    ]
    assert labels == ["Institution", "Unit types", "Metric"][: expected[name]]
    if expected[name] >= 2:
        assert _widget(at, "types").format_func("affiliated_hospital") == "affiliated hospital"


def test_overview_in_english_reads_english_numbers(app_env, ids):
    at = _run({"lang": "en", "oinst": ids["青岚大学"]})
    assert [t.value for t in at.title] == ["Overview"]
    metrics = {m.label: (m.value, m.delta) for m in at.metric}
    assert metrics["Units rated"] == ("5 units", "unchanged")
    assert metrics["Good rate"][0] == "56.0%"
    assert metrics["Good rate"][1].startswith("+4.0 percentage points")
    assert metrics["Mean score"] == ("87.2", "+2.8 points")
    summary = at.markdown[0].value
    assert (
        "In 2023, 青岚大学 rated 5 units (about 10 raters per unit), good rate 56.0%, up 4.0 percentage points on "
        "the year before (not significant)." in summary
    )
    assert (
        "Too few units to compare from year to year (fewer than 5 each): affiliated hospital, college, branch"
        in summary
    )
    assert [s.value for s in at.subheader][:1] == ["青岚大学, 2023"]
    # the links to the unit profiles keep the language (issue #16: a drill-down link dropped lang)
    links = at.dataframe[0].value["Profile"].to_list()
    assert links and all(link.startswith("unit?unit=") and link.endswith("&lang=en") for link in links)
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["title"]["text"] == "青岚大学, 2023: units by grade"
    assert figure["data"][0]["x"] == ["good", "fairly good", "average", "poor"]
    assert figure["layout"]["yaxis"]["title"]["text"] == "Units"


def test_compare_in_english_table_and_chart(app_env):
    at = _run({"lang": "en", "metric": "good_rate"}, page=PAGES["compare"])
    assert [t.value for t in at.title] == ["Compare institutions"]
    assert [tab.label for tab in at.tabs] == ["Rank", "Change on the year before", "Two years compared"]
    at.session_state["compare_tab_en"] = "Change on the year before"
    at.run(timeout=60)
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Institution",
        "Year",
        "good rate(%)",
        "previous (%)",
        "change (percentage points)",
        "Units",
        "Rank",
        "Note",
    ]
    latest = table[table["Year"] == 2023].set_index("Institution")["Note"].to_dict()
    assert latest["白沙学院"] == "no previous year"
    assert latest["青岚大学"].startswith("not significant: ")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["title"]["text"] == "Good rate by institution and year"
    assert figure["layout"]["xaxis"]["title"]["text"] == "Year"


def test_chinese_stays_the_default(app_env):
    at = _run(page=PAGES["trends"])
    assert [t.value for t in at.title] == ["单位类型趋势"]
    assert "lang" not in at.query_params
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["title"]["text"] == "各类单位的好评率(按年度)"


def test_switching_the_language_keeps_the_filters(app_env, ids):
    at = _run({"types": ["college"], "inst": [ids["青岚大学"]]}, page=PAGES["trends"])
    assert [t.value for t in at.title] == ["单位类型趋势"]
    _widget(at, "lang").set_value("en").run(timeout=60)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Unit-type trends"]
    assert _widget(at, "types").value == ["college"] and _widget(at, "inst").value == [ids["青岚大学"]]
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in figure["data"]] == ["college"]
    url = {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}
    assert url["lang"] == ["en"] and url["types"] == ["college"] and url["inst"] == [ids["青岚大学"]]
    _widget(at, "lang").set_value("zh").run(timeout=60)
    assert [t.value for t in at.title] == ["单位类型趋势"] and "lang" not in at.query_params


# ---------------------------------------------------------------- the catalogue


def _translated_literals() -> dict[str, str]:
    """Every string literal passed (directly or inside the first argument) to t(), tr() or translate() in dashboard/."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else None
            )
            if name not in ("t", "tr", "translate"):
                continue
            for sub in ast.walk(node.args[0]):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    found.setdefault(sub.value, str(path.relative_to(REPO)))
    return found


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_translated_string_has_an_english_entry():
    used = _translated_literals()
    assert len(used) > 200  # the scan finds the pages' strings (a scan that finds nothing cannot fail)
    missing = {text: where for text, where in used.items() if text not in EN}
    assert missing == {}


def test_english_entries_keep_the_placeholders_and_hold_no_chinese():
    assert {k: v for k, v in EN.items() if _fields(k) != _fields(v)} == {}
    assert [v for v in EN.values() if CJK.search(v)] == []


def test_labels_have_english_for_every_code():
    for kind in ("unit_type", "grade", "metric", "metric_short", "metric_meaning", "mode", "level"):
        zh, en = labels.names(kind, "zh"), labels.names(kind, "en")
        assert set(zh) == set(en), kind
        assert not [v for v in en.values() if CJK.search(v)], kind
    assert labels.names("unit_type", "en") == {
        "affiliated_hospital": "affiliated hospital",
        "college": "college",
        "branch": "branch",
        "administrative": "administrative",
    }
    assert labels.names("grade", "en") == {
        "good": "good",
        "fairly_good": "fairly good",
        "average": "average",
        "poor": "poor",
    }


def test_translate_is_pure_and_falls_back_to_chinese():
    assert i18n.translate("{y}年度", "zh", y=2023) == "2023年度"
    assert i18n.translate("{y}年度", "en", y=2023) == "2023"
    assert i18n.translate("没有这个词条", "en") == "没有这个词条"
    assert captions.noise_caption("good_rate", 10, lang="en").startswith(
        "About 10 raters per unit: one vote is about 10 percentage points"
    )
    assert (
        charts.index_unit("good_rate", "en") == "percentage points"
        and charts.index_unit("score", "en") == "points"
    )
    assert tables.yoy_columns("score", "en") == (
        "mean score (points)",
        "previous (points)",
        "change (points)",
    )


def test_chart_builders_take_the_language(cur):
    fig = charts.type_trend_figure(q.type_trend(cur, q.Filters(scope=ALL)), "good_rate", "en")
    assert fig.layout.title.text == "Good rate by unit type and year"
    assert [t.name for t in fig.data] == ["affiliated hospital", "college", "branch", "administrative"]
    assert fig.layout.xaxis.title.text == "Year"
    assert "Units n=" in fig.data[0].hovertemplate and "年" not in fig.data[0].hovertemplate
    mix = charts.grade_mix_figure(q.grade_mix(cur, q.Filters(scope=ALL)), "en")
    assert [a.text for a in mix.layout.annotations] == [
        "affiliated hospital",
        "college",
        "branch",
        "administrative",
    ]
    assert {t.name for t in mix.data} == {"good", "fairly good", "average", "poor"}
    assert mix.layout.legend.title.text == "Grade"


# ---------------------------------------------------------------- the URL


@pytest.mark.parametrize("spelling", ["college", "学院", "College"])
def test_unit_types_in_the_url_as_codes_or_labels(app_env, spelling):
    at = _run({"types": spelling}, page=PAGES["trends"])
    assert _widget(at, "types").value == ["college"]
    assert not at.toast
    url = at.query_params["types"]
    assert url in ("college", ["college"])  # the link is rewritten to the code


@pytest.mark.parametrize("how", ["id", "name"])
def test_institutions_in_the_url_by_id_or_name(app_env, ids, how):
    value = ids["白沙学院"] if how == "id" else "白沙学院"
    at = _run({"inst": value})
    assert _widget(at, "inst").value == [ids["白沙学院"]]
    assert at.query_params["inst"] in (ids["白沙学院"], [ids["白沙学院"]])


@pytest.mark.parametrize("spelling", ["score", "平均得分", "mean score"])
def test_metric_in_the_url_as_code_or_label(app_env, spelling):
    at = _run({"metric": spelling}, page=PAGES["trends"])  # a page that draws the metric control
    assert _widget(at, "metric").value == "score"


def test_unknown_language_is_ignored_with_a_message(app_env):
    at = _run({"lang": "fr"})
    assert [t.value for t in at.title] == ["总览"]
    assert any("fr" in t.value and "已忽略" in t.value for t in at.toast)


def test_overview_institution_and_year_in_the_url(app_env, ids):
    at = _run({"oinst": ids["青岚大学"], "oyear": "2022"})
    assert at.selectbox(key="overview_institution").value == ids["青岚大学"]
    assert at.selectbox(key="overview_year").value == 2022
    assert [s.value for s in at.subheader][0] == "青岚大学 2022年度"
    # by name too, and a choice made on the page goes back to the URL
    at = _run({"oinst": "青岚大学"})
    assert at.selectbox(key="overview_institution").value == ids["青岚大学"]
    at.selectbox(key="overview_year").set_value(2022).run(timeout=60)
    assert at.query_params["oyear"] in ("2022", ["2022"])
    assert at.query_params["oinst"] in (ids["青岚大学"], [ids["青岚大学"]])


def test_overview_link_to_an_unselected_institution_is_ignored_with_a_note(app_env, ids):
    at = _run({"inst": ids["白沙学院"], "oinst": ids["青岚大学"], "oyear": "1999"})
    assert at.selectbox(key="overview_institution").value == ids["白沙学院"]
    assert at.selectbox(key="overview_year").value == 2023
    notes = " ".join(c.value for c in at.caption).replace(
        "\\", ""
    )  # values from the URL are Markdown-escaped
    assert ids["青岚大学"] in notes and "1999" in notes


def test_login_page_in_english(app_env, data_values, monkeypatch):
    """dashboard/auth.py goes through t(): the login form, its notes and its error read English with ?lang=en."""
    monkeypatch.delenv("PINGYI_AUTH", raising=False)
    at = AppTest.from_file(str(APP))
    at.query_params["lang"] = "en"
    at.run(timeout=60)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Pingyi"]
    assert [w.label for w in at.text_input] == ["User name", "Password"]
    at.text_input(key="login_name").set_value("nobody")
    at.text_input(key="login_password").set_value("wrong-password-123")
    next(b for b in at.button if b.label == "Log in").click().run(timeout=60)
    assert [e.value for e in at.error] == ["Wrong user name or password"]
    assert _app_owned_cjk(_texts(at), data_values) == []
