"""How the secretaries were rated: the scale, ballot weights and who rated (who chaired: chair.py)."""

from __future__ import annotations

import re

from etl.articles.roles import (
    _ROLE_END,
    _committee_raters,
    _mode_raters,
    _mode_raters_in,
    _subject_group_raters,
)
from etl.articles.text import _Doc, clean_text, cn_to_int

# ---------------------------------------------------------------- rating scale

_GRADE = r"(?:基本合格|不合格|基本称职|不称职|非常满意|比较满意|基本满意|不满意|满意|较好|较差|一般|优秀|良好|合格|称职|好|差)"
_SCALE = re.compile(
    r"(?P<items>[“\"「『']?"
    + _GRADE
    + r"[”\"」』']?(?:(?:[、,，/和及与或]|(?<=[”\"」』'])|(?=[“\"「『']))[“\"「『']?"
    + _GRADE
    + r"[”\"」』']?){2,})"
)
_SCALE_CONTEXT = re.compile(r"档次|等次|等级|个档|评价|测评|评定|评议|投票|打分|分为")
_SCORE = re.compile(
    r"定量(?:考评|测评|评价|评议)|百分制|满分(?:为|是)?\d+分|\d+分制|评分表|量化打分|量化评分|打分|(?<!测)评分(?!规则|标准|细则|办法|纪律)"
)


def _rating_scale(doc: _Doc) -> tuple[list[str] | str | None, str | None]:
    for m in _SCALE.finditer(doc.match):
        sentence = doc.match[slice(*doc.sent_at(m.start()))]
        if not _SCALE_CONTEXT.search(sentence):
            continue
        offs = m.start("items")
        grades = [doc.d(offs + g.start(), offs + g.end()) for g in re.finditer(_GRADE, m["items"])]
        if len(set(clean_text(g) for g in grades)) == len(grades) >= 3:
            return grades, doc.sentence(m.start())
    m = _SCORE.search(doc.match)
    if m:
        return "score", doc.sentence(m.start())
    return None, None


# ---------------------------------------------------------------- ballot weights

_W = r"(?:(?P<pct>\d{1,3}(?:\.\d+)?)\s*%|百分之(?P<cnpct>[一二三四五六七八九十]+)|(?P<frac>0?\.\d+))"
_GROUP = r"(?:[A-Za-z甲乙丙丁]类?票|[\u4e00-\u9fff()]{2,20}?)"
_WEIGHT_ONE = re.compile(
    r"(?:^|(?<=[,，;；:：。(（、\n]))(?:其中)?(?P<g>"
    + _GROUP
    + r")(?:的)?(?:评价|测评|评议|投票|打分|评分)?(?:结果|得分)?"
    r"(?:所占)?(?:权重|比例|比重)?(?:为|占|按)(?:比例|权重|比重)?(?:为)?" + _W
)
_WEIGHT_TICKET = re.compile(
    r"(?P<g>[A-Za-z甲乙丙丁]类?票)(?:(?![A-Za-z甲乙丙丁]类?票)[^。;；%])"
    + r"{0,70}?(?:占|权重为?|按)(?:比例|权重|比重)?(?:为)?"
    + _W
)
_WEIGHT_SPREAD = re.compile(
    r"(?P<gs>(?:[A-Za-z甲乙丙丁]类?票[、和与及])+[A-Za-z甲乙丙丁]类?票|(?:[A-Z甲乙丙丁][、和与及])+[A-Z甲乙丙丁](?:两类|三类|类)?票)"
    r"[^。;；]{0,12}?分别(?:占|为|按)?(?:权重|比例)?(?:为)?"
    r"(?P<ws>(?:\d{1,3}(?:\.\d+)?%[、和与及,，]\s*)+\d{1,3}(?:\.\d+)?%|(?:0?\.\d+[、和与及,，]\s*)+0?\.\d+)"
)

# groups named, then their weights in the same order (A、B和C进行了测评,权重分别为50%、30%和20%)
_WEIGHT_SPREAD_NAMED = re.compile(
    r"(?P<gs>[\u4e00-\u9fff]{2,12}(?:[、和与及][\u4e00-\u9fff]{2,12}){1,6})[^。;；]{0,16}?"
    r"(?:权重|比例|占比|比重)(?:分别)?(?:为|占|是)?(?:分别)?(?:为|占)?"
    r"(?P<ws>(?:\d{1,3}(?:\.\d+)?%[、和与及,，]\s*)+\d{1,3}(?:\.\d+)?%)"
)

# a formula: 综合得分=领导班子评分×70%+党员代表评分×30%
_WEIGHT_TERM = re.compile(
    r"(?:^|(?<=[=＝+＋:：]))(?P<g>[\u4e00-\u9fff]{2,12}?)(?:的)?(?:评价|测评|评议|投票|打分|评分)?(?:结果|得分|分数|成绩)?"
    r"[×xX*＊](?P<pct>\d{1,3}(?:\.\d+)?)%"
)


def _weight_value(m: re.Match) -> float | None:
    if m["pct"]:
        return round(float(m["pct"]) / 100, 4)
    if m["cnpct"]:
        v = cn_to_int(m["cnpct"])
        return None if v is None else round(v / 100, 4)
    if m["frac"]:
        return round(float(m["frac"]), 4)
    return None


