"""数据载入 (admins only): upload → dry-run preview with reasons → confirm → load → history → rollback, driven by
AppTest's file_uploader against a real warehouse; the loads run as real `pingyi ingest` child processes. The upload
helpers (dashboard/upload.py) are tested directly for limits, types and hostile file names."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import upload
from etl.load import ingest
from warehouse.access import User
from warehouse.store import Store

from .conftest import APP, RATINGS_CSV

REPO = Path(__file__).resolve().parents[2]
BAD_CSV = REPO / "tests" / "data" / "ratings_bad.csv"  # 12 rows: 1 loads, 11 rejected, each with its reason
PAGE = "app_pages/admin.py"
TIMEOUT = 180


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A warehouse of its own (the tests load into it and roll it back)."""
    return own_warehouse(tmp_path, monkeypatch)


def own_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture warehouse in tmp_path, named by $PINGYI_DB, with upload folders under tmp_path/tmp."""
    store = Store.at(tmp_path / "w" / "pingyi.duckdb")
    ingest(store, [RATINGS_CSV])
    monkeypatch.setenv("PINGYI_DB", str(store.pointer))
    monkeypatch.delenv("PINGYI_AUTH", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))  # upload folders land here, where the test can look
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    return store.pointer


def _as(role: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["pingyi_user"] = User(f"test-{role}", role, None, password_hash="")
    return at


def _admin_page() -> AppTest:
    at = _as("admin").run()  # the landing page (another page's test checks it)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _frames(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


def _frame_with(at: AppTest, column: str, last: bool = False):
    """The (first or last) table shown that has this column."""
    found = [f for f in _frames(at) if column in f.columns]
    assert found, f"no table with a column {column!r}"
    return found[-1] if last else found[0]


def _history(at: AppTest):
    return _frame_with(at, "载入时间(UTC)")


def _batches(pointer: Path) -> list[tuple]:
    with Store.at(pointer).connect_read_only() as con:
        return con.execute(
            "select status, rows_loaded, rows_rejected from etl_batches order by loaded_at"
        ).fetchall()


def test_a_non_admin_neither_sees_nor_gets_the_page(db):
    for role in ("viewer", "analyst"):
        at = _as(role).run()
        with pytest.raises(Exception):  # noqa: B017 - the page is not registered for this user
            at.switch_page(PAGE).run()
        # opened directly, the page refuses and shows no uploader
        direct = AppTest.from_file(str(REPO / "dashboard" / PAGE), default_timeout=TIMEOUT)
        direct.session_state["pingyi_user"] = User("v", role, None, password_hash="")
        direct.run()
        assert [e.value for e in direct.error] == ["只有管理员可以载入数据"]  # Chinese mode: Chinese only
        assert len(direct.file_uploader) == 0


def test_upload_preview_confirm_history_rollback(db):
    before = Store.at(db).current()
    at = _admin_page()
    uploader = at.file_uploader[0]
    uploader.upload("青石大学 ratings_bad.csv", BAD_CSV.read_bytes(), "text/csv")
    at.run()
    at.button(key="admin_preview_button").click().run()
    assert not at.exception, at.exception

    # the preview: summary, the row that would load, the rejected rows with their reasons; nothing written yet
    summary, rows, rejects = _frame_with(at, "读入行数"), _frame_with(at, "单位"), _frame_with(at, "原因")
    assert summary.to_dict("records") == [
        {
            "文件": "青石大学 ratings_bad.csv",
            "类型": "评议结果",
            "状态": "可载入(试运行)",
            "读入行数": 12,
            "载入行数": 1,
            "拒绝行数": 11,
            "批次": summary["批次"][0],
        }
    ]
    assert rows["单位"].tolist() == ["文学院"] and rows["院校"].tolist() == ["青石大学"]
    assert len(rejects) == 11
    assert set(rejects["文件"]) == {"青石大学 ratings_bad.csv"}
    assert list(rejects.columns) == ["文件", "工作表", "行", "列", "值", "原因"]  # the reason in Chinese only
    # each reason names the file as uploaded (not the name it was saved under), the row and the column
    assert "缺少单位名称: 文件 青石大学 ratings_bad.csv, 第3行, 列 单位" in set(rejects["原因"])
    assert not any("upload-1" in m for m in rejects["原因"])
    assert not any("row " in m for m in rejects["原因"])
    assert Store.at(db).current() == before
    assert _batches(db) == [("loaded", 20, 0)]

    at.button(key="admin_confirm").click().run()
    assert not at.exception, at.exception
    after = Store.at(db).current()
    assert after != before
    assert _batches(db) == [("loaded", 20, 0), ("loaded", 1, 11)]
    assert [s.value for s in at.success] == ["载入完成"]
    history = _history(at)
    assert history["状态"].tolist() == ["已载入", "已载入"]
    assert history["拒绝行数"].tolist() == [11, 0]  # newest first
    assert history["载入人"].tolist()[0] == "test-admin"
    assert history["院校"].tolist() == ["青石大学", "澄江医科大学、白沙学院、青岚大学"]
    # the history records the name the browser sent, not the temporary path it was saved under
    assert history["文件"].tolist()[0] == "青石大学 ratings_bad.csv"
    # the upload folder is gone after the load
    assert list((Path(os.environ["TMPDIR"])).glob("pingyi-upload-*")) == []

    at.button(key="admin_rollback").click().run()
    assert at.warning, "rollback asks for confirmation"
    undone = _frame_with(
        at, "载入时间(UTC)", last=True
    )  # what the rollback would undo: the one batch just loaded
    assert undone["文件"].tolist() == ["青石大学 ratings_bad.csv"]
    assert Store.at(db).current() == after
    at.button(key="admin_rollback_yes").click().run()
    assert not at.exception, at.exception
    assert Store.at(db).current() == before
    assert _batches(db) == [("loaded", 20, 0)]
    assert [s.value for s in at.success] == ["已回滚"]
    assert _history(at)["载入行数"].tolist() == [20]


def test_refused_uploads_are_explained_and_not_saved(db, monkeypatch):
    monkeypatch.setenv("PINGYI_UPLOAD_MAX_MB", "1")
    at = _admin_page()
    at.file_uploader[0].set_value(
        [
            ("big.csv", b"a" * (2**20 + 1), "text/csv"),
            ("fake.xlsx", b"this is not a workbook", "application/octet-stream"),
        ]
    ).run()
    at.button(key="admin_preview_button").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["2 个文件被拒绝,未保存"]
    refused = _frames(at)[0]
    assert refused["文件"].tolist() == ["big.csv", "fake.xlsx"]
    assert refused["原因"][0].startswith("文件过大(1.0 MB,上限 1.0 MB)")
    assert "与扩展名不符" in refused["原因"][1] and "zip" in refused["原因"][1]
    assert [b.key for b in at.button if b.key == "admin_confirm"] == []
    assert _batches(db) == [("loaded", 20, 0)]
    saved = [p for p in Path(os.environ["TMPDIR"]).rglob("*") if p.is_file()]
    assert saved == []


def test_a_wrong_type_never_reaches_the_loader(db):
    at = _admin_page()
    at.file_uploader[0].set_value(
        [
            ("script.sh", b"rm -rf /\n", "text/x-sh"),
            ("青石大学 ratings_bad.csv", BAD_CSV.read_bytes(), "text/csv"),
        ]
    ).run()
    at.button(key="admin_preview_button").click().run()
    # refused by name with the allowed types, never saved; the other file of the same upload is previewed
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["1 个文件被拒绝,未保存"]
    refused = _frames(at)[0]
    assert refused["文件"].tolist() == ["script.sh"]
    assert (
        refused["原因"][0].startswith("不支持的文件类型(允许 .csv .xlsx .xls")
        and "script.sh" in refused["原因"][0]
    )
    assert _frame_with(at, "读入行数")["文件"].tolist() == ["青石大学 ratings_bad.csv"]
    saved = [p.name for p in Path(os.environ["TMPDIR"]).rglob("*") if p.is_file()]
    assert saved == ["upload-2.csv"]
    assert _batches(db) == [("loaded", 20, 0)]


# ---------------------------------------------------------------- the helpers


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.csv",
        "a/b.csv",
        "..\\..\\x.csv",
        "/etc/cron.d/x.csv",
        "<script>.csv",
        "x'; drop table t; --.csv",
    ],
)
def test_file_names_are_never_paths(tmp_path, name):
    folder = tmp_path / "up"
    folder.mkdir()
    saved, refused = upload.save_uploads([(name, b"a,b\n1,2\n")], folder, upload.Limits())
    assert refused == []
    assert [(s.label, s.path) for s in saved] == [(name, folder.resolve() / "upload-1.csv")]
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert written == [folder.resolve() / "upload-1.csv"]
    assert not Path("/etc/passwd.csv").exists()


def test_types_sizes_and_content_checked(tmp_path):
    lim = upload.Limits(per_file=1000, total=1100)
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as z:
        z.writestr("[Content_Types].xml", "<x/>")
    files = [
        ("a.exe", b"MZ"),
        ("noext", b"x"),
        ("a.csv.exe", b"x"),  # types outside the allow-list
        ("big.csv", b"x" * 1001),  # over the per-file limit
        ("one.csv", b"x" * 900),
        ("two.csv", b"x" * 900),  # the second goes over the total
        ("wb.xlsx", b"not a zip"),
        ("old.xls", b"not ole"),
        ("doc.pdf", b"hello"),
        ("bin.txt", b"a\x00b"),
        ("ok.XLSX", workbook.getvalue()),
    ]
    saved, refused = upload.save_uploads(files, tmp_path, lim)
    assert [s.label for s in saved] == ["one.csv", "ok.XLSX"]
    assert [s.path.name for s in saved] == ["upload-5.csv", "upload-11.xlsx"]
    assert [r.label for r in refused] == [
        "a.exe",
        "noext",
        "a.csv.exe",
        "big.csv",
        "two.csv",
        "wb.xlsx",
        "old.xls",
        "doc.pdf",
        "bin.txt",
    ]
    for r in refused:
        assert r.label in r.message and " / " in r.message  # bilingual, naming the file


def test_zip_bomb_refused_before_saving(tmp_path):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 2**20))
    assert len(bomb.getvalue()) < 2**20
    saved, refused = upload.save_uploads([("bomb.xlsx", bomb.getvalue())], tmp_path, upload.Limits())
    assert saved == [] and "zip bomb" in refused[0].message


def test_limits_from_the_environment(monkeypatch):
    monkeypatch.setenv("PINGYI_UPLOAD_MAX_MB", "5")
    monkeypatch.setenv("PINGYI_UPLOAD_TOTAL_MB", "nonsense")
    monkeypatch.setenv("PINGYI_LOAD_TIMEOUT_S", "-3")
    assert upload.limits() == upload.Limits(
        5 * 2**20, upload.DEFAULT_MAX_TOTAL_MB * 2**20, upload.DEFAULT_TIMEOUT_S
    )


def test_a_load_that_runs_too_long_is_stopped_and_changes_nothing(db, tmp_path):
    before = Store.at(db).current()
    big = tmp_path / "many.csv"
    lines = ["学校,年度,单位,好,较好,一般,差"] + [f"青石大学,2021,学院{i},5,3,2,0" for i in range(20000)]
    big.write_text("\n".join(lines), encoding="utf-8")
    run = upload.run_ingest([big], db, dry_run=False, timeout_s=0.5)
    assert run.timed_out and "timed out" in run.error
    assert Store.at(db).current() == before
    assert _batches(db) == [("loaded", 20, 0)]


def test_hostile_institution_option_stays_a_value(db, tmp_path):
    csv = tmp_path / "x.csv"
    csv.write_text("年度,单位,好,较好,一般,差\n2021,文学院,5,3,2,0\n", encoding="utf-8")
    run = upload.run_ingest([csv], db, dry_run=True, institution="--db=/tmp/elsewhere.duckdb")
    assert run.error is None, run.stderr
    assert run.report.db == str(db)
    assert run.report.files[0].preview[0]["institution"] == "--db=/tmp/elsewhere.duckdb"


def test_the_page_names_the_user_as_loaded_by_through_a_flag(db, monkeypatch):
    """`--loaded-by` on the child's command line, not a variable set for it; an inherited one does not win."""
    monkeypatch.setenv("PINGYI_USER", "inherited")
    cmd = upload.ingest_command([BAD_CSV], db, dry_run=False, loaded_by="周\n老师")
    assert "--loaded-by=周 老师" in cmd
    run = upload.run_ingest([BAD_CSV], db, dry_run=False, user="周老师", timeout_s=120)
    assert run.error is None, run.stderr
    with Store.at(db).connect_read_only() as con:
        who = con.execute("select loaded_by from etl_batches order by loaded_at desc limit 1").fetchall()
    assert who == [("周老师",)]


