"""Uploads for the admin page as plain functions: save files safely, run `pingyi ingest` / `rollback` as a child
process (the dashboard never imports etl; the child takes the same writers' lock as the command line, so loads
from the browser and from a shell queue), and read the batch history.

An uploaded file's name is only a label: each file is saved as `upload-<n><ext>` in a fresh temporary folder, the
extension taken from an allow-list, and its first bytes must match that extension.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import duckdb
import polars as pl

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".xls", ".toml", ".docx", ".pdf", ".txt", ".html")
DEFAULT_MAX_FILE_MB = 20
DEFAULT_MAX_TOTAL_MB = 50
DEFAULT_TIMEOUT_S = 600
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # as the ETL: an .xlsx/.docx that unpacks to more is refused
MAX_RATIO = 100
BIG_ENTRY_BYTES = 10 * 1024 * 1024
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Limits:
    """Upload limits in bytes (settings $PINGYI_UPLOAD_MAX_MB per file, $PINGYI_UPLOAD_TOTAL_MB per load)."""

    per_file: int = DEFAULT_MAX_FILE_MB * 2**20
    total: int = DEFAULT_MAX_TOTAL_MB * 2**20
    timeout_s: int = DEFAULT_TIMEOUT_S


def limits() -> Limits:
    """The limits from the environment ($PINGYI_UPLOAD_MAX_MB, $PINGYI_UPLOAD_TOTAL_MB, $PINGYI_LOAD_TIMEOUT_S),
    read when asked; a malformed or non-positive value keeps the default."""

    def whole(name: str, default: int) -> int:
        try:
            value = int((os.environ.get(name) or "").strip() or default)
        except ValueError:
            return default
        return value if value > 0 else default

    return Limits(whole("PINGYI_UPLOAD_MAX_MB", DEFAULT_MAX_FILE_MB) * 2**20,
                  whole("PINGYI_UPLOAD_TOTAL_MB", DEFAULT_MAX_TOTAL_MB) * 2**20,
                  whole("PINGYI_LOAD_TIMEOUT_S", DEFAULT_TIMEOUT_S))


@dataclass(frozen=True)
class Saved:
    label: str  # the name the browser sent, for display only
    path: Path  # upload-<n><ext> inside the upload folder
    size: int


@dataclass(frozen=True)
class Refused:
    label: str
    message: str  # Chinese / English, naming the file


def suffix_of(name: str) -> str | None:
    """The allowed extension of an uploaded name (lower case, with the dot), else None. Only the last
    path component counts: `../../etc/passwd.csv` is `.csv`, `a/b.csv` is `.csv`."""
    base = PurePath(name.replace("\\", "/")).name
    suffix = PurePath(base).suffix.lower()
    return suffix if suffix in ALLOWED_SUFFIXES else None


def content_problem(suffix: str, data: bytes) -> str | None:
    """Why the bytes cannot be a file of this type (None when they can): a workbook or Word file that is not a
    zip (or, for .xls, not an OLE2 file), a zip that unpacks to an absurd size, a PDF without %PDF, a text
    file with NUL bytes."""
    if suffix in (".xlsx", ".docx") or (suffix == ".xls" and data.startswith(_ZIP)):
        if not data.startswith(_ZIP):
            return "内容不是 zip 格式,与扩展名不符 / content is not a zip archive, does not match the extension"
        return _zip_problem(data)
    if suffix == ".xls":
        return None if data.startswith(_OLE) else "内容不是 Excel 97–2003 格式 / content is not an Excel 97–2003 file"
    if suffix == ".pdf":
        return None if data[:1024].lstrip().startswith(b"%PDF") else "内容不是 PDF / content is not a PDF"
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "文本文件中含二进制内容 / a text file with binary content"
    return None


def _zip_problem(data: bytes) -> str | None:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return "zip 文件已损坏 / damaged zip archive"
    total = sum(e.file_size for e in entries)
    if total > MAX_UNZIPPED_BYTES:
        return f"解压后 {total // 2**20} MB,大得不合理 / unpacks to {total // 2**20} MB, implausibly large"
    for e in entries:
        if e.file_size >= BIG_ENTRY_BYTES and e.file_size > MAX_RATIO * max(e.compress_size, 1):
            return f"压缩比过高(疑似压缩炸弹) / compression ratio too high (zip bomb?): {e.file_size // max(e.compress_size, 1)}:1"
    return None


def new_upload_dir() -> Path:
    """A fresh private folder (mode 0700) for one upload."""
    return Path(tempfile.mkdtemp(prefix="pingyi-upload-"))


def save_uploads(files: Iterable[tuple[str, bytes]], folder: Path, lim: Limits) -> tuple[list[Saved], list[Refused]]:
    """Save (name, bytes) pairs as folder/upload-<n><ext>; refuse wrong types, mismatched content and files over
    the limits. The name is never used as a path."""
    saved: list[Saved] = []
    refused: list[Refused] = []
    total = 0
    folder = folder.resolve()
    for n, (label, data) in enumerate(files, start=1):
        suffix = suffix_of(label)
        if suffix is None:
            refused.append(Refused(label, f"不支持的文件类型(允许 {' '.join(ALLOWED_SUFFIXES)}) / unsupported file "
                                          f"type (allowed: {' '.join(ALLOWED_SUFFIXES)}): {label}"))
            continue
        if len(data) > lim.per_file:
            refused.append(Refused(label, f"文件过大({_mb(len(data))},上限 {_mb(lim.per_file)}) / file too large "
                                          f"({_mb(len(data))}, limit {_mb(lim.per_file)}): {label}"))
            continue
        if total + len(data) > lim.total:
            refused.append(Refused(label, f"本次上传总量超过 {_mb(lim.total)} / the upload exceeds {_mb(lim.total)} "
                                          f"in total: {label}"))
            continue
        problem = content_problem(suffix, data)
        if problem:
            refused.append(Refused(label, f"{problem}: {label}"))
            continue
        path = folder / f"upload-{n}{suffix}"
        assert path.parent == folder  # generated name: nothing from the browser reaches the path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        total += len(data)
        saved.append(Saved(label, path, len(data)))
    return saved, refused


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


# ---------------------------------------------------------------- the child process


@dataclass
class Run:
    """What a child `pingyi` process did."""

    returncode: int | None
    report: dict[str, Any] | None = None
    stderr: str = ""
    timed_out: bool = False
    progress: list[dict] = field(default_factory=list)

    @property
    def error(self) -> str | None:
        """A bilingual message when the run did not produce a report."""
        if self.timed_out:
            return "载入超时,已中止,数据仓库未改变 / the load timed out and was stopped; the warehouse is unchanged"
        if self.report is None:
            tail = self.stderr.strip().splitlines()[-5:]
            return "载入进程出错 / the load process failed: " + " ".join(tail)
        return None


def ingest_command(paths: list[Path], db: Path, *, dry_run: bool, institution: str | None = None,
                   year: int | None = None, labels: dict[Path, str] | None = None) -> list[str]:
    """`python -m etl.cli ingest <files> --db <pointer> [--dry-run] --json [--institution X] [--year N]
    [--label upload-1.csv=<name sent by the browser>]` (the batch history records the name, not the temp path)."""
    cmd = [sys.executable, "-m", "etl.cli", "ingest", *map(str, paths), "--db", str(db), "--json"]
    for path, label in (labels or {}).items():
        shown = " ".join(str(label).split())  # one line: no control characters reach the command or the history
        if shown:
            cmd.append(f"--label={Path(path).name}={shown}")
    if dry_run:
        cmd.append("--dry-run")
    # --opt=value: a value starting with "-" stays a value (no shell is involved either way)
    if institution:
        cmd.append(f"--institution={institution}")
    if year:
        cmd.append(f"--year={int(year)}")
    return cmd


def run_ingest(paths: list[Path], db: Path, *, dry_run: bool, institution: str | None = None,
               year: int | None = None, user: str = "", timeout_s: float = DEFAULT_TIMEOUT_S,
               on_progress: Callable[[dict], None] | None = None, labels: dict[Path, str] | None = None) -> Run:
    """Run the loader as a child process; `on_progress` gets each file's JSON line as it finishes (called on the
    calling thread). On timeout the child is killed: the lock goes with it and the warehouse stays as it was."""
    env = dict(os.environ, PINGYI_USER=user)
    return _run(ingest_command(paths, db, dry_run=dry_run, institution=institution, year=year, labels=labels), env,
                timeout_s,
                on_progress, expect_json=True)


def run_rollback(db: Path, *, timeout_s: float = 120) -> Run:
    """`pingyi rollback --db <pointer>`: the previous version becomes current again."""
    return _run([sys.executable, "-m", "etl.cli", "rollback", "--db", str(db)], dict(os.environ), timeout_s, None,
                expect_json=False)


def _run(cmd: list[str], env: dict[str, str], timeout_s: float, on_progress, *, expect_json: bool) -> Run:
    lines: queue.Queue[str | None] = queue.Queue()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
                                text=True, encoding="utf-8", errors="replace")

        def pump() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        run = Run(None)
        errors: list[str] = []
        deadline = time.monotonic() + timeout_s
        finished = False
        while not finished:
            left = deadline - time.monotonic()
            if left <= 0:
                proc.kill()
                proc.wait()
                run.timed_out = True
                break
            try:
                line = lines.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            if line is None:
                finished = True
                continue
            event = _json_line(line)
            if event is not None and "done" in event:
                run.progress.append(event)
                if on_progress:
                    on_progress(event)
            else:
                errors.append(line)
        if not run.timed_out:
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                run.timed_out = True
        run.returncode = proc.returncode
        run.stderr = "".join(errors)
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    if expect_json and not run.timed_out:
        run.report = _json_line(text.strip().splitlines()[-1] if text.strip() else "")
    elif not expect_json:
        run.stderr = (run.stderr + text).strip()
        run.report = {"output": text.strip()} if run.returncode == 0 else None
    return run


def _json_line(line: str) -> dict | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# ---------------------------------------------------------------- tables for the page


REJECT_COLUMNS = {"source": "文件", "row": "行", "column": "列", "value": "值", "reason": "原因代码",
                  "message_zh": "原因", "message_en": "reason"}


def _shown_name(file_report: dict, labels: dict[str, str]) -> str:
    """The name the browser sent for a file of the report (its saved name when there is no label)."""
    return labels.get(file_report["source"], Path(file_report["source"]).name)


def summary_frame(report: dict, labels: dict[str, str]) -> pl.DataFrame:
    """One row per file: 文件 (the uploaded name), 类型, 状态, 读入, 载入, 拒绝, 批次."""
    rows = [
        {"文件": _shown_name(f, labels), "类型": f["kind"], "状态": f["status"],
         "读入行": f["rows_read"], "载入行": f["rows_loaded"], "拒绝行": f["rows_rejected"], "批次": f["batch_id"]}
        for f in report.get("files", [])
    ]
    schema = {"文件": pl.String, "类型": pl.String, "状态": pl.String, "读入行": pl.Int64, "载入行": pl.Int64,
              "拒绝行": pl.Int64, "批次": pl.String}
    return pl.DataFrame(rows, schema=schema)


def rejects_frame(report: dict, labels: dict[str, str]) -> pl.DataFrame:
    """Every rejected row with its reason (Chinese and English), naming the uploaded file, row and column."""
    rows = []
    for f in report.get("files", []):
        label = _shown_name(f, labels)
        for r in f.get("rejects", []):
            rows.append({"文件": label, "行": r.get("row"), "列": r.get("column"), "值": r.get("value"),
                         "原因代码": r.get("reason"), "原因": r.get("message_zh"), "reason": r.get("message_en")})
    schema = {"文件": pl.String, "行": pl.Int64, "列": pl.String, "值": pl.String, "原因代码": pl.String,
              "原因": pl.String, "reason": pl.String}
    return pl.DataFrame(rows, schema=schema)


def preview_frame(report: dict, labels: dict[str, str]) -> pl.DataFrame:
    """The first rows each file would load (ratings), with the uploaded name in front."""
    frames = []
    for f in report.get("files", []):
        if f.get("preview"):
            frame = pl.DataFrame(f["preview"], infer_schema_length=None)
            frames.append(frame.select(pl.lit(_shown_name(f, labels)).alias("文件"),
                                       pl.all()))
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame({"文件": []}, schema={"文件": pl.String})


BATCH_HISTORY_SQL = """
    select batch_id, kind, source, status, rows_read, rows_loaded, rows_rejected, loaded_at, loaded_by
    from etl_batches
    order by loaded_at desc, batch_id desc
    limit ?
"""


def batch_history(cur: duckdb.DuckDBPyConnection, limit: int = 200) -> pl.DataFrame:
    """The latest load attempts of the warehouse version the cursor reads, newest first."""
    return cur.sql(BATCH_HISTORY_SQL, params=[limit]).pl()
