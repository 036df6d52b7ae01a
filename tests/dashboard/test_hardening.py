"""Attacks from issue #17 re-run against the app (AppTest and the real loader; no browser): each must fail to get
through.

- brute force: wrong passwords lock the user name (and, from one client, every name) with a stated lift time; the
  right password is refused while locked and works after the lift; failures and lockouts are in the audit log; a
  flood of parallel attempts does not slow a logged-in user's page much;
- sessions: role and institutions re-read from the users file on every rerun; a removed user is logged out; a
  logged-out session's cookie no longer works;
- injection: CSV cells beginning with = + - @ tab CR are neutralised in every CSV path (the export buttons' builder
  and `pingyi export`); names from the data and values from the URL are shown as text on every page (no Markdown
  link, image, autolink or HTML survives; chart titles, legends and hover carry no live tag);
- no traceback reaches a user: a page error is a short message with a reference id that is in the server log;
  changing ?lang inside a session on every page gives no exception.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.lockout import THROTTLE
from dashboard.sessions import REGISTRY
from tests.dashboard.conftest import APP, RATINGS_CSV, REPO, logged_in
from warehouse import audit
from warehouse.access import UserStore

PASSWORD = "correct-horse-battery"
PAGES = [
    "app_pages/overview.py",
    "app_pages/trends.py",
    "app_pages/compare.py",
    "app_pages/meetings.py",
    "app_pages/unit.py",
    "app_pages/schemes.py",
    "app_pages/admin.py",
]
# hostile values (fictional): Markdown links and images, raw HTML, Streamlit directives, plain addresses, formulas
EVIL = "evil.example"
HOSTILE_INSTITUTION = f"[会话已过期 请点此重新登录](http://{EVIL}/login)大学"
HOSTILE_UNITS = {
    "文学院党委": f"![t](http://{EVIL}/x.png)文学院党委",
    "理学院党总支": f'<a href="http://{EVIL}/a">理学院</a>党总支',
    "青岚大学附属医院党委": f"http://{EVIL}/plain 附属医院党委",
}
FORMULAS = [
    '=HYPERLINK("http://evil.example/x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\tx=1",
    "\r=1",
    "=1+1",
    "+1",
    "@x",
    "-x",
]


@pytest.fixture
def users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "users.json"
    monkeypatch.setenv("PINGYI_USERS_FILE", str(path))
    monkeypatch.setenv("PINGYI_LOGIN_DELAY_SECONDS", "0.01")
    monkeypatch.delenv(auth.AUTH_ENV, raising=False)
    THROTTLE.reset()
    return path


def _login(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "登录").click()
    return at.run(timeout=60)


def _on_login_page(at: AppTest) -> bool:
    return "login_password" in [t.key for t in at.text_input]


# --- brute force -------------------------------------------------------------------------------------------------


def test_wrong_passwords_lock_the_name_with_a_stated_lift_time_and_are_logged(app_env, users_file):
    UserStore(users_file).add("admin-1", PASSWORD, "admin", None)
    at = AppTest.from_file(str(APP)).run(timeout=60)
    for i in range(5):
        _login(at, "admin-1", f"wrong-guess-{i:03d}")
        assert _on_login_page(at)
    assert (
        "15 分钟后" in at.error[0].value and "UTC" in at.error[0].value
    )  # the 5th failure locks, and says until when
    _login(at, "admin-1", PASSWORD)  # the right password, while locked
    assert _on_login_page(at) and not at.get("plotly_chart")
    assert "已暂时锁定" in at.error[0].value
    events = [(e["event"], e["outcome"]) for e in audit.read(app_env, limit=50) if e["user"] == "admin-1"][
        ::-1
    ]
    assert events == [("login_failed", "failed")] * 5 + [("lockout", "refused"), ("login_failed", "refused")]


def test_the_lock_lifts_after_the_stated_time(app_env, users_file, monkeypatch):
    UserStore(users_file).add("admin-2", PASSWORD, "admin", None)
    monkeypatch.setenv("PINGYI_LOCKOUT_MINUTES", str(1.5 / 60))  # 1.5 s
    at = AppTest.from_file(str(APP)).run(timeout=60)
    for i in range(5):
        _login(at, "admin-2", f"wrong-guess-{i:03d}")
    _login(at, "admin-2", PASSWORD)
    assert _on_login_page(at)
    time.sleep(1.6)
    _login(at, "admin-2", PASSWORD)
    assert not at.exception and not _on_login_page(at) and at.get("plotly_chart")


def test_one_client_guessing_many_names_is_locked_for_every_name(app_env, users_file):
    UserStore(users_file).add("analyst-3", PASSWORD, "analyst", None)
    settings = auth.Settings()
    for i in range(20):  # 20 names, 1 guess each: no single name reaches its limit
        assert (
            auth.check_password(f"name-{i:02d}", "wrong-guess", "198.51.100.7", settings).refused == "wrong"
        )
    attempt = auth.check_password("analyst-3", PASSWORD, "198.51.100.7", settings)
    assert (attempt.user, attempt.refused, attempt.locked.who) == (None, "locked", "client")
    assert (
        auth.check_password("analyst-3", PASSWORD, "203.0.113.9", settings).user is not None
    )  # another client


def test_a_login_flood_does_not_starve_a_logged_in_user(app_env, users_file):
    """20 threads guessing in a bounded loop (200 attempts) while a logged-in viewer's overview is re-run."""
    UserStore(users_file).add("target", PASSWORD, "admin", None)
    settings = auth.Settings()
    viewer = logged_in(AppTest.from_file(str(APP)), role="viewer")
    viewer.run(timeout=60)

    def page_seconds() -> float:
        start = time.perf_counter()
        viewer.run(timeout=60)
        assert not viewer.exception
        return time.perf_counter() - start

    quiet = min(page_seconds() for _ in range(3))
    outcomes: list[str] = []

    def guess(n: int) -> None:
        for i in range(10):
            outcomes.append(auth.check_password("target", f"guess-{n}-{i}", f"192.0.2.{n}", settings).refused)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for th in threads:
        th.start()
    time.sleep(0.2)
    busy = [page_seconds() for _ in range(3)]
    for th in threads:
        th.join(timeout=120)
    assert len(outcomes) == 200 and set(outcomes) <= {"wrong", "locked", "busy"}
    # the name locked after 5 wrong guesses: the rest were refused without a password check
    assert outcomes.count("wrong") <= 5 + 20  # (at most one in flight per thread when the lock fell)
    assert outcomes.count("locked") >= 170
    assert max(busy) < max(3 * quiet, quiet + 1.5), (quiet, busy)


