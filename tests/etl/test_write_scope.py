"""Write scope = read scope, in the loader itself (issue 14): an admin granted one institution loads, sees the
batch history of and rolls back only that institution's loads; viewers and analysts load nothing.

Two fictional institutions, 甲山大学 and 乙水学院, with files written here; the users file holds an operator-like
admin of all institutions, one scoped admin per institution, and a viewer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.load import ingest
from etl.scope import LoadRefused
from pingyi.cli import app
from warehouse import audit
from warehouse.access import (
    Scope,
    UserStore,
    WriteScope,
    batch_history,
    rollback_guard,
    scope_for,
    undo_steps,
)
from warehouse.store import RollbackRefused, Store

from .conftest import rows

DATA = Path(__file__).parents[1] / "data"
PASSWORD = "a long enough pass phrase"
JIA, YI = "甲山大学", "乙水学院"
HEADER = "学校,年度,单位,票种,好,较好,一般,差,弃权,参评人数\n"


def ratings_file(folder: Path, name: str, institution: str, year: int, units: list[str]) -> Path:
    path = folder / name
    lines = [
        f"{institution},{year},{unit},全体,{6 - i % 3},{3 + i % 3},1,0,0,10" for i, unit in enumerate(units)
    ]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


YI_UNITS = ["文学院党委", "理学院党委", "机关党委", "图书馆直属党支部", "附属医院党委"]


@pytest.fixture(scope="module")
def users(tmp_path_factory) -> UserStore:
    store = UserStore(tmp_path_factory.mktemp("users") / "users.json")
    store.add("ops", PASSWORD, "admin", None)
    store.add("jia-admin", PASSWORD, "admin", [JIA])
    store.add("yi-admin", PASSWORD, "admin", [YI])
    store.add("jia-viewer", PASSWORD, "viewer", [JIA])
    store.add("jia-analyst", PASSWORD, "analyst", [JIA])
    return store


def as_user(users: UserStore, name: str) -> WriteScope:
    return WriteScope.of(users.get(name))


def unit_count(store: Store, institution: str, year: int) -> int:
    return rows(
        store,
        """select count(distinct r.unit_id) as n from raw_ratings r join institutions i
                          using (institution_id) where i.name = ? and r.year = ?""",
        [institution, year],
    )[0]["n"]


@pytest.fixture
def two(tmp_path, users) -> Store:
    """A warehouse with 乙水学院 2023 (5 units) and 甲山大学 2023 (2 units), loaded by the admin of all."""
    store = Store.at(tmp_path / "w.duckdb")
    ops = as_user(users, "ops")
    [r] = ingest(store, [ratings_file(tmp_path, "yi2023.csv", YI, 2023, YI_UNITS)], scope=ops)
    assert r.status == "loaded"
    [r] = ingest(
        store, [ratings_file(tmp_path, "jia2023.csv", JIA, 2023, ["化学学院党委", "物理学院党委"])], scope=ops
    )
    assert r.status == "loaded"
    return store


def test_a_scoped_admin_loads_their_own_institution(two, tmp_path, users):
    f = ratings_file(tmp_path, "jia2024.csv", JIA, 2024, ["化学学院党委", "物理学院党委", "数学学院党委"])
    [r] = ingest(two, [f], scope=as_user(users, "jia-admin"))
    assert (r.status, r.rows_loaded) == ("loaded", 3)
    assert unit_count(two, JIA, 2024) == 3
    jia_id = rows(two, "select institution_id from institutions where name = ?", [JIA])[0]["institution_id"]
    assert rows(
        two, "select institution_id from raw_batch_institutions where batch_id = ?", [r.batch_id]
    ) == [{"institution_id": jia_id}]
    # a brand-new institution granted by name can be loaded too: the grant resolves inside the load
    users.add("bing-admin", PASSWORD, "admin", ["丙河学院"])
    g = ratings_file(tmp_path, "bing.csv", "丙河学院", 2023, ["一号党支部"])
    [r] = ingest(two, [g], scope=as_user(users, "bing-admin"))
    assert r.status == "loaded"
    users.remove("bing-admin")


def test_a_scoped_admin_cannot_replace_another_institutions_year(two, tmp_path, users):
    """Issue 14: an admin scoped to one institution replaced another's 2023 data (5 units → 1 fabricated)."""
    before = two.current()
    fake = ratings_file(tmp_path, "yi-fake.csv", YI, 2023, ["捏造的党支部"])
    [r] = ingest(two, [fake], scope=as_user(users, "jia-admin"))
    assert r.status == "failed" and r.rows_loaded == 0
    assert r.rejects[0].reason == "out_of_scope"
    assert YI in r.rejects[0].message_zh and "outside your scope" in r.rejects[0].message_en
    assert two.current() == before, "a refused run makes no version"
    assert unit_count(two, YI, 2023) == 5
    refused = audit.read(two.pointer, events=["load_refused"])
    assert refused and refused[0]["user"] == "jia-admin" and YI in refused[0]["institutions"]
    assert audit.read(two.pointer, limit=1)[0]["event"] == "load_failed"


