"""Issue #16: one language at a time. In Chinese the dashboard shows Chinese only (a Latin word only where it is a
product name or a file format), in English no Chinese of its own (data values such as institution and unit names
stay as they are); words for the command line and for database columns are shown to admins only.

The catalogue part reads the source (every string given to t()/tr() has an English entry, and no key carries an
English half); the page part runs the app (AppTest) as a reader and as an admin; the browser part visits every page
in real Chromium in both languages with the expanders open and a tooltip shown, and reads what a user sees: text,
table headers and cells (the data grid's accessible table), chart text and the tab title."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n_en import EN
from tests.dashboard.conftest import APP, logged_in
from tests.dashboard.test_browser import CHROMIUM, IDLE, browser, demo_db, server  # noqa: F401
from warehouse.store import Store

REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]{2,}")
# Latin words a Chinese page may show: the product's name, file formats and programs, the language switch's
# "English" (each language named in itself), units and the time zone
ALLOWED_LATIN = (
    "Pingyi",
    "PNG",
    "SVG",
    "PDF",
    "CSV",
    "XLSX",
    "PPTX",
    "Parquet",
    "Excel",
    "Word",
    "English",
    "MB",
    "UTC",
)
# Chinese an English page may show of its own: the switch's "中文"
ALLOWED_CJK = ("中文",)
CODE = re.compile(
    r"`[^`]*`"
)  # a command or a column in backticks: only ever shown to admins (auth.admin_hint)
PLACEHOLDER = re.compile(r"\{[^}]*\}")
LINK = re.compile(r"\w+\?\w+=\S*")  # a relative address such as unit?unit=u_…&lang=en


def _latin_words(text: str) -> list[str]:
    rest = text
    for word in ALLOWED_LATIN:
        rest = rest.replace(word, " ")
    return LATIN.findall(rest)


# ---------------------------------------------------------------- the catalogue


def _constants(tree: ast.AST) -> dict[str, str]:
    """Module-level NAME = "text" (the messages passed to t() by name, e.g. auth.LOGIN_FAILED)."""
    out = {}
    for node in getattr(tree, "body", []):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            if isinstance(node.value.value, str):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        out[target.id] = node.value.value
    return out


def _keys_used() -> dict[str, str]:
    """Every key given to t(), tr() or translate() in dashboard/: literals, and module constants (also as
    module.CONSTANT, e.g. t(data.READ_ONLY_MESSAGE)) — key → where."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted((REPO / "dashboard").rglob("*.py"))}
    constants = {p.stem: _constants(tree) for p, tree in trees.items()}
    found: dict[str, str] = {}
    for path, tree in trees.items():
        own = constants[path.stem]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in ("t", "tr", "translate"):
                continue
            arg, where = node.args[0], f"{path.relative_to(REPO)}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, where)
            elif isinstance(arg, ast.Name) and arg.id in own:
                found.setdefault(own[arg.id], where)
            elif isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
                value = constants.get(arg.value.id, {}).get(arg.attr)
                if value is not None:
                    found.setdefault(value, where)
    return found


def test_every_key_used_has_an_english_entry():
    used = _keys_used()
    assert len(used) > 300  # the scan finds the pages' strings and the named messages (it can fail)
    for named in ("用户名或密码不正确", "页面出错,已记录。请把参考编号 {ref} 告诉数据管理员。"):
        assert named in used  # auth.LOGIN_FAILED, errors.MESSAGE: found by name
    assert {key: where for key, where in used.items() if key not in EN} == {}


def test_no_key_is_bilingual():
    """A key is the Chinese text alone: no "中文 / English" halves, no English words beside the allowed names (a
    command or a column in backticks is for admins only, shown through auth.admin_hint)."""
    used = _keys_used()
    for key in [*EN, *used]:
        zh, sep, other = key.partition(" / ")
        assert not (sep and CJK.search(zh) and LATIN.search(other) and not CJK.search(other)), key
        if CJK.search(key):
            assert _latin_words(CODE.sub(" ", PLACEHOLDER.sub(" ", key))) == [], key


