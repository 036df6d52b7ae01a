"""数据载入 (admins): upload files → dry-run preview (what would load, what is rejected and why) → confirm → load →
result and batch history → roll back the last load. Loads run as a `pingyi ingest` child process behind the same
lock as the command line. Everything from the data is shown in tables or as plain text, never as Markdown."""

from __future__ import annotations

import shutil
from pathlib import Path

import streamlit as st

from dashboard import auth, data, upload
from dashboard.i18n import current_lang, is_en

PREVIEW_KEY = "admin_preview_state"  # {"dir", "files": [(label, path)], "report", "refused", "institution", "year"}
RESULT_KEY = "admin_load_result"
ROLLBACK_KEY = "admin_rollback_result"
CONFIRM_ROLLBACK_KEY = "admin_confirm_rollback"



def _b(zh: str, en: str) -> str:
    """Administrators read both languages in Chinese mode (messages of a load are bilingual throughout); in
    English mode the English half only."""
    return en if is_en(current_lang()) else f"{zh} / {en}"


user = auth.current_user()
if user is None or not user.can("load"):
    st.error(_b("只有管理员可以载入数据", "Only administrators can load data"), icon=":material/lock:")
    st.stop()

if data.read_only():  # a lake replica: loads go into the main warehouse, then the lake is exported again
    st.info(data.READ_ONLY_MESSAGE, icon=":material/cloud_off:")
    st.stop()

lim = upload.limits()
db = data.store().pointer
st.subheader(_b("数据载入", "Data loading"))
st.caption(
    _b(f"每个文件不超过 {lim.per_file // 2**20} MB,合计不超过 {lim.total // 2**20} MB;"
       f"允许的类型:{' '.join(upload.ALLOWED_SUFFIXES)}。先试运行查看将载入与被拒绝的行,确认后再载入。",
       f"Up to {lim.per_file // 2**20} MB per file and {lim.total // 2**20} MB in total; allowed types: "
       f"{' '.join(upload.ALLOWED_SUFFIXES)}. Preview first, then confirm.")
)


def _forget_preview() -> None:
    preview = st.session_state.pop(PREVIEW_KEY, None)
    if preview:
        shutil.rmtree(preview["dir"], ignore_errors=True)


def _show_report(report: dict, labels: dict[str, str], *, dry_run: bool) -> None:
    st.dataframe(upload.summary_frame(report, labels), hide_index=True)
    if dry_run:
        preview = upload.preview_frame(report, labels)
        if preview.width > 1:
            st.text(_b("将载入的行(前 20 行)", "Rows that would load (first 20)"))
            st.dataframe(preview, hide_index=True)
    rejects = upload.rejects_frame(report, labels)
    if rejects.height:
        st.text(_b(f"被拒绝的行 {rejects.height} 行及原因", f"{rejects.height} rejected rows and why"))
        st.dataframe(rejects, hide_index=True)


def _run(files: list[tuple[str, Path]], *, dry_run: bool, institution: str | None, year: int | None):
    labels = {str(p): label for label, p in files}
    title = _b("试运行", "Dry run") if dry_run else _b("载入", "Loading")
    with st.status(f"{title}: " + _b(f"{len(files)} 个文件 …", f"{len(files)} file(s) …"), expanded=False) as status:

        def progress(event: dict) -> None:
            name = labels.get(event.get("source", ""), "")
            status.update(label=f"{title}: " + _b(f"已处理 {event['done']}/{event['total']}",
                                                    f"processed {event['done']}/{event['total']}"))
            status.text(f"{event['done']}/{event['total']} {name}: {event.get('status', '')}")

        run = upload.run_ingest(
            [p for _, p in files], db, dry_run=dry_run, institution=institution, year=year, user=user.name,
            timeout_s=lim.timeout_s, on_progress=progress, labels={p: label for label, p in files},
        )
        failed = run.error is not None or any(f["status"] == "failed" for f in (run.report or {}).get("files", []))
        status.update(label=f"{title}: " + _b("完成", "done"), state="error" if failed else "complete")
    return run, labels


# ---------------------------------------------------------------- 1. upload and preview

uploaded = st.file_uploader(
    _b("选择文件", "Choose files"),
    type=[s.lstrip(".") for s in upload.ALLOWED_SUFFIXES],
    accept_multiple_files=True,
    max_upload_size=lim.per_file // 2**20,
    key="admin_files",
)
left, right = st.columns(2)
institution = left.text_input(_b("院校(文件未注明时)", "Institution, when the files do not say"), key="admin_inst")
year = right.number_input(_b("年度(文件未注明时)", "Year, when the files do not say"), min_value=2000, max_value=2100,
                          value=None, step=1, key="admin_year")