def test_a_file_naming_both_institutions_loads_nothing_of_either(two, tmp_path, users):
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        HEADER + f"{JIA},2025,化学学院党委,全体,5,3,2,0,0,10\n{YI},2025,文学院党委,全体,9,1,0,0,0,10\n",
        encoding="utf-8",
    )
    [r] = ingest(two, [mixed], scope=as_user(users, "jia-admin"))
    assert r.status == "failed" and r.rejects[0].reason == "out_of_scope"
    assert JIA not in r.rejects[0].value and YI in r.rejects[0].value  # names only what is outside
    assert unit_count(two, JIA, 2025) == 0 and unit_count(two, YI, 2025) == 0


def test_the_institution_option_cannot_smuggle_a_file_into_another_institution(two, tmp_path, users):
    bare = tmp_path / "bare.csv"
    bare.write_text("单位,好,较好,一般,差,弃权,参评人数\n捏造的党支部,1,0,0,0,0,1\n", encoding="utf-8")
    [r] = ingest(two, [bare], institution=YI, year=2023, scope=as_user(users, "jia-admin"))
    assert r.status == "failed" and r.rejects[0].reason == "out_of_scope"
    assert unit_count(two, YI, 2023) == 5


def test_a_dry_run_outside_the_scope_is_refused_too(two, tmp_path, users):
    fake = ratings_file(tmp_path, "yi-fake.csv", YI, 2023, ["捏造的党支部"])
    before = two.current()
    [r] = ingest(two, [fake], dry_run=True, scope=as_user(users, "jia-admin"))
    assert r.status == "failed" and r.rejects[0].reason == "out_of_scope"
    assert two.current() == before
    assert audit.read(two.pointer, limit=1)[0]["event"] == "dry_run"


@pytest.mark.parametrize("name", ["jia-viewer", "jia-analyst"])
def test_viewers_and_analysts_load_nothing(two, tmp_path, users, name):
    before = two.current()
    f = ratings_file(tmp_path, "jia2024.csv", JIA, 2024, ["化学学院党委"])
    with pytest.raises(LoadRefused, match="only admins may load"):
        ingest(two, [f], scope=as_user(users, name))
    with pytest.raises(LoadRefused):
        ingest(two, [f], dry_run=True, scope=as_user(users, name))
    assert two.current() == before and unit_count(two, JIA, 2024) == 0
    entry = audit.read(two.pointer, limit=1)[0]
    assert (entry["event"], entry["user"], entry["outcome"]) == ("load_refused", name, "refused")


