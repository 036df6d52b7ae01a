"""Words that end a group of people (书记, 代表, 成员…) and raters named by the way of rating (“评委打分+支部互评”)."""

from __future__ import annotations

import re

from etl.articles.text import _Doc

_ROLE_END = re.compile(
    r"(书记|成员|代表|负责人|同志|组织员|督导员|副职|干部|人员|委员|群众|领导|教师|学生|职工|党员|评委|班子|主任|院长|校长|专家|组长|部长|处长|厅长|局长|述职人|员)\)?$"
)


# a way of rating named by who does it: “评委打分+支部互评”, 支部完成互评打分,党委委员打分点评
_MODE_PART = re.compile(
    r"(?P<g>[\u4e00-\u9fff]{1,10}?)(?:完成|进行|开展)?(?:了)?(?:现场|民主|相互|之间)?(?P<v>互评|打分|评分|测评|投票)"
)
_UNITS_MUTUAL = re.compile(r"(?:各)?(?:党)?(?:总)?支部")


def _mode_part(doc: _Doc, a: int, text: str) -> str | None:
    m = _MODE_PART.match(text)
    if not m:
        return None
    g = m["g"]
    if m["v"] == "互评" and _UNITS_MUTUAL.fullmatch(g):
        return "党支部(互评)"  # branches rating one another: the label's convention
    if _ROLE_END.search(g) or g in ("评委", "专家"):
        return doc.d(a + m.start("g"), a + m.end("g"))
    return None


def _mode_raters(doc: _Doc) -> tuple[list[str] | None, str | None]:
    """Raters named by the way of rating (采用“评委打分+支部互评”相结合的方式), or clause by clause with a plain
    verb of rating (支部完成互评打分,党委委员打分点评)."""
    text = doc.match
    for start, end in doc.sents:
        s = text[start:end]
        if not re.search(r"互评|打分|评分", s):
            continue
        for q in re.finditer(r"[“\"「](?P<q>[^”\"」]{2,30})[”\"」]", s):
            parts = list(re.finditer(r"[^+＋、与和及]+", q["q"]))
            found = [_mode_part(doc, start + q.start("q") + p.start(), p.group()) for p in parts]
            if found and all(found):
                return list(dict.fromkeys(found)), doc.sentence(start)
        found = []
        for clause in re.finditer(r"[^,，;；]+", s):
            body = clause.group()
            lead = re.match(
                r"^(?:\(?[一二三四五六七八九十\d]+[)、.]|\d{1,2}月\d{1,2}[日号](?:前|后)?|由|各)*", body
            )
            a = clause.start() + (lead.end() if lead else 0)
            part = _mode_part(doc, start + a, text[start + a : start + clause.end()])
            if part and part not in found:
                found.append(part)
        if found:
            return found, doc.sentence(start)
    return None, None


# a committee's own meeting assessing (召开学院党委会会议对各支部书记…进行考核): the committee rated
_COMMITTEE_MEETING = re.compile(
    r"(?P<g>[\u4e00-\u9fff]{0,8}?(?:党委|党总支|总支|支委|党组))(?:委员)?会(?:议)?(?:\(扩大\))?(?:会议)?"
    r"对[^。;；]{0,40}?(?:进行|开展|作)(?:了)?(?:考核|评定|测评|评议|评价)"
)


def _committee_raters(doc: _Doc) -> tuple[list[str] | None, str | None]:
    """A Party committee that assessed at its own meeting (学院党委会会议对…进行考核) rated, when no clause names
    anyone else."""
    m = _COMMITTEE_MEETING.search(doc.match)
    if not m:
        return None, None
    lead = re.match(r"(?:召开|举行|通过|由|经)+", m["g"])
    a = m.start("g") + (lead.end() if lead else 0)
    if m.end("g") - a < 2:
        return None, None
    return [doc.d(a, m.end("g"))], doc.sentence(m.start())
