"""Types and checks rating rows: every bad row becomes a Reject with its file, sheet, row, column and reason."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import polars as pl

from etl.messages import Reject
from etl.normalize import (
    MODE_LABELS,
    UNIT_TYPE_LABELS,
    clean_text,
    code_for,
    grade_labels_for,
    infer_unit_type,
    name_key,
    split_org_level,
)
from etl.sources.grid import limits
from etl.sources.ratings import GRADE_FIELDS, RatingsTable
from etl.validate.values import MAX_COUNT, _Bad, parse_count, parse_score, parse_year
from warehouse.vocabulary import GRADES

COUNT_FIELDS = (*GRADES, "abstain", "voters")
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
    "record_kind": pl.String,
    "parent_unit": pl.String,
}


@dataclass
class Validated:
    rows: pl.DataFrame
    rejects: list[Reject]
    rows_read: int


# ---------------------------------------------------------------- per distinct value, per column
#
# The rules above are written for one value. A sheet repeats the same few values (counts, labels, unit names)
# on many rows, so the typing is done per column: numbers written plainly (ASCII digits) by polars
# expressions, everything else (NFKC, traditional script, 票 suffixes, label codes, unit-name rules) once
# per distinct value and spread back over the column. Which rule a row breaks first, the fallbacks for
# institution and year and the vote sums are polars expressions over whole columns. Only the rows that break
# a rule are then described one by one (file, sheet, row, column, value).

GRADED = GRADES
_OUTPUT_COUNTS = {
    "good": "votes_good",
    "fairly_good": "votes_fairly_good",
    "average": "votes_average",
    "poor": "votes_poor",
    "abstain": "abstain",
    "voters": "voters",
}
_TEXT_COLUMNS = (
    "unit",
    "institution",
    "year",
    "unit_type",
    "secretary",
    "mode",
    "rater_group",
    "item",
    "official_grade",
    "rank",
    "score",
    *COUNT_FIELDS,
)
# a plainly written number (typed by polars expressions; any other cell goes through parse_count/_year/_score)
_PLAIN_COUNT, _PLAIN_YEAR, _PLAIN_SCORE = r"[0-9]{1,6}", r"[0-9]{4}", r"[0-9]{1,3}(?:\.[0-9]+)?"


def _given(expr: pl.Expr) -> pl.Expr:
    """A cell that holds something (what `if raw.get(column)` tests for one row)."""
    return expr.is_not_null() & (expr != "")


def _per_value(cells: list, fn, outputs: dict[str, pl.DataType], skip: str | None = None) -> list[pl.Series]:
    """`outputs` for every cell: fn(value) -> tuple, run once per distinct filled value (and not for values
    that fully match the regex `skip`); empty and skipped cells get nulls."""
    answers = {v: fn(v) for v in dict.fromkeys(cells) if v and not (skip and re.fullmatch(skip, v))}
    if not answers:
        return [pl.Series(name, [None] * len(cells), dtype=dtype) for name, dtype in outputs.items()]
    empty = (None,) * len(outputs)
    rows = [answers.get(v, empty) for v in cells]
    return [
        pl.Series(name, [r[i] for r in rows], dtype=dtype) for i, (name, dtype) in enumerate(outputs.items())
    ]


def _per_distinct(
    column: pl.Series, fn, outputs: dict[str, pl.DataType], skip: str | None = None
) -> list[pl.Series]:
    """`_per_value` of a whole column: fn runs once per distinct filled value (not for values that fully match
    `skip`), and the answers are joined back onto the rows in polars (no Python work per row)."""
    values = [v for v in column.unique().to_list() if v and not (skip and re.fullmatch(skip, v))]
    if not values:
        return [pl.Series(name, [None] * len(column), dtype=dtype) for name, dtype in outputs.items()]
    answers = [fn(v) for v in values]
    lookup = pl.DataFrame(
        {
            "_value": values,
            **{name: [a[i] for a in answers] for i, name in enumerate(outputs)},
        },
        schema={"_value": pl.String, **outputs},
    )
    joined = column.rename("_value").to_frame().join(lookup, on="_value", how="left", maintain_order="left")
    return [joined.get_column(name) for name in outputs]


def _parse_or_reason(parse):
    def run(value: str) -> tuple:
        try:
            return parse(value), None
        except _Bad as bad:
            return None, bad.reason

    return run


def _number(column: str, out: str, plain: str, kind: str, absent: list[str]) -> list[pl.Expr]:
    """`out` (the number) and `_r{out}` (why not): plain cells typed here, the others from `_slow{out}`."""
    if column in absent:
        dtype = pl.Float64 if kind == "score" else pl.Int64
        return [pl.lit(None, dtype).alias(out), pl.lit(None, pl.String).alias(f"_r{out}")]
    text = pl.col(column)
    is_plain = text.str.contains(f"^(?:{plain})$").fill_null(False)
    if kind == "score":
        number = text.cast(pl.Float64, strict=False)
        bad, reason = ~number.is_between(0, 100), "bad_score"
    elif kind == "year":
        number = text.str.to_integer(strict=False)
        bad, reason = ~number.is_between(2000, 2100), "bad_year"
    else:
        number = text.str.to_integer(strict=False)
        bad, reason = number > MAX_COUNT, "count_too_large"
    return [
        pl.when(is_plain)
        .then(pl.when(bad).then(None).otherwise(number))
        .otherwise(pl.col(f"_slow{out}"))
        .alias(out),
        pl.when(is_plain)
        .then(pl.when(bad).then(pl.lit(reason)).otherwise(None))
        .otherwise(pl.col(f"_slow_r{out}"))
        .alias(f"_r{out}"),
    ]


def validate_ratings(
    table: RatingsTable, *, institution: str | None = None, year: int | None = None
) -> Validated:
    """Typed rows that pass every rule, and a Reject for every row that does not.

    Institution and year: a column wins, then the command line, then the title row, then the file name.
    """
    return validate_many([table], institution=institution, year=year)[0]


def validate_many(
    tables: list[RatingsTable], *, institution: str | None = None, year: int | None = None
) -> list[Validated]:
    """`validate_ratings` of every table, checked together: one polars query over all their rows (each table's
    own fallbacks, headers, grade labels and record kind carried per row), so that many small files cost about
    what one file of all their rows costs. The rows and rejects of each table are those it gets alone."""
    if not tables:
        return []
    frames, long_rejects = [], []
    for table in tables:
        frame, rejects = _long_to_wide(table) if table.layout == "long" else (table.frame, [])
        frames.append(frame)
        long_rejects.append(rejects)
    checked = _check_many(frames, tables, institution, year)
    out = []
    for table, (rows, broken, twice), before in zip(tables, checked, long_rejects, strict=True):
        rows, dup_rejects = _reject_duplicates(rows, table) if twice else (rows, [])
        aggregates = [
            Reject(table.file, table.sheet, n, table.headers.get("unit", "unit"), text, "aggregate_row")
            for n, text in table.aggregate_rows
        ]
        out.append(
            Validated(
                rows,
                before + broken + dup_rejects + aggregates,
                rows_read=table.frame.height + len(aggregates),
            )
        )
    return out


def _check_many(
    frames: list[pl.DataFrame], tables: list[RatingsTable], institution: str | None, year: int | None
) -> list[tuple[pl.DataFrame, list[Reject], bool]]:
    """Per table: the rows that break no rule, typed, a Reject naming the first rule each other row breaks, and
    whether two of its rows share a key (then `_reject_duplicates` names them)."""
    heights = [f.height for f in frames]
    frame = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    # each row's table: the first table whose running end lies past the row (polars only: numpy costs 0.12 s to
    # import, a third of a one-file ingest's start)
    ends = pl.Series(heights, dtype=pl.Int64).cum_sum()
    rows = pl.int_range(0, frame.height, dtype=pl.Int64, eager=True)
    table_index = ends.search_sorted(rows, side="right").cast(pl.Int32).rename("_t")
    absent = [c for c in _TEXT_COLUMNS if c not in frame.columns]
    frame = frame.hstack(
        [table_index, *(pl.Series(c, [None] * frame.height, dtype=pl.String) for c in absent)]
    )
    string, integer = pl.String, pl.Int64
    fallbacks = [_institution_and_parent(t, institution) for t in tables]
    institution_given = frame.select(
        pl.when(_given(pl.col("institution")))
        .then(pl.col("institution"))
        .otherwise(
            pl.col("_t").replace_strict(
                list(range(len(tables))), [f[0] for f in fallbacks], return_dtype=pl.String
            )
        )
    ).to_series()
    table_of = [
        {
            "_t": i,
            "_fallback_year": year or t.title_year or t.file_year,
            "_roster": t.record_kind == "roster",
            "_sheet": t.sheet,
            "_record_kind": t.record_kind,
            "_parent": fallbacks[i][1],
        }
        for i, t in enumerate(tables)
    ]
    attributes = pl.DataFrame(
        table_of,
        schema={
            "_t": pl.Int32,
            "_fallback_year": integer,
            "_roster": pl.Boolean,
            "_sheet": string,
            "_record_kind": string,
            "_parent": string,
        },
    )

    def clean(v: str) -> tuple:
        return (clean_text(v),)

    def per_table(column: str, labels_of) -> pl.Series:
        """Codes of a label column with each table's own labels (a table's scale is read from its values)."""
        pairs = (
            frame.select("_t", column).unique().filter(pl.col(column).is_not_null() & (pl.col(column) != ""))
        )
        values: dict[int, list[str]] = {}
        for t, v in pairs.iter_rows():
            values.setdefault(t, []).append(v)
        labels = {t: labels_of(vs) for t, vs in values.items()}
        lookup = pl.DataFrame(
            [(t, v, code_for(v, labels[t])) for t, vs in values.items() for v in vs],
            schema={"_t": pl.Int32, column: string, f"_{column}_code": string},
            orient="row",
        )
        return (
            frame.select("_t", column)
            .join(lookup, on=["_t", column], how="left", maintain_order="left")
            .get_column(f"_{column}_code")
        )

    typed: list[pl.Series] = [
        *_per_distinct(
            frame["unit"],
            lambda u: (clean_text(u), *split_org_level(u), name_key(u), infer_unit_type(u)),
            {"_unit_clean": string, "_stem": string, "_level": string, "_key": string, "_inferred": string},
        ),
        # institution: the column, else the command line, the title row, the file name
        *_per_distinct(
            institution_given,
            clean,
            {"_inst_clean": string},
        ),
        *_per_distinct(
            frame["year"],
            _parse_or_reason(parse_year),
            {"_slow_year_value": integer, "_slow_r_year_value": string},
            _PLAIN_YEAR,
        ),
        *[
            s
            for f in COUNT_FIELDS
            for s in _per_distinct(
                frame[f],
                _parse_or_reason(lambda v, f=f: parse_count(f, v)),
                {f"_slow_n_{f}": integer, f"_slow_r_n_{f}": string},
                _PLAIN_COUNT,
            )
        ],
        *_per_distinct(
            frame["score"],
            _parse_or_reason(parse_score),
            {"_slow_score": pl.Float64, "_slow_r_score": string},
            _PLAIN_SCORE,
        ),
        *_per_distinct(
            frame["rank"],
            _parse_or_reason(lambda v: parse_count("rank", v)),
            {"_slow_rank": integer, "_slow_r_rank": string},
            _PLAIN_COUNT,
        ),
        per_table("official_grade", grade_labels_for),
        *[
            s
            for column, labels in (("mode", MODE_LABELS), ("unit_type", UNIT_TYPE_LABELS))
            for s in _per_distinct(
                frame[column], lambda v, labels=labels: (code_for(v, labels),), {f"_{column}_code": string}
            )
        ],
        *[
            s
            for column in ("rater_group", "item", "secretary")
            for s in _per_distinct(frame[column], clean, {f"_{column}_clean": string})
        ],
    ]
    c = pl.col
    lf = (
        frame.hstack(typed)
        .lazy()
        .join(attributes.lazy(), on="_t", how="left", maintain_order="left")
        .with_columns(
            *_number("year", "_year_value", _PLAIN_YEAR, "year", absent),
            *[e for f in COUNT_FIELDS for e in _number(f, f"_n_{f}", _PLAIN_COUNT, "count", absent)],
            *_number("score", "_score", _PLAIN_SCORE, "score", absent),
            *_number("rank", "_rank", _PLAIN_COUNT, "count", absent),
        )
        .with_columns(
            pl.when(_given(c("year"))).then(c("_year_value")).otherwise(c("_fallback_year")).alias("_year"),
            (
                pl.sum_horizontal([c(f"_n_{g}").fill_null(0) for g in GRADED]) + c("_n_abstain").fill_null(0)
            ).alias("_total"),
        )
    )

    # (broken when, field, value as written, reason, detail) in the order the rules are checked; a field or
    # reason given as a function of the table depends on the table (its headers, its record kind)
    def cell(name: str):
        return lambda r: r[name]

    name_bound = limits().unit_name_chars

    def no_rating_field(t: RatingsTable) -> str:
        return next((f for f in ("good", "score", "official_grade", "mode") if f in t.headers), "good")

    has_result = (
        ~pl.all_horizontal([c(f"_n_{g}").is_null() for g in GRADED])
        | c("_score").is_not_null()
        | (_given(c("official_grade")))
    )
    rules: list[tuple] = [
        (
            (~_given(c("unit")) | (c("_unit_clean") == "")) & _given(c("secretary")),
            "secretary",
            cell("secretary"),
            "secretary_without_unit",
            None,
        ),
        (~_given(c("unit")) | (c("_unit_clean") == ""), "unit", cell("unit"), "missing_unit", None),
        (
            c("_unit_clean").str.len_chars() > name_bound,
            "unit",
            lambda r: r["unit"][:20] + "…",
            "unit_name_too_long",
            lambda r: f"{len(r['_unit_clean']):,} 字符 / characters > {name_bound:,}",
        ),
        (
            c("_inst_clean").is_null() | (c("_inst_clean") == ""),
            "institution",
            cell("institution"),
            "missing_institution",
            None,
        ),
        (c("_r_year_value").is_not_null(), "year", cell("year"), "bad_year", None),
        (c("_year").is_null(), "year", cell("year"), "missing_year", None),
        (~c("_year").is_between(2000, 2100), "year", lambda r: str(r["_year"]), "bad_year", None),
        *[
            (c(f"_r_n_{f}").is_not_null(), f, cell(f), lambda r, f=f: r[f"_r_n_{f}"], None)
            for f in COUNT_FIELDS
        ],
        (c("_r_score").is_not_null(), "score", cell("score"), "bad_score", None),
        (
            ~has_result & ~(_given(c("mode")) & c("_roster")),
            no_rating_field,
            lambda r: None,
            lambda r: "no_rating" if r["_record_kind"] == "results" else "roster_without_mode",
            None,
        ),
        (
            c("_n_voters").is_not_null() & (c("_total") > c("_n_voters")),
            "voters",
            cell("voters"),
            "votes_exceed_voters",
            lambda r: f"{r['_total']} > {r['_n_voters']}",
        ),
        (
            _given(c("official_grade")) & c("_official_grade_code").is_null(),
            "official_grade",
            cell("official_grade"),
            "unknown_grade",
            None,
        ),
        (_given(c("mode")) & c("_mode_code").is_null(), "mode", cell("mode"), "unknown_mode", None),
        (_given(c("rank")) & c("_r_rank").is_not_null(), "rank", cell("rank"), lambda r: r["_r_rank"], None),
        (_given(c("rank")) & (c("_rank") == 0), "rank", cell("rank"), "bad_rank", None),
        (
            _given(c("unit_type")) & c("_unit_type_code").is_null(),
            "unit_type",
            cell("unit_type"),
            "unknown_unit_type",
            None,
        ),
    ]
    first = pl.min_horizontal(
        pl.when(cond).then(pl.lit(i, pl.Int8)) for i, (cond, *_rest) in enumerate(rules)
    )
    checked = lf.with_columns(first.alias("_rule")).collect()

    broken: list[list[Reject]] = [[] for _ in tables]
    for r in checked.filter(c("_rule").is_not_null()).iter_rows(named=True):
        _cond, fld, value, reason, detail = rules[r["_rule"]]
        table = tables[r["_t"]]
        fld = fld if isinstance(fld, str) else fld(table)
        broken[r["_t"]].append(
            Reject(
                table.file,
                table.sheet,
                r["source_row"],
                table.headers.get(fld, fld),
                value(r),
                reason if isinstance(reason, str) else reason(r),
                detail(r) if detail else "",
            )
        )
    rows = (
        checked.lazy()
        .filter(c("_rule").is_null())
        .select(
            "_t",
            c("_inst_clean").alias("institution"),
            c("_year").cast(pl.Int32).alias("year"),
            c("_stem").alias("unit_name"),
            c("_key").alias("name_key"),
            c("_level").alias("org_level"),
            pl.when(_given(c("unit_type")))
            .then(c("_unit_type_code"))
            .otherwise(c("_inferred"))
            .alias("unit_type"),
            pl.when(_given(c("rater_group")))
            .then(c("_rater_group_clean"))
            .otherwise(pl.lit(""))
            .alias("rater_group"),
            pl.when(_given(c("item"))).then(c("_item_clean")).otherwise(pl.lit("")).alias("item"),
            pl.when(_given(c("secretary"))).then(c("_secretary_clean")).alias("secretary"),
            c("_mode_code").alias("mode"),
            *[c(f"_n_{f}").cast(pl.Int32).alias(name) for f, name in _OUTPUT_COUNTS.items()],
            c("_score").alias("score"),
            c("_official_grade_code").alias("official_grade"),
            c("_rank").cast(pl.Int32).alias("official_rank"),
            c("_sheet").alias("sheet"),
            c("source_row").cast(pl.Int32),
            c("_record_kind").alias("record_kind"),
            pl.when(c("_stem") != c("_parent")).then(c("_parent")).alias("parent_unit"),
        )
        .collect()
    )
    parts = {i: part.drop("_t") for (i,), part in rows.group_by(["_t"], maintain_order=True)}
    empty = rows.drop("_t").clear()
    # the tables holding two rows of one key (`_reject_duplicates`), found over all tables at once
    twice = set(rows.filter(pl.len().over(["_t", *DUPLICATE_KEY]) > 1)["_t"].unique().to_list())
    return [(parts.get(i, empty), broken[i], i in twice) for i in range(len(tables))]


def _institution_and_parent(table: RatingsTable, institution: str | None) -> tuple[str | None, str | None]:
    """The institution when no column gives it (the command line, the title row, the file name) and, when the
    title names a college or 党总支 inside another institution (the command line's or the file name's), that
    college: the parent of the file's branches."""
    title, other = table.title_institution, institution or table.file_institution
    if title and other:
        a, b = clean_text(title), clean_text(other)
        if a.startswith(b) or b.startswith(a):
            return institution or title, None
        stem, _level = split_org_level(title)
        return other, stem or None
    return institution or title or table.file_institution, None


