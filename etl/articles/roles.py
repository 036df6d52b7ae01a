"""Words that end a group of people (书记, 代表, 成员…) and raters named by the way of rating (“评委打分+支部互评”)."""

from __future__ import annotations

import re

from etl.articles.text import _Doc

_ROLE_END = re.compile(
    r"(书记|成员|代表|负责人|同志|组织员|督导员|副职|干部|人员|委员|常委|群众|领导|教师|学生|职工|党员|评委|班子|主任|院长|校长|专家|组长|部长|处长|厅长|局长|述职人|与会者|参会者|支委|员|老师|主席|评议人|测评人|考评人|评分人|打分人)[)”」\"]?$"
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
    for start, end in doc.sents:
        found = _mode_raters_in(doc, start, end)
        if found:
            return found, doc.sentence(start)
    return None, None


# ways of rating named by who rates, combined: 采取学院党委委员评议和党员代表评议相结合的方式
_COMBINED = re.compile(
    r"(?:采取|采用|实行|按照|通过)(?P<list>[^。,，;；“”]{4,80}?)(?:相结合|结合)的?(?:方式|办法|形式|方法)"
)


def _combined_raters(doc: _Doc, start: int, s: str) -> list[str] | None:
    for m in _COMBINED.finditer(s):
        a = m.start("list")
        found = []
        for p in re.finditer(r"[^和与、+＋及]+", m["list"]):
            verb = re.search(r"(?:评议|测评|打分|评分|投票|互评)$", p.group())
            if not verb:
                return None
            g = p.group()[: verb.start()]
            if verb.group() == "互评" and _UNITS_MUTUAL.fullmatch(g):
                found.append("党支部(互评)")
            elif _ROLE_END.search(g) and len(g) >= 2:
                found.append(doc.d(start + a + p.start(), start + a + p.start() + len(g)))
            else:
                return None
        if len(found) >= 2:
            return list(dict.fromkeys(found))
    return None


def _mode_raters_in(doc: _Doc, start: int, end: int) -> list[str] | None:
    """The raters named by the way of rating in the one sentence doc.match[start:end]."""
    text = doc.match
    s = text[start:end]
    combined = _combined_raters(doc, start, s)
    if combined:
        return combined
    if re.search(r"互评|打分|评分", s):
        for q in re.finditer(r"[“\"「](?P<q>[^”\"」]{2,30})[”\"」]", s):
            parts = list(re.finditer(r"[^+＋、与和及]+", q["q"]))
            found = [_mode_part(doc, start + q.start("q") + p.start(), p.group()) for p in parts]
            if found and all(found):
                return list(dict.fromkeys(found))
        found = []
        for clause in re.finditer(r"[^,，;；]+", s):
            body = clause.group()
            lead = re.match(
                r"^(?:\(?[一二三四五六七八九十\d]+[)、.]|\d{1,2}月\d{1,2}[日号](?:前|后)?|由|各|组织)*", body
            )
            a = clause.start() + (lead.end() if lead else 0)
            part = _mode_part(doc, start + a, text[start + a : start + clause.end()])
            if part and part not in found:
                found.append(part)
        if found:
            return found
    return None


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


# ---------------------------------------------------------------- the group that rates, read as a clause's subject

# a group of people opening a clause as its subject (党委委员们根据…, 学院党委委员细致地…): a role word, then a verb
# (现场评委: where they sat is not their name)
_GROUP_SUBJECT = re.compile(
    r"(?:现场)?(?P<g>[\u4e00-\u9fff]{0,8}?(?:委员|成员|代表|评委|专家|人员|班子))"
    # 们 marks people acting whatever the verb; without it, a word that opens a predicate must follow
    r"(?:们|(?=就|根据|按照|依据|对|在|逐一|逐个|细致|认真|分别|现场|结合|围绕|进行|共同|查阅|审阅))"
)
# a clause that rates: 进行打分, 完成测评, 投票
_RATES = re.compile(
    r"(?:进行|完成|开展)?(?:了)?(?:现场|民主|无记名)?(?:打分|评分|测评|投票|(?<=进行了)评议|(?<=进行)评议)|(?:进行|作出)(?:了)?(?:现场|民主)?评价"
)
# a subject that is an enumeration of groups and a head count (A、B及全体C等共计120余人听取了述职)
_LIST_SUBJECT = re.compile(
    r"(?P<list>[\u4e00-\u9fff()、]{4,80}?)等?(?:共计|共|约)?[\d一二三四五六七八九十百]+余?(?:人|名)"
)
_CLAUSE_LEAD = re.compile(r"^(?:同时|随后|然后|最后|会上|会后|此外|另外)?")
# people named as the panel: A、B以及C担任评委
_SERVE_AS = re.compile(r"(?:担任|组成|作为)(?:本次)?(?:述职)?(?:评议|考核|答辩)?(?P<g>评委|评审专家|评审组)")


def _subject_group_raters(doc: _Doc) -> tuple[list[str] | None, str | None]:
    """The group that rates when a sentence says so through its subject: 党委委员们查阅了…,并根据…进行打分 (the
    rating clause, opened by 并 or with no subject of its own, belongs to the nearest earlier clause whose subject
    is a group of people); or people named as the panel (…担任评委): the panel."""
    text = doc.match
    for start, end in doc.sents:
        s = text[start:end]
        clauses = list(re.finditer(r"[^,，;；]+", s))
        for i, clause in enumerate(clauses):
            if not _RATES.search(clause.group()) or re.search(r"召开|举行", clause.group()):
                continue
            for back in clauses[i::-1]:
                lead = _CLAUSE_LEAD.match(back.group())
                listed = _LIST_SUBJECT.match(back.group(), lead.end())
                if listed:
                    a = start + back.start() + listed.start("list")
                    parts = [
                        (a + p.start(), a + p.end())
                        for p in re.finditer(r"(?:\([^()]*\)|[^、及和(])+", listed["list"])
                    ]
                    if len(parts) > 1 and all(_ROLE_END.search(text[p:q]) for p, q in parts):
                        return [doc.d(p, q) for p, q in parts], doc.sentence(start)
                m = _GROUP_SUBJECT.match(back.group(), lead.end())
                if m and not re.search(r"述职|书记", m["g"]):
                    a = start + back.start() + m.start("g")
                    return [doc.d(a, a + len(m["g"]))], doc.sentence(start)
    for m in _SERVE_AS.finditer(text):
        return [doc.d(m.start("g"), m.end("g"))], doc.sentence(m.start())
    return None, None