def _ballot_weights(doc: _Doc) -> tuple[dict[str, float] | None, str | None]:
    weights: dict[str, float] = {}
    ev: list[str] = []
    for m in _WEIGHT_SPREAD.finditer(doc.match):
        groups = re.findall(r"[A-Za-z甲乙丙丁]类?票", m["gs"])
        if len(groups) < 2:  # A、B票: the letters share one 票
            groups = [f"{letter}票" for letter in re.findall(r"[A-Z甲乙丙丁]", m["gs"])]
        if "%" in m["ws"]:
            values = [round(float(x) / 100, 4) for x in re.findall(r"\d{1,3}(?:\.\d+)?(?=%)", m["ws"])]
        else:
            values = [round(float(x), 4) for x in re.findall(r"0?\.\d+", m["ws"])]
        if len(groups) == len(values):
            weights.update(dict(zip(groups, values, strict=True)))
            ev.append(doc.sentence(m.start()))
    for m in _WEIGHT_SPREAD_NAMED.finditer(doc.match):
        values = [round(float(x) / 100, 4) for x in re.findall(r"\d{1,3}(?:\.\d+)?(?=%)", m["ws"])]
        names = []
        for part in re.finditer(r"[^、和与及]+", m["gs"]):
            lead = re.match(r"(?:由|按照|按|根据|其中|测评|评议)+", part.group())
            s = m.start("gs") + part.start() + (lead.end() if lead else 0)
            verb = re.search(
                r"(?:进行|参加|参与|开展|对|的|评价|测评|评议|打分)",
                doc.match[s : m.start("gs") + part.end()],
            )
            names.append((s, s + verb.start() if verb else m.start("gs") + part.end()))
        groups = [doc.d(s, e) for s, e in names]
        if (
            len(groups) == len(values)
            and abs(sum(values) - 1) < 0.011
            and all(_ROLE_END.search(clean_text(g)) for g in groups)
        ):
            for g, v in zip(groups, values, strict=True):
                weights.setdefault(g, v)
            ev.append(doc.sentence(m.start()))
    for start, end in doc.sents:
        s = doc.match[start:end]
        terms = list(_WEIGHT_TERM.finditer(s)) if re.search(r"[=＝]", s) else []
        if len(terms) >= 2:
            for t in terms:
                weights.setdefault(
                    doc.d(start + t.start("g"), start + t.end("g")), round(float(t["pct"]) / 100, 4)
                )
            ev.append(doc.sentence(start))
    for m in _WEIGHT_TICKET.finditer(doc.match):
        value = _weight_value(m)
        if value is not None and 0 < value <= 1:
            weights.setdefault(doc.d(m.start("g"), m.end("g")), value)
            if (sentence := doc.sentence(m.start())) not in ev:
                ev.append(sentence)
    for m in _WEIGHT_ONE.finditer(doc.match):
        g = m["g"]
        if not re.fullmatch(r"[A-Za-z甲乙丙丁]类?票", g):
            if not re.search(r"评价|测评|评议|投票|票|代表|委员|成员|人员|书记|群众|领导", m.group(0)):
                continue
            if re.search(r"\d|满分|得分|分值|合计|总分", g):
                continue
        value = _weight_value(m)
        if value is None or not 0 < value <= 1:
            continue
        a = m.start("g")
        lead = re.match(r"(?:测评|评议)?(?:结果)?(?:按照|按|根据|依据)", doc.match[a : m.end("g")])
        if lead and lead.end() < m.end("g") - a:
            a += lead.end()  # 测评结果按照领导班子评价占50%: the group is 领导班子
        name = doc.d(a, m.end("g"))
        weights.setdefault(name, value)
        sentence = doc.sentence(m.start())
        if sentence not in ev:
            ev.append(sentence)
    if not weights:
        return None, None
    return weights, " … ".join(ev)


# ---------------------------------------------------------------- rater groups

_ATTENDEES = re.compile(
    r"^(?P<list>.{4,}?)(?:等)?(?:参加|出席|列席)(?:了)?(?:本次|此次)?[^,，。]{0,10}?(?:会议|评议会|述职会|大会|会)[。!]?$"
)
_RATING = re.compile(
    r"(?P<pre>[^,，。;；]{0,40}?)对(?!照|于|应|比)[^。对]{0,50}?(?:进行|(?<!工)作|(?<![叫看])做|开展)(?:了)?[^。,，]{0,8}?"
    r"(?:民主评议|民主测评|测评|评测|评议|评价|打分|投票|互评|考核(?!办法|细则|标准|方案|指标))"
)
_PRONOUN_RATERS = re.compile(r"(全体与会人员|与会人员|参会人员|全体参会人员|与会同志|与会者|参会者|评委)")
_COMPOSED = re.compile(r"(?:分别)?由(?P<list>[^。]{4,200}?)(?:组成|构成|担任)(?!员)")  # not 党组成员
# those present, named by being there (参加会议的A, 到会的B, 出席会议的C): the being there is no part of the group
_PRESENT_LEAD = (
    r"(?:参加(?:了)?(?:本次|此次)?会议的|出席(?:了)?(?:本次|此次)?会议的|参会的|与会的|到会的|到场的|在场的)"
)
# a rating panel's members as listed: 考核小组成员包括A、B和C; 评议小组除了A外,还吸纳了B、C和D
_PANEL = re.compile(
    r"(?:评议|考核|测评|考评|评审)(?:工作)?(?:小|领导)?组(?:成员)?"
    r"(?:(?:除去|除了?)(?P<a>[^,，。;；]{2,30}?)(?:以)?外[,，]?(?:还|另外|另)?|(?=包括|包含))"
    r"(?:吸纳|吸收|包括|包含|邀请|增加|有)(?:了)?(?P<b>[^,，。;；]{2,100})"
)
_OUTLINE_HEAD = re.compile(
    r"^[一二三四五六七八九十]+[、.](?:考核|评议|测评)*(?:评议|测评|考核)(?:成员|主体|人员|对象与主体)"
)


def _split_groups(doc: _Doc, start: int, end: int) -> list[str]:
    seg = doc.match[start:end]
    lead = re.match(r"^(?:会议邀请|邀请|此外|另外|同时|该院|该校|参加人员有|参加人员为|参会人员有)", seg)
    if lead:
        start += lead.end()
        seg = doc.match[start:end]
    parts: list[tuple[int, int]] = []
    last = 0
    depth = 0
    for i, ch in enumerate(seg):
        if ch in "((":
            depth += 1
        elif ch in "))":
            depth = max(0, depth - 1)
        elif ch in ",，、;；" and depth == 0:
            parts.append((last, i))
            last = i + 1
    parts.append((last, len(seg)))
    groups: list[str] = []
    pending: int | None = None
    for a, b in parts:
        piece = seg[a:b]
        a0 = pending if pending is not None else a
        if _ROLE_END.search(re.sub(r"等$", "", piece)):
            raw = doc.d(start + a0, start + b)
            raw = re.sub(r"等$", "", raw)
            if raw:
                groups.append(raw)
            pending = None
        else:
            pending = a0
    if pending is not None:
        return []  # the enumeration does not end in a role: names of people, not groups
    return [g for g in groups if g]


def _attendee_list(doc: _Doc, idx: int) -> tuple[list[str] | None, str | None]:
    start, end = doc.sents[idx]
    s = doc.match[start:end].strip()
    m = _ATTENDEES.match(s)
    if not m:
        return None, None
    off = start + (len(doc.match[start:end]) - len(doc.match[start:end].lstrip()))
    a = off + m.start("list")
    # 会议由X主持,Y莅临指导,A、B和C参加会议: the attendees are the clauses after the last one that does something else
    for clause in re.finditer(r"[^,，;；]+[,，;；]", m["list"]):
        if re.search(r"主持|指导|莅临|讲话|致辞|出席|列席|带领|率领|[携到]", clause.group()):
            a = off + m.start("list") + clause.end()
    groups = _split_groups(doc, a, off + m.end("list"))
    return (groups or None), doc.sentence(start)