def reject_cross_sheet_duplicates(
    rows: pl.DataFrame, file: str, unit_header: str | None
) -> tuple[pl.DataFrame, list[Reject]]:
    """The same institution, year, unit, rater group and item on two sheets of one file (a copied sheet):
    both rejected, each naming the other, so no vote is counted twice."""
    if rows.is_empty() or rows["sheet"].n_unique() < 2:
        return rows, []
    key = ["institution", "year", "name_key", "rater_group", "item"]
    twice = rows.filter(pl.col("sheet").n_unique().over(key) > 1)
    if twice.is_empty():
        return rows, []
    where = {
        k: [f"{s}#{r}" for s, r in zip(g["sheet"], g["source_row"], strict=True)]
        for k, g in twice.group_by(key)
    }
    rejects = []
    for r in twice.iter_rows(named=True):
        others = [w for w in where[tuple(r[k] for k in key)] if w != f"{r['sheet']}#{r['source_row']}"]
        rejects.append(
            Reject(
                file,
                r["sheet"],
                r["source_row"],
                unit_header,
                r["unit_name"],
                "duplicate_row",
                "= " + ", ".join(others),
            )
        )
    return rows.join(twice.select(key).unique(), on=key, how="anti", nulls_equal=True), rejects


def _long_to_wide(table: RatingsTable) -> tuple[pl.DataFrame, list[Reject]]:
    """One row per grade with its count → one row per unit × group × item with four grade columns."""
    frame = table.frame
    grades = frame["grade"].to_list()
    labels = grade_labels_for(grades)
    frame = frame.with_columns(
        _per_value(grades, lambda v: (code_for(v, labels),), {"grade_code": pl.String})
    )
    keys = [c for c in frame.columns if c not in ("source_row", "grade", "grade_code", "votes")]
    rejects = [
        Reject(table.file, table.sheet, row, table.headers.get("grade"), label, "unknown_grade")
        for row, label, code in frame.select("source_row", "grade", "grade_code").iter_rows()
        if code is None
    ]
    frame = frame.filter(pl.col("grade_code").is_not_null())
    twice = frame.filter(pl.len().over([*keys, "grade_code"]) > 1)
    for row, label in twice.select("source_row", "grade").iter_rows():
        rejects.append(
            Reject(
                table.file,
                table.sheet,
                row,
                table.headers.get("grade"),
                label,
                "duplicate_row",
                "同一单位同一等次出现两次 / the same grade twice for one unit",
            )
        )
    frame = frame.filter(pl.len().over([*keys, "grade_code"]) == 1)
    wide = frame.group_by(keys, maintain_order=True).agg(
        pl.col("source_row").min(),
        *[pl.col("votes").filter(pl.col("grade_code") == g).first().alias(g) for g in GRADE_FIELDS],
    )
    return wide, rejects


