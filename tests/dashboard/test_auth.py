"""The login gate (dashboard/auth.py) with AppTest on the fixture warehouse: nothing before login, a generic message
for a wrong password, data after a right one; a viewer granted one institution sees nothing of another, even when the
URL names it or one of its units; the demo login only in demo mode on an all-demo warehouse; exports for analysts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.safe import md
from tests.dashboard.conftest import APP, logged_in
from warehouse.access import UserStore

PASSWORD = "correct-horse-battery"
UNIT_PAGE = "app_pages/unit.py"


@pytest.fixture
def users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "users.json"
    monkeypatch.setenv("PINGYI_USERS_FILE", str(path))
    monkeypatch.delenv(auth.AUTH_ENV, raising=False)
    monkeypatch.setenv("PINGYI_LOGIN_DELAY_SECONDS", "0.01")
    from dashboard.lockout import THROTTLE

    THROTTLE.reset()  # lockouts live in the process: each test starts with none
    return path


@pytest.fixture(scope="module")
def world(warehouse: Path) -> dict[str, dict]:
    """Institution name → its id, unit ids and unit names (the fixture warehouse's three institutions)."""
    from warehouse.store import Store

    con = Store.at(warehouse).connect_read_only()
    try:
        out = {}
        for iid, name in con.execute("select institution_id, name from institutions").fetchall():
            units = con.execute("select unit_id, name from units where institution_id = ?", [iid]).fetchall()
            out[name] = {"id": iid, "units": [u for u, _ in units], "unit_names": {n for _, n in units}}
        return out
    finally:
        con.close()


def _protos(node):
    for child in getattr(node, "children", {}).values():
        yield from _protos(child)
    proto = getattr(node, "proto", None)
    if proto is not None:
        yield proto


def _shown(at: AppTest) -> bytes:
    """Everything the run sent to the browser (texts, widget options, tables as Arrow, charts as JSON), as bytes."""
    return b"\n".join(p.SerializeToString() for p in _protos(at._tree))


def _appears(text: str, blob: bytes) -> bool:
    return text.encode("utf-8") in blob or json.dumps(text).strip('"').encode() in blob


def _texts(at: AppTest) -> list[str]:
    return [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "title")
        for e in getattr(at, kind)
    ]


def _login(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "登录").click()
    return at.run(timeout=60)


def test_nobody_logged_in_sees_the_login_form_and_no_data(app_env, users_file, world):
    at = AppTest.from_file(str(APP)).run(timeout=60)
    assert not at.exception, at.exception
    assert [t.key for t in at.text_input] == ["login_name", "login_password"]
    assert (
        at.text_input(key="login_password").proto.type == at.text_input(key="login_password").proto.PASSWORD
    )
    assert not at.get("plotly_chart") and not at.dataframe and not at.multiselect
    shown = _shown(at)
    for name, w in world.items():
        assert not _appears(name, shown), name
        assert not any(_appears(u, shown) for u in w["units"])
    assert auth.current_user() is None


def test_wrong_password_gets_a_generic_message_and_right_one_gets_data(app_env, users_file, world):
    UserStore(users_file).add("analyst-1", PASSWORD, "analyst", None)
    at = AppTest.from_file(str(APP)).run(timeout=60)
    _login(at, "analyst-1", "wrong-password-123")
    assert [e.value for e in at.error] == [auth.LOGIN_FAILED]
    assert not at.get("plotly_chart")
    _login(at, "nobody-here", PASSWORD)  # an unknown name: the very same message
    assert [e.value for e in at.error] == [auth.LOGIN_FAILED]
    _login(at, "analyst-1", PASSWORD)
    assert not at.exception, at.exception
    assert not at.error
    assert at.get("plotly_chart"), "the overview's charts after login"
    shown = _shown(at)
    assert all(_appears(name, shown) for name in world)  # an all-institutions grant: every one in the sidebar
    assert "login_name" not in [t.key for t in at.text_input]


def test_logout_returns_to_the_login_form(app_env, users_file):
    at = logged_in(AppTest.from_file(str(APP))).run(timeout=60)
    assert at.get("plotly_chart")
    at.button(key="logout").click().run(timeout=60)
    assert [t.key for t in at.text_input] == ["login_name", "login_password"]
    assert not at.get("plotly_chart")


def _viewer_of(at: AppTest, name: str) -> AppTest:
    return logged_in(at, role="viewer", institutions=[name], name="viewer-a")


