"""Faults in words (issue 14): a full disk, permission denied, a locked or missing warehouse, a control character in
a name. Each: a message in Chinese and English saying what to do, exit 1, no traceback, and nothing lost — the
previous version still opens with the same row counts.

The commands run as real child processes (`python -m pingyi`). The full disk is a small tmpfs when this runs as
root and `mount` works (else skipped; a simulated ENOSPC always runs); permission denied runs the child as
`nobody` when root, else uses file modes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from etl.faults import explain
from etl.load import ingest
from pingyi.cli import app
from warehouse import audit
from warehouse.store import Store

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data"
TABLES = ("raw_ratings", "raw_units", "raw_unit_names", "raw_institutions", "raw_etl_batches")


def snapshot(store: Store) -> dict:
    """The current version and the row count of each raw table, read through the pointer."""
    with duckdb.connect(str(store.pointer), read_only=True) as con:
        counts = {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in TABLES}
    return {"version": store.current().name, **counts}


def cli(*args: str, env: dict | None = None, no_override: bool = False, timeout: float = 120):
    """`pingyi …` as a child process; (exit code, stdout + stderr). no_override: as root, without the capabilities
    that let root ignore file modes (setpriv), so a mode-0555 folder is as unwritable as for anyone else."""
    full_env = dict(os.environ, **(env or {}))
    prefix: list[str] = []
    if no_override and os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: file modes cannot be tested")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "pingyi", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return proc.returncode, proc.stdout + proc.stderr


def assert_in_words(code: int, output: str, *phrases: str) -> None:
    assert code == 1, output
    assert "Traceback" not in output, output
    for phrase in phrases:
        assert phrase in output, (phrase, output)


def big_ratings(path: Path, n: int = 4000) -> Path:
    """A ratings file with n units of one fictional institution (enough rows to need new blocks in DuckDB)."""
    lines = ["学校,年度,单位,票种,好,较好,一般,差,弃权,参评人数"]
    lines += [f"甲山大学,2024,第{i}党支部,全体,{5 + i % 4},{4 - i % 4},1,0,0,10" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def loaded(tmp_path) -> Store:
    store = Store.at(tmp_path / "wh" / "w.duckdb")
    results = ingest(store, [DATA / "ratings_canonical.csv", DATA / "ratings_scores.csv"])
    assert [r.status for r in results] == ["loaded", "loaded"]
    return store


# ---------------------------------------------------------------- disk full


@contextlib.contextmanager
def small_tmpfs(folder: Path, size_mb: int):
    folder.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()}); the simulated ENOSPC test covers it")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave: int) -> Path:
    """Fill the file system holding `folder` until about `leave` bytes are free."""
    filler = folder / "filler.bin"
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    with open(filler, "wb") as fh:
        remaining = max(free - leave, 0)
        block = b"\0" * 2**20
        while remaining > 0:
            n = min(remaining, len(block))
            try:
                fh.write(block[:n])
                fh.flush()
            except OSError:
                break
            remaining -= n
    return filler


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
@pytest.mark.parametrize("leave_mb", [1, 9], ids=["copy-fails", "duckdb-write-fails"])
def test_a_full_disk_is_said_in_words_and_loses_nothing(tmp_path, leave_mb):
    with small_tmpfs(tmp_path / "small", 48) as disk:
        store = Store.at(disk / "w.duckdb")
        code, output = cli("ingest", str(DATA / "ratings_canonical.csv"), "--db", str(store.pointer))
        assert code == 0, output
        before = snapshot(store)
        version_size = store.current().stat().st_size
        # copy-fails: less room than a copy of the version; duckdb-write-fails: room for the copy, not the rows
        filler = fill(disk, leave_mb * 2**20 if leave_mb == 1 else version_size + 512 * 1024)
        code, output = cli(
            "ingest", str(big_ratings(tmp_path / "big.csv", 20000)), "--db", str(store.pointer)
        )
        assert_in_words(code, output, "磁盘空间不足", "the disk is full", "nothing was written", str(disk))
        assert snapshot(store) == before
        assert not list(store.versions_dir.glob("*.tmp*"))
        filler.unlink()  # space freed: the same load goes through
        code, output = cli("ingest", str(tmp_path / "big.csv"), "--db", str(store.pointer))
        assert code == 0, output
        assert snapshot(store)["raw_ratings"] == before["raw_ratings"] + 20000
        events = [e["event"] for e in audit.read(store.pointer)]
        assert events[:3] == ["load", "load_failed", "load"]


def test_a_simulated_enospc_is_said_in_words(loaded, monkeypatch, tmp_path):
    import warehouse.store as store_module

    before = snapshot(loaded)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module.shutil, "copyfile", full)
    result = CliRunner().invoke(
        app, ["ingest", str(big_ratings(tmp_path / "big.csv", 50)), "--db", str(loaded.pointer)]
    )
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "the disk is full" in result.output and "Traceback" not in result.output
    assert snapshot(loaded) == before
    # DuckDB's own wording of the same fault (a FatalException while it writes) is recognised too
    fatal = duckdb.FatalException('Could not write file "x.duckdb.tmp": No space left on device')
    assert "the disk is full" in explain(fatal, loaded.versions_dir)
    quota = duckdb.IOException("Could not write: Disk quota exceeded")
    assert "the disk is full" in explain(quota, loaded.versions_dir)


# ---------------------------------------------------------------- permission denied


def test_a_warehouse_folder_without_write_permission(loaded):
    before = snapshot(loaded)
    os.chmod(loaded.versions_dir, 0o555)
    os.chmod(loaded.lock_path, 0o444)
    try:
        code, output = cli(
            "ingest", str(DATA / "ratings_items.csv"), "--db", str(loaded.pointer), no_override=True
        )
        assert_in_words(code, output, "没有写入", "no permission to write", "fix its permissions")
        code, output = cli("rollback", "--db", str(loaded.pointer), no_override=True)
        assert_in_words(code, output, "no permission to write")
    finally:
        os.chmod(loaded.versions_dir, 0o755)
        os.chmod(loaded.lock_path, 0o644)
    assert snapshot(loaded) == before


def test_an_input_file_without_read_permission_fails_alone(tmp_path):
    secret = tmp_path / "secret.csv"
    shutil.copy(DATA / "ratings_canonical.csv", secret)
    os.chmod(secret, 0o000)
    readable = tmp_path / "open.csv"
    shutil.copy(DATA / "ratings_scores.csv", readable)
    db = tmp_path / "wh" / "w.duckdb"
    code, output = cli("ingest", str(secret), str(readable), "--db", str(db), no_override=True)
    assert_in_words(code, output, "没有读取该文件的权限", "no permission to read the file", "secret.csv")
    assert "loaded    " in output  # the other file loaded
    assert snapshot(Store.at(db))["raw_ratings"] == 4


# ---------------------------------------------------------------- locked or missing


def test_a_load_waiting_too_long_for_the_lock(loaded):
    before = snapshot(loaded)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from warehouse.store import Store
            with Store.at({str(loaded.pointer)!r}).lock():
                print("held", flush=True)
                time.sleep(60)
        """),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        code, output = cli(
            "ingest",
            str(DATA / "ratings_items.csv"),
            "--db",
            str(loaded.pointer),
            env={"PINGYI_LOCK_TIMEOUT_S": "1"},
        )
        assert_in_words(
            code,
            output,
            "另一个载入或回退正在进行",
            "another load or rollback is still running",
            "try again later",
        )
        code, output = cli("rollback", "--db", str(loaded.pointer), env={"PINGYI_LOCK_TIMEOUT_S": "1"})
        assert_in_words(code, output, "another load or rollback is still running")
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(loaded) == before


