"""Disk use stays bounded over 100 loads: old versions are removed once no reader uses them, and a version a reader
(in this process or another) has open is kept until it lets go."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from warehouse.store import KEEP_VERSIONS, Store, in_use

REPO = Path(__file__).resolve().parents[2]
LOADS = 100


def _load(store: Store, i: int) -> None:
    with store.write() as w:
        w.con.execute(
            "insert into raw_institutions (institution_id, name) values (?, ?)", [f"i{i}", f"院校{i}"]
        )


def _disk(store: Store) -> tuple[int, int]:
    files = [p for p in store.versions_dir.iterdir() if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def test_a_hundred_loads_keep_disk_bounded(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _load(store, 0)
    _load(store, 1)
    early = store.current().stat().st_size  # a version after the first marts refresh
    peak_files, peak_bytes, largest = 0, 0, 0
    for i in range(2, LOADS + 1):
        _load(store, i)
        files, size = _disk(store)
        peak_files, peak_bytes = max(peak_files, files), max(peak_bytes, size)
        largest = max(largest, store.current().stat().st_size)
    assert peak_files <= KEEP_VERSIONS
    assert len(store.versions()) == KEEP_VERSIONS
    # versions do not grow load after load (each adds one small row), so the folder is bounded too
    assert largest <= 1.5 * early, (largest, early)
    assert peak_bytes <= KEEP_VERSIONS * largest
    assert store.versions()[-1].name == f"v{LOADS + 1:06d}.duckdb"
    with store.connect_read_only() as con:
        assert con.execute("select count(*) from raw_institutions").fetchall() == [(LOADS + 1,)]


def test_a_version_read_by_another_process_is_kept_until_it_is_let_go(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _load(store, 0)
    held = store.current()
    # a reader in another process (like the dashboard while `pingyi ingest` runs) opens this version and waits
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(held)!r}, read_only=True)
            print("open", flush=True)
            sys.stdin.readline()
            print(con.execute("select count(*) from raw_institutions").fetchall()[0][0], flush=True)
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert reader.stdout.readline().strip() == "open"
        assert in_use(held)
        for i in range(1, KEEP_VERSIONS + 5):
            _load(store, i)
        assert held.exists(), "a version a reader has open was deleted"
        assert len(store.versions()) == KEEP_VERSIONS + 1  # the kept ones and the reader's
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1"  # it still reads its whole snapshot
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert not in_use(held)
    _load(store, 99)  # the next load removes it
    assert not held.exists()
    assert len(store.versions()) == KEEP_VERSIONS


def test_a_version_read_in_this_process_is_kept_too(tmp_path):
    store = Store.at(tmp_path / "w.duckdb")
    _load(store, 0)
    held = store.current()
    con = duckdb.connect(str(held), read_only=True)
    try:
        for i in range(1, KEEP_VERSIONS + 3):
            _load(store, i)
        assert held.exists()
        assert con.execute("select count(*) from raw_institutions").fetchall() == [(1,)]
    finally:
        con.close()
    _load(store, 99)
    assert not held.exists()
    assert len(store.versions()) == KEEP_VERSIONS