def test_a_scoped_viewer_sees_nothing_of_another_institution_even_when_the_url_names_it(
    app_env, users_file, world
):
    own, other = "青岚大学", "白沙学院"
    others = [n for n in world if n != own]
    at = _viewer_of(AppTest.from_file(str(APP)), own)
    at.query_params["inst"] = [world[own]["id"], world[other]["id"], other]
    at.run(timeout=60)
    assert not at.exception, at.exception
    chosen = next(m for m in at.multiselect if m.key == "inst")
    assert chosen.options == [own] or list(chosen.value) == [world[own]["id"]]
    assert list(chosen.value) == [world[own]["id"]]
    shown = _shown(at)
    assert _appears(own, shown)
    for name in others:
        unique_units = world[name]["unit_names"] - world[own]["unit_names"]
        assert not any(_appears(u, shown) for u in unique_units), name
        assert not any(_appears(u, shown) for u in world[name]["units"]), name
    assert not any(_appears(n, b"\n".join(p.SerializeToString() for p in _protos(at.main))) for n in others)

    # 单位档案 with another institution's unit in the URL: the same answer as for a unit that does not exist
    for unit, label in ((world[other]["units"][0], "other"), ("u_does_not_exist", "unknown")):
        at = _viewer_of(AppTest.from_file(str(APP)), own)
        at.query_params["unit"] = unit
        at.run(timeout=60)
        at.switch_page(UNIT_PAGE).run(timeout=60)
        assert not at.exception, at.exception
        warnings = [w.value for w in at.warning]
        assert len(warnings) == 1 and "没有找到编号为" in warnings[0] and "您无权查看" in warnings[0], label
        shown = _shown(at)
        for name in others:
            unique_units = world[name]["unit_names"] - world[own]["unit_names"]
            assert not any(_appears(u, shown) for u in unique_units), (label, name)
        assert not any(
            _appears(n, b"\n".join(p.SerializeToString() for p in _protos(at.main))) for n in others
        )
    first_warning = warnings[0].replace(md("u_does_not_exist"), "{unit}")
    at = _viewer_of(AppTest.from_file(str(APP)), own)
    at.query_params["unit"] = world[other]["units"][0]
    at.run(timeout=60).switch_page(UNIT_PAGE).run(timeout=60)
    assert at.warning[0].value.replace(md(world[other]["units"][0]), "{unit}") == first_warning


def test_demo_login_only_in_demo_mode_on_an_all_demo_warehouse(
    monkeypatch: pytest.MonkeyPatch, users_file, warehouse: Path, demo_warehouse: Path
):
    def run(pointer: Path, demo: bool) -> AppTest:
        monkeypatch.setenv("PINGYI_DB", str(pointer))
        if demo:
            monkeypatch.setenv(auth.AUTH_ENV, "demo")
        else:
            monkeypatch.delenv(auth.AUTH_ENV, raising=False)
        at = AppTest.from_file(str(APP)).run(timeout=60)
        assert not at.exception, at.exception
        return at

    at = run(demo_warehouse, demo=True)
    assert auth.DEMO_NOTE in [i.value for i in at.sidebar.info]
    assert at.get("plotly_chart")
    assert at.session_state[auth.USER_KEY].name == auth.DEMO_USER
    assert (
        at.session_state[auth.USER_KEY].role == "viewer"
    )  # the demo visitor reads; loading needs an admin login
    assert not at.get("download_button")

    for pointer, demo in ((warehouse, True), (demo_warehouse, False), (warehouse, False)):
        at = run(pointer, demo)
        assert "login_password" in [t.key for t in at.text_input], (pointer, demo)
        assert not at.get("plotly_chart")
        assert auth.DEMO_NOTE not in _texts(at)


def test_the_demo_user_is_dropped_once_real_data_is_in_the_warehouse(
    monkeypatch: pytest.MonkeyPatch, users_file, tmp_path: Path
):
    from tests.dashboard.conftest import _build
    from warehouse.store import Store

    pointer = _build(tmp_path / "w" / "pingyi.duckdb", demo=True)
    monkeypatch.setenv("PINGYI_DB", str(pointer))
    monkeypatch.setenv(auth.AUTH_ENV, "demo")
    at = AppTest.from_file(str(APP)).run(timeout=60)
    assert at.get("plotly_chart")
    with Store.at(pointer).write() as writer:
        writer.con.execute(
            "update raw_institutions set is_demo = false where institution_id = "
            "(select min(institution_id) from raw_institutions)"
        )
    at.run(timeout=60)
    assert "login_password" in [t.key for t in at.text_input]
    assert not at.get("plotly_chart")
    assert [w.value for w in at.warning] == [auth.DEMO_ENDED]  # said, not silent


def test_viewers_get_no_export_buttons_and_analysts_do(app_env, users_file):
    from dashboard.downloads import VIEWER_NOTE

    viewer = logged_in(AppTest.from_file(str(APP)), role="viewer").run(timeout=60)
    viewer.switch_page("app_pages/trends.py").run(timeout=60)
    assert not viewer.exception, viewer.exception
    assert viewer.get("plotly_chart")
    assert not viewer.get("download_button")
    assert VIEWER_NOTE in [c.value for c in viewer.caption]

    analyst = logged_in(AppTest.from_file(str(APP)), role="analyst").run(timeout=60)
    analyst.switch_page("app_pages/trends.py").run(timeout=60)
    assert analyst.get("download_button")
    assert VIEWER_NOTE not in [c.value for c in analyst.caption]


def test_no_default_password_outside_demo_mode(app_env, users_file):
    """Neither an empty users file nor the demo user's name lets anyone in."""
    at = AppTest.from_file(str(APP)).run(timeout=60)
    for name, password in (("demo", ""), ("demo", "demo"), ("admin", "admin"), ("admin", "password123")):
        _login(at, name, password)
        assert "login_password" in [t.key for t in at.text_input], (name, password)
        assert not at.get("plotly_chart")
