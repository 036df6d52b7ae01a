"""A fixture warehouse with a grade-only institution and a roster-only year, beside the dashboard fixture's data.

松溪学院 (fictional) published for 2023 only a list of its six units with the grade each received (no votes, no
score: tests/data/songxi_grades_2023.csv), and for 2022 only a roster: who reported on site (现场) and who in writing
(书面), with no results (tests/data/songxi_roster_2022.csv). Both load through the real loader (etl.load.ingest) into
the dashboard fixture warehouse (issue #12):

| unit | type | 2022 (roster) | 2023 (grade) |
|---|---|---|---|
| 化学学院 | college | onsite | 好 |
| 文学院 | college | written | 好 |
| 物理学院 | college | written | 较好 |
| 机关第一党支部 | branch | onsite | 较好 |
| 离退休党支部 | branch | written | 一般 |
| 学生第一党支部 | branch | written | 好 |

So 2023: 3 of 6 units 好 (评为“好”的单位占比 50%; colleges 2/3, branches 1/3), one unit 一般; 2022: 6 units, 2 on
site, 4 in writing, no grade.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.load import ingest
from tests.dashboard.conftest import _build
from warehouse.store import Store

SONGXI = "松溪学院"
DATA = Path(__file__).resolve().parents[1] / "data"
GRADE_LIST = DATA / "songxi_grades_2023.csv"
ROSTER = DATA / "songxi_roster_2022.csv"


def add_songxi(pointer: Path) -> Path:
    store = Store.at(pointer)
    results = ingest(store, [GRADE_LIST, ROSTER])
    assert [(r.status, r.rows_loaded, r.rows_rejected) for r in results] == [
        ("loaded", 6, 0),
        ("loaded", 6, 0),
    ]
    return store.pointer


@pytest.fixture(scope="session")
def grades_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard fixture warehouse plus 松溪学院 (grade list 2023, roster 2022)."""
    return add_songxi(_build(tmp_path_factory.mktemp("grades") / "pingyi.duckdb"))


@pytest.fixture
def grades_env(monkeypatch: pytest.MonkeyPatch, grades_warehouse: Path) -> Path:
    monkeypatch.setenv("PINGYI_DB", str(grades_warehouse))
    return grades_warehouse


@pytest.fixture(scope="session")
def grades_connection(grades_warehouse: Path):
    con = Store.at(grades_warehouse).connect_read_only()
    yield con
    con.close()


@pytest.fixture
def gcur(grades_connection):
    with grades_connection.cursor() as c:
        yield c