def test_output_that_is_not_the_report_is_an_error_in_words():
    """The child's last stdout line is read as warehouse.load_report.LoadReport; anything else is no report."""
    code = 'import sys; print(\'{"done": 1, "total": 1, "source": "x", "status": "loaded"}\', file=sys.stderr); print("{}")'
    run = upload._run([sys.executable, "-c", code], 30, None, expect_json=True)
    assert run.report is None and [(p.done, p.source) for p in run.progress] == [(1, "x")]
    assert "the loader's report could not be read" in run.error and "Traceback" not in run.error


def test_ingest_json_report_is_what_the_page_reads(db):
    """`pingyi ingest --json`: one JSON object on stdout, one progress line per file on stderr."""
    run = upload.run_ingest([BAD_CSV, RATINGS_CSV], db, dry_run=True)
    assert run.error is None and run.returncode == 0, run.stderr
    assert [(p.done, p.total) for p in run.progress] == [(1, 2), (2, 2)]
    assert run.report.dry_run is True and run.report.db == str(db)
    report = run.report.model_dump()  # the JSON shape, as warehouse.load_report defines it
    bad, same = sorted(report["files"], key=lambda f: f["source"] != str(BAD_CSV))
    assert {k: bad[k] for k in ("source", "kind", "status", "rows_read", "rows_loaded", "rows_rejected")} == {
        "source": str(BAD_CSV),
        "kind": "ratings",
        "status": "dry-run",
        "rows_read": 12,
        "rows_loaded": 1,
        "rows_rejected": 11,
    }
    assert bad["batch_id"].startswith("b")
    assert bad["rejects"][0] == {
        "file": "ratings_bad.csv",
        "sheet": None,
        "row": 3,
        "column": "单位",
        "value": None,
        "reason": "missing_unit",
        "message_zh": "缺少单位名称: 文件 ratings_bad.csv, 第3行, 列 单位",
        "message_en": "unit name is missing: file ratings_bad.csv, row 3, column 单位",
    }
    assert [(r["institution"], r["year"], r["unit_name"], r["votes_good"]) for r in bad["preview"]] == [
        ("青石大学", 2021, "文学院", 5)
    ]
    assert same["status"] == "unchanged" and same["preview"] == []  # already loaded: nothing would change


