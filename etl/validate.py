"""Types and checks rating rows: every bad row becomes a Reject with its file, sheet, row, column and reason."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import polars as pl

from etl.messages import Reject
from etl.normalize import (
    GRADE_LABELS,
    MODE_LABELS,
    UNIT_TYPE_LABELS,
    clean_text,
    code_for,
    infer_unit_type,
    name_key,
    split_org_level,
)
from etl.sources.ratings import GRADE_FIELDS, RatingsTable

COUNT_FIELDS = ("good", "fairly_good", "average", "poor", "abstain", "voters")
MAX_COUNT = 100_000  # no electorate, rank or tally comes near this
VALID_SCHEMA: dict[str, pl.DataType] = {
    "institution": pl.String,
    "year": pl.Int32,
    "unit_name": pl.String,
    "name_key": pl.String,
    "org_level": pl.String,
    "unit_type": pl.String,
    "rater_group": pl.String,
    "item": pl.String,
    "secretary": pl.String,
    "mode": pl.String,
    "votes_good": pl.Int32,
    "votes_fairly_good": pl.Int32,
    "votes_average": pl.Int32,
    "votes_poor": pl.Int32,
    "abstain": pl.Int32,
    "voters": pl.Int32,
    "score": pl.Float64,
    "official_grade": pl.String,
    "official_rank": pl.Int32,
    "sheet": pl.String,
    "source_row": pl.Int32,
}


class _Bad(Exception):
    def __init__(self, field: str, value: str | None, reason: str, detail: str = ""):
        self.field, self.value, self.reason, self.detail = field, value, reason, detail


def _number_text(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
    return re.sub(r"\s*(票|人|名|张)$", "", text)


def parse_count(field: str, value: str | None) -> int | None:
    if value is None:
        return None
    text = _number_text(value)
    if text in ("", "-", "—", "/"):
        return None
    if text.endswith("%"):
        raise _Bad(field, value, "percent_not_count")
    if re.fullmatch(r"-\d+(\.0+)?", text):
        raise _Bad(field, value, "negative_count")
    if not re.fullmatch(r"\d+(\.0+)?", text):
        raise _Bad(field, value, "not_a_count")
    if len(text.split(".")[0]) > 6 or int(text.split(".")[0]) > MAX_COUNT:
        raise _Bad(field, value, "count_too_large")
    return int(text.split(".")[0])


def parse_score(value: str | None) -> float | None:
    if value is None:
        return None
    text = re.sub(r"分$", "", _number_text(value))
    if text in ("", "-", "—", "/"):
        return None
    try:
        score = float(text)
    except ValueError:
        raise _Bad("score", value, "bad_score") from None
    if not 0 <= score <= 100:
        raise _Bad("score", value, "bad_score")
    return score


def parse_year(value: str | None) -> int | None:
    if value is None:
        return None
    text = re.sub(r"年度?$", "", _number_text(value))
    if not re.fullmatch(r"\d{4}(\.0+)?", text) or not 2000 <= int(float(text)) <= 2100:
        raise _Bad("year", value, "bad_year")
    return int(float(text))


@dataclass
class Validated:
    rows: pl.DataFrame
    rejects: list[Reject]
    rows_read: int


def validate_ratings(
    table: RatingsTable, *, institution: str | None = None, year: int | None = None
) -> Validated:
    """Typed rows that pass every rule, and a Reject for every row that does not.

    Institution and year: a column wins, then the command line, then the title row, then the file name.
    """
    good: list[dict] = []
    rejects: list[Reject] = []
    header = table.headers
    frame = table.frame
    if table.layout == "long":
        frame, long_rejects = _long_to_wide(table)
        rejects.extend(long_rejects)
    for raw in frame.iter_rows(named=True):
        row_no = raw["source_row"]
        try:
            good.append(_validate_row(raw, table, institution, year))
        except _Bad as bad:
            rejects.append(
                Reject(table.file, table.sheet, row_no, header.get(bad.field, bad.field), bad.value, bad.reason, bad.detail)
            )
    rows = pl.DataFrame(good, schema=VALID_SCHEMA, orient="row") if good else pl.DataFrame(schema=VALID_SCHEMA)
    rows, dup_rejects = _reject_duplicates(rows, table)
    return Validated(rows, rejects + dup_rejects, rows_read=table.frame.height)


def _validate_row(raw: dict, table: RatingsTable, institution: str | None, year: int | None) -> dict:
    unit_raw = raw.get("unit")
    if not unit_raw or not clean_text(unit_raw):
        raise _Bad("unit", unit_raw, "missing_unit")
    inst = raw.get("institution") or institution or table.title_institution or table.file_institution
    if not inst or not clean_text(inst):
        raise _Bad("institution", raw.get("institution"), "missing_institution")
    the_year = parse_year(raw.get("year")) if raw.get("year") else (year or table.title_year or table.file_year)
    if the_year is None:
        raise _Bad("year", raw.get("year"), "missing_year")
    if not 2000 <= the_year <= 2100:  # from --year, the title or the file name: the same rule as a column
        raise _Bad("year", str(the_year), "bad_year")

    counts = {f: parse_count(f, raw.get(f)) for f in COUNT_FIELDS}
    score = parse_score(raw.get("score"))
    graded = [counts[g] for g in ("good", "fairly_good", "average", "poor")]
    if all(v is None for v in graded) and score is None:
        raise _Bad("good" if "good" in table.headers else "score", None, "no_rating")
    if counts["voters"] is not None:
        total = sum(v or 0 for v in graded) + (counts["abstain"] or 0)
        if total > counts["voters"]:
            raise _Bad("voters", raw.get("voters"), "votes_exceed_voters", f"{total} > {counts['voters']}")

    official = None
    if raw.get("official_grade"):
        official = code_for(raw["official_grade"], GRADE_LABELS)
        if official is None:
            raise _Bad("official_grade", raw["official_grade"], "unknown_grade")
    mode = None
    if raw.get("mode"):
        mode = code_for(raw["mode"], MODE_LABELS)
        if mode is None:
            raise _Bad("mode", raw["mode"], "unknown_mode")
    rank = None
    if raw.get("rank"):
        rank = parse_count("rank", raw["rank"])
        if rank == 0:
            raise _Bad("rank", raw["rank"], "bad_rank")

    stem, level = split_org_level(unit_raw)
    if raw.get("unit_type"):
        unit_type = code_for(raw["unit_type"], UNIT_TYPE_LABELS)
        if unit_type is None:
            raise _Bad("unit_type", raw["unit_type"], "unknown_unit_type")
    else:
        unit_type = infer_unit_type(unit_raw)

    return {
        "institution": clean_text(inst),
        "year": the_year,
        "unit_name": stem,
        "name_key": name_key(unit_raw),
        "org_level": level,
        "unit_type": unit_type,
        "rater_group": clean_text(raw["rater_group"]) if raw.get("rater_group") else "",
        "item": clean_text(raw["item"]) if raw.get("item") else "",
        "secretary": clean_text(raw["secretary"]) if raw.get("secretary") else None,
        "mode": mode,
        "votes_good": counts["good"],
        "votes_fairly_good": counts["fairly_good"],
        "votes_average": counts["average"],
        "votes_poor": counts["poor"],
        "abstain": counts["abstain"],
        "voters": counts["voters"],
        "score": score,
        "official_grade": official,
        "official_rank": rank,
        "sheet": table.sheet,
        "source_row": raw["source_row"],
    }


def reject_cross_sheet_duplicates(rows: pl.DataFrame, file: str, unit_header: str | None) -> tuple[pl.DataFrame, list[Reject]]:
    """The same institution, year, unit, rater group and item on two sheets of one file (a copied sheet):
    both rejected, each naming the other, so no vote is counted twice."""
    if rows.is_empty() or rows["sheet"].n_unique() < 2:
        return rows, []
    key = ["institution", "year", "name_key", "rater_group", "item"]
    twice = rows.filter(pl.col("sheet").n_unique().over(key) > 1)
    if twice.is_empty():
        return rows, []
    where = {k: [f"{s}#{r}" for s, r in zip(g["sheet"], g["source_row"], strict=True)]
             for k, g in twice.group_by(key)}
    rejects = []
    for r in twice.iter_rows(named=True):
        others = [w for w in where[tuple(r[k] for k in key)] if w != f"{r['sheet']}#{r['source_row']}"]
        rejects.append(Reject(file, r["sheet"], r["source_row"], unit_header, r["unit_name"], "duplicate_row",
                              "= " + ", ".join(others)))
    return rows.join(twice.select(key).unique(), on=key, how="anti", nulls_equal=True), rejects


def _long_to_wide(table: RatingsTable) -> tuple[pl.DataFrame, list[Reject]]:
    """One row per grade with its count → one row per unit × group × item with four grade columns."""
    frame = table.frame
    codes = [code_for(v, GRADE_LABELS) if v else None for v in frame["grade_label"].to_list()]
    frame = frame.with_columns(pl.Series("grade_code", codes, dtype=pl.String))
    keys = [c for c in frame.columns if c not in ("source_row", "grade_label", "grade_code", "votes")]
    rejects = [
        Reject(table.file, table.sheet, row, table.headers.get("grade_label"), label, "unknown_grade")
        for row, label, code in frame.select("source_row", "grade_label", "grade_code").iter_rows()
        if code is None
    ]
    frame = frame.filter(pl.col("grade_code").is_not_null())
    twice = frame.filter(pl.len().over([*keys, "grade_code"]) > 1)
    for row, label in twice.select("source_row", "grade_label").iter_rows():
        rejects.append(Reject(table.file, table.sheet, row, table.headers.get("grade_label"), label, "duplicate_row",
                              "同一单位同一等次出现两次 / the same grade twice for one unit"))
    frame = frame.filter(pl.len().over([*keys, "grade_code"]) == 1)
    wide = frame.group_by(keys, maintain_order=True).agg(
        pl.col("source_row").min(),
        *[pl.col("votes").filter(pl.col("grade_code") == g).first().alias(g) for g in GRADE_FIELDS],
    )
    return wide, rejects


def _reject_duplicates(rows: pl.DataFrame, table: RatingsTable) -> tuple[pl.DataFrame, list[Reject]]:
    """Two rows for the same institution, year, unit, rater group and item: both are rejected, each naming the other."""
    if rows.is_empty():
        return rows, []
    seen: dict[tuple, list[int]] = defaultdict(list)
    for key in rows.select("institution", "year", "name_key", "rater_group", "item", "source_row").iter_rows():
        seen[key[:5]].append(key[5])
    bad_rows: dict[int, list[int]] = {}
    for numbers in seen.values():
        if len(numbers) > 1:
            for n in numbers:
                bad_rows[n] = [m for m in numbers if m != n]
    if not bad_rows:
        return rows, []
    rejects = [
        Reject(
            table.file, table.sheet, n, table.headers.get("unit"), rows.filter(pl.col("source_row") == n)["unit_name"][0],
            "duplicate_row", "= " + ", ".join(f"#{m}" for m in others),
        )
        for n, others in sorted(bad_rows.items())
    ]
    return rows.filter(~pl.col("source_row").is_in(list(bad_rows))), rejects