def _outline_groups(doc: _Doc) -> tuple[list[str] | None, str | None]:
    lines = doc.match.split("\n")
    disp_lines = doc.disp.split("\n")
    for i, line in enumerate(lines):
        if not _OUTLINE_HEAD.match(line):
            continue
        items: list[list] = []
        for j in range(i + 1, len(lines)):
            if re.match(r"^[一二三四五六七八九十]+[、.]", lines[j]):
                break
            m2 = re.match(r"^\d+[.、]\s*(.+)$", lines[j])
            m3 = re.match(r"^\((\d+)\)\s*(.+)$", lines[j])
            strip = lambda t: re.sub(r"[;；。:：]+$", "", t)  # noqa: E731
            if m2:
                items.append([strip(disp_lines[j][m2.start(1) :]), []])
            elif m3 and items:
                items[-1][1].append(strip(disp_lines[j][m3.start(2) :]))
        groups = [f"{head}({';'.join(sub)})" if sub else head for head, sub in items]
        if groups:
            return groups, "\n".join(disp_lines[i : i + 1])
    return None, None


_PARTS = re.compile(r"分(?:两|三|四|[234])个(?:阶段|部分|板块)|第一阶段|第一部分")
_SECRETARIES_PART = re.compile(
    r"书记[^。\n]{0,30}?述职[^。\n]{0,8}?(?:阶段|部分|板块)|(?:阶段|部分|板块)(?:为|是)[^。\n]{0,30}?书记[^。\n]{0,20}?述职"
)
_PART_OPENING = re.compile(r"^(?:第[一二三四]阶段|第[一二三四]部分|在[^,，。\n]{0,40}?(?:阶段|部分|板块))")


def _secretaries_part(doc: _Doc) -> tuple[int, int] | None:
    """The part of a meeting held in parts (会议分两个阶段) where the Party secretaries report: from its opening line
    to the next part's opening."""
    if not _PARTS.search(doc.match):
        return None
    lines, pos = [], 0
    for line in doc.match.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    for i, (a, line) in enumerate(lines):
        if _SECRETARIES_PART.search(line):
            b = next((p for p, later in lines[i + 1 :] if _PART_OPENING.match(later)), len(doc.match))
            return a, b
    return None


# a later meeting about other people (随后,学院召开党政联席会,对领导人员进行述职评议): what follows is its business
_OTHER_MEETING = re.compile(
    r"^(?:随后|接着|之后|会后|紧接着|当天下午|次日)?[,，]?[^。]{0,12}?(?:召开|举行)(?:了)?[^。,，]{0,20}?会[^。]{0,60}?"
    r"对[^。,，]{0,16}?(?:领导人员|领导干部|中层干部|处级干部|科级干部|干部|领导班子)(?:[^。,，]{0,4})?进行"
)


def _other_meeting(doc: _Doc) -> int | None:
    """Where a later meeting about people other than the secretaries begins (its raters are not theirs)."""
    for start, end in doc.sents[1:]:
        s = doc.match[start:end].lstrip()
        if _OTHER_MEETING.match(s) and "书记" not in s[s.find("对") :]:
            return start
    return None


def _rater_groups(doc: _Doc) -> tuple[list[str] | None, str | None]:
    """Who rated; in a meeting held in parts, those of the part where the secretaries report; never those of a later
    meeting about other people."""
    other = _other_meeting(doc)
    if other is not None:
        masked = "".join(ch if i < other or ch == "\n" else "　" for i, ch in enumerate(doc.match))
        doc = _Doc(doc.disp, masked, doc.sents)
    part = _secretaries_part(doc)
    if part:
        a, b = part
        masked = "".join(ch if a <= i < b or ch == "\n" else "　" for i, ch in enumerate(doc.match))
        groups, ev = _rater_groups_whole(_Doc(doc.disp, masked, doc.sents))
        if groups:
            return groups, ev
    return _rater_groups_whole(doc)


def _rater_groups_whole(doc: _Doc) -> tuple[list[str] | None, str | None]:
    groups, ev = _rater_groups_stated(doc)
    mode, mode_ev = _mode_raters(doc)
    if groups is None and mode and len(mode) >= 2:
        groups, ev = mode, mode_ev  # several raters named clause by clause outrank any one clause
    if groups is None:
        groups, ev = _clause_raters(doc)
    if groups is None:
        groups, ev = _subject_raters(doc)
    if groups is None:
        groups, ev = _taking_part_raters(doc)
    if groups is None:
        groups, ev = _ticket_raters(doc)
    if groups is None:
        groups, ev = mode, mode_ev
    if groups is None:
        groups, ev = _committee_raters(doc)
    if groups is None:
        groups, ev = _subject_group_raters(doc)  # 党委委员们…,并…进行打分; …担任评委
    if groups and ev:
        groups, ev = _joined_raters(doc, groups, ev)
    if groups:
        groups = _normalise_raters(doc, groups)
    return groups, ev


# a later sentence in which those present rate, and do nothing else (最后,参会人员进行了现场测评)
_PRESENT_RATE = re.compile(
    r"^\s*(?:最后|随后|然后|会后|会上|接着|会议最后)?[,，]?(?P<g>全体与会人员|与会人员|参会人员|全体参会人员|与会同志|参会同志"
    r"|与会代表|参会代表|全体党员|与会党员)(?:还|也|随后|最后)?(?:进行|开展)(?:了)?(?:现场|民主|无记名|满意度)*"
    r"(?:测评|评测|评议|打分|评分|投票)[。!]?\s*$"
)


def _joined_raters(doc: _Doc, groups: list[str], ev: str) -> tuple[list[str], str]:
    """A further rating joined by 同时/此外 in the next sentence (同时,组织各支部开展互评) adds its raters; so does
    a later sentence in which those present rate (最后,参会人员进行了现场测评)."""
    groups, ev = _joined_next(doc, groups, ev)
    for start, end in doc.sents:
        m = _PRESENT_RATE.match(doc.match[start:end])
        if m and doc.sentence(start) not in ev:
            g = doc.d(start + m.start("g"), start + m.end("g"))
            if clean_text(g) not in {clean_text(x) for x in groups}:
                return groups + [g], ev + " " + doc.sentence(start)
    return groups, ev


def _joined_next(doc: _Doc, groups: list[str], ev: str) -> tuple[list[str], str]:
    pos = doc.disp.find(ev)
    if pos < 0:
        return groups, ev
    for idx, (start, end) in enumerate(doc.sents):
        if start <= pos < end and idx + 1 < len(doc.sents):
            nstart, nend = doc.sents[idx + 1]
            if not re.match(r"\s*(?:同时|此外|另外)", doc.match[nstart:nend]):
                break
            more = [g for g in _mode_raters_in(doc, nstart, nend) or [] if g not in groups]
            if more:
                return groups + more, ev + " " + doc.sentence(nstart)
            break
    return groups, ev


