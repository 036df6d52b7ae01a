"""The versioned warehouse: an atomic pointer, failed writes leave the current version, readers keep reading."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from warehouse.store import KEEP_VERSIONS, Store, WarehouseMissing


def _count(store: Store) -> int:
    with store.connect_read_only() as con:
        return con.execute("select count(*) from raw_institutions").fetchall()[0][0]


def _add_institution(store: Store, name: str) -> None:
    with store.write() as w:
        w.con.execute("insert into raw_institutions (institution_id, name) values (?, ?)", [name, name])


def test_pointer_is_a_duckdb_file_and_moves_per_write(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    with pytest.raises(WarehouseMissing):
        store.current()
    _add_institution(store, "a")
    first = store.current()
    _add_institution(store, "b")
    second = store.current()
    assert first != second and first.exists() and second.exists()
    # the pointer itself opens as the current version, as `duckdb -readonly PATH` would
    with duckdb.connect(str(store.pointer), read_only=True) as con:
        assert con.execute("select count(*) from raw_institutions").fetchall() == [(2,)]
    assert [p.name for p in store.versions()] == ["v000001.duckdb", "v000002.duckdb"]


def test_a_failed_write_leaves_the_current_version_untouched(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "a")
    before = store.current()
    with pytest.raises(RuntimeError), store.write() as w:
        w.con.execute("insert into raw_institutions (institution_id, name) values ('b', 'b')")
        raise RuntimeError("crash mid-load")
    assert store.current() == before
    assert _count(store) == 1
    assert not list(store.versions_dir.glob("*.tmp"))


def test_dry_run_and_discard_keep_the_current_version(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "a")
    before = store.current()
    with store.write(commit=False) as w:
        w.con.execute("insert into raw_institutions (institution_id, name) values ('b', 'b')")
    with store.write() as w:
        w.discard()
    assert store.current() == before and _count(store) == 1
    assert len(store.versions()) == 1


def test_old_versions_are_pruned_and_an_open_reader_keeps_its_file(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "i0")
    reader = store.connect_read_only()
    for i in range(1, KEEP_VERSIONS + 3):
        _add_institution(store, f"i{i}")
    # the reader's version is kept while it is open (pruning skips versions in use), the others beyond KEEP go
    assert len(store.versions()) == KEEP_VERSIONS + 1
    assert reader.execute("select count(*) from raw_institutions").fetchall() == [(1,)]
    reader.close()
    assert _count(store) == KEEP_VERSIONS + 3
    _add_institution(store, "after")  # the next load removes the version nobody reads any more
    assert len(store.versions()) == KEEP_VERSIONS


def test_a_killed_writer_leaves_the_warehouse_as_it_was(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "a")
    script = textwrap.dedent(
        f"""
        import os, signal
        from warehouse.store import Store
        store = Store.at({str(store.pointer)!r})
        with store.write() as w:
            w.con.execute("insert into raw_institutions (institution_id, name) values ('b', 'b')")
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[2])
    assert proc.returncode == -9
    assert _count(store) == 1
    _add_institution(store, "c")  # the next load succeeds (the lock died with the process)
    assert _count(store) == 2


def test_reader_keeps_answering_while_another_process_loads(tmp_path):
    """A reader loop runs while a second process makes 15 loads; every answer is from one whole version."""
    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "seed")
    loads = 15
    script = textwrap.dedent(
        f"""
        from warehouse.store import Store
        store = Store.at({str(store.pointer)!r})
        for i in range({loads}):
            with store.write() as w:
                # two rows per load: a reader seeing an odd count would have seen half a batch
                w.con.execute("insert into raw_institutions (institution_id, name) values (?, ?)", [f"a{{i}}", "x"])
                w.con.execute("insert into raw_institutions (institution_id, name) values (?, ?)", [f"b{{i}}", "y"])
        """
    )
    writer = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[2])
    answers, errors, version, con = [], [], None, None
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            try:
                current = store.current()
                if current != version:
                    if con is not None:
                        con.close()
                    con, version = duckdb.connect(str(current), read_only=True), current
                answers.append(con.execute("select count(*) from raw_institutions").fetchall()[0][0])
            except Exception as exc:  # noqa: BLE001 - every failure is what this test counts
                errors.append(repr(exc))
            if writer.poll() is not None and answers and answers[-1] == 1 + 2 * loads:
                break
    finally:
        writer.wait(timeout=60)
        if con is not None:
            con.close()
    assert writer.returncode == 0
    assert errors == []
    assert all(a % 2 == 1 for a in answers), "a reader saw half a batch"
    assert answers == sorted(answers), "a reader went back to an older version"
    assert answers[-1] == 1 + 2 * loads
    assert len(set(answers)) > 2, "the reader should have seen several versions while loads ran"
    assert os.path.islink(store.pointer)


