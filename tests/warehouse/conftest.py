"""Fixtures for warehouse tests: a real in-memory DuckDB with the schema, and helpers to add raw rows."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.schema import apply_schema, refresh_marts

RATING_COLUMNS = (
    "votes_good",
    "votes_fairly_good",
    "votes_average",
    "votes_poor",
    "abstain",
    "voters",
    "score",
    "official_grade",
    "official_rank",
    "rater_group",
    "item",
    "mode",
    "secretary",
    "org_level",
)


class Raw:
    """Writes raw rows the way the loader would, with short defaults, so a test states only what matters."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def institution(self, iid: str = "i1", name: str = "甲大学") -> None:
        self.con.execute("insert into raw_institutions (institution_id, name) values (?, ?)", [iid, name])

    def unit(self, uid: str, unit_type: str = "college", iid: str = "i1", name: str | None = None) -> None:
        self.con.execute(
            "insert into raw_units (unit_id, institution_id, unit_type) values (?, ?, ?)",
            [uid, iid, unit_type],
        )
        self.con.execute(
            "insert into raw_unit_names (unit_id, name, name_key) values (?, ?, ?)",
            [uid, name or uid, name or uid],
        )

    def rating(self, uid: str, year: int = 2023, iid: str = "i1", name: str | None = None, **values) -> None:
        unknown = set(values) - set(RATING_COLUMNS)
        assert not unknown, unknown
        values.setdefault("rater_group", "")
        values.setdefault("item", "")
        cols = ["batch_id", "institution_id", "year", "unit_id", "unit_name", *values]
        params = ["b1", iid, year, uid, name or uid, *values.values()]
        self.con.execute(
            f"insert into raw_ratings ({', '.join(cols)}) values ({', '.join('?' * len(cols))})", params
        )

    def scheme(
        self,
        sid: str,
        iid: str = "i1",
        year_from=None,
        year_to=None,
        label=None,
        groups=None,
        items=None,
        **points,
    ) -> None:
        cols = ["scheme_id", "institution_id", "year_from", "year_to", "label", *points]
        params = [sid, iid, year_from, year_to, label or sid, *points.values()]
        self.con.execute(
            f"insert into raw_schemes ({', '.join(cols)}) values ({', '.join('?' * len(cols))})", params
        )
        for group, weight in (groups or {}).items():
            self.con.execute("insert into raw_scheme_groups values (?, ?, ?)", [sid, group, weight])
        for item, weight in (items or {}).items():
            self.con.execute("insert into raw_scheme_items values (?, ?, ?)", [sid, item, weight])


@pytest.fixture
def con():
    connection = duckdb.connect(":memory:")
    apply_schema(connection)
    yield connection
    connection.close()


@pytest.fixture
def raw(con) -> Raw:
    r = Raw(con)
    r.institution()
    return r


def read(con, sql: str, params=None):
    """Query after rebuilding the marts, as a load would before readers see the new version."""
    refresh_marts(con)
    return con.sql(sql, params=params)


def one(con, sql: str, params=None) -> dict:
    rows = read(con, sql, params).pl().to_dicts()
    assert len(rows) == 1, rows
    return rows[0]