def _rater_groups_stated(doc: _Doc) -> tuple[list[str] | None, str | None]:
    for m in _COMPOSED.finditer(doc.match):
        sentence = doc.match[slice(*doc.sent_at(m.start()))]
        if m.group().endswith("担任") and not re.search(r"评委(?:会)?(?:成员)?$", doc.match[: m.start()]):
            continue  # 评委由A、B担任 is a panel's make-up; X由A担任 of anything else is not
        if re.search(
            r"评委|测评|评议|打分|投票|(?:考核|考评|评审|测评|评议)(?:工作)?(?:小|领导)?组", sentence
        ):
            # 由A、B共11人组成评委: how many they were closes the list and is no group
            count = _HEADCOUNT.search(m["list"])
            end = m.end("list") - (len(count.group()) if count else 0)
            groups = _split_groups(doc, m.start("list"), end)
            if len(groups) < 2:  # 由A和B组成的评议组: two groups joined by 和
                groups = _groups_of(doc, m.start("list"), end) or []
            if len(groups) >= 2:
                return groups, doc.sentence(m.start())
    for m in _PANEL.finditer(doc.match):
        groups = []
        for g in ("a", "b"):
            if m[g]:
                groups += _split_groups(doc, m.start(g), m.end(g)) or []
        if len(groups) >= 2:
            return groups, doc.sentence(m.start())
    for idx, (start, end) in enumerate(doc.sents):
        s = doc.match[start:end]
        if "述职评议会" in s and "召开" in s and "对" not in s:
            continue
        for m in _RATING.finditer(s):
            if re.search(r"总结(?:和|与|并|、)评价$", m.group(0)):
                continue  # X对述职的整体情况进行了总结和评价: a speech summing up, no rating
            if "点评" in m.group(0) and not re.search(
                r"点评[^。,，]*?(?:打分|评分|测评|投票|评议)", m.group(0)
            ):
                continue
            if not m["pre"].strip() and re.search(r"召开|举行", s[: m.start()]):
                continue  # X召开…会,对…开展民主评议: the convener organised the appraisal, no rater is named
            found = _rating_subject(doc, idx, start, s, m)
            if found is not None:
                return found
    return _outline_groups(doc)


def _rating_subject(doc: _Doc, idx: int, start: int, s: str, m: re.Match):
    pre = re.sub(r"(按|采取|采用|以(?![上下])|通过|依据|根据|遵循|结合|依照|参照).*$", "", m["pre"])
    # A、B参加会议并对…进行了评议: the attendance before the rating is no part of the group
    pre = re.sub(r"(?:参加|出席|列席)(?:了)?(?:本次|此次)?(?:会议|大会)?并$", "", pre)
    pre = re.sub(
        r"^(会议最后|最后|会后|随后|会上|会议述职结束后|述职结束后|现场述职结束后|并|同时|此外|由|在现场|当场"
        # a time phrase opening the clause (散会前, 全部述职完毕后): no part of the raters
        r"|[\u4e00-\u9fff]{0,6}?(?:结束|完毕)?(?:之)?(?:前|后)(?:又|还)?"
        r"|(?:会议|学院|学校|医院)?(?:还)?(?:特别)?(?:邀请|组织)(?:了)?(?!部|委员|员))+",
        "",
        pre,
    )
    pre = re.sub(r"^[\u4e00-\u9fff]{0,6}?会由", "", pre)  # 联评会由党委班子和各支部书记
    pre = re.sub(r"(均|分别|共同|认真|还|逐一|逐个|依次)+$", "", pre)
    pre = _HEADCOUNT.sub("", pre)
    if re.fullmatch(r"[\u4e00-\u9fff]{0,8}?(?:述职会|评议会|测评会|大会)|会议", pre):
        pre = ""  # 评议会对…进行了测评: the meeting, i.e. its audience  # A、B、C共30余人: how many they were is no part of the group
    pre_pos = start + m.start("pre") + m["pre"].find(pre) if pre else None
    pron = _PRONOUN_RATERS.search(s)
    ways = [w.span() for w in re.finditer(r"(?:采取|采用|通过|以)[^,，。;；]*?(?:方式|形式|办法)", s)]
    if pron and any(a <= pron.start() < b for a, b in ways):
        pron = None  # 采取…、现场评委提问的方式,对…进行考核测评: a way of working, no rater named
    if not pre and pron:
        pre, pre_pos = pron.group(1), start + pron.start(1)
    if pre == "" and m.start("pre") > 1:
        # 参加会议的A,B,C和D,按照…对述职同志进行了测评: the raters are the clauses before
        seg_end = start + m.start("pre")
        seg = doc.match[start:seg_end].rstrip(",，")
        opening = re.match(r"^(?:会上|会议上|随后|最后|会后|述职结束后)[,，]", seg)
        if opening:
            start, seg = start + opening.end(), seg[opening.end() :]
        while (
            cut := re.search(r"[,，](?:按照|按|根据|依据|采取|采用|以|通过|结合)[^,，]*$", seg)
        ) is not None:
            seg = seg[: cut.start()]
        lead = re.match(r"^" + _PRESENT_LEAD, seg)
        if lead and re.search(r"[,，、]", seg):
            groups = _split_groups(doc, start + lead.end(), start + len(seg))
            if groups:
                return groups, doc.sentence(start)
        # A、B和C参加了会议,并在现场对…进行民主测评: those who attended rated
        came = re.match(
            r"^(?P<list>[^,，]{4,}?)(?:等)?(?:参加|出席|列席)(?:了)?(?:本次|此次)?(?:会议|大会)$", seg
        )
        if came and "并" in doc.match[start + len(seg) : start + m.start("pre") + 4]:
            groups = _split_groups(doc, start, start + came.end("list"))
            if groups:
                return groups, doc.sentence(start)
        # 党委班子成员采取“一述一评”的方式,逐一对…进行现场点评打分: the subject of the clause with the way of rating
        way = re.match(
            r"^(?P<g>[^,，、“”]{2,24}?)(?:采取|采用|按照|通过|结合)[^,，]*?(?:方式|形式|办法|程序)$", seg
        )
        if way and _ROLE_END.search(way["g"]) and not re.search(r"述职|书记", way["g"]):
            groups = _groups_of(doc, start, start + len(way["g"]))
            if groups:
                return groups, doc.sentence(start)
    if pre == "":
        # 会议对…进行了测评,A、B和C共17人参加测评: the raters are named after the act, in the same sentence
        # (or opening the next sentence: …进行了测评。A和B参加测评。)
        after = _TOOK_PART.match(s, m.end())
        nxt = doc.sents[idx + 1] if idx + 1 < len(doc.sents) else None
        if after:
            a = start + after.start("g")
        elif nxt and (after := _TOOK_PART_OPENING.match(doc.match[nxt[0] : nxt[1]].lstrip())):
            a = nxt[0] + len(doc.match[nxt[0] : nxt[1]]) - len(doc.match[nxt[0] : nxt[1]].lstrip())
            a += after.start("g")
        if after:
            groups = _groups_of(doc, a, a + len(after["g"]))
            if groups:
                return groups, doc.sentence(start) + ("" if a < doc.sents[idx][1] else " " + doc.sentence(a))
    if pre and _PRONOUN_RATERS.fullmatch(pre) or pre == "":
        # a pronoun (与会人员) is explained by an attendee list in the very next sentence
        if idx + 1 < len(doc.sents):
            groups, _ = _attendee_list(doc, idx + 1)
            if groups and pre and _others_attend(doc, idx + 1):
                groups = None  # the list is only part of those present (院领导出席会议 too): 与会人员 stays
            if groups:
                return groups, doc.sentence(start) + " " + doc.sentence(doc.sents[idx + 1][0])
        if pre == "" and re.match(
            r"^(?:[\u4e00-\u9fff]{0,8}?(?:述职会|评议会|测评会|大会)|会议)(?!上|中|后)", s
        ):
            # the meeting itself rated (述职会还…,并对每一位述职人进行了测评): its audience did; a clause with no
            # subject at all (会上,对3名书记进行了民主评议) names no one
            found = [(_attendee_list(doc, j), j) for j in range(len(doc.sents))]
            found = [(g, e, j) for (g, e), j in found if g]
            if found:
                # the widest list of attendees is the audience; leaders' and observers' lines are shorter
                groups, e, _ = max(found, key=lambda x: (len(x[0]), x[2]))
                return groups, doc.sentence(start) + " " + e
            return None
    if pre and 2 <= len(pre) <= 24 and _ROLE_END.search(pre) or (pre and re.search(r"小组|组$|委员会$", pre)):
        lead = re.match(_PRESENT_LEAD, pre)
        if lead:
            pre_pos, pre = pre_pos + lead.end(), pre[lead.end() :]
        groups = _groups_of(doc, pre_pos, pre_pos + len(pre)) or [doc.d(pre_pos, pre_pos + len(pre))]
        a = pre_pos - start
        if a > 0 and s[a - 1] in ",，":
            groups = _listed_before(doc, start, s, a) + groups
        return groups, doc.sentence(start)
    return None