def test_a_browser_load_queues_behind_a_command_line_load(db):
    """While another process holds the writers' lock (as `pingyi ingest` does), the page's load waits, then runs."""
    import subprocess
    import sys
    import time

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom warehouse.store import Store\n"
            f"with Store.at({str(db)!r}).lock():\n    print('locked', flush=True)\n    time.sleep(4)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        run = upload.run_ingest([BAD_CSV], db, dry_run=False, timeout_s=120)
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert run.error is None, run.stderr
    assert waited >= 2, "the load should have waited for the lock"
    assert _batches(db) == [("loaded", 20, 0), ("loaded", 1, 11)]


# ---------------------------------------------------------------- names, temp folders, languages, scopes


def _as_user(role: str, institutions: list[str] | None, name: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["pingyi_user"] = User(name, role, institutions, password_hash="")
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _preview(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].upload(name, data, "text/csv")
    at.run()
    assert not at.exception, at.exception
    at.button(key="admin_preview_button").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    "name", ["青石\x00大学.csv", "青石\n大学\r.csv", "青石\u202e大学.csv", "\x00\x01.csv"]
)
def test_control_characters_in_a_file_name_neither_break_the_page_nor_reach_the_history(db, name):
    at = _preview(_admin_page(), name, BAD_CSV.read_bytes())
    summary = _frame_with(at, "读入行数")
    shown = summary["文件"][0]
    assert not any(ord(c) < 32 or c == "\u202e" for c in shown)
    assert shown == (
        ".csv"
        if name.startswith("\x00")
        else "青石大学.csv"
        if "\x00" in name or "\u202e" in name
        else "青石 大学 .csv"
    )
    assert summary["载入行数"][0] == 1  # the dry run ran
    at.button(key="admin_confirm").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["载入完成"]
    assert _history(at)["文件"][0] == shown
    with Store.at(db).connect_read_only() as con:
        sources = [r[0] for r in con.execute("select source from etl_batches").fetchall()]
    assert not any(ord(c) < 32 for s in sources for c in s)