# --- sessions ----------------------------------------------------------------------------------------------------


def test_role_and_scope_are_re_read_on_every_rerun_and_a_removed_user_is_logged_out(
    app_env, users_file, world
):
    store = UserStore(users_file)
    store.add("analyst-4", PASSWORD, "analyst", None)
    at = _login(AppTest.from_file(str(APP)).run(timeout=60), "analyst-4", PASSWORD)
    assert at.session_state[auth.USER_KEY].role == "analyst"
    assert len(at.multiselect(key="inst").options) == 3
    sid = at.session_state[auth.LOGIN_KEY][2]
    cookie = REGISTRY.cookie_value(REGISTRY.get(sid))
    # re-scoped: a viewer of one institution, from the next rerun on
    store.remove("analyst-4")
    store.add("analyst-4", PASSWORD, "viewer", ["青岚大学"])
    at.run(timeout=60)
    assert at.session_state[auth.USER_KEY].role == "viewer"
    assert at.multiselect(key="inst").options == ["青岚大学"]  # shown by name
    assert not at.get("download_button")
    # removed: logged out at the next rerun, told why, and the session's cookie no longer works
    store.remove("analyst-4")
    at.run(timeout=60)
    assert _on_login_page(at) and not at.get("plotly_chart")
    assert any("analyst-4" in i.value.replace("\\", "") for i in at.info)
    assert REGISTRY.from_cookie(cookie, max_age=3600) is None


