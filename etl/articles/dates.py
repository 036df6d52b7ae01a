"""When the meeting was held: the meeting sentence's date (or a notice's 时间: line), its year when the text
leaves it out, and the readings of a date whose 月 was lost (125日: 1月25日 or 12月5日), settled by context."""

from __future__ import annotations

import re
from datetime import date

from etl.articles.text import (
    _HELD,
    _Doc,
    _infer_year,
    _iso,
    is_notice,
    is_span,
    meeting_date_in,
    notice_dates,
    run_together,
    ymd,
)


def _plausible(iso: str, year: int | None, pub: str | None) -> bool:
    """Whether a reading fits what else the text says: not after the item was published, and inside the
    season a year's appraisal is held in (October of that year to June of the next)."""
    if pub and iso > pub:
        return False
    if year is not None and not f"{year}-10-01" <= iso <= f"{year + 1}-06-30":
        return False
    return True


# a news report's day with no month, opening the sentence that holds the meeting (19日,…述职评议会议在某地召开)
_DAY_ONLY = re.compile(r"\s*(?P<d>\d{1,2})[日号](?:上午|下午|晚上|晚)?[,，]")


def _day_only(doc: _Doc, pub: str) -> tuple[str | None, bool | None, int | None]:
    """A day with no month is of the month the item was published in (the day not after the publication's), else
    of the month before: a newspaper's report of the day before."""
    for start, end in doc.sents:
        m = _DAY_ONLY.match(doc.match, start, end)
        if not m or not _HELD.search(doc.match, m.end(), end):
            continue
        py, pm, pd = (int(x) for x in pub.split("-"))
        day = int(m["d"])
        if day > pd:
            py, pm = (py, pm - 1) if pm > 1 else (py - 1, 12)
        iso = _iso(py, pm, day)
        return (iso, True, m.start("d")) if iso else (None, None, None)
    return None, None, None


# a day told relative to the report (昨日,我市召开…; 今天上午,…) and the dateline it is relative to (5月25日讯)
_RELATIVE = re.compile(r"(?<![\u4e00-\u9fff])(?P<w>昨天|昨日|今天|今日)(?:上午|下午|晚上|晚|早上)?[,，]?")
_DATELINE = re.compile(r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:讯|电)")


def _relative_day(doc: _Doc, year: int | None, pub: str | None) -> tuple[str | None, bool | None, int | None]:
    """昨日/今天 opening the sentence that holds the meeting: the day before, or the day of, the report's dateline
    (else of its publication); the year as the dateline's or the publication's."""
    for start, end in doc.sents:
        m = _RELATIVE.search(doc.match, start, min(end, start + 40))
        if m and _HELD.search(doc.match, m.end(), end):
            break
    else:
        return None, None, None
    line = _DATELINE.search(doc.match, max(0, start - 40), m.start() + 1)
    if line:
        y = _infer_year(int(line["m"]), int(line["d"]), year, pub, announced=False)
        ref = _iso(y, int(line["m"]), int(line["d"])) if y else None
    else:
        ref = pub
    if not ref:
        return None, None, None
    day = date.fromisoformat(ref).toordinal() - (1 if m["w"] in ("昨天", "昨日") else 0)
    return date.fromordinal(day).isoformat(), True, m.start("w")


def meeting_date(
    doc: _Doc, span: tuple[int, int] | None, year: int | None, pub: str | None
) -> tuple[str | None, bool | None, int | None]:
    """(ISO date, whether its year was inferred, position of the date) of the meeting, or Nones when the text
    does not state one day (a span of days, a day with no month, a date whose year nothing tells)."""
    dm = meeting_date_in(doc.match, span[0], span[1]) if span else None
    if dm and is_span(doc.match, dm):
        dm = None  # 1月11日—2月6日: meetings over weeks, no one meeting date
    if is_notice(doc):
        dm = notice_dates(doc)[0] or dm
    if dm and re.match(r"(?:讯|电)", doc.match[dm.end() : dm.end() + 1]):
        dm = None  # 5月25日讯 昨日,…: the report's dateline, not the meeting's day
    if not dm and not is_notice(doc):
        iso, inferred, pos = _relative_day(doc, year, pub)
        if iso:
            return iso, inferred, pos
    if not dm and pub and not is_notice(doc):
        return _day_only(doc, pub)
    if not dm:
        return None, None, None
    y_given, month, day = ymd(dm)
    readings = run_together(dm["rd"]) if dm.groupdict().get("rd") else [(month, day)]
    found: list[tuple[str, bool]] = []
    announced = is_notice(doc)  # a notice's meeting comes after the notice
    if y_given and year and not abs(y_given - year) <= 2:
        y_given = (
            None  # 2107年12月21日 in an item about 2017年: a slip of the year, read as a date without one
        )
    for month, day in readings:
        y = y_given or _infer_year(month, day, year, pub, announced=announced)
        iso = _iso(y, month, day) if y else None
        if iso:
            found.append((iso, not y_given))
    if len(found) > 1:  # 125日: keep the readings the context allows, the nearest before publication first
        found = [f for f in found if _plausible(f[0], year, pub)]
        if len(found) > 1 and pub:
            p = date.fromisoformat(pub)
            found = sorted(found, key=lambda f: p - date.fromisoformat(f[0]))[:1]
    if len(found) != 1:
        return None, None, None
    return found[0][0], found[0][1], dm.start()