def test_clean_label():
    assert upload.clean_label("a\x00b\tc\u200bd\u202e.csv") == "ab cd.csv"
    assert upload.clean_label("\x00\x07", "upload-3.csv") == "upload-3.csv"
    assert upload.clean_label("x" * 500) == "x" * upload.MAX_LABEL
    assert upload.suffix_of("a.csv\x00.exe") is None and upload.suffix_of("a\x00.csv") == ".csv"


def test_a_nul_in_the_institution_field_is_not_an_exception(db):
    at = _admin_page()
    at.text_input(key="admin_inst").set_value("青石\x00大学").run()
    csv = "年度,单位,好,较好,一般,差\n2021,文学院,5,3,2,0\n".encode()
    at = _preview(at, "x.csv", csv)
    assert _frame_with(at, "单位")["院校"].tolist() == ["青石大学"]


def test_unconfirmed_uploads_are_removed_after_the_stated_time(db, monkeypatch):
    import time

    tmp = Path(os.environ["TMPDIR"])
    monkeypatch.setenv("PINGYI_UPLOAD_KEEP_MINUTES", "30")
    stale, fresh = tmp / "pingyi-upload-stale", tmp / "pingyi-upload-fresh"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "upload-1.csv").write_text("x")
    old = time.time() - 31 * 60
    os.utime(stale / "upload-1.csv", (old, old))
    os.utime(stale, (old, old))
    other = tmp / "unrelated"  # only upload folders are touched
    other.mkdir()
    os.utime(other, (old, old))

    at = _preview(_admin_page(), "青石大学 ratings_bad.csv", BAD_CSV.read_bytes())
    assert not stale.exists() and fresh.exists() and other.exists()
    assert "30 分钟" in at.caption[0].value
    own = [p for p in tmp.glob("pingyi-upload-*") if p != fresh]
    assert len(own) == 1  # this session's preview
    # the preview is older than the setting (another session's sweep removed it): confirming says so, loads nothing
    import shutil

    shutil.rmtree(own[0])
    at.button(key="admin_confirm").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["载入失败"]
    assert "上传已过期(超过 30 分钟未确认)" in at.code[0].value
    assert _batches(db) == [("loaded", 20, 0)]