def test_every_kind_of_file_is_checked(tmp_path, users):
    """The write matrix: every committed fixture that loads for the admin of all institutions (ratings,
    registry, scheme, article, reports) is refused for an admin granted only an institution none of them names —
    so a new kind of file or a new raw table is covered without touching this test."""
    files = [
        p
        for p in sorted(DATA.iterdir())
        if p.is_file()
        and p.suffix in (".csv", ".xlsx", ".xls", ".toml", ".txt", ".html", ".docx", ".pdf")
        and p.name != "ratings_bad.csv"
    ]
    full = Store.at(tmp_path / "full" / "w.duckdb")
    loaded = {Path(r.source).name: r for r in ingest(full, files)}
    ok = sorted(n for n, r in loaded.items() if r.status == "loaded" and r.rows_loaded)
    kinds = {loaded[n].kind for n in ok}
    assert {"ratings", "units", "scheme", "articles", "reports"} <= kinds, kinds
    scoped = Store.at(tmp_path / "scoped" / "w.duckdb")
    results = {Path(r.source).name: r for r in ingest(scoped, files, scope=as_user(users, "jia-admin"))}
    assert {
        n for n in ok if results[n].status != "failed" or results[n].rejects[0].reason != "out_of_scope"
    } == set()
    if scoped.exists():  # only when a file loaded zero rows (status loaded): it wrote no institution's rows
        for table in ("raw_ratings", "raw_units", "raw_reports", "raw_meetings", "raw_institutions"):
            assert rows(scoped, f"select count(*) as n from {table}") == [{"n": 0}], table


def test_a_scheme_is_checked_by_its_institution(two, tmp_path, users):
    def scheme(name: str, institution: str) -> Path:
        path = tmp_path / name
        path.write_text(
            f'[[scheme]]\ninstitution = "{institution}"\nyear_from = 2023\n'
            'points = { "好" = 100, "较好" = 80, "一般" = 60, "差" = 0 }\n',
            encoding="utf-8",
        )
        return path

    [r] = ingest(two, [scheme("yi.toml", YI)], scope=as_user(users, "jia-admin"))
    assert r.status == "failed" and r.rejects[0].reason == "out_of_scope"
    assert rows(two, "select count(*) as n from raw_schemes where institution_id is not null") == [{"n": 0}]
    [r] = ingest(two, [scheme("jia.toml", JIA)], scope=as_user(users, "jia-admin"))
    assert r.status == "loaded" and r.rows_loaded == 1


def test_a_row_for_no_institution_counts_as_every_institution(two, users):
    """A batch row without an institution (the default scheme, a meeting of no named institution) affects every
    institution: only an admin of all may write it."""
    from etl.scope import check_write_scope

    with two.write(commit=False) as w:
        w.con.execute(
            "insert into raw_schemes (scheme_id, institution_id, label, batch_id) "
            "values ('s-all', null, '全部', 'b-test')"
        )
        refusal = check_write_scope(w.con, as_user(users, "jia-admin"), "b-test", "all.toml")
        assert refusal is not None and "every institution" in refusal.value
        assert check_write_scope(w.con, as_user(users, "ops"), "b-test", "all.toml") is None
        assert w.con.execute(
            "select institution_id from raw_batch_institutions where batch_id = 'b-test'"
        ).fetchall() == [("*",)]


def test_batch_history_shows_a_scoped_admin_only_their_institutions(two, tmp_path, users):
    ingest(
        two,
        [ratings_file(tmp_path, "jia2024.csv", JIA, 2024, ["化学学院党委"])],
        scope=as_user(users, "jia-admin"),
    )
    bad = tmp_path / "empty.csv"
    bad.write_text("nothing\n", encoding="utf-8")
    ingest(
        two,
        [ratings_file(tmp_path, "jia2025.csv", JIA, 2025, ["化学学院党委"]), bad],
        scope=as_user(users, "jia-admin"),
    )  # a mixed run: the failed file is in the history
    with two.connect_read_only() as con:
        everything = batch_history(con)
        jia = batch_history(con, scope_for(con, [JIA]), user="jia-admin")
        yi = batch_history(con, scope_for(con, [YI]), user="yi-admin")
        assert batch_history(con, Scope.everything()).height == everything.height
    assert sorted(Path(s).name for s in everything["source"]) == sorted(
        ["yi2023.csv", "jia2023.csv", "jia2024.csv", "jia2025.csv", "empty.csv"]
    )
    assert sorted(Path(s).name for s in jia["source"]) == [
        "empty.csv",
        "jia2023.csv",
        "jia2024.csv",
        "jia2025.csv",
    ]
    assert sorted(Path(s).name for s in yi["source"]) == ["yi2023.csv"]  # not jia's failed file either