def test_a_version_held_open_for_writing_by_another_program(loaded):
    """Someone opened the current version in a duckdb shell without -readonly: rollback says so; a load still
    goes through (it copies the file) and leaves that version alone."""
    before = snapshot(loaded)
    held = loaded.current()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time, duckdb
            con = duckdb.connect({str(held)!r})
            print("open", flush=True)
            time.sleep(60)
        """),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        for args in (["rollback"], ["rollback", "--list"]):
            code, output = cli(*args, "--db", str(loaded.pointer))
            assert_in_words(
                code,
                output,
                "被另一个程序以读写方式打开",
                "held open for writing by another program",
                "close it",
            )
        assert loaded.current() == held
        code, output = cli("ingest", str(DATA / "ratings_items.csv"), "--db", str(loaded.pointer))
        assert code == 0, output
    finally:
        holder.kill()
        holder.wait()
    assert held.exists()
    with duckdb.connect(str(held), read_only=True) as con:
        assert con.execute("select count(*) from raw_ratings").fetchall()[0][0] == before["raw_ratings"]


def test_a_missing_warehouse(tmp_path):
    db = tmp_path / "none" / "w.duckdb"
    for args in (["rollback"], ["rollback", "--list"]):
        code, output = cli(*args, "--db", str(db))
        assert_in_words(code, output, "没有找到数据仓库", "No warehouse at", "pingyi ingest")
    assert not db.exists() and not (db.parent / "w.duckdb.versions").exists()


def test_a_dangling_pointer_is_not_loaded_over(loaded):
    versions = loaded.versions()
    loaded.current().unlink()  # the current version file removed by hand
    code, output = cli("ingest", str(DATA / "ratings_items.csv"), "--db", str(loaded.pointer))
    assert_in_words(code, output, "指向的版本文件", "names a version file that is missing", "restore it")
    assert loaded.versions() == versions[:-1], "nothing written beside it, nothing pruned"
    code, output = cli("rollback", "--db", str(loaded.pointer))
    assert_in_words(code, output, "names a version file that is missing")


# ---------------------------------------------------------------- control characters in names


def test_control_characters_in_a_file_name_or_label(loaded, tmp_path):
    before = snapshot(loaded)
    bell = tmp_path / "铃\x07声.csv"
    shutil.copy(DATA / "ratings_items.csv", bell)
    newline = tmp_path / "two\nlines.csv"
    shutil.copy(DATA / "ratings_long.csv", newline)
    good = tmp_path / "good.csv"
    shutil.copy(DATA / "ratings_scores.csv", good)
    code, output = cli("ingest", str(bell), str(newline), str(good), "--db", str(loaded.pointer))
    assert_in_words(
        code, output, "文件名或显示名含控制字符", "rename the file", "铃\\x07声.csv", "two\\nlines.csv"
    )
    assert "\x07" not in output
    assert snapshot(loaded) == before, "good.csv was loaded before, so it is unchanged: nothing else changed"
    other = tmp_path / "other.csv"
    shutil.copy(DATA / "ratings_items.csv", other)
    code, output = cli(
        "ingest", str(other), "--db", str(loaded.pointer), "--label", "other.csv=red\x1b[31mname"
    )
    assert_in_words(code, output, "control character", "red\\x1b[31mname")
    assert "\x1b[31m" not in output
    assert snapshot(loaded) == before


def test_a_nul_in_a_name_through_the_python_api(loaded, tmp_path):
    before = snapshot(loaded)
    good = tmp_path / "good.csv"
    shutil.copy(DATA / "ratings_items.csv", good)
    [r] = ingest(loaded, [good], labels={"good.csv": "upload\x00.csv"})
    assert r.status == "failed" and r.rejects[0].reason == "control_character_in_name"
    assert "upload\\x00.csv" in r.rejects[0].message_en
    [r] = ingest(loaded, [tmp_path / "bad\x00name.csv"])
    assert r.status == "failed" and r.rejects[0].reason == "control_character_in_name"
    assert snapshot(loaded) == before
    assert "embedded null" not in explain(ValueError("embedded null byte"), loaded.versions_dir)
    assert "NUL" in explain(ValueError("embedded null byte"), loaded.versions_dir)


def test_a_malformed_setting_is_said_in_words(loaded):
    code, output = cli("rollback", "--list", "--db", str(loaded.pointer), env={"PINGYI_VERSIONS_KEEP": "1"})
    assert_in_words(code, output, "设置有误", "PINGYI_VERSIONS_KEEP", "greater than or equal to 2")
    assert "[red]" not in output
