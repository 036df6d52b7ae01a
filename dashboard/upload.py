"""Uploads for the admin page as plain functions: save files safely, run `pingyi ingest` / `rollback` as a child
process (the dashboard never imports etl; the child takes the same writers' lock as the command line, so loads
from the browser and from a shell queue), and read the batch history.

An uploaded file's name is only a label: each file is saved as `upload-<n><ext>` in a fresh temporary folder, the
extension taken from an allow-list, and its first bytes must match that extension.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from pydantic import ValidationError

from dashboard import config
from warehouse.load_report import LoadReport, ProgressEvent
from warehouse.settings import Settings

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".xls", ".toml", ".docx", ".pdf", ".txt", ".html")
# the defaults of the settings (warehouse.settings.Settings), for callers that build Limits themselves
DEFAULT_MAX_FILE_MB = Settings.model_fields["upload_max_mb"].default
DEFAULT_MAX_TOTAL_MB = Settings.model_fields["upload_total_mb"].default
DEFAULT_TIMEOUT_S = Settings.model_fields["load_timeout_s"].default
DEFAULT_KEEP_MINUTES = Settings.model_fields[
    "upload_keep_minutes"
].default  # unconfirmed uploads go after this
MAX_LABEL = 200  # characters of an uploaded name kept for display and the batch history
UPLOAD_PREFIX = "pingyi-upload-"
LOADER_ACTS_AS_USER = (
    True  # `pingyi ingest/rollback --user NAME --users-file F` (the loader enforces the scope)
)
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # as the ETL: an .xlsx/.docx that unpacks to more is refused
MAX_RATIO = 100
BIG_ENTRY_BYTES = 10 * 1024 * 1024
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Limits:
    """Upload limits in bytes (settings $PINGYI_UPLOAD_MAX_MB per file, $PINGYI_UPLOAD_TOTAL_MB per load), the
    load timeout and how long an unconfirmed upload is kept ($PINGYI_UPLOAD_KEEP_MINUTES)."""

    per_file: int = DEFAULT_MAX_FILE_MB * 2**20
    total: int = DEFAULT_MAX_TOTAL_MB * 2**20
    timeout_s: int = DEFAULT_TIMEOUT_S
    keep_s: int = DEFAULT_KEEP_MINUTES * 60


def limits(settings: Settings | None = None) -> Limits:
    """The limits of the dashboard's settings (PINGYI_UPLOAD_MAX_MB, PINGYI_UPLOAD_TOTAL_MB, PINGYI_LOAD_TIMEOUT_S,
    PINGYI_UPLOAD_KEEP_MINUTES; dashboard/config.py: a malformed or non-positive value keeps the default)."""
    s = settings or config.settings()
    return Limits(
        s.upload_max_mb * 2**20, s.upload_total_mb * 2**20, s.load_timeout_s, s.upload_keep_minutes * 60
    )


@dataclass(frozen=True)
class Saved:
    label: str  # the name the browser sent, for display only
    path: Path  # upload-<n><ext> inside the upload folder
    size: int


@dataclass(frozen=True)
class Refused:
    label: str
    zh: str  # why, in Chinese, naming the file
    en: str  # the same in English

    @property
    def message(self) -> str:
        return f"{self.zh} / {self.en}"

    def text(self, en: bool) -> str:
        return self.en if en else self.zh


def clean_label(name: str, fallback: str = "") -> str:
    """An uploaded name as it may be shown and recorded: control and format characters (NUL, line breaks,
    bidirectional overrides …) removed, white space collapsed, at most MAX_LABEL characters; `fallback` when
    nothing is left."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in str(name)
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    return " ".join(kept.split())[:MAX_LABEL] or fallback


def split_message(text: str, en: bool) -> str:
    """One language of a loader message written "中文 / English" (per line); a line that is not bilingual stays."""
    out = []
    for line in str(text).splitlines():
        zh, sep, rest = line.partition(" / ")
        if sep and _CJK.search(zh) and not _CJK.search(rest):
            out.append(rest if en else zh)
        else:
            out.append(line)
    return "\n".join(out)


_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def suffix_of(name: str) -> str | None:
    """The allowed extension of an uploaded name (lower case, with the dot), else None. Only the last
    path component counts: `../../etc/passwd.csv` is `.csv`, `a/b.csv` is `.csv`."""
    base = PurePath(clean_label(name).replace("\\", "/")).name
    suffix = "." + base.rsplit(".", 1)[1].lower() if "." in base else ""  # ".csv" alone is a .csv too
    return suffix if suffix in ALLOWED_SUFFIXES else None


def content_problem(suffix: str, data: bytes) -> tuple[str, str] | None:
    """Why the bytes cannot be a file of this type, as (Chinese, English) (None when they can): a workbook or Word
    file that is not a zip (or, for .xls, not an OLE2 file), a zip that unpacks to an absurd size, a PDF without
    %PDF, a text file with NUL bytes."""
    if suffix in (".xlsx", ".docx") or (suffix == ".xls" and data.startswith(_ZIP)):
        if not data.startswith(_ZIP):
            return (
                "内容不是 zip 格式,与扩展名不符",
                "content is not a zip archive, does not match the extension",
            )
        return _zip_problem(data)
    if suffix == ".xls":
        return (
            None
            if data.startswith(_OLE)
            else ("内容不是 Excel 97–2003 格式", "content is not an Excel 97–2003 file")
        )
    if suffix == ".pdf":
        return None if data[:1024].lstrip().startswith(b"%PDF") else ("内容不是 PDF", "content is not a PDF")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "文本文件中含二进制内容", "a text file with binary content"
    return None


