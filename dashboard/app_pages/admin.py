"""数据载入 (admins): upload files → dry run (what would load, what each column was read as, what it changes per
institution-year, what is rejected and why) → map unrecognised columns / choose to replace → confirm → load → result,
batch history and rollback within the admin's institutions → the audit log. Loads run as a `pingyi ingest` child
process behind the same lock as the command line. One language at a time; everything from the data is shown in tables
or as plain text, never as Markdown."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import auth, data, upload
from dashboard import load_tables as lt
from dashboard import mapping as mp
from dashboard.i18n import current_lang, is_en, t
from dashboard.safe import md
from warehouse import access, audit
from warehouse.load_report import ColumnReport, LoadReport, ProgressEvent

PREVIEW_KEY = "admin_preview_state"  # see _new_preview
RESULT_KEY = "admin_load_result"
ROLLBACK_KEY = "admin_rollback_result"
CONFIRM_ROLLBACK_KEY = "admin_confirm_rollback"

lang = current_lang()
en = is_en(lang)

user = auth.current_user()
if user is None or not user.can("load"):
    st.error(t("只有管理员可以载入数据"), icon=":material/lock:")
    st.stop()

if data.read_only():  # a lake replica: loads go into the main warehouse, then the lake is exported again
    st.info(t(data.READ_ONLY_MESSAGE), icon=":material/cloud_off:")
    st.stop()

lim = upload.limits()
db = data.store().pointer
version = data.current_version()
users_file = auth.users_store().path
# the loader acts as the logged-in user of the users file (and so enforces the user's scope) whenever the user is
# one; the automatic demo user (all data fictional) is not in any users file
as_user = (
    upload.LOADER_ACTS_AS_USER and users_file.is_file() and auth.users_store().get(user.name) is not None
)

# what this admin may write, read and undo: the institutions granted (names), None = all
allowed: frozenset[str] | None = None
if user.institutions is not None:
    granted = set(user.institutions)
    if version is not None:
        scope = data.scope_for(version, tuple(user.institutions))
        known = data.institutions(version, scope=scope)
        granted |= set(known["name"].to_list())
    allowed = frozenset(granted)

st.subheader(t("数据载入"))
st.caption(
    t(
        "每个文件不超过 {per} MB,合计不超过 {total} MB;允许的类型:{types}。先试运行查看将载入与被拒绝的行,确认后再载入。"
        "未确认的上传在 {keep} 分钟后删除。",
        per=lim.per_file // 2**20,
        total=lim.total // 2**20,
        types=" ".join(upload.ALLOWED_SUFFIXES),
        keep=lim.keep_s // 60,
    )
)
if allowed is not None:
    st.caption(
        t(
            "您的账号只能载入、查看和撤销这些院校的数据:{names}",
            names=md(("、" if not en else ", ").join(sorted(allowed))),
        )
    )

# unconfirmed uploads of any session are removed once older than the setting (this session's own preview is kept)
_own = st.session_state.get(PREVIEW_KEY)
upload.sweep_uploads(lim.keep_s, spare=[Path(_own["dir"])] if _own else [])


def _forget_preview() -> None:
    preview = st.session_state.pop(PREVIEW_KEY, None)
    if preview:
        shutil.rmtree(preview["dir"], ignore_errors=True)


def _names(preview_or_result: dict) -> dict[str, str]:
    return {str(p): label for label, p in preview_or_result["files"]}


def _run(preview: dict, *, dry_run: bool) -> upload.Run:
    files = [Path(p) for _, p in preview["files"]]
    names = _names(preview)
    title = t("试运行") if dry_run else t("载入")
    with st.status(t("{title}:{n} 个文件 …", title=title, n=len(files)), expanded=False) as status:

        def progress(event: ProgressEvent) -> None:
            name = names.get(event.source, "")
            status.update(
                label=t("{title}:已处理 {done}/{total}", title=title, done=event.done, total=event.total)
            )
            status.text(f"{event.done}/{event.total} {name}: {lt.status_label(event.status, lang)}")

        run = upload.run_ingest(
            files,
            db,
            dry_run=dry_run,
            institution=preview["institution"],
            year=preview["year"],
            user=user.name,
            timeout_s=lim.timeout_s,
            on_progress=progress,
            labels={Path(p): label for label, p in preview["files"]},
            map_file=Path(preview["map_file"]) if preview.get("map_file") else None,
            replace=preview["replace"],
            as_user=as_user,
            users_file=users_file if as_user else None,
        )
        failed = run.error is not None or any(
            f.status == "failed" for f in (run.report.files if run.report else [])
        )
        status.update(label=t("{title}:完成", title=title), state="error" if failed else "complete")
    if dry_run:
        os.utime(preview["dir"])  # a preview looked at is not stale
    return run


def _dry_run(preview: dict) -> None:
    run = _run(preview, dry_run=True)
    preview["report"], preview["error"] = run.report, (run.error_text(en) if run.error else None)


def _file_columns(preview: dict) -> dict[str, list[ColumnReport]]:
    """saved path → the columns the loader found in it (table files only)."""
    report: LoadReport | None = preview["report"]
    return {f.source: f.columns for f in (report.files if report else []) if f.columns}


def _apply_mapping(preview: dict) -> list[str]:
    """Write this preview's mapping file from the choices (saved ones or the admin's) and return the clashes."""
    columns = _file_columns(preview)
    per_file = [mp.effective(columns[src], preview["choices"].get(src, {})) for src in columns]
    merged, clashes = mp.merge([m for m in per_file if m])
    explicit = any(preview["choices"].get(src) for src in columns)
    if explicit and not clashes:
        preview["map_file"] = str(mp.write_toml(Path(preview["dir"]) / "mapping.toml", merged))
    return clashes


def _offer_saved(preview: dict) -> bool:
    """Take the saved mapping of every file whose headers were seen before; True when one was found."""
    found = False
    for src, columns in _file_columns(preview).items():
        known = mp.saved(db, [c.header for c in columns])
        if known and src not in preview["choices"]:
            preview["choices"][src] = {h: f for h, f in known.items() if h in {c.header for c in columns}}
            preview["from_saved"].append(src)
            found = True
    return found


def _chosen(files) -> list[tuple[str, int]]:
    """What the uploader holds (names and sizes): a preview belongs to exactly these files."""
    return [(f.name, f.size) for f in files or []]


def _new_preview(
    folder: Path, saved: list[upload.Saved], refused: list[upload.Refused], institution: str, year
) -> dict:
    return {
        "id": uuid.uuid4().hex[:8],
        "dir": str(folder),
        "files": [(s.label, str(s.path)) for s in saved],
        "refused": refused,
        "institution": upload.clean_label(institution) or None,
        "year": int(year) if year else None,
        "report": None,
        "error": None,
        "choices": {},
        "from_saved": [],
        "map_file": None,
        "replace": False,
        "clashes": [],
    }


# ---------------------------------------------------------------- 1. upload and preview

# no `type=`: Streamlit would then refuse a name with a NUL or another extension by raising in the widget, for every
# file of the upload and on every rerun (the page stuck on an exception box); upload.save_uploads checks the type of
# each file itself and names the ones it refuses
# Streamlit writes the uploader's button ("Upload") and limit line ("20MB per file") in English whatever the page's
# language: the button reads the page's word instead, and the limit line is left out (the caption above says it)
st.html(
    "<style>[data-testid='stFileUploaderDropzoneInstructions']{display:none}"
    "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p{font-size:0}"
    "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p::after"
    f"{{content:'{t('上传文件')}';font-size:0.875rem}}</style>"
)
uploaded = st.file_uploader(
    t("选择文件"),
    accept_multiple_files=True,
    max_upload_size=lim.per_file // 2**20,
    key="admin_files",
)
left, right = st.columns(2)
institution = left.text_input(t("院校(文件未注明时)"), key="admin_inst")
year = right.number_input(
    t("年度(文件未注明时)"), min_value=2000, max_value=2100, value=None, step=1, key="admin_year"
)

if st.button(t("试运行"), icon=":material/preview:", disabled=not uploaded, key="admin_preview_button"):
    _forget_preview()
    st.session_state.pop(RESULT_KEY, None)
    folder = upload.new_upload_dir()
    saved, refused = upload.save_uploads(((f.name, f.getvalue()) for f in uploaded or []), folder, lim)
    preview = _new_preview(folder, saved, refused, institution, year)
    preview["chosen"] = _chosen(uploaded)
    audit.record(
        db,
        "upload",
        user=user.name,
        role=user.role,
        client="browser",
        outcome="refused" if refused and not saved else "ok",
        files=[s.label for s in saved],
        refused=[r.label for r in refused],
        saved=[[str(s.path), s.label] for s in saved],
    )  # pairs: the log cuts dict keys at 100 chars
    if saved:
        _dry_run(preview)
        if _offer_saved(preview) and not _apply_mapping(preview):
            _dry_run(preview)  # again, with the mapping remembered for these headers
    st.session_state[PREVIEW_KEY] = preview

preview = st.session_state.get(PREVIEW_KEY)
if preview and preview.get("chosen") != _chosen(
    uploaded
):  # files removed or added since: that preview is stale
    _forget_preview()
    preview = None
if preview and preview["refused"]:
    st.error(t("{n} 个文件被拒绝,未保存", n=len(preview["refused"])), icon=":material/block:")
    st.dataframe([{t("文件"): r.label, t("原因"): r.text(en)} for r in preview["refused"]], hide_index=True)
if preview and preview["error"]:
    st.error(t("试运行失败"), icon=":material/error:")
    st.code(preview["error"], language=None)

if preview and preview["report"]:
    report: LoadReport = preview["report"]
    names = _names(preview)
    st.text(t("试运行结果(尚未写入)"))
    st.container(key="admin_summary").dataframe(lt.summary_frame(report, names, lang), hide_index=True)

    # -- the columns of each table file, the loader's guesses and the admin's choice of field
    columns_of = _file_columns(preview)
    for n, (src, columns) in enumerate(columns_of.items()):
        file = next(f for f in report.files if f.source == src)
        missing = file.missing_fields
        with st.expander(
            t("列与字段对应:{name}", name=md(lt.shown_name(file, names))),
            expanded=bool(missing) or file.status == "failed" or src in preview["choices"],
        ):
            if src in preview["from_saved"]:
                st.info(t("已采用为相同表头保存的对应关系,可在下面修改"), icon=":material/bookmark:")
            if missing:
                st.warning(
                    t(
                        "未找到这些字段:{fields}。请为相应的列选择字段。",
                        fields=("、" if not en else ", ").join(mp.field_label(m, lang) for m in missing),
                    ),
                    icon=":material/help:",
                )
            st.dataframe(lt.columns_frame(file, lang), hide_index=True)
            chosen = preview["choices"].get(src, {})
            cells = st.columns(3)
            for j, column in enumerate(columns):
                current = chosen.get(column.header) or column.field or ""
                options = ["", *mp.FIELDS]
                cells[j % 3].selectbox(
                    md(column.header) if column.header else t("(无表头)"),
                    options=options,
                    index=options.index(current) if current in options else 0,
                    format_func=lambda f: mp.field_label(f, lang),
                    key=f"map_{preview['id']}_{n}_{j}",
                    help=md(" · ".join(str(v) for v in column.samples[:3])) or None,
                )
            st.checkbox(
                t("记住此对应关系(下次相同表头的文件自动采用)"),
                value=True,
                key=f"map_save_{preview['id']}_{n}",
            )
    if columns_of and st.button(t("按所选字段重新试运行"), icon=":material/table_edit:", key="admin_remap"):
        for n, (src, columns) in enumerate(columns_of.items()):
            picks = {
                c.header: st.session_state.get(f"map_{preview['id']}_{n}_{j}") or None
                for j, c in enumerate(columns)
            }
            preview["choices"][src] = {h: f for h, f in picks.items() if f}
        preview["clashes"] = _apply_mapping(preview)
        if not preview["clashes"]:
            _dry_run(preview)
        st.rerun()
    if preview["clashes"]:
        st.error(
            t(
                "这些表头在不同文件中对应不同字段,请分开上传这些文件:{headers}",
                headers=md(", ".join(preview["clashes"])),
            ),
            icon=":material/call_split:",
        )

    # -- what the load does to what is already there, per institution-year
    changes = report.changes
    if changes:
        st.text(t("对已有数据的影响(按院校年度)"))
        st.dataframe(lt.changes_frame(report, lang), hide_index=True)
        for c in changes:
            title = t(
                "{institution} {year}:新增 {a}、变更 {c}、移除 {r}",
                institution=md(c.institution),
                year=c.year,
                a=len(c.added),
                c=len(c.changed),
                r=len(c.removed),
            )
            if c.large_removal:
                st.error(
                    t(
                        "{title}:将移除该院校年度已有单位的 {share},超过设定的上限",
                        title=title,
                        share=f"{c.removed_share:.0%}",
                    ),
                    icon=":material/delete_sweep:",
                )
            if c.blocked:
                st.warning(f"{title} — {md(upload.split_message(c.blocked, en))}", icon=":material/block:")
            elif c.needs_replace:
                st.warning(
                    t("{title}:与先前载入的数据不同的单位不会载入,除非选择“替换”", title=title),
                    icon=":material/warning:",
                )
            if c.added or c.changed or c.removed:
                with st.expander(t("单位明细:{title}", title=title)):
                    for head, units in (("新增", c.added), ("变更", c.changed), ("移除", c.removed)):
                        if units:
                            st.text(f"{t(head)}: " + ("、" if not en else ", ").join(map(str, units)))
    replace = st.checkbox(
        t("以本次文件替换所涉院校年度的已有数据"),
        value=preview["replace"],
        key="admin_replace",
        help=t("不勾选时,与先前载入的数据重复的单位被拒绝;勾选后,本次文件取代所涉院校年度的已有数据。"),
    )
    if replace != preview["replace"]:  # the preview follows the choice
        preview["replace"] = replace
        _dry_run(preview)
        st.rerun()
    large = [c for c in changes if c.large_removal]
    removal_ok = not large or st.checkbox(
        t("我确认移除上面列出的单位"), value=False, key=f"admin_confirm_removal_{preview['id']}"
    )
    outside_scope = sorted({c.institution for c in changes} - allowed) if allowed is not None else []
    if outside_scope:
        st.error(
            t(
                "您的账号不能载入这些院校的数据:{names}",
                names=md(("、" if not en else ", ").join(outside_scope)),
            ),
            icon=":material/lock:",
        )

    rows = lt.preview_frame(report, names, lang)
    if rows.width > 1:
        st.text(t("将载入的行(前 20 行)"))
        st.dataframe(rows, hide_index=True)
    rejects = lt.rejects_frame(report, names, lang)
    if rejects.height:
        st.text(t("被拒绝的行 {n} 行及原因", n=rejects.height))
        st.dataframe(rejects, hide_index=True)

    loadable = [f for f in report.files if f.status == "dry-run"]
    if st.button(
        t("确认载入"),
        type="primary",
        icon=":material/upload:",
        key="admin_confirm",
        disabled=not loadable or not removal_ok or bool(outside_scope) or bool(preview["clashes"]),
    ):
        if not all(Path(p).is_file() for _, p in preview["files"]):
            st.session_state[RESULT_KEY] = {
                "error": t("上传已过期(超过 {keep} 分钟未确认),请重新上传并试运行", keep=lim.keep_s // 60),
                "report": None,
                "files": [],
            }
        else:
            run = _run(preview, dry_run=False)
            st.session_state[RESULT_KEY] = {
                "report": run.report,
                "files": preview["files"],
                "error": run.error_text(en) if run.error else None,
                "mapping_note": None,
            }
            done = {
                f.source
                for f in (run.report.files if run.report else [])
                if f.status in ("loaded", "unchanged")
            }
            for n, (src, columns) in enumerate(columns_of.items()):
                if (
                    src in done
                    and preview["choices"].get(src)
                    and st.session_state.get(f"map_save_{preview['id']}_{n}")
                ):
                    try:
                        mp.save(
                            db,
                            [c.header for c in columns],
                            mp.effective(columns, preview["choices"][src]),
                            user=user.name,
                        )
                        st.session_state[RESULT_KEY]["mapping_note"] = t(
                            "已保存列与字段的对应关系,相同表头的文件下次自动采用"
                        )
                    except OSError as err:
                        st.session_state[RESULT_KEY]["mapping_note"] = t(
                            "对应关系未能保存:{err}", err=md(err)
                        )
        _forget_preview()
        st.rerun()

# ---------------------------------------------------------------- 2. result

result = st.session_state.get(RESULT_KEY)
if result:
    if result["error"]:
        st.error(t("载入失败"), icon=":material/error:")
        st.code(result["error"], language=None)
    if result["report"]:
        statuses = {f.status for f in result["report"].files}
        if "failed" in statuses:
            st.warning(t("有文件未能载入,见下表"), icon=":material/warning:")
        else:
            st.success(t("载入完成"), icon=":material/check_circle:")
        names = _names(result)
        st.container(key="admin_result").dataframe(
            lt.summary_frame(result["report"], names, lang), hide_index=True
        )
        rejects = lt.rejects_frame(result["report"], names, lang)
        if rejects.height:
            st.text(t("被拒绝的行 {n} 行及原因", n=rejects.height))
            st.dataframe(rejects, hide_index=True)
        if result.get("mapping_note"):
            st.caption(result["mapping_note"])

# ---------------------------------------------------------------- 3. history and rollback (within the scope)

st.subheader(t("载入记录"))
if version is None:
    st.info(t("还没有数据仓库"), icon=":material/inbox:")
else:
    # what this admin may see and undo, as the loader rules it (warehouse.access): batches by the institutions they
    # wrote (raw_batch_institutions), rollback by the chain of versions and the scope of the one to undo
    with data.cursor(version) as cur:
        every = lt.batches(cur)
        read_scope = None if user.institutions is None else access.scope_for(cur, tuple(user.institutions))
        shown = access.batch_history(cur, read_scope, user=user.name, limit=200)["batch_id"].to_list()
    st.caption(t("当前版本:{name}", name=Path(version).name))
    history = every.filter(pl.col("batch_id").is_in(shown))
    st.container(key="admin_history").dataframe(lt.history_frame(history, lang), hide_index=True)

    try:
        steps, _oldest = access.undo_steps(data.store(), access.WriteScope.of(user))
    except Exception:  # noqa: BLE001 - a version unreadable right now: the rollback is simply not offered
        steps = []
    step = steps[0] if steps else None
    if step is None:
        st.caption(t("没有可回滚的更早版本"))
    elif not step.allowed:
        st.caption(t("最近一次载入涉及您无权管理的院校,不能由您回滚"))
    elif st.button(t("回滚到上一版本"), icon=":material/undo:", key="admin_rollback"):
        st.session_state[CONFIRM_ROLLBACK_KEY] = True
    if step is not None and step.allowed and st.session_state.get(CONFIRM_ROLLBACK_KEY):
        undone = every.filter(pl.col("batch_id").is_in([b["batch_id"] for b in step.batches]))
        st.warning(t("将撤销最近一次载入,上一版本重新成为当前版本。撤销的批次:"), icon=":material/warning:")
        st.dataframe(lt.history_frame(undone, lang), hide_index=True)
        yes, no = st.columns(2)
        if yes.button(t("确认回滚"), type="primary", key="admin_rollback_yes"):
            st.session_state.pop(CONFIRM_ROLLBACK_KEY, None)
            with st.spinner(t("回滚中 …")):
                run = upload.run_rollback(
                    db,
                    timeout_s=lim.timeout_s,
                    user=user.name,
                    as_user=as_user,
                    users_file=users_file if as_user else None,
                )
            ok = run.error is None and run.returncode == 0
            output = (
                t("已回到版本 {name};撤销了 {n} 个批次", name=step.back_to, n=undone.height)
                if ok
                else upload.split_message(run.stderr or run.output or "", en)
            )
            st.session_state[ROLLBACK_KEY] = {"ok": ok, "output": output}
            st.session_state.pop(RESULT_KEY, None)
            st.rerun()
        if no.button(t("取消"), key="admin_rollback_no"):
            st.session_state.pop(CONFIRM_ROLLBACK_KEY, None)
            st.rerun()
    rolled = st.session_state.get(ROLLBACK_KEY)
    if rolled:
        (st.success if rolled["ok"] else st.error)(
            t("已回滚") if rolled["ok"] else t("回滚失败"), icon=":material/undo:"
        )
        st.code(rolled["output"], language=None)

# ---------------------------------------------------------------- 4. the audit log (admins)

log = audit.read(db, limit=2000)
seen = set(history["batch_id"].to_list()) if version is not None else set()
entries = [e for e in log if lt.audit_visible(e, allowed=allowed, user=user.name, batches=seen)][:200]
with st.expander(t("操作记录(审计日志,最近 {n} 条)", n=len(entries))):
    if entries:
        st.dataframe(lt.audit_frame(entries, lang, lt.upload_names(log)), hide_index=True)
    else:
        st.caption(t("还没有操作记录"))