if st.button(_b("试运行", "Preview"), icon=":material/preview:", disabled=not uploaded, key="admin_preview_button"):
    _forget_preview()
    st.session_state.pop(RESULT_KEY, None)
    folder = upload.new_upload_dir()
    saved, refused = upload.save_uploads(((f.name, f.getvalue()) for f in uploaded or []), folder, lim)
    preview = {"dir": str(folder), "files": [(s.label, s.path) for s in saved], "refused": refused,
               "institution": institution.strip() or None, "year": int(year) if year else None, "report": None,
               "error": None}
    if saved:
        run, _ = _run(preview["files"], dry_run=True, institution=preview["institution"], year=preview["year"])
        preview["report"], preview["error"] = run.report, run.error
    st.session_state[PREVIEW_KEY] = preview

preview = st.session_state.get(PREVIEW_KEY)
if preview:
    if preview["refused"]:
        st.error(_b(f"{len(preview['refused'])} 个文件被拒绝,未保存", f"{len(preview['refused'])} file(s) refused and not saved"),
                 icon=":material/block:")
        st.dataframe([{_b("文件", "file"): r.label, _b("原因", "reason"): r.message} for r in preview["refused"]],
                     hide_index=True)
    if preview["error"]:
        st.error(_b("试运行失败", "The dry run failed"), icon=":material/error:")
        st.code(preview["error"], language=None)
    if preview["report"]:
        labels = {str(p): label for label, p in preview["files"]}
        st.text(_b("试运行结果(尚未写入)", "Dry run (nothing written yet)"))
        _show_report(preview["report"], labels, dry_run=True)
        loadable = [f for f in preview["report"]["files"] if f["status"] == "dry-run"]
        if st.button(_b("确认载入", "Confirm load"), type="primary", icon=":material/upload:", disabled=not loadable,
                     key="admin_confirm"):
            run, labels = _run(preview["files"], dry_run=False, institution=preview["institution"],
                               year=preview["year"])
            st.session_state[RESULT_KEY] = {"report": run.report, "error": run.error, "labels": labels}
            _forget_preview()
            st.rerun()

# ---------------------------------------------------------------- 2. result

result = st.session_state.get(RESULT_KEY)
if result:
    if result["error"]:
        st.error(_b("载入失败", "The load failed"), icon=":material/error:")
        st.code(result["error"], language=None)
    if result["report"]:
        statuses = {f["status"] for f in result["report"]["files"]}
        if "failed" in statuses:
            st.warning(_b("有文件未能载入,见下表", "Some files could not load, see below"), icon=":material/warning:")
        else:
            st.success(_b("已载入", "Loaded"), icon=":material/check_circle:")
        _show_report(result["report"], result["labels"], dry_run=False)

# ---------------------------------------------------------------- 3. history and rollback

st.subheader(_b("载入记录", "Batch history"))
version = data.current_version()
if version is None:
    st.info(_b("还没有数据仓库", "No warehouse yet"), icon=":material/inbox:")
else:
    with data.cursor(version) as cur:
        history = upload.batch_history(cur)
    st.caption(_b("当前版本", "current version") + f": {Path(version).name}")
    st.dataframe(history, hide_index=True)

    if st.button(_b("回滚到上一版本", "Roll back to the previous version"), icon=":material/undo:", key="admin_rollback"):
        st.session_state[CONFIRM_ROLLBACK_KEY] = True
    if st.session_state.get(CONFIRM_ROLLBACK_KEY):
        st.warning(_b("将撤销最近一次载入,上一版本重新成为当前版本",
                      "This undoes the last load: the previous version becomes current again"), icon=":material/warning:")
        yes, no = st.columns(2)
        if yes.button(_b("确认回滚", "Confirm rollback"), type="primary", key="admin_rollback_yes"):
            st.session_state.pop(CONFIRM_ROLLBACK_KEY, None)
            with st.spinner(_b("回滚中", "rolling back …")):
                run = upload.run_rollback(db, timeout_s=lim.timeout_s)
            st.session_state[ROLLBACK_KEY] = {"ok": run.error is None and run.returncode == 0,
                                              "output": run.stderr or (run.report or {}).get("output", "")}
            st.session_state.pop(RESULT_KEY, None)
            st.rerun()
        if no.button(_b("取消", "Cancel"), key="admin_rollback_no"):
            st.session_state.pop(CONFIRM_ROLLBACK_KEY, None)
            st.rerun()
    rolled = st.session_state.get(ROLLBACK_KEY)
    if rolled:
        (st.success if rolled["ok"] else st.error)(
            _b("已回滚", "Rolled back") if rolled["ok"] else _b("回滚失败", "Rollback failed"), icon=":material/undo:")
        st.code(rolled["output"], language=None)