def _zip_problem(data: bytes) -> tuple[str, str] | None:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return "zip 文件已损坏", "damaged zip archive"
    total = sum(e.file_size for e in entries)
    if total > MAX_UNZIPPED_BYTES:
        return f"解压后 {total // 2**20} MB,大得不合理", f"unpacks to {total // 2**20} MB, implausibly large"
    for e in entries:
        if e.file_size >= BIG_ENTRY_BYTES and e.file_size > MAX_RATIO * max(e.compress_size, 1):
            ratio = e.file_size // max(e.compress_size, 1)
            return f"压缩比过高(疑似压缩炸弹):{ratio}:1", f"compression ratio too high (zip bomb?): {ratio}:1"
    return None


def new_upload_dir() -> Path:
    """A fresh private folder (mode 0700) for one upload."""
    return Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))


def sweep_uploads(
    keep_s: float, *, root: Path | None = None, now: float | None = None, spare: Iterable[Path] = ()
) -> list[Path]:
    """Remove upload folders (pingyi-upload-* in the temporary folder) last touched more than `keep_s` seconds
    ago: uploads previewed but never confirmed (the session closed, the admin walked away). `spare` are folders
    still in use by this session. Returns the folders removed."""
    root = Path(root or tempfile.gettempdir())
    now = time.time() if now is None else now
    keep = {Path(p).resolve() for p in spare}
    removed: list[Path] = []
    try:
        candidates = list(root.glob(UPLOAD_PREFIX + "*"))
    except OSError:
        return removed
    for folder in candidates:
        try:
            if not folder.is_dir() or folder.is_symlink() or folder.resolve() in keep:
                continue
            touched = max([folder.stat().st_mtime] + [p.stat().st_mtime for p in folder.iterdir()])
        except OSError:
            continue
        if now - touched > keep_s:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def save_uploads(
    files: Iterable[tuple[str, bytes]], folder: Path, lim: Limits
) -> tuple[list[Saved], list[Refused]]:
    """Save (name, bytes) pairs as folder/upload-<n><ext>; refuse wrong types, mismatched content and files over
    the limits. The name is never used as a path; the label kept is the name without control characters."""
    saved: list[Saved] = []
    refused: list[Refused] = []
    total = 0
    folder = folder.resolve()
    allowed = " ".join(ALLOWED_SUFFIXES)
    for n, (raw, data) in enumerate(files, start=1):
        suffix = suffix_of(raw)
        label = clean_label(raw, f"upload-{n}{suffix or ''}")
        if suffix is None:
            refused.append(
                Refused(
                    label,
                    f"不支持的文件类型(允许 {allowed}):{label}",
                    f"unsupported file type (allowed: {allowed}): {label}",
                )
            )
            continue
        if len(data) > lim.per_file:
            refused.append(
                Refused(
                    label,
                    f"文件过大({_mb(len(data))},上限 {_mb(lim.per_file)}):{label}",
                    f"file too large ({_mb(len(data))}, limit {_mb(lim.per_file)}): {label}",
                )
            )
            continue
        if total + len(data) > lim.total:
            refused.append(
                Refused(
                    label,
                    f"本次上传总量超过 {_mb(lim.total)}:{label}",
                    f"the upload exceeds {_mb(lim.total)} in total: {label}",
                )
            )
            continue
        problem = content_problem(suffix, data)
        if problem:
            refused.append(Refused(label, f"{problem[0]}:{label}", f"{problem[1]}: {label}"))
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
    """What a child `pingyi` process did: for `ingest --json` its report (warehouse.load_report.LoadReport), for
    `rollback` what it printed (`output`, when it succeeded)."""

    returncode: int | None
    report: LoadReport | None = None
    output: str | None = None
    stderr: str = ""
    timed_out: bool = False
    progress: list[ProgressEvent] = field(default_factory=list)

    @property
    def error(self) -> str | None:
        """A bilingual message when the run did not produce a report."""
        done = self.report is not None or self.output is not None
        return None if done and not self.timed_out else self.error_text(None)

    def error_text(self, en: bool | None) -> str:
        """Why the run produced no report, in Chinese (en=False), English (True) or both (None)."""
        if self.timed_out:
            zh, english = (
                "载入超时,已中止,数据仓库未改变",
                "the load timed out and was stopped; the warehouse is unchanged",
            )
            tail = ""
        else:
            zh, english = "载入进程出错", "the load process failed"
            tail = "\n".join(self.stderr.strip().splitlines()[-5:])
        head = english if en else zh if en is False else f"{zh} / {english}"
        shown = tail if en is None else split_message(tail, bool(en))
        return f"{head}: {shown}" if shown else head