def test_a_warehouse_written_by_other_schema_files_is_upgraded(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "a")
    assert not store.needs_upgrade() and store.upgrade() is False
    # simulate a file from an older Pingyi: its views differ and it carries another hash
    with store.write() as w:
        w.con.execute("create or replace view institutions as select institution_id from raw_institutions")
        w.con.execute("update raw_meta set value = 'old' where key = 'schema_hash'")
    assert store.needs_upgrade()
    before = store.current()
    assert store.upgrade() is True
    assert store.current() != before and not store.needs_upgrade()
    with store.connect_read_only() as con:
        assert "name" in [r[0] for r in con.execute("describe institutions").fetchall()]


def test_upgrading_adds_new_columns_and_keeps_the_rows(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "a")
    with store.write() as w:  # an older file: raw_meetings without a column the schema now has
        w.con.execute("insert into raw_meetings (meeting_id, appraisal_year) values ('m1', 2020)")
        w.con.execute("drop view meetings")
        w.con.execute("drop view institution_year")
        w.con.execute("alter table raw_meetings drop column rater_groups")
        w.con.execute("update raw_meta set value = 'old' where key = 'schema_hash'")
    assert store.upgrade() is True
    with store.connect_read_only() as con:
        assert con.execute("select meeting_id, rater_groups from meetings").fetchall() == [("m1", None)]


def test_rollback_makes_the_previous_version_current(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "a")
    first = store.current()
    _add_institution(store, "b")
    assert _count(store) == 2
    assert store.rollback() == first and store.current() == first and _count(store) == 1
    with pytest.raises(WarehouseMissing, match="no earlier version"):
        store.rollback()
    _add_institution(store, "c")  # loading after a rollback builds on the rolled-back version
    with store.connect_read_only() as con:
        assert sorted(r[0] for r in con.execute("select name from raw_institutions").fetchall()) == ["a", "c"]
    store.rollback()  # undoes c, and must not bring back the b that was undone before
    with store.connect_read_only() as con:
        assert [r[0] for r in con.execute("select name from raw_institutions").fetchall()] == ["a"]


def _tables(path: Path) -> dict[str, list]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        views = [
            r[0]
            for r in con.execute(
                "select view_name from duckdb_views() where not internal order by 1"
            ).fetchall()
        ]
        return {n: con.execute(f'select * from "{n}" order by all').fetchall() for n in names + views}


def _load_and_delete(store: Store) -> None:
    _add_institution(store, "i7")
    with store.write() as w:  # many rows, then all of them deleted: their blocks fall free
        w.con.execute(
            "insert into raw_etl_rejects (batch_id, row_number, reason, message_zh, message_en) "
            "select 'b' || (i // 1000), i, 'x', 'x', 'row ' || i || repeat('x', 60) from range(200000) t(i)"
        )
    with store.write() as w:
        w.con.execute("delete from raw_etl_rejects")