def test_a_scoped_admin_cannot_roll_back_another_institutions_load(two, tmp_path, users):
    # v1: 乙水 2023 (ops) · v2: 甲山 2023 (ops) · v3: 甲山 2024 (jia-admin) · v4: 乙水 2024 (yi-admin)
    two = Store.at(two.pointer, keep=4)
    ingest(
        two,
        [ratings_file(tmp_path, "jia2024.csv", JIA, 2024, ["化学学院党委"])],
        scope=as_user(users, "jia-admin"),
    )
    ingest(
        two, [ratings_file(tmp_path, "yi2024.csv", YI, 2024, YI_UNITS[:3])], scope=as_user(users, "yi-admin")
    )
    current = two.current()
    with pytest.raises(RollbackRefused, match="outside your scope"):
        two.rollback(guard=rollback_guard(as_user(users, "jia-admin")))
    assert two.current() == current and unit_count(two, YI, 2024) == 3
    with pytest.raises(RollbackRefused, match="only admins"):
        two.rollback(guard=rollback_guard(as_user(users, "jia-viewer")))
    steps, oldest = undo_steps(two, as_user(users, "jia-admin"))
    assert [s.allowed for s in steps] == [
        False,
        False,
        False,
    ]  # the first blocks the rest: undo is one step at a time
    assert all(s.batches == [] for s in steps), "another institution's loads are not shown"
    steps, _ = undo_steps(two, as_user(users, "yi-admin"))
    assert [s.allowed for s in steps] == [True, False, False]
    assert [Path(b["source"]).name for b in steps[0].batches] == ["yi2024.csv"]
    two.rollback(guard=rollback_guard(as_user(users, "yi-admin")))
    assert unit_count(two, YI, 2024) == 0
    steps, _ = undo_steps(two, as_user(users, "jia-admin"))
    assert [s.allowed for s in steps] == [
        True,
        True,
    ]  # its own load, then 甲山 2023 (loaded by the admin of all)
    two.rollback(guard=rollback_guard(as_user(users, "jia-admin")))  # now the last load is jia's own
    assert (
        unit_count(two, JIA, 2024) == 0 and unit_count(two, JIA, 2023) == 2 and unit_count(two, YI, 2023) == 5
    )
    steps, oldest = undo_steps(two, None)
    assert [s.allowed for s in steps] == [True] and oldest.parent is None


runner = CliRunner()


