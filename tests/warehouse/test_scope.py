"""Scope is enforced in the query layer: EVERY public function of warehouse.queries (found by introspection, so a
new one is covered without touching this file) is called with a scope of one institution and arguments that name
the others and their units; no row of another institution may come back.

The warehouse: three fictional institutions' ratings (tests/data/dashboard_ratings.csv), a news item about a
meeting and secretaries' reports, loaded by the real loader.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import polars as pl
import pytest

from etl.load import ingest
from warehouse import queries
from warehouse.access import Scope, User, scope_for
from warehouse.store import Store

DATA = Path(__file__).parents[1] / "data"


def _public_functions() -> dict[str, object]:
    return {
        name: fn
        for name, fn in inspect.getmembers(queries, inspect.isfunction)
        if not name.startswith("_") and fn.__module__.startswith(queries.__name__ + ".")
    }


FILTER_KEYS = {"institutions", "year_from", "year_to", "unit_types", "metric"}


def _takes_filters(fn) -> bool:
    return "filters" in inspect.signature(fn).parameters


def _ask(fn, cur, scope, kwargs: dict):
    """Call a question with this scope: in its Filters (with the filter arguments) or as its `scope` keyword."""
    if _takes_filters(fn):
        chosen = {k: v for k, v in kwargs.items() if k in FILTER_KEYS}
        rest = {k: v for k, v in kwargs.items() if k not in FILTER_KEYS}
        return fn(cur, queries.Filters(scope=scope, **chosen), **rest)
    return fn(cur, scope=scope, **kwargs)


PUBLIC = _public_functions()


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    store = Store.at(tmp_path_factory.mktemp("scope") / "pingyi.duckdb")
    files = [
        DATA / "dashboard_ratings.csv",
        DATA / "article_university_split.txt",
        DATA / "reports_meta.csv",
        *sorted(DATA.glob("report_*.*")),
    ]
    results = ingest(store, files)
    # report_marxism.pdf names no institution: none of its rows loads, so it is failed (issue #12)
    assert {Path(r.source).name for r in results if r.status != "loaded"} == {"report_marxism.pdf"}
    # every rated institution gets a report matched to one of its units (the files' reports match no unit)
    with store.write() as writer:
        writer.con.execute(
            """
            insert into raw_reports (report_id, batch_id, institution_id, year, unit_id, unit_name, title, keywords)
            select 'scope-' || u.unit_id, 'scope-test', u.institution_id, 2023, u.unit_id, n.name,
                n.name || ' 述职报告', ['作风建设']
            from raw_units as u join raw_unit_names as n using (unit_id)
            where u.unit_id in (select min(unit_id) from raw_units group by institution_id)
            """
        )
    c = store.connect_read_only()
    yield c
    c.close()


@pytest.fixture(scope="module")
def world(con) -> dict:
    """Per institution id: its name, short name, units, unit names and a year with ratings."""
    cur = con.cursor()
    out: dict[str, dict] = {}
    for iid, name, short in cur.execute(
        "select institution_id, name, short_name from institutions"
    ).fetchall():
        units = cur.execute("select unit_id from units where institution_id = ?", [iid]).fetchall()
        names = cur.execute(
            "select distinct n.name from unit_names as n join units as u using (unit_id) where u.institution_id = ?",
            [iid],
        ).fetchall()
        years = cur.execute(
            "select year from institution_year where institution_id = ? and has_ratings order by year", [iid]
        ).fetchall()
        out[iid] = {
            "name": name,
            "short_name": short,
            "units": sorted(u for (u,) in units),
            "unit_names": {n for (n,) in names},
            "years": [y for (y,) in years],
        }
    assert len(out) >= 2
    return out


def _forbidden(world: dict, own: str) -> set[str]:
    """Values that identify another institution: its id, name, short name, unit ids and the unit names that only
    other institutions use (党委办公室 exists everywhere and identifies nobody)."""
    mine = world[own]["unit_names"]
    values: set[str] = set()
    for iid, w in world.items():
        if iid == own:
            continue
        values |= {iid, w["name"]} | set(w["units"]) | (w["unit_names"] - mine)
        if w["short_name"]:
            values.add(w["short_name"])
    return values


def _cells(result) -> set[str]:
    """Every text value in a result (frame columns of strings and string lists, or a plain value)."""
    if isinstance(result, pl.DataFrame):
        found: set[str] = set()
        for col in result.columns:
            series = result[col]
            if series.dtype == pl.String:
                found |= {v for v in series.to_list() if v is not None}
            elif isinstance(series.dtype, pl.List) and series.dtype.inner == pl.String:
                found |= {v for vs in series.to_list() if vs for v in vs if v is not None}
        return found
    if isinstance(result, (list, tuple)):
        return {v for v in result if isinstance(v, str)}
    return {result} if isinstance(result, str) else set()


def _empty(result) -> bool:
    if isinstance(result, pl.DataFrame):
        return result.is_empty()
    return result in (None, [], (), False)


def _calls(fn, world: dict, own: str, other: str) -> list[tuple[dict, bool]]:
    """Keyword arguments to try, each with True when they name ONLY the other institution (or its unit): then the
    scoped answer must be empty."""
    params = inspect.signature(fn).parameters
    everyone = sorted(world)
    other_year = world[other]["years"][-1] if world[other]["years"] else 2023
    own_year = world[own]["years"][-1] if world[own]["years"] else 2023
    variants: list[tuple[dict, bool]] = []
    if "unit_id" in params:
        variants += [({"unit_id": u}, True) for u in world[other]["units"][:3]]
        variants += [({"unit_id": u}, False) for u in world[own]["units"][:2]]
    elif "institution" in params:
        variants.append(({"institution": other, "year": other_year}, True))
        variants.append(({"institution": own, "year": own_year}, False))
    elif "institutions" in params or "filters" in params:
        variants += [
            ({"institutions": [other]}, True),
            ({"institutions": [own, other]}, False),
            ({"institutions": everyone}, False),
            ({"institutions": None}, False),
            ({}, False),
        ]
    else:
        variants.append(({}, False))
    out = []
    for kwargs, only_other in variants:
        kwargs = dict(kwargs)
        if "year" in kwargs and "year" not in params:
            kwargs.pop("year")
        out.append((kwargs, only_other))
    return out


def test_every_public_query_requires_a_keyword_only_scope():
    assert len(PUBLIC) > 20, sorted(PUBLIC)
    for name, fn in PUBLIC.items():
        if _takes_filters(fn):  # the scope is a required field of its Filters
            filters = inspect.signature(fn).parameters["filters"]
            assert filters.default is inspect.Parameter.empty, f"queries.{name}: filters must be required"
            assert filters.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, name
            assert "scope" not in inspect.signature(fn).parameters, f"queries.{name}: two scopes"
            continue
        scope = inspect.signature(fn).parameters.get("scope")
        assert scope is not None, f"queries.{name} takes no scope"
        assert scope.kind is inspect.Parameter.KEYWORD_ONLY, f"queries.{name}: scope must be keyword-only"
        assert scope.default is inspect.Parameter.empty, f"queries.{name}: scope must be required"


def test_a_missing_or_wrong_scope_is_refused(con):
    cur = con.cursor()
    with pytest.raises(TypeError):
        queries.institutions(cur)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="Scope"):
        queries.institutions(cur, scope=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Scope"):
        queries.type_trend(cur, queries.Filters(scope=["i1"]))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="scope"):
        queries.Filters()  # type: ignore[call-arg]


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_no_row_of_another_institution_comes_back(con, world, name):
    fn = PUBLIC[name]
    cur = con.cursor()
    leaked_without_scope = 0
    unscoped_answers: dict[str, object] = {}
    rated = [iid for iid in sorted(world) if world[iid]["years"]]
    # two scoped callers (one with ratings, one without when there is such an institution) against every other
    owners = rated[:1] + [iid for iid in sorted(world) if not world[iid]["years"]][:1] or rated[:2]
    for own, other in ((o, x) for o in owners for x in sorted(world) if x != o):
        scope = Scope(frozenset({own}))
        forbidden = _forbidden(world, own)
        for kwargs, only_other in _calls(fn, world, own, other):
            scoped = _ask(fn, cur, scope, kwargs)
            leaked = _cells(scoped) & forbidden
            assert not leaked, f"queries.{name}({kwargs}) in scope {own} returned {sorted(leaked)[:5]}"
            key = repr(sorted(kwargs.items()))
            if key not in unscoped_answers:
                unscoped_answers[key] = _ask(fn, cur, Scope.everything(), kwargs)
            unscoped = unscoped_answers[key]
            if only_other:
                assert _empty(scoped) or _is_blank(scoped), (
                    f"queries.{name}({kwargs}) names only {other}, outside scope {own}, yet answered {scoped!r}"
                )
                leaked_without_scope += not _empty(unscoped)
            else:
                leaked_without_scope += bool(_cells(unscoped) & forbidden)
    # the test is not vacuous: without the scope the same calls do reach other institutions' data
    if name not in NOTHING_TO_LEAK:
        assert leaked_without_scope, f"queries.{name}: no call reached another institution even unscoped"


# answers that carry no institution-identifying value and no argument naming one (checked separately below)
NOTHING_TO_LEAK = {"year_bounds", "warehouse_is_demo", "warehouse_all_demo", "load_summary"}


def _is_blank(result) -> bool:
    """A frame of only zero counts (e.g. every grade with n = 0) says nothing about an institution."""
    return isinstance(result, pl.DataFrame) and "n" in result.columns and result["n"].sum() == 0


def test_whole_warehouse_answers_count_only_the_scope(con, world):
    cur = con.cursor()
    for own in world:
        scope = Scope(frozenset({own}))
        ids = queries.institutions(cur, scope=scope)["institution_id"].to_list()
        assert ids == [own]
        low, high = cur.execute(
            "select min(year), max(year) from institution_year where institution_id = ?", [own]
        ).fetchall()[0]
        assert queries.year_bounds(cur, scope=scope) == (None if low is None else (low, high))
    nobody = Scope(frozenset())
    assert queries.institutions(cur, scope=nobody).is_empty()
    assert queries.year_bounds(cur, scope=nobody) is None
    assert queries.warehouse_is_demo(cur, scope=nobody) is False
    assert queries.warehouse_all_demo(cur, scope=nobody) is False
    assert queries.load_summary(cur, scope=nobody).is_empty()
    assert not queries.load_summary(cur, scope=Scope.everything()).is_empty()


def test_scoped_callers_still_see_their_own_data(con, world):
    cur = con.cursor()
    own = next(iid for iid, w in world.items() if w["years"])
    scope = Scope(frozenset({own}))
    year = world[own]["years"][-1]
    assert not queries.type_trend(cur, queries.Filters(scope=scope)).is_empty()
    assert not queries.overview_kpis(cur, scope=scope, institution=own, year=year).is_empty()
    assert queries.rated_years(cur, scope=scope, institution=own) == world[own]["years"]
    unit = world[own]["units"][0]
    assert queries.unit_info(cur, scope=scope, unit_id=unit)["institution_id"].to_list() == [own]
    assert queries.units_for_select(cur, scope=scope)["institution_id"].unique().to_list() == [own]


def test_a_grant_by_name_resolves_to_ids_and_unknown_names_grant_nothing(con, world):
    cur = con.cursor()
    own, w = next(iter(world.items()))
    assert scope_for(cur, [w["name"]]) == Scope(frozenset({own}))
    assert scope_for(cur, [own]) == Scope(frozenset({own}))
    assert scope_for(cur, ["没有这所学校"]) == Scope(frozenset())
    assert scope_for(cur, None) == Scope.everything()
    user = User("viewer-a", "viewer", [w["name"]], password_hash="")
    assert scope_for(cur, user.institutions).institutions == {own}


def test_values_stay_bound_parameters(con, world):
    """A hostile value is data, not SQL: it matches nothing and changes nothing."""
    cur = con.cursor()
    own = next(iter(world))
    scope = Scope(frozenset({own}))
    evil = "x' or 1=1 --"
    assert queries.unit_info(cur, scope=scope, unit_id=evil).is_empty()
    assert queries.type_trend(cur, queries.Filters(scope=scope, institutions=[evil])).is_empty()
    assert queries.institutions(cur, scope=Scope(frozenset({evil}))).is_empty()


# ---------------------------------------------------------------- the matrix extended to writes (issue 14)


def test_batch_history_of_each_scope_holds_only_its_own_batches(con, world):
    """Per institution: the batch history a scoped admin sees holds only batches that wrote that institution
    alone; the file naming all three institutions (dashboard_ratings.csv) is shown only to an admin of all."""
    from warehouse.access import batch_history

    cur = con.cursor()
    wrote = {}
    for batch_id, iid in cur.execute(
        "select batch_id, institution_id from raw_batch_institutions"
    ).fetchall():
        wrote.setdefault(batch_id, set()).add(iid)
    everything = set(batch_history(cur)["batch_id"])
    assert everything == {b for (b,) in cur.execute("select batch_id from etl_batches").fetchall()}
    shown_anywhere: set[str] = set()
    for iid in world:
        seen = set(batch_history(cur, Scope(frozenset({iid})), user="someone")["batch_id"])
        assert all(wrote.get(b) == {iid} for b in seen), iid
        assert seen == {b for b, ids in wrote.items() if ids == {iid}}, iid
        shown_anywhere |= seen
    several = {b for b, ids in wrote.items() if len(ids) > 1}
    assert several, "the fixture should have a batch for several institutions"
    assert not several & shown_anywhere


def test_no_scoped_admin_can_write_another_institution(con, world, tmp_path):
    """For each institution as an admin's grant, each fixture file loads exactly when every institution it wrote
    for the admin of all (the module's warehouse) is that one; otherwise it loads nothing."""
    from warehouse.access import WriteScope

    files = [DATA / "dashboard_ratings.csv", DATA / "article_university_split.txt", DATA / "reports_meta.csv"]
    wrote: dict[str, set[str]] = {}
    for source, iid in (
        con.cursor()
        .execute(
            "select b.source, i.institution_id from raw_batch_institutions i join etl_batches b using (batch_id)"
        )
        .fetchall()
    ):
        wrote.setdefault(Path(source).name, set()).add(iid)
    assert all(wrote.get(f.name) for f in files), wrote
    for iid, facts in world.items():
        store = Store.at(tmp_path / iid / "w.duckdb")
        results = {
            Path(r.source).name: r
            for r in ingest(store, files, scope=WriteScope("scoped", "admin", (facts["name"],)))
        }
        for name, r in results.items():
            if wrote[name] <= {iid}:
                assert r.status == "loaded", (iid, name, r.rejects)
            else:
                assert (r.status, r.rejects[0].reason) == ("failed", "out_of_scope"), (iid, name)
