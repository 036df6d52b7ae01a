"""The `pingyi ingest --json` report as typed models (the contract the upload page and other callers read).

One `LoadReport` per run: per file a `FileReport` (status, counts, rejects, preview rows, the columns found with
samples and guessed fields, the fields that were missing) and at the top level `changes`: per institution-year
and record kind what the load adds, changes and removes. The CLI builds the report only through these models, so
a field added here is a field every caller sees; `LoadReport.model_validate_json(stdout)` reads it back, and
`ProgressEvent.model_validate_json(line)` each progress line on stderr.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

FileStatus = Literal["loaded", "unchanged", "failed", "dry-run"]
RecordKind = Literal["results", "roster"]


class RejectReport(BaseModel):
    """One rejected row (or, for a file that could not be read at all, the reason it could not)."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    reason: str
    message_zh: str
    message_en: str


class ColumnReport(BaseModel):
    """A column of a table file: its header as written, up to three sample values and the field it maps to
    (null when neither the vocabulary nor --map names one)."""

    header: str
    samples: list[str] = Field(default_factory=list, max_length=3)
    field: str | None = None


class FileReport(BaseModel):
    source: str
    kind: str
    status: FileStatus
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    batch_id: str | None = None
    notes: list[str] = Field(default_factory=list)
    rejects: list[RejectReport] = Field(default_factory=list)
    preview: list[dict[str, Any]] = Field(default_factory=list)
    columns: list[ColumnReport] = Field(default_factory=list)  # always on a dry run; also when headers failed
    missing_fields: list[str] = Field(default_factory=list)  # what a loadable table still lacks


class ChangeReport(BaseModel):
    """What the load does (or, on a dry run, would do) to one institution-year's units of one record kind."""

    institution: str
    year: int
    record_kind: RecordKind
    added: list[str] = Field(default_factory=list)  # unit names new in that year
    changed: list[str] = Field(default_factory=list)  # present before, with different values
    removed: list[str] = Field(
        default_factory=list
    )  # present before, absent from the new files (with --replace)
    unchanged: int = 0
    needs_replace: bool = False  # the load would overwrite or remove earlier rows: --replace is needed
    blocked: str | None = (
        None  # what of this institution-year was not (would not be) written, and why (zh / en)
    )
    removed_share: float = 0.0  # removed units / units loaded before
    large_removal: bool = False  # removed_share above the setting PINGYI_REPLACE_MAX_REMOVED_SHARE


class ProgressEvent(BaseModel):
    """One line on stderr per finished file while `ingest --json` runs."""

    done: int
    total: int
    source: str
    status: FileStatus


class LoadReport(BaseModel):
    dry_run: bool
    db: str
    replace: bool = False
    files: list[FileReport] = Field(default_factory=list)
    changes: list[ChangeReport] = Field(default_factory=list)

    def exit_code(self) -> int:
        """0 when every file loaded (or would), 1 when a file failed."""
        return 1 if any(f.status == "failed" for f in self.files) else 0