# a later clause of the rating sentence naming who took part in the rating (A和B共17人参加测评)
_TOOK_PART_BODY = (
    r"(?P<g>[^,，。;；]{2,60}?)(?:等)?(?:共|共计|合计)?(?:[\d一二三四五六七八九十百]+(?:余|多)?(?:人|名|位))?"
    r"(?:参加|参与)(?:了)?(?:本次)?(?:现场|民主|无记名)?(?:测评|评议|打分|评分|投票)"
)
_TOOK_PART = re.compile(r"[^,，。;；]*[,，](?:其中)?" + _TOOK_PART_BODY)
_TOOK_PART_OPENING = re.compile(_TOOK_PART_BODY)


_ATTENDS = re.compile(r"(?:出席|列席|参加)(?:了)?(?:本次|此次)?(?:会议|评议会|述职会|述职评议会|大会)")


def _others_attend(doc: _Doc, list_idx: int) -> bool:
    """Whether the text names people at the meeting beside the attendee list at list_idx: another sentence
    (院领导班子成员出席会议) or an earlier clause of the list's own sentence (X出席会议,A、B参加会议)."""
    for j, (start, end) in enumerate(doc.sents):
        s = doc.match[start:end]
        if j != list_idx:
            if _ATTENDS.search(s):
                return True
            continue
        clauses = re.findall(r"[^,，;；]+[,，;；]", s)
        if any(_ATTENDS.search(c) for c in clauses):
            return True
    return False


_RATE_WORD = re.compile(r"测评|评测|评议|打分|评分|投票|考核评价|现场考核")
_SUBJECT_LEAD = re.compile(
    r"^(?:\d{1,2}[.、]|[一二三四五六七八九十]{1,2}、|\(\d{1,2}\)|\([一二三四五六七八九十]{1,2}\))?"
    r"(?:会议最后|最后|会后|随后|会上|同时|此外|并|另外|[\u4e00-\u9fff]{0,8}?(?:结束|完毕)(?:之?后)?)*(?:[,，])?"
    r"(?:(?:会议|学院|学校|医院)?(?:还)?(?:组织|邀请)(?:了)?(?=[\u4e00-\u9fff]{2})(?!部|委员|员))?"
)
_RATER_SUBJECT = re.compile(
    r"(?P<g>(?:全体|所有)?与会(?:相关)?人员|(?:全体)?参会人员|与会同志|与会者|参会者|(?:与会)?评委|[\u4e00-\u9fff]{0,8}?(?:考核|评议|测评)(?:工作)?小组(?:成员)?)"
)


_RATE_PRED = re.compile(
    r"(?<!述职)(?<!给予)(?<!积极)(?:测评|评议|打分|评分|投票|评价|互评|评定(?!为|结果|等次|等级))(?!会|大会|工作|考核会|表的|办法|细则|标准|规则|指标|体系|结果|意见|人|小组|组|成员|主体|对象)"
    r"|填写(?:了)?[^。,，]{0,20}?(?:测评表|评议表|测评票|选票|评分表|考核表)"
)
_VERB_TAIL = re.compile(
    r"(?:进行|开展|作出|作|完成|参与|参加)(?:了)?[^,，]{0,8}$|(?:民主|现场|满意度|无记名|量化|投票)+$"
)
_SUBJECT_END = re.compile(
    # A为B的…情况进行评议: 为 introduces who is rated, as 对 does
    r"(?:(?<=[\u4e00-\u9fff]{2})(?<![作成认以称选])为(?=[^,，。;；]{2,40}?的|述职|各(?:位|党|支部)|每(?:位|个|名)|[\d一二三四五六七八九十]+[位名个])|对|(?<![供交自带])给(?!予)|(?<=分别|逐一|现场|依次|共同)为(?=[\u4e00-\u9fff])|综合(?=[\u4e00-\u9fff]{2})|根据|按照|按|结合|依据|采取|采用|以(?![上下])|通过|就|围绕|遵循|在听取|听取|一致认定|一致评定|认定)"
)
_HEADCOUNT = re.compile(r"(?:等|共|共计|合计)?[\d一二三四五六七八九十百]+(?:余|多)?(?:人|名|位)$")
_ADVERB_TAIL = re.compile(r"(?:现场|当场|分别|均|认真|共同|还|也|一起|随即|逐一|依次|一致)+$")
_LIST_OF_RATERS = re.compile(
    r"(?:(?:参加|参与)?(?:测评|评议|评分|考核)(?:的)?(?:人员|主体|成员)|(?:参加|参与)(?:测评|评议|评分|打分|投票)的)"
    r"(?:(?:包括|为|是|有)[::]?|[::]|\n)(?P<list>[^。;；\n]{2,120})"
)
# 现场测评由与会人员进行, 评分由考核组完成
_RATED_BY = re.compile(
    r"(?:测评|评议|打分|评分|投票|评价)(?:工作)?(?:分别)?由(?P<list>[^。;；,，]{2,60}?)(?:进行|完成|实施|负责|填写|打分|投票|参加|参与)"
)
# 接受了与会人员的民主测评
_RATED_BY_OF = re.compile(
    r"接受(?:了)?(?P<list>[^,，。;；]{2,30}?)的(?:民主|现场|满意度|无记名)*(?:测评|评议|打分|评价)"
)