def test_the_command_line_acts_as_the_user(two, tmp_path, users):
    base = ["--db", str(two.pointer), "--users-file", str(users.path)]
    fake = ratings_file(tmp_path, "yi-fake.csv", YI, 2023, ["捏造的党支部"])
    result = runner.invoke(app, ["ingest", str(fake), *base, "--user", "jia-admin"])
    assert result.exit_code == 1, result.output
    assert "outside your scope" in result.output and YI in result.output
    assert "Traceback" not in result.output and unit_count(two, YI, 2023) == 5
    result = runner.invoke(app, ["ingest", str(fake), *base, "--user", "jia-admin", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["files"][0]["rejects"][0]["reason"] == "out_of_scope"
    result = runner.invoke(app, ["ingest", str(fake), *base, "--user", "jia-viewer"])
    assert result.exit_code == 1 and "only admins may load" in result.output
    result = runner.invoke(app, ["ingest", str(fake), *base, "--user", "nobody-here"])
    assert result.exit_code == 1 and "no such user" in result.output
    own = ratings_file(tmp_path, "jia2024.csv", JIA, 2024, ["化学学院党委"])
    result = runner.invoke(app, ["ingest", str(own), *base, "--user", "jia-admin"])
    assert result.exit_code == 0, result.output
    assert rows(two, "select loaded_by from etl_batches where source like '%jia2024.csv'") == [
        {"loaded_by": "jia-admin"}
    ]

    result = runner.invoke(app, ["rollback", "--list", *base, "--user", "yi-admin"])
    assert result.exit_code == 0, result.output
    assert "cannot undo" in result.output and "jia2024.csv" not in result.output
    result = runner.invoke(app, ["rollback", *base, "--user", "yi-admin"])
    assert result.exit_code == 1 and "outside your scope" in result.output
    assert unit_count(two, JIA, 2024) == 1
    assert audit.read(two.pointer, limit=1)[0]["event"] == "rollback_refused"
    result = runner.invoke(app, ["rollback", "--list", *base, "--user", "jia-admin"])
    assert "1. " in result.output and "can undo" in result.output and "jia2024.csv" in result.output
    result = runner.invoke(app, ["rollback", *base, "--user", "jia-admin"])
    assert result.exit_code == 0, result.output
    assert unit_count(two, JIA, 2024) == 0
    entry = audit.read(two.pointer, limit=1)[0]
    assert (entry["event"], entry["user"], entry["outcome"]) == ("rollback", "jia-admin", "ok")


def test_a_refused_dry_run_previews_nothing_of_the_other_institution(two, tmp_path, users):
    """The --json preview (changes: units added, changed, removed) of a file outside the scope is empty: the
    ratings are refused before the replacement rule looks at the other institution's rows."""
    base = ["--db", str(two.pointer), "--users-file", str(users.path), "--json", "--dry-run", "--replace"]
    fake = ratings_file(tmp_path, "yi-fake.csv", YI, 2023, ["捏造的党支部"])
    result = runner.invoke(app, ["ingest", str(fake), *base, "--user", "jia-admin"])
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["files"][0]["rejects"][0]["reason"] == "out_of_scope"
    assert report["changes"] == [] and report["files"][0]["preview"] == []
    assert not any(unit in result.stdout for unit in YI_UNITS)
    # the admin of 乙水学院 previews the same file: 5 units would be removed, 1 added
    result = runner.invoke(app, ["ingest", str(fake), *base, "--user", "yi-admin"])
    [change] = json.loads(result.stdout.strip().splitlines()[-1])["changes"]
    assert (change["institution"], len(change["removed"]), change["added"]) == (YI, 5, ["捏造的党支部"])


def test_rollback_list_says_what_can_be_undone_and_why_not_further(tmp_path, monkeypatch):
    """The retention settings reach the command line; --list numbers the undo steps, names each step's files
    and says why the oldest kept version cannot be undone."""
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("PINGYI_VERSIONS_KEEP", "4")
    for year in range(2020, 2025):
        f = ratings_file(tmp_path, f"jia{year}.csv", JIA, year, ["化学学院党委"])
        assert runner.invoke(app, ["ingest", str(f), "--db", str(db)]).exit_code == 0
    assert len(Store.at(db).versions()) == 4
    result = runner.invoke(app, ["rollback", "--list", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "up to 3 earlier ones" in lines[0] and "90 days" in lines[0]
    assert [line.split()[1] for line in lines if line[:2] in ("1.", "2.", "3.")] == [
        "v000005.duckdb",
        "v000004.duckdb",
        "v000003.duckdb",
    ]
    assert (
        "jia2024.csv" in result.output
        and "jia2022.csv" in result.output
        and "jia2021.csv" not in result.output
    )
    assert "v000002.duckdb is the oldest version kept" in result.output and "retention" in lines[-1]


def test_the_client_address_is_in_the_audit_log(two, tmp_path, users):
    base = ["--db", str(two.pointer), "--users-file", str(users.path), "--client", "192.0.2.7"]
    own = ratings_file(tmp_path, "jia2024.csv", JIA, 2024, ["化学学院党委"])
    assert runner.invoke(app, ["ingest", str(own), *base, "--user", "jia-admin"]).exit_code == 0
    assert audit.read(two.pointer, limit=1)[0]["client"] == "192.0.2.7"
    assert runner.invoke(app, ["rollback", *base, "--user", "jia-admin"]).exit_code == 0
    assert [(e["event"], e["client"]) for e in audit.read(two.pointer, limit=2)] == [
        ("rollback", "192.0.2.7"),
        ("load", "192.0.2.7"),
    ]