def test_logout_ends_the_server_side_session_so_its_cookie_no_longer_works(app_env, users_file):
    UserStore(users_file).add("viewer-5", PASSWORD, "viewer", None)
    at = _login(AppTest.from_file(str(APP)).run(timeout=60), "viewer-5", PASSWORD)
    session = REGISTRY.get(at.session_state[auth.LOGIN_KEY][2])
    cookie = REGISTRY.cookie_value(session)
    assert REGISTRY.from_cookie(cookie, max_age=3600).name == "viewer-5"
    at.button(key="logout").click().run(timeout=60)
    assert _on_login_page(at)
    assert REGISTRY.from_cookie(cookie, max_age=3600) is None
    assert REGISTRY.from_cookie(cookie[:-2] + "xx", max_age=3600) is None  # nor does a forged one
    entries = [(e["event"], e["user"]) for e in audit.read(app_env, limit=10)]
    assert ("logout", "viewer-5") in entries and ("login", "viewer-5") in entries


@pytest.fixture(scope="module")
def world(warehouse: Path) -> dict[str, dict]:
    from warehouse.store import Store

    con = Store.at(warehouse).connect_read_only()
    try:
        return {
            name: {"id": iid}
            for iid, name in con.execute("select institution_id, name from institutions").fetchall()
        }
    finally:
        con.close()


