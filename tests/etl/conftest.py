"""ETL test fixtures: the committed tiny inputs and a fresh warehouse per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.store import Store

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.at(tmp_path / "w.duckdb")


def rows(store: Store, sql: str, params=None) -> list[dict]:
    with store.connect_read_only() as con:
        return con.sql(sql, params=params).pl().to_dicts()
