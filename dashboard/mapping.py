"""Column mappings for the upload page: which canonical field each header of a table file holds, chosen by an admin,
kept as one TOML file per header signature in a `mappings/` folder beside the warehouse and offered again when a
file with the same headers arrives (the loader reads the file with `pingyi ingest --map-file`).

A mapping file is what `pingyi ingest --map-file` reads and `--save-map` writes: a `[columns]` table of
`"header" = "field"` lines. The page writes it with a comment naming the headers it was made for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import tomllib
import unicodedata
from pathlib import Path

from dashboard.i18n import translate
from warehouse.load_report import ColumnReport
from warehouse.vocabulary import IGNORE_FIELD, MAP_FIELDS

MAPPINGS_DIR = "mappings"
IGNORE = IGNORE_FIELD
FIELDS = MAP_FIELDS  # the canonical fields of `pingyi ingest --map` (the contract), in the page's order
FIELD_ZH: dict[str, str] = {
    "institution": "院校",
    "year": "年度",
    "unit": "单位(党组织)名称",
    "unit_type": "单位类型",
    "secretary": "书记(述职人)",
    "mode": "述职方式",
    "rater_group": "票种(评议主体)",
    "item": "测评项目",
    "good": "“好”票数",
    "fairly_good": "“较好”票数",
    "average": "“一般”票数",
    "poor": "“差”票数",
    "abstain": "弃权票数",
    "voters": "参评人数",
    "score": "得分",
    "official_grade": "评定等次(评议结果)",
    "rank": "排名",
    "remarks": "备注",
    "grade": "等次(长表:本行所计等次)",
    "votes": "票数(长表:本行票数)",
    IGNORE: "不载入此列",
}


def field_label(field: str | None, lang: str) -> str:
    """The name of a canonical field shown on the page (the code itself when it is unknown)."""
    if not field:
        return translate("(未指定)", lang)
    if "|" in field:  # alternatives, as in the loader's missing_fields: "good|fairly_good|…|score"
        return translate(" 或 ", lang).join(field_label(f, lang) for f in field.split("|") if f)
    return translate(FIELD_ZH[field], lang) if field in FIELD_ZH else field


def _norm(header: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(header)).split())


def signature(headers: list[str]) -> str:
    """The key of a header row: the headers in order, NFKC-normalised and trimmed (16 hex digits of SHA-256)."""
    joined = "\x1f".join(_norm(h) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def mappings_dir(db_pointer: Path) -> Path:
    """Where the saved mappings of the warehouse behind `db_pointer` live (beside it, outside its versions)."""
    return Path(db_pointer).absolute().parent / MAPPINGS_DIR


def path_for(db_pointer: Path, headers: list[str]) -> Path:
    return mappings_dir(db_pointer) / f"{signature(headers)}.toml"


def to_toml(mapping: dict[str, str], headers: list[str] | None = None, *, note: str = "") -> str:
    """A `[columns]` TOML document (basic strings: JSON escaping is valid TOML for them)."""
    lines = ["# Pingyi column mapping (pingyi ingest --map-file)"]
    if note:
        lines.append("# " + " ".join(note.split()))
    if headers is not None:
        lines.append("# headers: " + json.dumps([_norm(h) for h in headers], ensure_ascii=False))
    lines.append("[columns]")
    for header, field in mapping.items():
        lines.append(f"{json.dumps(str(header), ensure_ascii=False)} = {json.dumps(str(field))}")
    return "\n".join(lines) + "\n"


def read_toml(path: Path) -> dict[str, str]:
    """The `[columns]` of a mapping file (only known fields; anything else in the file is left out)."""
    with Path(path).open("rb") as fh:
        columns = tomllib.load(fh).get("columns", {})
    return {str(k): v for k, v in columns.items() if isinstance(v, str) and v in FIELDS}


def write_toml(
    path: Path, mapping: dict[str, str], headers: list[str] | None = None, *, note: str = ""
) -> Path:
    """Write a mapping file atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".mapping-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(to_toml(mapping, headers, note=note))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def saved(db_pointer: Path, headers: list[str]) -> dict[str, str] | None:
    """The mapping saved for files with these headers, or None (also when the file cannot be read)."""
    path = path_for(db_pointer, headers)
    try:
        return read_toml(path) if path.is_file() else None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None


def save(db_pointer: Path, headers: list[str], mapping: dict[str, str], *, user: str = "") -> Path:
    """Remember `mapping` for files with these headers (raises OSError when the folder is not writable)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return write_toml(path_for(db_pointer, headers), mapping, headers, note=f"saved {stamp} by {user or '-'}")


def effective(columns: list[ColumnReport], chosen: dict[str, str | None]) -> dict[str, str]:
    """header → field for a file: the admin's choice where made, else the loader's guess; unmapped headers left out."""
    out: dict[str, str] = {}
    for column in columns:
        header = column.header
        field = chosen.get(header) or column.field
        if field:
            out[header] = field
    return out


def merge(mappings: list[dict[str, str]]) -> tuple[dict[str, str], list[str]]:
    """One mapping for one ingest of several files, and the headers two files map to different fields (those files
    have to be loaded one at a time)."""
    merged: dict[str, str] = {}
    clashes: list[str] = []
    for mapping in mappings:
        for header, field in mapping.items():
            if header in merged and merged[header] != field and header not in clashes:
                clashes.append(header)
            merged.setdefault(header, field)
    return merged, clashes