# --- CSV injection ----------------------------------------------------------------------------------------------


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_formula_cell_is_neutralised_in_the_csv_builder():
    import polars as pl

    from dashboard.export import table_csv

    frame = pl.DataFrame({"名称": FORMULAS, "列表": [[f, "x"] for f in FORMULAS], "数": list(range(-5, 5))})
    rows = _cells(table_csv(frame))[1:]
    assert len(rows) == len(FORMULAS)
    for row, formula in zip(rows, FORMULAS, strict=True):
        assert row[0] == "'" + formula
        assert row[1].startswith("'")
    assert [r[2] for r in rows] == [str(n) for n in range(-5, 5)]  # numbers, negative ones too, stay numbers


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard fixture data with hostile institution, unit and secretary names, through the real loader."""
    from etl.load import ingest
    from warehouse.store import Store

    folder = tmp_path_factory.mktemp("hostile")
    text = RATINGS_CSV.read_text(encoding="utf-8").replace("青岚大学,", HOSTILE_INSTITUTION + ",")
    for plain, hostile in HOSTILE_UNITS.items():
        text = text.replace("," + plain + ",", "," + hostile + ",")
    source = folder / "hostile.csv"
    source.write_text(text, encoding="utf-8")
    store = Store.at(folder / "pingyi.duckdb")
    results = ingest(store, [source])
    assert [(r.status, r.rows_rejected) for r in results] == [("loaded", 0)], [r.rejects[:2] for r in results]
    return store.pointer


def test_pingyi_export_csv_neutralises_formulas_from_the_data(tmp_path: Path):
    """An institution named like a formula, through the real loader and `pingyi export chart --format csv`."""
    from etl.load import ingest
    from warehouse.store import Store

    formula = '=HYPERLINK("http://evil.example/x","y")'
    text = RATINGS_CSV.read_text(encoding="utf-8").replace(
        "青岚大学,", f'"{formula.replace(chr(34), chr(34) * 2)}",'
    )
    source = tmp_path / "formulas.csv"
    source.write_text(text, encoding="utf-8")
    store = Store.at(tmp_path / "w" / "pingyi.duckdb")
    results = ingest(store, [source])
    assert all(r.status == "loaded" for r in results), [(r.status, r.notes, r.rejects[:2]) for r in results]
    out = tmp_path / "out"
    cells = []
    for page, chart in (("compare", "yoy"), ("compare", "institution_trend"), ("trends", "type_trend")):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pingyi",
                "export",
                "chart",
                "--db",
                str(store.pointer),
                "--page",
                page,
                "--chart",
                chart,
                "--format",
                "csv",
                "--out",
                str(out / chart),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        cells += [c for f in (out / chart).rglob("*.csv") for row in _cells(f.read_bytes()) for c in row]
    assert cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert "'" + formula in cells  # the name is there, as text


# --- values from the data and the URL shown as text --------------------------------------------------------------

LIVE_MARKDOWN = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[|(?<![\\])https?(?<!\\)://|(?<!\\)<[a-z/]", re.IGNORECASE)
# the one link the app writes itself: 总览's attention lines link each unit (its name escaped) to its profile by id
PROFILE_LINK = re.compile(r"(?<!\\)\]\(unit\?unit=u_[0-9a-f]+(?:&lang=en)?\)")


def _markdown_bodies(at: AppTest) -> list[str]:
    out = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "title",
        "header",
        "subheader",
        "toast",
        "exception",
        "latex",
        "code",
    ):
        out += [str(e.value) for e in getattr(at, kind, [])]
    for kind in (
        "button",
        "multiselect",
        "selectbox",
        "radio",
        "slider",
        "toggle",
        "checkbox",
        "text_input",
        "expander",
        "tabs",
    ):
        for w in getattr(at, kind, []):
            out += [str(getattr(w, "label", "") or ""), str(getattr(w, "help", "") or "")]
    return out


def _figures(at: AppTest) -> list[str]:
    return [e.proto.spec for e in at.get("plotly_chart")]


def test_hostile_names_and_url_values_are_text_on_every_page(
    hostile_warehouse: Path, monkeypatch, users_file
):
    monkeypatch.setenv("PINGYI_DB", str(hostile_warehouse))
    query = {
        "unit": f"[会话已过期,请点此重新登录](http://{EVIL}/x)",
        "oinst": f"![t](http://{EVIL}/y.png)",
        "types": f"<a href='http://{EVIL}'>x</a>",
        "lang": f"http://{EVIL}/lang",
        "metric": f"www.{EVIL}",
    }
    seen_markdown = seen_figures = 0
    for page in PAGES:
        at = logged_in(AppTest.from_file(str(APP)))
        for key, value in query.items():
            at.query_params[key] = value
        at.run(timeout=60)
        bodies = _markdown_bodies(at)  # the default page (总览) with the link's parameters
        at.switch_page(page).run(timeout=60)
        for key, value in query.items():  # and the page itself with them (switching pages drops the query)
            at.query_params[key] = value
        at.run(timeout=60)
        assert not at.exception, (page, at.exception)
        bodies += _markdown_bodies(at)
        seen_markdown += sum(EVIL.replace(".", "\\.") in b for b in bodies)
        live = [b for b in bodies if EVIL in b or LIVE_MARKDOWN.search(PROFILE_LINK.sub("", b))]
        assert not live, (page, live)
        for spec in _figures(at):
            figure = json.dumps(json.loads(spec), ensure_ascii=False)
            seen_figures += EVIL in figure
            assert not re.search(r"<a[\s>]|<img|<span", figure, re.IGNORECASE), (page, figure[:500])
    assert seen_markdown > 0, "the hostile values were not shown anywhere: the test would pass vacuously"
    assert seen_figures > 0, "no chart carried a hostile name: the figure check would pass vacuously"


# --- no traceback ------------------------------------------------------------------------------------------------


def test_a_page_error_is_a_short_message_with_a_reference_that_is_in_the_log(caplog):
    from dashboard import errors

    script = "from dashboard import errors\nerrors.guard(lambda: open('/nonexistent/secret-path/x.toml'))\n"
    with caplog.at_level(logging.ERROR, logger="pingyi.errors"):
        at = AppTest.from_string(script).run(timeout=30)
    assert not at.exception
    [message] = [e.value for e in at.error]
    ref = re.search(r"参考编号 ([0-9A-F]{8})", message).group(1)
    assert "/nonexistent" not in message and "Traceback" not in message and "FileNotFoundError" not in message
    [record] = [r for r in caplog.records if f"ref={ref}" in r.getMessage()]
    assert record.exc_info and "secret-path" in record.getMessage()
    assert (
        errors.on_script_error(ValueError("x")) is True
    )  # st.App's handler suppresses Streamlit's own display


def test_changing_lang_inside_a_session_on_every_page_raises_nothing(app_env, users_file):
    for page in PAGES:
        at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
        at.switch_page(page).run(timeout=60)
        for lang in ("en", "zh", "en", "fr", "zh"):
            at.query_params["lang"] = lang
            at.run(timeout=60)
            assert not at.exception, (page, lang, at.exception)
        # a stale label of the other language sent as the widget's value (what a browser's history replays)
        at.session_state["types"] = ["学院", "college", "not-a-type"]
        at.run(timeout=60)
        assert not at.exception, (page, at.exception)


def test_a_stale_label_is_read_back_as_its_code():
    from dashboard import labels, urlstate
    from dashboard.labels import UNIT_TYPES

    accepted = urlstate.accepted(UNIT_TYPES, labels.UNIT_TYPE_ZH, labels.UNIT_TYPE_EN)
    assert urlstate.codes(["学院", "college", "branch", "nonsense", None], accepted, UNIT_TYPES) == [
        "college",
        "branch",
    ]


def test_an_export_is_recorded_with_what_format_and_who(app_env):
    script = (
        "from dashboard import downloads\n"
        "from dashboard.auth import USER_KEY\n"
        "from warehouse.access import User\n"
        "import streamlit as st\n"
        "st.session_state[USER_KEY] = User('analyst-x', 'analyst', None, password_hash='')\n"
        "st.session_state['size'] = len(downloads._deferred(lambda: b'a,b\\n', what='院校对比 表', fmt='csv')())\n"
    )
    at = AppTest.from_string(script).run(timeout=30)
    assert not at.exception and at.session_state["size"] == 4
    [entry] = [e for e in audit.read(app_env, limit=20, events=["export"]) if e["user"] == "analyst-x"][:1]
    assert (entry["role"], entry["what"], entry["format"], entry["outcome"], entry["bytes"]) == (
        "analyst",
        "院校对比 表",
        "csv",
        "ok",
        4,
    )


def test_serve_always_turns_error_details_and_built_in_downloads_off(tmp_path, monkeypatch):
    import tomllib

    from pingyi.commands.serve import _serve_hardening
    from warehouse.settings import Settings

    config = tomllib.loads((REPO / "dashboard" / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none" and config["client"]["disableDataExport"] is True
    (tmp_path / "secrets.toml").write_text("[auth]\n", encoding="utf-8")
    monkeypatch.setenv("PINGYI_CONFIG_DIR", str(tmp_path))
    flags = _serve_hardening(Settings())
    pairs = dict(zip(flags[::2], flags[1::2], strict=True))
    assert pairs["--client.showErrorDetails"] == "none"
    assert pairs["--client.disableDataExport"] == "true"
    assert pairs["--server.enableXsrfProtection"] == "true"
    assert pairs["--secrets.files"] == str(
        tmp_path / "secrets.toml"
    )  # from the config folder, not site-packages


def test_pingyi_version():
    from importlib.metadata import version

    done = subprocess.run(
        [sys.executable, "-m", "pingyi", "--version"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == f"pingyi {version('pingyi')}"
    assert (REPO / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")


def test_the_page_to_come_back_to_after_login_is_never_another_site():
    from dashboard.sessions import safe_next

    assert safe_next("https://127.0.0.1:8501/unit?unit=u_1") == "/unit?unit=u_1"
    assert safe_next("/compare?lang=en") == "/compare?lang=en"
    for hostile in ("javascript:alert(1)", "/\\evil.example", "//", "/pingyi/logout", None, ""):
        assert safe_next(hostile) == "/", hostile
    for other_site in (
        "http://evil.example/x",
        "//evil.example/x",
    ):  # only the path is kept: it stays on this site
        assert safe_next(other_site) == "/x", other_site
