"""Reads a news item or notice about a 党组织书记抓基层党建工作述职评议 meeting and returns what it states, field by field, each with the sentence it came from."""

from __future__ import annotations

import json
import re
from pathlib import Path

from etl.articles.chair import _chair
from etl.articles.counts import _counts, _onsite_units, one_unit_reporting
from etl.articles.dates import meeting_date
from etl.articles.meeting import (
    _convener,
    _institution,
    _level,
    below_university,
    context_level,
    named_institution,
    reporters_of,
    signed_convener,
)
from etl.articles.ratings import _ballot_weights, _rater_groups, _rating_scale
from etl.articles.text import (
    NUM,
    _appraisal_year,
    _date_in_url,
    _decode,
    _meeting_sentence,
    _prepare,
    _publication_date,
    _title_sentence,
    cn_to_int,
    html_to_text,
    undouble_suffix,
)
from etl.normalize import clean_text, infer_unit_type

__all__ = [
    "FIELDS",
    "SCORED_FIELDS",
    "MEETING_LEVELS",
    "cn_to_int",
    "extract_article",
    "extract_article_file",
    "html_to_text",
    "score_items",
    "score_against_labels",
    "format_score",
]

FIELDS: tuple[str, ...] = (
    "institution",
    "meeting_level",
    "appraisal_year",
    "meeting_date",
    "meeting_date_inferred",
    "onsite_count",
    "written_count",
    "total_units",
    "onsite_units",
    "unit_types",
    "rating_scale",
    "ballot_weights",
    "rater_groups",
    "chair",
    "publication_date",
)
# the fields compared with hand-made labels (label files name unit types differently: not compared)
SCORED_FIELDS: tuple[str, ...] = (
    "institution",
    "meeting_level",
    "appraisal_year",
    "meeting_date",
    "meeting_date_inferred",
    "onsite_count",
    "written_count",
    "total_units",
    "onsite_units",
    "rating_scale",
    "ballot_weights",
    "rater_groups",
    "chair",
)
MEETING_LEVELS: tuple[str, ...] = (
    "province",
    "institution",
    "secondary_unit",
    "hospital_internal",
    "non_university_org",
    "unclear",
)

# ---------------------------------------------------------------- the extractor


def extract_article(text: str, *, publication_date: str | None = None, source: str | None = None) -> dict:
    """What a news item or notice about a 述职评议 meeting states, field by field; unsupported fields are None.

    `evidence` maps every non-null field to the sentence (as written) it came from. `publication_date` may
    be given by the caller (a crawl date); otherwise it is read from a byline in the page, if any.
    """
    doc = _prepare(text or "")
    out: dict = {field: None for field in FIELDS}
    ev: dict[str, str] = {}

    pub, pub_ev = (publication_date, "(given)") if publication_date else _publication_date(doc)
    if not pub and source:
        pub = _date_in_url(source)
        pub_ev = source if pub else None
    if pub:
        out["publication_date"], ev["publication_date"] = pub, pub_ev

    span = _meeting_sentence(doc)
    head_span = span or _title_sentence(doc)
    conv = _convener(doc, head_span)
    if conv is None and span is not None and (title := _title_sentence(doc)) and title != span:
        conv = _convener(doc, title)  # 省X局召开…会议 as the headline, the dated sentence naming no one
    if conv is None:
        conv = signed_convener(doc)  # …述职评议会召开。\nX局党委\n2023年12月21日: the body that signs

    counts = _counts(doc)
    out["onsite_count"], out["written_count"], out["total_units"] = (
        counts.onsite,
        counts.written,
        counts.total,
    )
    for field, e in (
        ("onsite_count", counts.onsite_ev),
        ("written_count", counts.written_ev),
        ("total_units", counts.total_ev),
    ):
        if out[field] is not None:
            ev[field] = e

    units, units_ev = _onsite_units(doc, counts)
    if counts.onsite is None and counts.written is None and counts.total is None and not units:
        one = one_unit_reporting(
            doc
        )  # a branch's own meeting: its secretary reported, the one unit appraised
        if one:
            units, units_ev = [one[0]], one[1]
            out["onsite_count"] = out["total_units"] = 1
            ev["onsite_count"] = ev["total_units"] = one[1]
    if units:
        out["onsite_units"], ev["onsite_units"] = units, units_ev
        if (
            units_ev is not None
            and ev.get("onsite_count") == units_ev
            and out["onsite_count"] != len(units)
            and not re.search(r"(?<!第)" + NUM + r"[个名位所家]", clean_text(units_ev))
        ):
            out["onsite_count"] = len(units)  # the units on site, listed with no number: as many as listed

    reporters = reporters_of(doc, head_span)
    level = context_level(doc, _level(conv, reporters, units), conv, reporters)
    if units and level != "province":  # unit types describe a university's own units, not whole institutions
        out["unit_types"], ev["unit_types"] = [infer_unit_type(u) for u in units], units_ev
    out["meeting_level"] = level
    if head_span:
        ev["meeting_level"] = doc.sentence(head_span[0])
    elif (
        doc.sents
    ):  # no meeting sentence: the opening line (a notice's title) is what the level was read with
        ev["meeting_level"] = doc.sentence(doc.sents[0][0])
    inst, inst_pos = named_institution(doc, conv, level, _institution(conv, level))
    if inst:
        out["institution"], ev["institution"] = undouble_suffix(inst), doc.sentence(inst_pos)
        if level in ("institution", "unclear") and below_university(clean_text(inst)):
            out["meeting_level"] = (
                "non_university_org"  # 我校 is 上海市实验学校: a school below university level
            )
        elif level in ("institution", "unclear") and re.search(r"(?:医院|保健院|卫生院)$", clean_text(inst)):
            out["meeting_level"] = "hospital_internal"  # 我院 is 青禾市第一人民医院: a hospital's own meeting

    year, year_ev = _appraisal_year(doc, span)

    iso, inferred, date_pos = meeting_date(doc, span, year, pub)
    if iso:
        out["meeting_date"], out["meeting_date_inferred"] = iso, inferred
        ev["meeting_date"] = ev["meeting_date_inferred"] = doc.sentence(date_pos)
        month = int(iso[5:7])
        if year is None and (month <= 6 or month >= 10):
            year = int(iso[:4]) - 1 if month <= 6 else int(iso[:4])
            year_ev = doc.sentence(date_pos)
    if year is None and pub and (this_year := re.search(r"本年度|今年度|今年", doc.match)):
        # 本年度 in an item published in the second half of a year is that year; in the first half, the one before
        py, pm = int(pub[:4]), int(pub[5:7])
        year, year_ev = (py if pm >= 7 else py - 1), doc.sentence(this_year.start())
    if year is not None:
        out["appraisal_year"], ev["appraisal_year"] = year, year_ev

    for field, fn in (
        ("rating_scale", _rating_scale),
        ("ballot_weights", _ballot_weights),
        ("rater_groups", _rater_groups),
        ("chair", _chair),
    ):
        value, e = fn(doc)
        if value:
            out[field], ev[field] = value, e

    out["evidence"] = {k: v for k, v in ev.items() if out.get(k) is not None}
    return out