def _groups_of(doc: _Doc, a: int, b: int) -> list[str] | None:
    """A noun phrase of raters (A、B和C) as groups when every part names people, else the whole phrase."""
    seg = doc.match[a:b]
    parts = [(m.start(), m.end()) for m in re.finditer(r"(?:[^、,，和及与]|与(?=会))+", seg)]
    if len(parts) > 1 and all(_ROLE_END.search(seg[i:j]) and j - i >= 2 for i, j in parts):
        groups = [doc.d(a + i, a + j) for i, j in parts]
        # 党员、群众代表: a bare kind of people before another kind's 代表 shares the head (党员代表, 群众代表)
        for k in range(len(parts) - 1):
            if _KIND.fullmatch(seg[slice(*parts[k])]) and re.fullmatch(
                f"(?:{_KIND.pattern})代表", seg[slice(*parts[k + 1])]
            ):
                groups[k] += "代表"
        return groups
    if _ROLE_END.search(seg) or re.search(r"小组$|组$|委员会$", seg) or _ORGAN.search(seg):
        return [doc.d(a, b)]
    return None


_KIND = re.compile(r"(?:党员|群众|教师|学生|教工|职工|师生|干部)")
# a Party organ acting as one body (学院党委结合…进行了现场评议): its members rated, the organ is the group
_ORGAN = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:党委|党总支|总支|党组|支委会|党委会)$")


def _convenes(s: str) -> bool:
    """A sentence that only says who convened the appraisal (X召开述职评议会), naming no rater."""
    return bool(
        re.search(r"召开|举行|开展", s) and re.search(r"述职评议|测评会|评议会|考核会", s) and "对" not in s
    )


def _clause_raters(doc: _Doc) -> tuple[list[str] | None, str | None]:
    """The subject of the clause whose predicate rates (A和B根据…进行了测评, A现场填写了测评表, A对…打分),
    or a stated list (测评人员包括A、B和C)."""
    text = doc.match
    for m in (*_RATED_BY.finditer(text), *_RATED_BY_OF.finditer(text)):
        groups = _groups_of(doc, m.start("list"), m.end("list"))
        if groups:
            return groups, doc.sentence(m.start())
    for m in _LIST_OF_RATERS.finditer(text):
        groups = _groups_of(doc, m.start("list"), m.end("list"))
        if groups:
            return groups, doc.sentence(m.start())
    taking_part: tuple[list[str], str] | None = None
    for start, end in doc.sents:
        s = text[start:end]
        if _convenes(s):
            # A述职、B点评、C投票测评……近日,X开展述职评议工作: the ellipsis closes the acts before the convener
            ellipsis = re.search(r"…+|\.{3,}", s)
            cut = ellipsis.start() if ellipsis else -1
            # X召开述职评议会议,A、B出席会议并参加评议: the clauses after the convening one may name raters
            convening = [c.end() for c in re.finditer(r"[^,，;；]*(?:召开|举行|开展)[^,，;；]*[,，;；]", s)]
            rest = s[convening[-1] :] if convening else ""
            if (
                (cut <= 0 or _convenes(s[:cut]))
                and rest
                and re.search(r"(?:参加|参与)(?:了)?(?:现场)?(?:评议|测评|打分|投票)", rest)
                and not _convenes(rest)
            ):
                start, s = start + convening[-1], rest
            elif cut <= 0 or _convenes(s[:cut]):
                continue
            else:
                s = s[:cut]
        clauses = list(re.finditer(r"[^,，;；:：]+", s))
        collected: list[str] = []  # A进行了评价,B进行了互评: raters named clause by clause in one sentence
        for ci, clause in enumerate(clauses):
            body = clause.group()
            pred = _RATE_PRED.search(body)
            if not pred:
                continue
            acts = _ACTS.match(body[: pred.start()])
            if "点评" in body[acts.end() if acts else 0 : pred.end()]:
                continue
            if _STAGE.match(body):
                continue  # 在党员评议环节: a stage of the meeting, not who rated
            a = clause.start()
            before = body[: pred.start()]
            head = _VERB_TAIL.sub("", before)
            tail = before[len(head) :]
            cut = _SUBJECT_END.search(head)
            if cut:
                head = head[: cut.start()]
            # A、B出席会议并参加评议: the attendance before the rating is no part of the group
            head = re.sub(r"(?:参加|出席|列席)(?:了)?(?:本次|此次)?(?:会议|大会)?并$", "", head)
            lead = _SUBJECT_LEAD.match(head)
            skip = lead.end() if lead else 0
            by = re.match(r"(?:由)", head[skip:])
            skip += by.end() if by else 0
            lead2 = re.match(_PRESENT_LEAD, head[skip:])
            skip += lead2.end() if lead2 else 0
            acts = _ACTS.match(head[skip:])
            if acts and _ROLE_END.search(_ADVERB_TAIL.sub("", _HEADCOUNT.sub("", head))):
                # 分为A自评、B互评打分、C评定; A公开述职、B当场点评、C投票测评: the act that rates names its raters
                skip += acts.end()
            subject = re.sub(r"等$", "", _ADVERB_TAIL.sub("", _HEADCOUNT.sub("", head[skip:])))
            subject = re.sub(r"(?<=[委])们$", "", subject)  # 评委们
            if not subject and a > 0:
                # A结合…,对…进行了评议打分; A对…进行督查,并根据…进行评分; A采取…形式,分别对…测评:
                # the subject of the nearest clause before that has one
                for prev in reversed(clauses[:ci]):
                    phead = prev.group()
                    if re.search(r"(?:述职|汇报)(?:了)?(?:工作)?$", phead):
                        break  # 6位书记进行述职,会上还对…测评: those who reported are not who rated them
                    plead = _SUBJECT_LEAD.match(phead)
                    pskip = plead.end() if plead else 0
                    pcut = _SUBJECT_END.search(phead)
                    if (not pcut or pcut.start() < 2) and not re.search(
                        r"述职(?!评议|考核|测评)|汇报|点评", phead
                    ):
                        # 考核小组成员现场检查…: the doer opening the clause (those reporting are not raters)
                        pcut = _DOER_VERB.search(phead, pskip)
                    if _STAGE.match(phead) or not pcut or pcut.start() < 2:
                        continue
                    cand = _ADVERB_TAIL.sub("", phead[pskip : pcut.start()])
                    if cand and _groups_of(
                        doc, start + prev.start() + pskip, start + prev.start() + pskip + len(cand)
                    ):
                        subject, a, skip = cand, prev.start(), pskip
                        break
            if not subject and (s[clause.end() : clause.end() + 1] in (":", "：") or a == 0):
                continue  # 四、测评:与会人员填写测评表; 评议采取…方式,由A投票 — the next clause names them
            if (
                not 2 <= len(subject) <= 60
                or re.search(r"\d|述职|书记们?$", subject)
                and not _ROLE_END.search(subject)
            ):
                break
            groups = _groups_of(doc, start + a + skip, start + a + skip + len(subject))
            if groups and a > 0 and not skip:
                groups = _listed_before(doc, start, s, a) + groups
            if (
                groups
                and re.match(r"(?:参加|参与)", tail)
                and re.match(r"评议|评价", pred.group())
                and re.fullmatch(r"(?:考核|工作|活动)*[。]?", body[pred.end() :].strip())
            ):
                # A、B参加评议考核: taking part in the appraisal; a clause that rates elsewhere names the raters
                taking_part = taking_part or (groups, doc.sentence(start))
                break
            if groups and collected and re.match(r"(?:等次|等级|结果)|为", body[pred.end() :]):
                break  # …认定A评议等次为好,B评议等次为较好: the later clauses name who was graded
            if groups:
                collected += [g for g in groups if g not in collected]
                continue
            break
        if collected:
            return collected, doc.sentence(start)
    return taking_part or (None, None)