def ingest_command(
    paths: list[Path],
    db: Path,
    *,
    dry_run: bool,
    institution: str | None = None,
    year: int | None = None,
    labels: dict[Path, str] | None = None,
    map_file: Path | None = None,
    replace: bool = False,
    user: str | None = None,
    users_file: Path | None = None,
    loaded_by: str = "",
) -> list[str]:
    """`python -m pingyi ingest <files> --db <pointer> [--dry-run] --json [--institution X] [--year N]
    [--label upload-1.csv=<name sent by the browser>] [--map-file M] [--replace] [--loaded-by NAME]
    [--user U --users-file F]` (the batch history records the name, not the temp path)."""
    cmd = [sys.executable, "-m", "pingyi", "ingest", *map(str, paths), "--db", str(db), "--json"]
    for path, label in (labels or {}).items():
        shown = clean_label(label)  # one line: no NUL or control character reaches the command or the history
        if shown:
            cmd.append(f"--label={Path(path).name}={shown}")
    if dry_run:
        cmd.append("--dry-run")
    # --opt=value: a value starting with "-" stays a value (no shell is involved either way)
    if institution and clean_label(institution):
        cmd.append(f"--institution={clean_label(institution)}")
    if year:
        cmd.append(f"--year={int(year)}")
    if map_file:
        cmd.append(f"--map-file={map_file}")
    if replace:
        cmd.append("--replace")
    if clean_label(loaded_by):
        cmd.append(f"--loaded-by={clean_label(loaded_by)}")
    if user and LOADER_ACTS_AS_USER:
        cmd.append(f"--user={clean_label(user)}")
        if users_file:
            cmd.append(f"--users-file={users_file}")
    return cmd


def run_ingest(
    paths: list[Path],
    db: Path,
    *,
    dry_run: bool,
    institution: str | None = None,
    year: int | None = None,
    user: str = "",
    timeout_s: float = DEFAULT_TIMEOUT_S,
    on_progress: Callable[[ProgressEvent], None] | None = None,
    labels: dict[Path, str] | None = None,
    map_file: Path | None = None,
    replace: bool = False,
    as_user: bool = False,
    users_file: Path | None = None,
) -> Run:
    """Run the loader as a child process; `on_progress` gets each file's JSON line as it finishes (called on the
    calling thread). On timeout the child is killed: the lock goes with it and the warehouse stays as it was.
    `user` is recorded as loaded_by; with `as_user` the loader also acts as that user of the users file
    (`--user`), so it enforces the user's scope itself."""
    cmd = ingest_command(
        paths,
        db,
        dry_run=dry_run,
        institution=institution,
        year=year,
        labels=labels,
        map_file=map_file,
        replace=replace,
        user=user if as_user else None,
        users_file=users_file,
        loaded_by=user,
    )
    return _run(cmd, timeout_s, on_progress, expect_json=True)


def run_rollback(
    db: Path,
    *,
    timeout_s: float = 120,
    user: str | None = None,
    as_user: bool = False,
    users_file: Path | None = None,
) -> Run:
    """`pingyi rollback --db <pointer> [--user U --users-file F]`: the previous version becomes current again.
    `user` is recorded in the audit log; with `as_user` the loader acts as that user of the users file and refuses
    to undo a load touching institutions outside the user's grant."""
    cmd = [sys.executable, "-m", "pingyi", "rollback", "--db", str(db)]
    if as_user and user and LOADER_ACTS_AS_USER:
        cmd.append(f"--user={clean_label(user)}")
        if users_file:
            cmd.append(f"--users-file={users_file}")
    if user and clean_label(user):
        cmd.append(f"--loaded-by={clean_label(user)}")
    return _run(cmd, timeout_s, None, expect_json=False)


def _run(cmd: list[str], timeout_s: float, on_progress, *, expect_json: bool) -> Run:
    """The child runs with this server's environment (its PINGYI_* settings: input bounds, retention, lock wait)
    and is told the rest by its flags."""
    lines: queue.Queue[str | None] = queue.Queue()
    with tempfile.TemporaryFile() as out:
        try:
            proc = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                errors="replace",
            )
        except (OSError, ValueError) as err:  # no process (out of memory, a NUL in an argument …): say so
            return Run(None, stderr=f"无法启动载入进程 / could not start the loader: {err}")

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
            event = _progress(line)
            if event is not None:
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
        run.report = _report(text.strip().splitlines()[-1] if text.strip() else "")
        if run.report is None and text.strip():
            run.stderr += "载入报告无法读取 / the loader's report could not be read\n"
    elif not expect_json:
        run.stderr = (run.stderr + text).strip()
        run.output = text.strip() if run.returncode == 0 else None
    return run


def _progress(line: str) -> ProgressEvent | None:
    """A progress line of `ingest --json` on stderr (None for any other line: a message in words)."""
    try:
        return ProgressEvent.model_validate_json(line)
    except ValidationError:
        return None


def _report(line: str) -> LoadReport | None:
    """The last line of `ingest --json`'s stdout as the typed report (None when it is not one)."""
    try:
        return LoadReport.model_validate_json(line)
    except ValidationError:
        return None