def test_sweep_keeps_what_is_in_use(tmp_path):
    import time

    folders = [tmp_path / f"pingyi-upload-{n}" for n in range(3)]
    for folder in folders:
        folder.mkdir()
    old = time.time() - 7200
    for folder in folders[:2]:
        os.utime(folder, (old, old))
    removed = upload.sweep_uploads(3600, root=tmp_path, spare=[folders[1]])
    assert removed == [folders[0]]
    assert [f.exists() for f in folders] == [False, True, True]


RAW_NAMES = (
    "batch_id",
    "rows_read",
    "rows_loaded",
    "rows_rejected",
    "loaded_by",
    "loaded_at",
    "dry-run",
    "unit_name",
    "institution_years",
    "message_zh",
    "message_en",
    "ratings",
    "votes_good",
)


def test_chinese_mode_shows_no_raw_names_and_english_mode_no_chinese(db):
    from dashboard import i18n

    from .test_i18n import CJK, _texts

    at = _preview(_admin_page(), "青石大学 评议结果.csv", BAD_CSV.read_bytes())
    at.button(key="admin_confirm").click().run()
    at.button(key="admin_rollback").click().run()
    texts = " ".join(_texts(at))
    at.button(
        key="admin_rollback_yes"
    ).click().run()  # as it was: the English preview below loads nothing yet
    assert "青石大学 评议结果.csv" in texts and "已载入" in texts  # the scan sees the tables
    import re

    assert [raw for raw in RAW_NAMES if re.search(rf"(?<![\w/-]){re.escape(raw)}(?![\w-])", texts)] == []
    assert " / " not in " ".join(
        e.value for kind in (at.error, at.warning, at.success, at.caption) for e in kind
    )

    en = _as_user("admin", None, "test-admin", lang="en")
    en = _preview(en, "qingshi ratings_bad.csv", BAD_CSV.read_bytes())
    summary = _frame_with(en, "Rows read")
    assert summary["Status"].tolist() == ["would load (dry run)"] and summary["Type"].tolist() == ["results"]
    rejects = _frame_with(en, "Reason")
    assert "unit name is missing: file qingshi ratings_bad.csv, row 3, column 单位" in set(rejects["Reason"])
    with Store.at(
        db
    ).connect_read_only() as con:  # names from the data stay as they are, as do the file's headers
        data_values = {
            r[0] for r in con.execute("select name from institutions union select name from units").fetchall()
        } | {"青石大学", "文学院", "青石大学 评议结果.csv"}  # the last: uploaded above
    data_values |= {
        str(v) for col in ("Column", "Value") for v in rejects[col].dropna()
    }  # quoted from the file
    found = _frame_with(en, "Header")  # the file's own headers and sample values
    data_values |= set(found["Header"]) | {v for cell in found["Sample values"] for v in cell.split(" · ")}
    data_values |= set(i18n.LANG_NAMES.values())
    leftover = []
    for text in _texts(en):
        rest = text
        for value in sorted(data_values, key=len, reverse=True):
            rest = rest.replace(value, "")
        if CJK.search(rest):
            leftover.append(text)
    # what remains is the data: unit names and values quoted from the file in the reasons
    assert [t for t in leftover if "'" not in t and "=" not in t] == [], leftover