def test_a_version_with_much_free_space_is_written_compacted(tmp_path, monkeypatch):
    import warehouse.store as store_module

    monkeypatch.setattr(store_module, "COMPACT_FREE_SHARE", 1.0)  # never: the file as a plain copy leaves it
    plain = Store.at(tmp_path / "plain" / "w.duckdb")
    _load_and_delete(plain)
    with duckdb.connect(str(plain.current()), read_only=True) as con:
        share, _size = store_module.free_share(con)
    assert share > 0.3, "the test needs a version that is mostly free blocks"

    monkeypatch.setattr(store_module, "COMPACT_FREE_SHARE", 0.3)
    monkeypatch.setattr(store_module, "COMPACT_MIN_BYTES", 0)
    compacted = Store.at(tmp_path / "compacted" / "w.duckdb")
    _load_and_delete(compacted)
    assert compacted.current().stat().st_size < plain.current().stat().st_size / 2
    with duckdb.connect(str(compacted.current()), read_only=True) as con:
        assert store_module.free_share(con)[0] < 0.3
    # the same tables, views and rows (apart from the batch bookkeeping: which version it was built from)
    a, b = _tables(plain.current()), _tables(compacted.current())
    assert a.keys() == b.keys() and "appraisal" in b
    assert {k: v for k, v in a.items() if k != "raw_meta"} == {k: v for k, v in b.items() if k != "raw_meta"}
    assert b["raw_etl_rejects"] == [] and b["raw_institutions"][0][:2] == ("i7", "i7")
    # and it is still a warehouse: a further load and a rollback work on it
    _add_institution(compacted, "z")
    assert _count(compacted) == 2
    compacted.rollback()
    assert _count(compacted) == 1


# ---------------------------------------------------------------- history you can trust (issue 14)


def _names(store: Store) -> list[str]:
    with store.connect_read_only() as con:
        return sorted(r[0] for r in con.execute("select name from raw_institutions").fetchall())