# the verb after a doer opening a clause (考核小组成员现场检查材料, 评委认真审阅): where the doer ends
_DOER_VERB = re.compile(
    r"(?<=小组|成员|代表|委员|人员|评委|领导|班子|书记|党员|群众|干部|教师|学生|职工)"
    r"(?=现场|当场|认真|逐一|分别|先后|检查|查阅|审阅|听取|查看|(?:(?:参加|出席|列席)(?:了)?(?:本次|此次)?(?:会议|大会|评议会|述职会)|到会|到场|参会)$)"
)
# acts listed one by one, each with its own doer, before the one that rates
_ACTS = re.compile(r"(?:[^、]*?(?:分为|包括|包含|述职|点评|自评|汇报|讲话|发言|主持|总结)[^、]*、)+")
# a stage or a place of the meeting (在党员评议环节, 在测评阶段): no subject of its own
_STAGE = re.compile(r"^在[^,，]{0,20}?(?:环节|阶段|过程中|期间|中|时|上)$")


def _listed_before(doc: _Doc, start: int, s: str, a: int) -> list[str]:
    """Groups in the clauses right before a rating clause when each of them is a list of roles only
    (各高校党委书记、分管组织工作的副书记,省委教育工委委员参加会议并进行了测评)."""
    found: list[str] = []
    end = a - 1
    while end > 0:
        begin = max(s.rfind(ch, 0, end) for ch in ",，") + 1
        groups = _groups_of(doc, start + begin, start + end)
        piece = s[begin:end]
        if not groups or re.search(
            r"述职|召开|举行|会上|会后|随后|最后|结束|对|了|于|将|在(?!家|职|岗|任|校)", piece
        ):
            break
        found = groups + found
        end = begin - 1
    return found


def _subject_raters(doc: _Doc) -> tuple[list[str] | None, str | None]:
    """The subject of a sentence that rates (与会人员进行了现场测评, 评委…进行了测评, 考核小组…现场考核评价,
    并由与会人员进行了民主测评) when no 对…进行 phrase named the raters."""
    for start, end in doc.sents:
        s = doc.match[start:end]
        if not _RATE_WORD.search(s) or re.search(r"召开|举行", s) and "述职评议" in s:
            continue
        for clause in re.finditer(r"[^,，;；]+", s):
            body = clause.group()
            if not _RATE_WORD.search(s[clause.start() :]):
                break
            lead = _SUBJECT_LEAD.match(body)
            off = lead.end() if lead else 0
            by = re.search(r"由(?=[\u4e00-\u9fff])", body[off:])
            if by and by.start() <= 2:
                off += by.end()
            m = _RATER_SUBJECT.match(body, off)
            if (
                m
                and (
                    re.search(r"成立|组建|设立|抽调", m["g"])
                    or not _RATE_WORD.search(s[clause.start() + m.end("g") :])
                    # 与会同志纷纷表示,将以此次述职评议为起点: what those present said, not who rated
                    or re.match(r"(?:纷纷|一致|普遍|都)?(?:表示|认为|感到|谈|交流|畅谈)", body[m.end("g") :])
                )
            ):
                m = None  # 院党委办组织成立测评小组: a panel set up, not a clause that rates
            if m:
                a = start + clause.start() + m.start("g")
                return [doc.d(a, a + len(m["g"]))], doc.sentence(start)
    return None, None


# 局党委委员、行政领导班子成员、群众代表,全程参与述职评议考核: those who take part in the rating itself (not in a
# meeting: 参加述职评议会 names those present)
_TAKING_PART = re.compile(
    r"(?:^|(?<=[。!?！？\n]))\s*(?P<list>[^。,，;；:：\n]{4,120}?)[,，]?(?:全程|均|共同|一起|也)?(?:参与|参加)(?:了)?"
    r"(?:本次|此次)?(?:述职)?(?:评议|测评|打分|评分|考核)+(?!会|大会|工作会|活动)"
)


def _taking_part_raters(doc: _Doc) -> tuple[list[str] | None, str | None]:
    for m in _TAKING_PART.finditer(doc.match):
        if re.search(r"述职|书记(?:们)?$|召开|举行", m["list"]):
            continue  # those who reported, or a meeting, not raters
        groups = _groups_of(doc, m.start("list"), m.end("list"))
        if groups and len(groups) >= 2:
            return groups, doc.sentence(m.start("list"))
    return None, None