def test_a_scoped_admin_sees_and_undoes_only_loads_of_their_institutions(db):
    # an unscoped admin loads a file for 青石大学 (the warehouse already holds three other institutions)
    at = _preview(_admin_page(), "青石大学 ratings_bad.csv", BAD_CSV.read_bytes())
    at.button(key="admin_confirm").click().run()
    assert _batches(db) == [("loaded", 20, 0), ("loaded", 1, 11)]

    # an admin of 青岚大学: the first batch touched other institutions too, the second only 青石大学: neither shown;
    # the last load is not theirs to undo
    other = _as_user("admin", ["青岚大学"], "qinglan-admin")
    assert len(_history(other)) == 0
    assert [b.key for b in other.button if b.key == "admin_rollback"] == []
    assert "最近一次载入涉及您无权管理的院校,不能由您回滚" in [c.value for c in other.caption]
    assert any("青岚大学" in c.value for c in other.caption)  # the page says which institutions are theirs
    audit_rows = [f for f in _frames(other) if "事件" in f.columns]
    assert audit_rows == []  # nothing of theirs in the audit log either (the upload was test-admin's)

    # the admin of 青石大学 sees that load and may roll it back
    owner = _as_user("admin", ["青石大学"], "qingshi-admin")
    history = _history(owner)
    assert history["文件"].tolist() == ["青石大学 ratings_bad.csv"] and history["院校"].tolist() == [
        "青石大学"
    ]
    owner.button(key="admin_rollback").click().run()
    owner.button(key="admin_rollback_yes").click().run()
    assert not owner.exception, owner.exception
    assert [s.value for s in owner.success] == ["已回滚"]
    assert _batches(db) == [("loaded", 20, 0)]


def test_the_audit_log_shows_uploads_and_dry_runs_in_the_page_language(db):
    at = _preview(_admin_page(), "青石大学 ratings_bad.csv", BAD_CSV.read_bytes())
    log = _frame_with(at, "事件")
    assert log["事件"].tolist()[:2] == [
        "试运行(未写入)",
        "上传",
    ]  # newest first: the loader's dry run, the page's upload
    assert set(log["用户"][:2]) == {"test-admin"} and log["角色"][1] == "管理(载入、用户)"
    assert log["结果"].tolist()[:2] == ["成功", "成功"]
    assert log["详情"][1] == "文件: 青石大学 ratings_bad.csv"
    # the loader names the saved file; the page shows the name uploaded
    assert log["详情"][0].startswith("文件: 青石大学 ratings_bad.csv (可载入(试运行); 载入 1 行,拒绝 11 行)")
    assert "upload-1" not in " ".join(log["详情"])
    en = _as_user("admin", None, "test-admin", lang="en")
    log = _frame_with(en, "Event")
    assert log["Event"].tolist()[:2] == ["dry run", "upload"] and log["Outcome"].tolist()[:2] == ["ok", "ok"]
    assert log["Details"][0].startswith("File: 青石大学 ratings_bad.csv (would load (dry run); 1 rows loaded")


# ---------------------------------------------------------------- column mappings (files)


