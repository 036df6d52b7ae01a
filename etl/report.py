"""What an ingest reports, from its results alone (nothing is read again): the `--json` report through the typed
models of warehouse.load_report (a dry run's preview rows and columns come from the one read of each file,
etl.prepare), and the text summary `pingyi ingest` prints."""

from __future__ import annotations

from warehouse.load_report import ChangeReport, ColumnReport, FileReport, LoadReport, RejectReport


def build_report(db: str, results: list, *, dry_run: bool, replace: bool = False) -> LoadReport:
    """The --json report of one run (`db`: the warehouse pointer as shown)."""
    changes = [ChangeReport.model_validate(c) for r in results for c in r.changes]
    return LoadReport(
        dry_run=dry_run,
        db=db,
        replace=bool(replace),
        files=[file_report(r) for r in results],
        changes=_merge_changes(changes),
    )


def _merge_changes(changes: list[ChangeReport]) -> list[ChangeReport]:
    """One entry per institution-year and record kind (the ingest reports them once; kept in order)."""
    seen: dict[tuple, ChangeReport] = {}
    for c in changes:
        seen.setdefault((c.institution, c.year, c.record_kind), c)
    return list(seen.values())


def file_report(r) -> FileReport:
    """One etl.batches.FileResult as its FileReport."""
    return FileReport(
        source=r.source,
        kind=r.kind,
        status=r.status,
        rows_read=r.rows_read,
        rows_loaded=r.rows_loaded,
        rows_rejected=r.rows_rejected,
        batch_id=r.batch_id,
        notes=r.notes,
        rejects=[
            RejectReport(
                file=x.file,
                sheet=x.sheet,
                row=x.row_number,
                column=x.column,
                value=None if x.value is None else str(x.value),
                reason=x.reason,
                message_zh=x.message_zh,
                message_en=x.message_en,
            )
            for x in r.rejects
        ],
        preview=list(r.preview) if r.status == "dry-run" and r.kind == "ratings" else [],
        columns=[ColumnReport.model_validate(c) for c in r.columns],
        missing_fields=list(r.missing_fields),
    )


def summary_lines(results: list) -> list[str]:
    """Per file: its status line, notes, the first 20 rejects (zh, en), and for a failed table the columns found;
    then per institution-year what the load did (or, dry run, would do) to the units loaded before."""
    lines = []
    for r in results:
        lines.append(
            f"{r.status:9} {r.source}: read {r.rows_read}, loaded {r.rows_loaded}, rejected {r.rows_rejected}"
            f", batch {r.batch_id or '-'}"
        )
        lines += [f"          {note}" for note in r.notes]
        for reject in r.rejects[:20]:
            lines += [f"          ✗ {reject.message_zh}", f"            {reject.message_en}"]
        if len(r.rejects) > 20:
            lines.append(f"          … {len(r.rejects) - 20} more")
        if r.status == "failed" and r.missing_fields:
            lines.append(
                "          找到的列 / columns found: "
                + "; ".join(f"{c['header']} → {c['field'] or '?'}" for c in r.columns)
            )
    return lines + change_lines(results)


def change_lines(results: list) -> list[str]:
    """Per institution-year and record kind: units added, changed, removed, unchanged, and what blocked it."""
    lines, seen = [], set()
    for r in results:
        for c in map(ChangeReport.model_validate, r.changes):
            if (c.institution, c.year, c.record_kind) in seen:
                continue
            seen.add((c.institution, c.year, c.record_kind))
            kind = "名单 / roster" if c.record_kind == "roster" else "结果 / results"
            lines.append(
                f"{c.institution} {c.year} {kind}: +{len(c.added)} 新增 added, ~{len(c.changed)} 更改 changed, "
                f"-{len(c.removed)} 删除 removed, ={c.unchanged} 不变 unchanged"
            )
            earlier = c.unchanged + len(c.changed) + len(c.removed)
            for label, names in (("+", c.added if earlier else []), ("~", c.changed), ("-", c.removed)):
                if names:
                    lines.append(
                        f"          {label} {'、'.join(names[:20])}{' …' if len(names) > 20 else ''}"
                    )
            if c.large_removal:
                lines.append(
                    f"          ! 删除 {c.removed_share:.0%} 的单位 / removes {c.removed_share:.0%} of the units"
                )
            if c.blocked:
                lines.append(f"          ! {c.blocked}")
    return lines