_TICKET_BY = re.compile(
    r"[A-Za-z甲乙丙丁]类?票由(?P<list>[^。;；,，]{2,80}?)(?:填写|填报|投票|评价|测评|打分|评分)"
)


def _ticket_raters(doc: _Doc) -> tuple[list[str] | None, str | None]:
    """Raters named ballot by ballot (A票由A填写,…;B票由B、C和D填写): all of them, in order."""
    groups: list[str] = []
    ev: list[str] = []
    for m in _TICKET_BY.finditer(doc.match):
        found = _groups_of(doc, m.start("list"), m.end("list"))
        if not found:
            continue
        groups.extend(g for g in found if g not in groups)
        if (sentence := doc.sentence(m.start())) not in ev:
            ev.append(sentence)
    return (groups, " … ".join(ev)) if groups else (None, None)


def _normalise_raters(doc: _Doc, groups: list[str]) -> list[str]:
    """所有与会人员 → 与会人员, 与会评委 → 评委; 评委 explained by who the panel are (A、B和C担任评委)."""
    split = []
    for g in groups:
        # a quoted name of a group (“两代表一委员”) is the group: the marks around it are not part of it; marks
        # inside a name (校“两代会”代表) are the name as written
        unquote = lambda t: re.sub(r"^[“”\"「」]([^“”\"「」]+)[“”\"「」]$", r"\1", t)  # noqa: E731
        # 并接受了支部党员民主评议: who is accepted as rater is the group, the verb is not part of it
        g = re.sub(r"^(?:并)?接受(?:了)?(?=[\u4e00-\u9fff]{2})", "", g)
        parts = re.split(r"(?<=[\u4e00-\u9fff”])和(?=[\u4e00-\u9fff\d“])", g)
        # A、B left as one: two groups when each part names people (党委…、直属党支部书记 is one)
        if len(parts) == 1:
            parts = re.split(r"、(?![^()]*\))", g)
        if len(parts) == 1:
            # 研会主席多位师生代表: a vague count after a role opens another group (how many is no part of it)
            vague = re.search(r"(?<=[\u4e00-\u9fff]{2})(?:多|数|若干)(?:位|名)(?=[\u4e00-\u9fff]{2})", g)
            if vague and _ROLE_END.search(clean_text(g[: vague.start()])) and _ROLE_END.search(clean_text(g)):
                parts = [g[: vague.start()], g[vague.end() :]]
        parts = [unquote(p) for p in parts]
        if len(parts) > 1 and all(_ROLE_END.search(clean_text(p)) for p in parts):
            split.extend(parts)
        else:
            split.append(unquote(g))
    out = []
    for g in split:
        # 党员代表作为评委: the role they rate in is no part of the group
        g = re.sub(
            r"(?<=[\u4e00-\u9fff]{2})(?:作为|担任|充当)(?:评委|评议人|评审|测评人)(?:会|组|团)?(?:成员)?$",
            "",
            g,
        )
        # 一位党委委员: one of the body's members names the kind of rater (a count of several stays: 14位书记)
        one = re.match(r"^(?:一|某)(?:位|名)(?=[\u4e00-\u9fff]{2})", clean_text(g))
        if one and _ROLE_END.search(clean_text(g)):
            g = g[one.end() :]
        # 我院全体在家院领导, 全院党务部门负责人: the body's own people, named without the possessive
        own = re.match(
            r"^(?:我院|本院|全院|我校|本校|全校|全局|我局|本局|全所|全公司)(?:全体|所有)?(?=[\u4e00-\u9fff]{2})",
            clean_text(g),
        )
        if own and _ROLE_END.search(clean_text(g)):
            g = g[own.end() :]
        # 由全体党委委员(进行测评): the preposition before the group is no part of it
        by = re.match(r"^由(?=[\u4e00-\u9fff]{2})", clean_text(g))
        if by and _ROLE_END.search(clean_text(g)):
            g = g[by.end() :]
        simple = clean_text(g)
        # 各位党委委员: “each of the” addresses the group, it is no part of its name
        if re.match(r"各位(?=[\u4e00-\u9fff]{2})", simple) and _ROLE_END.search(simple):
            g, simple = g[2:], simple[2:]
        # 100余名参会人员: about how many they were is no part of the group (14位基层党支部书记, exact, stays)
        count = re.match(r"^[\d一二三四五六七八九十百]+(?:余|多)(?:名|位|人)(?=[\u4e00-\u9fff]{2})", simple)
        if count and _ROLE_END.search(simple):
            g, simple = g[count.end() :], simple[count.end() :]
        if re.fullmatch(r"(?:所有|全体)(?:与会(?:相关)?|参会)?人员", simple):
            g = g[2:]
        elif re.fullmatch(r"与会评委", simple):
            g = g[2:]
        if clean_text(g) == "评委":
            named = _panel_named(doc)
            if named:
                out.extend(x for x in named if x not in out)
                continue
        out.append(g)
    # a clause's predicate read as a group (现场填写了《党支部书记…): no group of people
    kept = [g for g in out if not re.search(r"《|》|填写|根据|进行了|对照", clean_text(g))]
    return kept or out


# who the panel are, named before it: A、B和C担任评委, A和B组成评委团, A、B作为评委出席会议
_PANEL_OF = re.compile(
    r"(?:^|(?<=[,，。;；\n]))\s*(?:会上|同时|此外|另外|本次|此次)?[,，]?(?P<x>[^,，。;；:：\n]{2,80}?)(?:共同)?(?:担任|组成|作为|任)"
    r"(?:本次|此次)?(?:述职)?(?:评议|考核|测评)?评委(?:团|会|组)?"
)


def _panel_named(doc: _Doc) -> list[str] | None:
    """The groups a panel of 评委 is made of, when a clause names them (people named one by one stay 评委)."""
    for m in _PANEL_OF.finditer(doc.match):
        lead = re.match(r"(?:由|请|邀请|[\u4e00-\u9fff]{1,6}?(?:邀请|特邀))", m["x"])  # 学校邀请A、B担任评委
        a = m.start("x") + (lead.end() if lead else 0)
        count = _HEADCOUNT.search(m["x"])  # 由A、B等共11人组成评委: how many they were closes the list
        b = m.end("x") - (len(count.group()) if count else 0)
        b -= 1 if doc.match[b - 1 : b] == "等" else 0
        groups = _groups_of(doc, a, b)
        # every group a kind of people (副院长张一、辅导员李二以及…: people named one by one stay 评委)
        if groups and all(_ROLE_END.search(clean_text(x)) and not re.search(r"[、和及]", x) for x in groups):
            return groups
    return None