def test_commands_and_columns_in_keys_are_admin_hints():
    """Every key naming a command (pingyi …), a database column (table.column) or an environment variable is given
    to t() inside auth.admin_hint(…) or on the admin page, never to a reader."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted((REPO / "dashboard").rglob("*.py"))}
    technical = re.compile(r"`[^`]*(pingyi |[a-z_]+\.[a-z_]+|[A-Z_]{6,})[^`]*`")
    admin_only = {"app_pages/admin.py"}
    bad = []
    for path, tree in trees.items():
        rel = str(path.relative_to(REPO / "dashboard"))
        hinted = {
            id(sub)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "admin_hint"
            for sub in ast.walk(node)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and technical.search(arg.value):
                if id(node) not in hinted and rel not in admin_only and not _admin_branch(tree, node):
                    bad.append(f"{rel}:{node.lineno}: {arg.value[:60]}")
    assert bad == []


def _admin_branch(tree: ast.AST, call: ast.Call) -> bool:
    """Is `call` the true branch of `… if user.can("load") else …` (the router's messages)?"""
    for node in ast.walk(tree):
        if isinstance(node, ast.IfExp) and any(sub is call for sub in ast.walk(node.body)):
            return "can" in ast.unparse(node.test) and "load" in ast.unparse(node.test)
    return False


# ---------------------------------------------------------------- the pages as a reader and as an admin


def _page_text(at: AppTest) -> str:
    parts = [
        e.value for kind in ("info", "caption", "warning", "error", "markdown") for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_command_line_words_only_for_admins(app_env, role):
    at = logged_in(AppTest.from_file(str(APP)), role=role).run(timeout=60)
    at.switch_page("app_pages/meetings.py").run(timeout=60)
    assert not at.exception, at.exception
    text = _page_text(at)
    # the fixture has no meetings and no reports: the page says so, and where they come from
    assert "没有会议记录。会议来自新闻稿与通知。" in text and "所选范围内没有述职报告。" in text
    if role == "viewer":
        assert "pingyi" not in text and "命令行" not in text
        assert _latin_words(CODE.sub(" ", text)) == [] and "`" not in text
    else:
        assert "命令行载入:`pingyi ingest 新闻稿.txt`。" in text and "`pingyi ingest 报告目录/`" in text


# ---------------------------------------------------------------- every page in Chromium

PAGES = ["", "trends", "compare", "meetings", "unit", "schemes"]
WAIT = 90_000
SEEN = """
() => {
  const out = [document.title];
  for (const sel of ["[data-testid='stMain']", "[data-testid='stSidebar']"]) {
    const root = document.querySelector(sel);
    if (!root) continue;
    const copy = root.cloneNode(true);  // without icon ligatures ("download"), styles, charts and grids
    copy.querySelectorAll("[data-testid='stIconMaterial'], [translate='no'], style, script, canvas, .js-plotly-plot, "
      + "[data-testid='stElementToolbar']").forEach(e => e.remove());
    copy.querySelectorAll("*").forEach(e => e.append(" "));  // block boundaries as spaces
    out.push(copy.textContent);
  }
  for (const t of document.querySelectorAll(".js-plotly-plot svg text")) out.push(t.textContent);
  for (const t of document.querySelectorAll("[data-testid='stTooltipContent']")) out.push(t.textContent);
  return out;
}
"""
GRID_HEADS = "() => [...document.querySelectorAll('canvas table th')].map(e => e.textContent)"
GRID_CELLS = "() => [...document.querySelectorAll('canvas table td')].map(e => e.textContent)"


@pytest.fixture(scope="module")
def demo_values(demo_db) -> list[str]:  # noqa: F811
    """Names from the demo data (shown as they are in both languages: institutions, units, secretaries, schemes and
    the institutions' own names of their rater groups, e.g. A票, the news files' names and the keywords read from the
    reports), longest first."""
    con = Store.at(demo_db).connect_read_only()
    try:
        rows = con.execute(
            """
            select name from institutions union select name from units union select name from unit_names
            union select unit from appraisal union select secretary from appraisal
            union select scheme_label from institution_year
            union select rater_group from unit_group_votes
            union select regexp_extract(source, '[^/]*$') from meetings
            union select unnest(keywords) from reports
            """
        ).fetchall()
    finally:
        con.close()
    return sorted({r[0] for r in rows if r[0]}, key=len, reverse=True)


def _visit(page, url: str) -> dict[str, list[str]]:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=WAIT)
    page.wait_for_selector(IDLE, timeout=WAIT)
    page.wait_for_timeout(500)
    while (closed := page.locator("[data-testid='stExpander'] details:not([open]) > summary")).count():
        closed.first.click()  # opened one by one (the list shrinks as they open)
        page.wait_for_timeout(200)
    # a widget's help (the (?) icon) or a button's: its tooltip is read below
    hover = page.locator(
        "[data-testid='stMain'] :is([data-testid='stTooltipIcon'], [data-testid='stDownloadButton'], "
        "[data-testid='stButton']) [data-testid='stTooltipHoverTarget']"
    )
    if hover.count():
        hover.first.hover(timeout=10_000)
        page.locator("[data-testid='stTooltipContent']").first.wait_for(timeout=10_000)
    return {
        "text": page.evaluate(SEEN),
        "heads": page.evaluate(GRID_HEADS),
        "cells": page.evaluate(GRID_CELLS),
    }


def _cut(text: str, values: list[str]) -> str:
    for value in values:
        text = text.replace(value, " ")
    return text


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium fonts-noto-cjk"
)
def test_every_page_in_one_language(server: str, browser, demo_values):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    leaks: dict[str, list[str]] = {}
    tooltips = heads = 0
    try:
        for lang in ("zh", "en"):
            for name in PAGES:
                seen = _visit(page, f"{server}/{name}" + ("?lang=en" if lang == "en" else ""))
                tooltips += sum(1 for _ in page.locator("[data-testid='stTooltipContent']").all())
                where = f"{lang}:{name or 'overview'}"
                if lang == "zh":
                    # a link cell (the overview's 档案) holds its address, the grid shows its text (查看档案)
                    cells = [c for c in seen["cells"] if not LINK.fullmatch(c)]
                    shown = [*seen["text"], *seen["heads"], *cells]
                    found = [w for s in shown for w in _latin_words(_cut(s, demo_values))]
                else:  # data cells hold Chinese names: the headers and the page's own text must not
                    shown = [*seen["text"], *seen["heads"]]
                    rest = [_cut(s, [*demo_values, *ALLOWED_CJK]) for s in shown]
                    found = [s.strip()[:80] for s, r in zip(shown, rest, strict=True) if CJK.search(r)]
                heads += len(seen["heads"])
                if found:
                    leaks[where] = sorted(set(found))
        assert tooltips >= 1 and heads >= 20  # tooltips and table headers were read (the scan can fail)
        assert leaks == {}
    finally:
        context.close()


def test_the_login_page_has_the_language_switch(app_env, monkeypatch):
    """A reader of the other language finds theirs before logging in; the link follows the switch (a stale
    ?lang=en must not undo a switch back to Chinese)."""
    monkeypatch.delenv("PINGYI_AUTH", raising=False)
    at = AppTest.from_file(str(APP))
    at.query_params["lang"] = "en"
    at.run(timeout=60)
    assert [t.value for t in at.title] == ["Pingyi"]
    at.radio(key="login_lang").set_value("zh").run(timeout=60)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["评议 Pingyi"]
    assert [w.label for w in at.text_input] == ["用户名", "密码"] and "lang" not in at.query_params
    at.run(timeout=60)  # another run keeps Chinese
    assert [t.value for t in at.title] == ["评议 Pingyi"]
    at.radio(key="login_lang").set_value("en").run(timeout=60)
    assert [w.label for w in at.text_input] == ["User name", "Password"]
    assert at.query_params["lang"] in ("en", ["en"])
