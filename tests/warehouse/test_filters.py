"""warehouse.queries.Filters: one selection yields its SQL clause, its bound parameters and its description; a
restriction that selects everything adds no SQL; it is a frozen, hashable cache key."""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import read
from warehouse import queries
from warehouse.access import Scope
from warehouse.queries import Filters

ALL = Scope.everything()
NAMES = {"i1": "甲大学", "i2": "乙学院"}


def test_no_restriction_is_no_clause():
    f = Filters(scope=ALL)
    assert f.clause() == "true"
    assert f.params() == {"institutions": None, "year_from": None, "year_to": None, "unit_types": None}


def test_every_unit_type_is_no_restriction_and_adds_no_semi_join():
    every = Filters(scope=ALL, unit_types=list(queries.UNIT_TYPES), year_from=2021)
    assert "unit_type" not in every.clause() and every.unit_type_codes() is None
    some = Filters(scope=ALL, unit_types=["college", "branch"])
    assert some.clause(prefix="a.") == "a.unit_type = any($unit_types)"
    assert some.params()["unit_types"] == ["college", "branch"]
    assert Filters(scope=ALL, unit_types=[]).params()["unit_types"] == []  # none chosen selects nothing


def test_institutions_are_cut_to_the_scope_in_one_semi_join():
    scoped = Scope(frozenset({"i1", "i3"}))
    f = Filters(scope=scoped, institutions=["i2", "i1"])
    assert f.params()["institutions"] == ["i1"]
    assert f.clause().count("= any(") == 1
    assert Filters(scope=scoped).params()["institutions"] == ["i1", "i3"]  # the scope alone
    assert Filters(scope=scoped, institutions=["i2"]).params()["institutions"] == []
    assert Filters(scope=ALL, institutions=["i2", "i1", "i2"]).params()["institutions"] == ["i2", "i1"]


def test_years_and_the_look_back():
    f = Filters(scope=ALL, year_from=2021, year_to=2023)
    assert f.clause(lookback_years=1, by_unit_type=False) == (
        "year between $year_from::integer - 1 and $year_to"
    )
    assert f.clause(by_unit_type=False) == "year between $year_from and $year_to"
    assert Filters(scope=ALL, year_to=2023).clause() == "year <= $year_to"
    assert Filters(scope=ALL, year_from="2020").year_from == 2020  # a year from a URL is a whole number


def test_description_in_both_languages():
    f = Filters(scope=ALL, institutions=["i1", "i9"], year_from=2021, year_to=2023, unit_types=["college"])
    assert f.describe(NAMES) == "甲大学、i9 · 2021–2023 年度 · 学院"
    assert f.describe(NAMES, lang="en") == "甲大学, i9 · 2021–2023 · colleges"
    assert Filters(scope=ALL, year_from=2022, year_to=2022).describe(NAMES) == "全部院校 · 2022 年度"
    assert Filters(scope=ALL, metric="score").describe(metric=True) == "平均得分 · 全部院校"
    # a scoped reader's "all" is their institutions, named
    assert Filters(scope=Scope(frozenset({"i2"}))).describe(NAMES, lang="en") == "乙学院"


def test_frozen_hashable_and_checked():
    a = Filters(scope=ALL, institutions=["i1"], unit_types=["college"])
    b = Filters(scope=ALL, institutions=("i1",), unit_types=("college",))
    assert a == b and hash(a) == hash(b) and isinstance(a.institutions, tuple)
    assert a.replace(institutions=None).institutions is None and a.institutions == ("i1",)
    with pytest.raises(AttributeError):
        a.metric = "score"  # type: ignore[misc]
    with pytest.raises(ValueError, match="unknown metric"):
        Filters(scope=ALL, metric="votes")
    with pytest.raises(TypeError, match="Scope"):
        Filters(scope=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="list"):
        Filters(scope=ALL, institutions="i1")  # type: ignore[arg-type]


def test_the_same_answer_with_every_unit_type_or_none(con, raw):
    for uid, unit_type in (("a1", "college"), ("a2", "branch")):
        raw.unit(uid, unit_type)
        raw.rating(uid, votes_good=7, votes_average=3, voters=10)
    read(con, "select 1")
    every = queries.type_trend(con, Filters(scope=ALL, unit_types=list(queries.UNIT_TYPES)))
    assert every.equals(queries.type_trend(con, Filters(scope=ALL))) and every.height == 2
    assert queries.type_trend(con, Filters(scope=ALL, unit_types=["branch"]))["unit_type"].to_list() == [
        "branch"
    ]
