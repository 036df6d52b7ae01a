"""Fixture warehouses for the dashboard tests, built from tests/data/dashboard_ratings.csv through the real loader.

The CSV (fictional institutions, every vote count chosen so the figures can be checked by hand):
- 青岚大学 2022–2023 and 澄江医科大学 2022–2023, 白沙学院 2023 only; all four unit types.
- Ten graded votes per unit (twenty at 白沙学院; 后勤处 2022 has 11 raters, one abstaining); one official grade (青岚大学 理学院 2023: 较好, although its
  score of 92 would compute as 好); one 票 suffix, one full-width count and a 合计 footer.
- 澄江医科大学 2023 is scored under its own scheme (好100 较好85 一般70 差0), every other year under the
  default one (好100 较好80 一般60 差0), so scores come from two 口径.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.load import ingest
from warehouse.access import Scope, User
from warehouse.store import Store

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "dashboard" / "app.py"
RATINGS_CSV = REPO / "tests" / "data" / "dashboard_ratings.csv"

CHENGJIANG = "澄江医科大学"
CHENGJIANG_SCHEME_LABEL = "澄江口径2023:好100 较好85 一般70 差0;好≥90 较好≥75 一般≥60"
ALL = Scope.everything()  # the scope of a caller who may see every institution


def logged_in(at, role: str = "admin", institutions: list[str] | None = None, name: str = "tester"):
    """An AppTest with a user already logged in for its session (the login page itself: test_auth.py)."""
    from dashboard.auth import USER_KEY

    at.session_state[USER_KEY] = User(name, role, institutions, password_hash="")
    return at


def run_app(query: dict | None = None, page: str | None = None):
    """The app run as a logged-in admin with these URL parameters, then switched to `page`; no exception."""
    from streamlit.testing.v1 import AppTest

    at = logged_in(AppTest.from_file(str(APP)))
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run(timeout=60)
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run(timeout=60)
        assert not at.exception, at.exception
    return at


def widget(at, key: str):
    """The input widget with this key (the sidebar's and the pages')."""
    for kind in ("multiselect", "slider", "radio", "toggle", "selectbox"):
        for w in getattr(at, kind):
            if w.key == key:
                return w
    raise KeyError(key)


def _build(pointer: Path, *, demo: bool = False) -> Path:
    store = Store.at(pointer)
    results = ingest(store, [RATINGS_CSV])
    assert [(r.status, r.rows_loaded, r.rows_rejected) for r in results] == [("loaded", 20, 0)]
    # no scheme loader yet: the scheme row is written the way a loader would, into a new version
    with store.write() as writer:
        writer.con.execute(
            """
            insert into raw_schemes (scheme_id, institution_id, year_from, year_to, label,
                points_good, points_fairly_good, points_average, points_poor)
            select 'chengjiang-2023', institution_id, 2023, 2023, ?, 100, 85, 70, 0
            from raw_institutions where name = ?
            """,
            [CHENGJIANG_SCHEME_LABEL, CHENGJIANG],
        )
        if demo:
            writer.con.execute("update raw_institutions set is_demo = true")
    return store.pointer


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pointer path of the fixture warehouse (real institutions flag: not demo)."""
    return _build(tmp_path_factory.mktemp("warehouse") / "pingyi.duckdb")


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same data with every institution flagged as demo."""
    return _build(tmp_path_factory.mktemp("demo") / "pingyi.duckdb", demo=True)


@pytest.fixture(scope="session")
def connection(warehouse: Path):
    con = Store.at(warehouse).connect_read_only()
    yield con
    con.close()


@pytest.fixture
def cur(connection: duckdb.DuckDBPyConnection):
    with connection.cursor() as c:
        yield c


@pytest.fixture(scope="session")
def ids(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Institution name → id."""
    return dict(connection.execute("select name, institution_id from institutions").fetchall())


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> Path:
    monkeypatch.setenv("PINGYI_DB", str(warehouse))
    return warehouse
