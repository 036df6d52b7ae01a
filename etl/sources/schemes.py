"""Reads scheme files (口径, TOML): grade points, thresholds, rater-group and item weights per institution and years.

[[scheme]]
institution = "青石大学"
year_from = 2020                      # optional, open-ended when absent
year_to = 2025                        # optional
label = "2020年起 A票60% B票40%"       # optional, generated when absent
scale = "grades"                      # grades · score
points = { "好" = 100, "较好" = 85, "一般" = 70, "差" = 50 }
thresholds = { "好" = 92, "较好" = 80, "一般" = 65 }
groups = { "A票" = 0.6, "B票" = 0.4 }
items = { "政治建设" = 1, "工作成效" = 1 }
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from etl.messages import Reject, SourceError
from etl.normalize import GRADE_ZH, clean_text, code_for, grade_labels_for
from warehouse.vocabulary import GRADES

DEFAULT_POINTS = {"good": 100.0, "fairly_good": 80.0, "average": 60.0, "poor": 0.0}
DEFAULT_THRESHOLDS = {"good": 90.0, "fairly_good": 75.0, "average": 60.0}
KNOWN_KEYS = {
    "institution",
    "year_from",
    "year_to",
    "years",
    "label",
    "scale",
    "points",
    "thresholds",
    "groups",
    "items",
}


@dataclass
class Scheme:
    institution: str
    year_from: int | None
    year_to: int | None
    label: str
    scale: str
    points: dict[str, float]
    thresholds: dict[str, float]
    groups: dict[str, float] = field(default_factory=dict)
    items: dict[str, float] = field(default_factory=dict)
    number: int = 0  # 1-based position in the file, for messages


class _Bad(Exception):
    def __init__(self, column: str, value, detail: str):
        self.column, self.value, self.detail = column, value, detail


def read_schemes(path: Path) -> tuple[list[Scheme], list[Reject]]:
    """Valid schemes and a Reject (row = the scheme's position) for each invalid one."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(Reject(path.name, None, None, None, None, "bad_scheme", str(exc))) from exc
    entries = doc.get("scheme")
    if not isinstance(entries, list) or not entries:
        raise SourceError(Reject(path.name, None, None, "scheme", None, "bad_scheme", "no [[scheme]] tables"))
    schemes, rejects = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            schemes.append(_scheme(entry, number))
        except _Bad as bad:
            value = None if bad.value is None else str(bad.value)
            rejects.append(Reject(path.name, None, number, bad.column, value, "bad_scheme", bad.detail))
    return schemes, rejects


def _scheme(entry: dict, number: int) -> Scheme:
    unknown = set(entry) - KNOWN_KEYS
    if unknown:
        raise _Bad(sorted(unknown)[0], None, "unknown key / 未知键")
    institution = entry.get("institution")
    if not isinstance(institution, str) or not clean_text(institution):
        raise _Bad("institution", institution, "institution is required / 必须给出学校")
    year_from, year_to = entry.get("year_from"), entry.get("year_to")
    if "years" in entry:
        years = entry["years"]
        if not (isinstance(years, list) and len(years) == 2):
            raise _Bad("years", years, "years = [from, to]")
        year_from, year_to = years
    for key, year in (("year_from", year_from), ("year_to", year_to)):
        if year is not None and not (isinstance(year, int) and 2000 <= year <= 2100):
            raise _Bad(key, year, "a year between 2000 and 2100 / 年度应在 2000–2100")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise _Bad("year_to", year_to, "year_to before year_from / 截止年度早于起始年度")
    scale = entry.get("scale", "grades")
    if scale not in ("grades", "score"):
        raise _Bad("scale", scale, "grades or score")
    points = dict(DEFAULT_POINTS) | _graded(entry.get("points", {}), "points", 4)
    thresholds = dict(DEFAULT_THRESHOLDS) | _graded(entry.get("thresholds", {}), "thresholds", 3)
    if "poor" in thresholds:
        raise _Bad("thresholds", "差", "差 has no threshold: it is everything below 一般 / 差无下限")
    if not thresholds["good"] >= thresholds["fairly_good"] >= thresholds["average"]:
        raise _Bad("thresholds", thresholds, "must fall: 好 ≥ 较好 ≥ 一般 / 门槛须递减")
    groups = _weights(entry.get("groups", {}), "groups")
    items = _weights(entry.get("items", {}), "items")
    label = entry.get("label") or scheme_label(year_from, year_to, points, thresholds, groups, items)
    return Scheme(
        clean_text(institution),
        year_from,
        year_to,
        str(label),
        scale,
        points,
        thresholds,
        groups,
        items,
        number,
    )


def _graded(table, key: str, size: int) -> dict[str, float]:
    if not isinstance(table, dict):
        raise _Bad(key, table, 'a table such as { "好" = 100, "较好" = 80 }')
    out = {}
    labels = grade_labels_for(table)
    for label, value in table.items():
        code = code_for(label, labels)
        if code is None:
            raise _Bad(key, label, "unknown grade / 未知等次")
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 100:
            raise _Bad(key, value, "a number between 0 and 100 / 应为 0–100 的数")
        out[code] = float(value)
    return out


def _weights(table, key: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise _Bad(key, table, 'a table such as { "A票" = 0.6, "B票" = 0.4 }')
    out = {}
    for name, value in table.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise _Bad(key, value, "weights must be positive numbers / 权重应为正数")
        out[clean_text(name)] = float(value)
    return out


def scheme_label(year_from, year_to, points, thresholds, groups=None, items=None) -> str:
    """A short Chinese label that states the scheme: years, points, thresholds, weights."""
    groups, items = groups or {}, items or {}
    years = f"{year_from or ''}–{year_to or ''}年" if (year_from or year_to) else "各年"
    pts = "/".join(f"{GRADE_ZH[g]}{points[g]:g}" for g in GRADES)
    thr = "/".join(f"{GRADE_ZH[g]}≥{thresholds[g]:g}" for g in GRADES[:3])
    total = sum(groups.values()) or 1
    grp = "+".join(f"{g}{w / total:.0%}" for g, w in groups.items()) if groups else "票数合并"
    itm = f",指标 {len(items)} 项加权" if items else ""
    return f"{years}口径:分值 {pts},门槛 {thr},{grp}{itm}"
