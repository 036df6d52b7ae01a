"""A fixture warehouse with a grade-only institution and a roster-only year, beside the dashboard fixture's data.

松溪学院 (fictional) published for 2023 only a list of its six units with the grade each received (no votes, no
score), and for 2022 only a roster: who reported on site (现场) and who in writing (书面), with no results. The rows
are written by the real writer (etl.write.write_ratings) into a new version of the real dashboard fixture warehouse,
the way the loader writes a grade list and a roster (issue #12):

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

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from etl.normalize import name_key
from etl.write import write_ratings
from tests.dashboard.conftest import _build
from warehouse.store import Store

SONGXI = "松溪学院"
BATCH = "songxi-fixture"
UNITS = (
    # name, unit_type, 2022 mode, 2023 grade, secretary (fictional)
    ("化学学院", "college", "onsite", "good", "丁一帆"),
    ("文学院", "college", "written", "good", "于小溪"),
    ("物理学院", "college", "written", "fairly_good", "任山青"),
    ("机关第一党支部", "branch", "onsite", "fairly_good", "万里晴"),
    ("离退休党支部", "branch", "written", "average", "方知秋"),
    ("学生第一党支部", "branch", "written", "good", "左云舒"),
)
RESULT_COLUMNS = (
    "votes_good",
    "votes_fairly_good",
    "votes_average",
    "votes_poor",
    "abstain",
    "voters",
    "score",
)


def songxi_rows() -> pl.DataFrame:
    """The grade list (2023) and the roster (2022) as validated rows, the loader's shape."""
    rows = []
    for i, (unit, unit_type, mode, grade, secretary) in enumerate(UNITS, start=1):
        for year, this_mode, this_grade in ((2022, mode, None), (2023, None, grade)):
            rows.append(
                {
                    "institution": SONGXI,
                    "year": year,
                    "unit_name": unit,
                    "name_key": name_key(unit),
                    "unit_type": unit_type,
                    "org_level": None,
                    "rater_group": "",
                    "item": "",
                    "secretary": secretary,
                    "mode": this_mode,
                    "official_grade": this_grade,
                    "official_rank": None,
                    "source_row": i + 1,
                }
                | dict.fromkeys(RESULT_COLUMNS)
            )
    schema = {c: pl.Int64 for c in RESULT_COLUMNS} | {
        "score": pl.Float64,
        "year": pl.Int64,
        "official_rank": pl.Int64,
        "source_row": pl.Int64,
        "org_level": pl.String,
        "mode": pl.String,
        "official_grade": pl.String,
    }
    return pl.DataFrame(rows, schema_overrides=schema)


def add_songxi(pointer: Path) -> Path:
    store = Store.at(pointer)
    with store.write() as writer:
        notes = write_ratings(writer.con, songxi_rows(), BATCH)
        writer.con.execute(
            """insert into raw_etl_batches (batch_id, kind, source, loaded_at, status, rows_read, rows_loaded, note)
               values (?, 'ratings', '松溪学院2022-2023.xlsx', ?, 'loaded', 12, 12, ?)""",
            [BATCH, dt.datetime(2024, 1, 10, 9, 0), "; ".join(notes)],
        )
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