DUPLICATE_KEY = ["institution", "year", "name_key", "rater_group", "item"]


def _reject_duplicates(rows: pl.DataFrame, table: RatingsTable) -> tuple[pl.DataFrame, list[Reject]]:
    """Two rows for the same institution, year, unit, rater group and item: both are rejected, each naming the other."""
    if rows.is_empty():
        return rows, []
    key = DUPLICATE_KEY
    twice = rows.filter(pl.len().over(key) > 1)
    if twice.is_empty():
        return rows, []
    # the few duplicated rows: grouped as they first appear, each row naming the others of its key
    seen: dict[tuple, list[int]] = defaultdict(list)
    for found in twice.select(*key, "source_row").iter_rows():
        seen[found[:5]].append(found[5])
    bad_rows: dict[int, list[int]] = {}
    for numbers in seen.values():
        for n in numbers:
            bad_rows[n] = [m for m in numbers if m != n]
    unit_of = dict(
        rows.filter(pl.col("source_row").is_in(list(bad_rows)))
        .select("source_row", "unit_name")
        .unique("source_row", keep="first", maintain_order=True)
        .iter_rows()
    )
    rejects = [
        Reject(
            table.file,
            table.sheet,
            n,
            table.headers.get("unit"),
            unit_of[n],
            "duplicate_row",
            "= " + ", ".join(f"#{m}" for m in others),
        )
        for n, others in sorted(bad_rows.items())
    ]
    return rows.filter(~pl.col("source_row").is_in(list(bad_rows))), rejects