def extract_article_file(path: Path) -> dict:
    """extract_article on a .txt, .html or .htm file (UTF-8, else GB18030)."""
    path = Path(path)
    text = _decode(path.read_bytes())
    if path.suffix.lower() in (".html", ".htm") or re.search(r"<(html|body|p|div)\b", text[:2000], re.I):
        text = html_to_text(text)
    return extract_article(text, source=str(path))


# ---------------------------------------------------------------- accuracy against hand-made labels


def _same(field: str, label, got) -> bool:
    if field == "ballot_weights" and isinstance(label, dict) and isinstance(got, dict):
        return label.keys() == got.keys() and all(abs(label[k] - got[k]) < 1e-6 for k in label)
    return label == got


def score_items(pairs: list[tuple[Path, dict]]) -> dict:
    """Field-level accuracy of extract_article_file over (folder, label item) pairs; null labels count."""
    per_field: dict[str, dict] = {f: {"correct": 0, "total": 0} for f in SCORED_FIELDS}
    details = []
    for folder, item in pairs:
        got = extract_article_file(Path(folder) / item["file"])
        misses = {}
        for field in SCORED_FIELDS:
            if field not in item:
                continue
            per_field[field]["total"] += 1
            if _same(field, item[field], got[field]):
                per_field[field]["correct"] += 1
            else:
                misses[field] = {"label": item[field], "got": got[field]}
        details.append({"file": item["file"], "misses": misses})
    correct = sum(v["correct"] for v in per_field.values())
    total = sum(v["total"] for v in per_field.values())
    for v in per_field.values():
        v["accuracy"] = v["correct"] / v["total"] if v["total"] else None
    return {
        "per_field": per_field,
        "correct": correct,
        "total": total,
        "accuracy": correct / total if total else None,
        "items": details,
    }


def score_against_labels(labels_path: Path) -> dict:
    """Field-level accuracy of extract_article_file over a labels.json (files beside it); null labels count."""
    labels_path = Path(labels_path)
    items = json.loads(labels_path.read_text(encoding="utf-8"))
    return score_items([(labels_path.parent, item) for item in items])


def format_score(score: dict) -> str:
    rows = [f"{'field':<24}{'right':>7}{'of':>5}{'accuracy':>10}"]
    for field, v in score["per_field"].items():
        if v["total"]:
            rows.append(f"{field:<24}{v['correct']:>7}{v['total']:>5}{v['accuracy']:>10.0%}")
    rows.append(f"{'ALL':<24}{score['correct']:>7}{score['total']:>5}{score['accuracy']:>10.1%}")
    return "\n".join(rows)