def _failed_write(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as w:
        w.con.execute("insert into raw_institutions (institution_id, name) values ('bad', 'bad')")
        raise RuntimeError("a file that could not load")


def test_two_rollbacks_and_a_new_load_keep_the_new_loads_parent(tmp_path):
    """The sequence of issue 14: after two rollbacks and a new load, the new load can still be undone."""
    store = Store.at(tmp_path / "w.duckdb")
    for name in ("a", "b", "c", "d", "e"):
        _add_institution(store, name)
    store.rollback()
    store.rollback()
    assert _names(store) == ["a", "b", "c"]
    _add_institution(store, "f")
    assert _names(store) == ["a", "b", "c", "f"]
    store.rollback()  # once failed with "没有更早的版本可回退": the parent had been pruned
    assert _names(store) == ["a", "b", "c"]
    # the undone versions (d, e, and now f) are no longer on the chain: only the chain's versions stay on disk
    _add_institution(store, "g")
    assert len(store.versions()) <= store.keep
    assert [v.name for v in store.chain()] == [p.name for p in sorted(store.versions(), reverse=True)]


def test_failed_writes_make_no_version_and_push_no_history_out(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "a")
    _add_institution(store, "b")
    before = store.versions()
    for _ in range(5):
        _failed_write(store)
        with store.write() as w:  # a run in which nothing loaded discards its copy
            w.discard()
    assert store.versions() == before
    store.rollback()
    assert _names(store) == ["a"]


def test_a_discarded_first_write_makes_no_warehouse(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    with store.write() as w:
        w.discard()
    assert not store.exists() and store.versions() == []


def test_retention_by_count_keeps_the_chain(tmp_path):
    store = Store.at(tmp_path / "w.duckdb", keep=4)
    for i in range(8):
        _add_institution(store, f"i{i}")
    assert len(store.versions()) == 4
    for expected in (7, 6, 5):
        store.rollback()
        assert len(_names(store)) == expected
    with pytest.raises(WarehouseMissing, match="no earlier version"):
        store.rollback()


def test_retention_by_age_removes_old_ancestors_but_never_the_parent(tmp_path):
    store = Store.at(tmp_path / "w.duckdb", keep=10, keep_days=30)
    for name in ("a", "b", "c"):
        _add_institution(store, name)
    long_ago = time.time() - 40 * 86400
    for version in store.versions():  # every version so far was written (and superseded) 40 days ago
        os.utime(version, (long_ago, long_ago))
    _add_institution(store, "d")
    # the parent (c) is kept however old; b was superseded by c 40 days ago and goes, and a with it
    assert [v.name for v in store.chain()] == ["v000004.duckdb", "v000003.duckdb"]
    assert len(store.versions()) == 2
    store.rollback()
    assert _names(store) == ["a", "b", "c"]
    with pytest.raises(WarehouseMissing, match="no earlier version"):
        store.rollback()


def test_no_sequence_of_loads_failures_and_rollbacks_loses_the_undo_chain(tmp_path):
    """Random loads, failed loads and rollbacks against a model (a stack of states cut to `keep`): after every
    step the warehouse holds the model's top state, and rollback is possible exactly when the model says so."""
    import random

    rng = random.Random(14)
    store = Store.at(tmp_path / "w.duckdb", keep=3)
    _add_institution(store, "seed")
    model: list[list[str]] = [["seed"]]
    for step in range(45):
        action = rng.choice(["load", "load", "fail", "rollback", "rollback"])
        if action == "load":
            _add_institution(store, f"n{step}")
            model = [sorted([*model[0], f"n{step}"]), *model][: store.keep]
        elif action == "fail":
            _failed_write(store)
        elif len(model) > 1:
            store.rollback()
            model = model[1:]
        else:
            with pytest.raises(WarehouseMissing):
                store.rollback()
        assert _names(store) == model[0], (step, action)
        assert len(store.chain()) == len(model), (step, action)
        assert not list(store.versions_dir.glob("*.tmp"))


def test_a_dangling_pointer_or_versions_without_a_pointer_are_not_written_over(tmp_path):
    from warehouse.store import WarehouseBroken

    store = Store.at(tmp_path / "w.duckdb")
    _add_institution(store, "a")
    _add_institution(store, "b")
    store.current().unlink()  # someone removed the current version file
    with pytest.raises(WarehouseBroken, match="missing"):
        _add_institution(store, "c")
    assert [p.name for p in store.versions()] == ["v000001.duckdb"]  # nothing new, nothing pruned
    store.pointer.unlink()  # and now the pointer too: a fresh load would start an empty warehouse beside it
    with pytest.raises(WarehouseBroken, match="holds versions"):
        _add_institution(store, "c")
    assert [p.name for p in store.versions()] == ["v000001.duckdb"]


def test_a_held_lock_times_out_in_words(tmp_path):
    from warehouse.store import WarehouseLocked

    store = Store.at(tmp_path / "w.duckdb", lock_timeout=0.5)
    _add_institution(store, "a")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from warehouse.store import Store
            with Store.at({str(store.pointer)!r}).lock():
                print("held", flush=True)
                time.sleep(30)
        """),
        ],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(WarehouseLocked, match="another load or rollback is still running"):
            _add_institution(store, "b")
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    assert _names(store) == ["a"]
    _add_institution(store, "b")  # the lock went with the process
    assert _names(store) == ["a", "b"]


def test_a_version_restored_from_a_backup_never_undoes_into_another_history(tmp_path):
    """docs/operations.md restores a backup as the next version number. The parent that copy records is a file
    name of the history it came from; in the warehouse it is restored into, that name can belong to an unrelated
    version (here: a warehouse started afresh): rollback must stop at the restored copy, not jump there."""
    old = Store.at(tmp_path / "old" / "w.duckdb")
    for name in ("a", "b", "c"):
        _add_institution(old, name)
    backup = tmp_path / "backup.duckdb"
    shutil.copyfile(old.current(), backup)  # v3 (a, b, c), whose parent is v2
    store = Store.at(tmp_path / "new" / "w.duckdb")
    for name in ("x", "y"):
        _add_institution(store, name)  # this warehouse's own v1, v2
    restored = store.versions_dir / "v000003.duckdb"
    shutil.copyfile(backup, restored)
    store._point_to(restored)
    assert _names(store) == ["a", "b", "c"]
    assert (
        store.version(restored).parent == "v000002.duckdb" and store.parent(store.version(restored)) is None
    )
    with pytest.raises(WarehouseMissing, match="no earlier version"):
        store.rollback()  # without the check this "undid" into v2 = x, y
    assert _names(store) == ["a", "b", "c"]
    _add_institution(store, "d")  # a load after the restore builds on it and can be undone back to it
    store.rollback()
    assert store.current() == restored and _names(store) == ["a", "b", "c"]