def test_mapping_files_round_trip_and_signatures(tmp_path):
    from dashboard import mapping as mp

    headers = ["党支部 名称", '评议"结果"', "a=b, c", "\uff11\uff12"]
    assert mp.signature(headers) == mp.signature(
        ["党支部  名称 ", '评议"结果"', "a=b, c", "12"]
    )  # NFKC, spaces
    assert mp.signature(headers) != mp.signature(list(reversed(headers)))
    wanted = {"党支部 名称": "unit", '评议"结果"': "official_grade", "a=b, c": "ignore"}
    path = mp.write_toml(tmp_path / "m.toml", wanted, headers, note="line\nbreak")
    assert mp.read_toml(path) == wanted
    import tomllib

    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"columns": wanted}

    pointer = tmp_path / "w" / "pingyi.duckdb"
    assert mp.saved(pointer, headers) is None
    saved = mp.save(pointer, headers, wanted, user="li")
    assert saved.parent == tmp_path / "w" / "mappings" and saved.name == f"{mp.signature(headers)}.toml"
    assert mp.saved(pointer, headers) == wanted
    saved.write_text("[columns\n", encoding="utf-8")  # a damaged file is no mapping, not a traceback
    assert mp.saved(pointer, headers) is None


def test_effective_and_merged_mappings():
    from dashboard import mapping as mp
    from warehouse.load_report import ColumnReport

    columns = [
        ColumnReport(header="党支部名称", field=None),
        ColumnReport(header="书记", field="secretary"),
        ColumnReport(header="评议结果", field=None),
    ]
    assert mp.effective(columns, {"党支部名称": "unit"}) == {"党支部名称": "unit", "书记": "secretary"}
    merged, clashes = mp.merge(
        [{"a": "unit", "b": "score"}, {"a": "unit", "b": "official_grade", "c": "mode"}]
    )
    assert merged == {"a": "unit", "b": "score", "c": "mode"} and clashes == ["b"]


def test_an_admin_loads_the_first_data_into_a_fresh_warehouse(tmp_path, monkeypatch):
    """No warehouse yet (a fresh install): the router offers only 数据载入, and the first upload creates it."""
    pointer = tmp_path / "fresh" / "pingyi.duckdb"
    monkeypatch.setenv("PINGYI_DB", str(pointer))
    monkeypatch.delenv("PINGYI_AUTH", raising=False)
    at = _as("admin").run()
    assert not at.exception, at.exception
    assert "没有找到数据仓库" in at.error[0].value
    assert [s.value for s in at.subheader] == ["数据载入", "载入记录"]  # the page is shown under the message
    at = _preview(at, "青石大学 ratings_bad.csv", BAD_CSV.read_bytes())
    at.button(key="admin_confirm").click().run()
    assert not at.exception, at.exception
    assert _batches(pointer) == [("loaded", 1, 11)]
    # a viewer of the same fresh install gets the message and nothing else
    viewer = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    monkeypatch.setenv("PINGYI_DB", str(tmp_path / "none" / "pingyi.duckdb"))
    viewer.session_state["pingyi_user"] = User("v", "viewer", None, password_hash="")
    viewer.run()
    # a reader is not told about paths and commands (those are for admins): only whom to ask
    assert len(viewer.file_uploader) == 0 and "请联系数据管理员" in viewer.error[0].value
    assert "没有找到数据仓库" not in viewer.error[0].value


def test_an_admin_of_an_institution_not_loaded_yet_reaches_the_page(db):
    at = _as_user("admin", ["青石大学"], "qingshi-admin")
    assert any("没有可查看的院校" in w.value for w in at.warning)
    assert len(at.file_uploader) == 1


def test_a_preview_is_dropped_when_the_files_change(db):
    at = _preview(_admin_page(), "青石大学 ratings_bad.csv", BAD_CSV.read_bytes())
    tmp = Path(os.environ["TMPDIR"])
    assert len(list(tmp.glob("pingyi-upload-*"))) == 1
    at.file_uploader[0].set_value([]).run()  # the admin removed the file: no confirm for what is gone
    assert not at.exception, at.exception
    assert [b for b in at.button if b.key == "admin_confirm"] == []
    assert list(tmp.glob("pingyi-upload-*")) == []


def test_messages_in_one_language():
    both = "找不到文件 / file not found\n没有翻译的行\nplain line"
    assert upload.split_message(both, en=False) == "找不到文件\n没有翻译的行\nplain line"
    assert upload.split_message(both, en=True) == "file not found\n没有翻译的行\nplain line"
    run = upload.Run(1, stderr="磁盘已满,数据未改变 / the disk is full; nothing changed\n")
    assert run.error_text(False) == "载入进程出错: 磁盘已满,数据未改变"
    assert run.error_text(True) == "the load process failed: the disk is full; nothing changed"
    assert (
        run.error
        == "载入进程出错 / the load process failed: 磁盘已满,数据未改变 / the disk is full; nothing changed"
    )
