"""A clause-level reading of who reported and how: counted noun phrases of secretaries (11位二级学院党总支书记,
5名党总支书记和2名直属党支部书记), the predicate that follows them up to the end of the sentence (…依次进行述职,
…进行了现场述职, …提交了书面述职报告), mode words inside the noun phrase (6位进行口头述职的…书记), totals over
everyone appraised (对28个党支部进行了民主测评, 所属8个党支部书记, 共19名), and lists of units or of
"unit + secretary + name" pairs with no number. Used by counts.py when its sentence patterns find nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.articles.text import NUM, _Doc
from etl.numerals import parse_int

_CLS = r"[个名位所家]"
# a counted noun phrase of reporters; the chain sums 5名A书记和2名B书记 / 16所区属高校和5所民办高校的党委书记
_REPORTERS = re.compile(
    r"(?P<chain>(?:" + NUM + _CLS + r"(?:(?!述职|汇报|报告|发言)[^。;；,，\d()]){1,20}?(?:[、和及与]|以及))*)"
    r"(?P<n>" + NUM + r")" + _CLS + r"(?P<np>[^。;；,，\d]{0,30}?)"
    r"(?P<head>书记|党组织负责人|负责人|党委书记|书记代表|党支部|支部|党总支|党委|党组织|单位|高校|院校|同志)"
)
# the count after its noun: 党支部书记代表6人作了现场述职, 二级学院党总支书记11人…, 现场述职的党支部书记共5名
_REPORTERS_AFTER = re.compile(
    r"(?P<np>(?:书面|现场|口头)?(?:述职)?(?:的)?[\u4e00-\u9fff()]{0,16}?(?:书记|负责人))(?:代表)?(?:共|共计|计)?"
    r"(?P<n>" + NUM + r")(?:人|名|位)(?![\u4e00-\u9fff]{0,2}(?:书记|党支部|党总支|支部))"
)
# 13名党支部书记和中层干部: secretaries and others, counted together (no count of secretaries)
WITH_OTHERS = r"(?:(?:副)?书记)?[和及与、][\u4e00-\u9fff]{0,6}?(?:干部|负责人|班子成员|院长|主任|处长|科长)"
_NOT_SECRETARY = re.compile(
    r"干部|班子|院长|主任|处长|科长|(?<!党组织)(?<!二级党组织)负责人|系\(|教师|党员(?!干部)|委员|代表(?!进行)"
)
_REPORT_VERB = re.compile(
    r"述职|汇报|报告|发言|登台|述责|书面交流|接受(?:了)?(?:现场)?(?:测评|评议|考评|考核)"
)
# what a secretary does in a report, summing up the year's work (回顾总结…成绩, 剖析…问题, 梳理问题短板)
_SUMMED_UP = re.compile(r"回顾|总结(?!讲话|发言|点评)|剖析|梳理|交流(?:了)?(?:做法|经验)")
_MODE_BEFORE = re.compile(r"(?:现场|口头|书面)(?:述职|汇报)[^,，。;；\d()]{0,6}?(?:为|是|有|共|包括)?$")
# the words of an appraisal's result (获评“好”等次, 被评为优秀): a grade given, no report made
RESULT_WORDS = r"获评|被评|评为|荣获"
_NOT_REPORTING = re.compile(
    r"(?:参加|出席|列席)(?:了)?(?:本次|此次)?(?:会议|大会|会)|参会|未|没有|不再|不用|无需"
    r"|只需|需要|须|应当|(?<!相)应(?!用)|将于|将要"  # a requirement or a plan is not a report that was made
    # a result of an appraisal (在…述职评议中获评“好”等次): who was rated so, not who reported
    r"|" + RESULT_WORDS
)
# a plan or a requirement, before the count (会议要求,…; 下一步,学院将组织…; 明年,…) or between it and its verb
# (…要在年底前完成述职, …都要进行述职): the reports were not made at this meeting
PLANNED_BEFORE = re.compile(
    r"(?:会议|大会|会上|并|同时|他|她|书记|党委|学校|学院)要求[,，::]?|下一步|明年|今后|来年|"
    r"将(?:于|要|在|组织|安排|开展|陆续|继续)|计划(?:于|在|安排|组织|开展)|拟(?:于|在|安排|组织)"
)
_CITED = re.compile(r"(?:按照|根据|对照|依照|遵照|落实|按|依据|结合)[^,，。;；]{0,12}$")


# 教师、学生党支部书记, 教工第一党支部书记: kinds of branch before the body word, not teachers or students counted
_BRANCH_KIND = re.compile(
    r"(?:教师|学生|教工|师生)(?=(?:[、和及与](?:教师|学生|教工|研究生|本科生|师生))*"
    r"(?:第[一二三四五六七八九十\d]+)?(?:党支部|支部|党总支))"
)


def not_secretaries(np: str, head: str, rx: re.Pattern) -> bool:
    """Whether a counted noun phrase (np before its head word) names others than secretaries by rx, the kinds of
    branch in it (教师、学生党支部) left out."""
    cleaned = _BRANCH_KIND.sub("", np + head)
    return bool(rx.search(cleaned[: len(cleaned) - len(head)]))


def planned_before(text: str) -> bool:
    """Whether a clause before a count states a plan or a requirement (会议要求,…; 下一步,…), not one it cites
    (按照学校要求,6位书记…述职)."""
    return any(not _CITED.search(text[: m.start()]) for m in PLANNED_BEFORE.finditer(text))


PLANNED_AFTER = re.compile(r"(?<![重主需首紧必只简纲])要(?![求点素闻])|将(?:于|要|在)|计划(?:于|在|安排)|拟")
# units named one by one right after a counted phrase (7个实习生党支部和临床医学学生党支部进行了书面述职)
NAMED_AFTER = re.compile(
    r"(?:(?:的)?(?:副)?书记)?(?:[和及与、](?!各|其他|其余|其它|全体|所有|部分|个别)[\u4e00-\u9fff()]{2,16}?"
    r"(?:党委|党总支|党支部|总支|支部)(?=[和及与、]|(?:的)?(?:副)?书记|进行|作|做|分别|依次|先后|提交|以|采|通过|现场|书面|口头|述职|汇报))+"
)
UNIT_SEP_AFTER = re.compile(r"[和及与、]")
CLASS_AFTER = re.compile(
    r"(?:(?:的)?(?:副)?书记)?[和及与、](?:各|其他|其余|其它|全体|所有|部分)[\u4e00-\u9fff]{0,8}?(?:党委|党总支|党支部|总支|支部)"
    r"(?=(?:的)?(?:副)?书记|进行|作|做|分别|依次|先后|提交|现场|书面|口头|述职|汇报)"
)


# the standard a report is measured against (对标“…要做到…”的要求, 按照…要求): quoted words, not a plan
_STANDARD = re.compile(r"“[^”。]{0,80}”|(?:对标|对照|按照|根据|围绕)[^,，。;；]{0,60}?(?:的)?要求")


def _standard_masked(pred: str) -> str:
    return _STANDARD.sub(lambda m: "　" * len(m.group()), pred)


# what a count of "方面" or a verb in the noun phrase shows: the number counts something other than reporters
_NOT_REPORTERS_NP = re.compile(
    r"^(?:方面|项|条|次|点|批|轮|届|环节|部分|维度|重点|任务|字|句|词)|听取|认真|督导|(?<!党)组(?!织)"
)
_WRITTEN = re.compile(r"书面")
_ONLINE = re.compile(r"线上|网络")
_ONLINE_MODE = re.compile(r"(?:线上|网络|视频)(?:述职|会议|方式|形式)")
_VAGUE = re.compile(r"(?:约|近|超过|逾|大约|将近)$")
_ALL_WORDS = re.compile(r"所属|下属|下辖|下设|全院|全校|所有|全部|全体|全[部处局队厂馆所]")
# the convener's own units, counted as units: 我院41个党支部的书记, 生科院10个学生党支部的支部书记, and kind by kind
# 学院2个教工党支部、1个学生党支部的3位书记 — all its units of that kind (学院六位党支部书记 counts people: not all)
_OWNER = r"(?:[我本全][院室馆校所处部局]|(?:学院|医院|[科工理文医]院|中心|学部|图书馆))"
_OWN_UNITS_BEFORE = re.compile(
    _OWNER
    + r"(?P<chain>(?:"
    + NUM
    + r"个[^、和及与的,，。;；\d]{0,8}?(?:党支部|支部|党总支)[、和及与])*"
    + NUM
    + r"个[^、和及与的,，。;；\d]{0,8}?(?:党支部|支部|党总支))的$"
)
_OWN_HEAD = re.compile(r"^的(?:党支部|支部|党总支)?(?:副)?书记")
_REST_AFTER = re.compile(r"其余|其他|另有|另外|余下|剩余")
_RATED = re.compile(
    # 进行了满意度测评, 开展了年度考核: a word or two naming the kind of rating may come between
    r"(?:进行|开展|作|组织)(?:了)?(?:(?!述职|点评)[\u4e00-\u9fff]){0,5}?(?:评议|测评|考核|评价|打分|投票|评分)"
)
# who was appraised, as against who spoke: 参加此次述职评议的…, 述职评议对象, 参评的…
_APPRAISED_WHO = re.compile(
    r"(?:参加|参与)[^。,，;；]{0,12}?(?:评议|考核|测评)(?!会)|(?:评议|考核|测评)对象|参评"
)


@dataclass
class Reading:
    onsite: int | None = None
    written: int | None = None
    total: int | None = None
    onsite_pos: int | None = None
    written_pos: int | None = None
    total_pos: int | None = None
    written_all: bool = False  # 均进行了书面述职: every unit wrote, so written is also the total
    written_sum: bool = False  # written groups in separate clauses of one sentence, added up
    total_rated: bool = False  # the total is who was rated (对N个…进行了测评): maybe the reporters again
    onsite_is_total: bool = (
        False  # everyone appraised and the secretaries as a class reported: onsite = total
    )
    everyone: list[tuple[int, int]] = field(
        default_factory=list
    )  # all there are (所属12个…书记): (value, pos)


def _sum(chain: str, n: str) -> int | None:
    values = [parse_int(x) for x in re.findall(NUM + r"(?=" + _CLS + r")", chain)] + [parse_int(n)]
    return None if any(v is None for v in values) else sum(values)


def _sentence_rest(doc: _Doc, pos: int) -> str:
    _, end = doc.sent_at(pos)
    return doc.match[pos:end]


def _own_units(text: str, m: re.Match, rest: str, value: int) -> bool:
    """Whether a counted phrase counts the convener's own units as units (我院41个基层党支部的支部书记; 学院2个教工
    党支部、3个学生党支部的5位书记): then it is all of them, unless the sentence goes on to a rest (其余…)."""
    if _REST_AFTER.search(rest):
        return False
    lead = text[max(0, m.start() - 60) : m.start()]
    lead = re.split(r"[。;；,，:：\n]", lead)[-1]
    if m["head"] in ("党支部", "支部", "党总支") and _OWN_HEAD.match(rest):
        return bool(re.search(_OWNER + "$", lead))
    own = _OWN_UNITS_BEFORE.search(lead)
    return bool(own) and _sum(own["chain"], "0") == value if own else False


def read_reporters(doc: _Doc) -> Reading:
    """Counts of secretaries who reported, by mode, and totals of everyone appraised, clause by clause."""
    r = Reading()
    text = doc.match
    both_modes = False
    again_counts: list[
        tuple[int, int]
    ] = []  # 对三位书记的述职进行了测评: the reporters counted after the fact
    structural: list[tuple[int, int]] = []  # (value, pos) of "all of them" counts
    attending: list[tuple[int, int]] = []  # (value, pos) of secretaries counted as attending the meeting
    for m in _REPORTERS.finditer(text):
        if not_secretaries(m["np"], m["head"], _NOT_SECRETARY) or text[max(0, m.start() - 1) : m.start()] in (
            "第",
            "每",
            "逐",
            "“",
        ):
            continue
        if re.search(r"[“”\"「」『』《》]", m["np"]):  # “七个有力”要求: a slogan, not a count of people
            continue
        if _NOT_REPORTERS_NP.search(m["np"]):  # 八个方面向支部…述职, 10个督导组认真听取…述职
            continue
        value = _sum(m["chain"], m["n"])
        if value is None or value == 0 or _VAGUE.search(text[max(0, m.start("n") - 2) : m.start("n")]):
            continue  # 约20位: an amount, not a count
        before = text[max(doc.sent_at(m.start())[0], m.start() - 12) : m.start()]
        rest = _sentence_rest(doc, m.end())
        rest = re.sub(
            r"^\([^()]*\)", lambda p: "　" * len(p.group()), rest
        )  # 十一个支部(五个…和六个…)进行了…
        if re.match(WITH_OTHERS, rest):
            continue  # 13名党支部书记和中层干部进行现场述职: secretaries and others, counted together
        if CLASS_AFTER.match(rest):
            continue  # 3个教工党支部和各学生党支部: a class joined to the count, the number not said
        if (after := NAMED_AFTER.match(rest)) and not re.search(
            NUM + _CLS + r"|来自|来源于", after.group() + m["np"]
        ):
            value += len(
                UNIT_SEP_AFTER.findall(after.group())
            )  # 7个实习生党支部和临床医学学生党支部: one more
        if re.match(r"(?:(?:党支部|支部|党组织)?(?:书记|负责人))?中[,，]?(?:有|的)?" + NUM + _CLS, rest):
            continue  # 20个党支部中有6个…述职: the whole, of which a part reported (counts.py reads it)
        nxt = _REPORTERS.search(rest)  # the predicate ends where the next counted phrase begins
        pred = rest[: nxt.start()] if nxt else rest
        # 6位书记围绕…、…、…等情况进行现场述职: a topic complement may run long before its verb
        topic = re.match(r"[^,，;；]{0,6}?(?:围绕|就|从|结合|对照)", pred)
        pred = pred[: 320 if topic else 160]
        everyone = bool(_ALL_WORDS.search(before[-6:] + m["np"])) or _own_units(text, m, rest, value)
        s_start = doc.sent_at(m.start())[0]
        lead_in = text[s_start : m.start()]
        if re.search(r"的(?:共有|共计|共|有|为|是)$", lead_in) and _APPRAISED_WHO.search(lead_in):
            if r.total is None:  # 参加本次述职评议的共有8个支部书记: everyone appraised
                r.total, r.total_pos = value, m.start()
            continue
        to_span = text[max(s_start, m.start() - 40) : m.start()]
        if re.search(r"对(?![象于照标接外话])[^。;；]{0,40}$", to_span) and not re.search(
            # 根据…对…述职测评的工作要求,学院五个党支部…: the 对 of a cited requirement, closed before the count;
            # 对82所高校…进行了评议,其中20所…: the 对 phrase had its verb, a new clause counts
            r"(?:要求|部署|安排|通知|精神|规定|办法|(?:评议|测评|打分|评分|点评|评价|考核)(?:工作)?)[,，][^对]*$",
            to_span.rpartition("对")[2],
        ):
            rated = _RATED.search(pred[:40])
            again = _REPORT_VERB.search(text[max(s_start, m.start() - 40) : m.start()].rpartition("对")[2])
            if rated and not _REPORT_VERB.search(pred[: rated.start()]) and not again and r.total is None:
                r.total, r.total_pos = value, m.start()  # 对28个党支部进行了民主测评: everyone appraised
                r.total_rated = True
            # 对六位书记的述职进行测评, 对6个支部述职情况逐一进行点评
            elif not again and re.match(
                r"(?:(?:副)?书记)?(?:的(?:现场)?(?:述职|汇报|发言)|(?:的)?(?:现场)?(?:述职|汇报)(?:情况|报告|内容))",
                pred,
            ):
                again_counts.append((value, m.start()))
            continue  # 对六位书记的述职进行测评: the reporters again, already counted
        verb_in_np = _REPORT_VERB.search(m["np"]) or _MODE_BEFORE.search(before)
        verb = verb_in_np or _REPORT_VERB.search(pred)
        if verb is None and not re.search(r"参会|参加|出席|列席", pred[:30]):
            verb = _SUMMED_UP.search(pred)  # 八位书记…回顾总结了支部的成绩,剖析了问题: that is their report
        if everyone:
            structural.append((value, m.start()))
        if verb is None:
            # …及8个支部书记参加。: attending, the clause ending on 参加 (the meeting understood)
            if re.search(
                r"参会|参加(?:了)?(?:本次|此次)?(?:会议|大会)|出席(?:了)?(?:会议|大会)|(?:参加|出席)(?:了)?(?=$|[。,，;；])",
                pred[:30],
            ):
                attending.append((value, m.start()))  # 4个支部书记及各支部支委参会
            continue
        clause_end = re.search(r"[,，]|$", pred[verb.end() :])  # the mode words of the clause the verb is in
        lead = (m["np"] + verb_in_np.group()) if verb_in_np else pred[: verb.end() + clause_end.start()]
        if _NOT_REPORTING.search(lead) and not verb_in_np:
            continue
        if planned_before(text[s_start : m.start()]) or PLANNED_AFTER.search(
            _standard_masked(pred[: verb.start()])
        ):
            continue  # 会议要求,12名书记要在年底前完成述职: not a report made
        if (
            _ONLINE.search(lead)
            or _ONLINE_MODE.search(text[slice(*doc.sent_at(m.start()))])
            and "现场" not in lead
        ):
            continue
        if re.search(r"参加|参与", lead) and re.match(r"(?:评议|考核|测评)", pred[verb.end() :]):
            if r.total is None:  # 25个基层党组织书记参加了述职评议: everyone appraised, not who spoke
                r.total, r.total_pos = value, m.start()
            continue
        if _WRITTEN.search(lead) and re.search("(?:现场|口头)(?:述职|汇报|报告)|相结合", lead):
            if r.total is None:  # 15位书记述职采取书面述职和现场述职的形式: everyone, both modes
                r.total, r.total_pos = value, m.start()
                both_modes = True  # how many in each mode is not said: the class reporting is not all on site
            continue
        if _WRITTEN.search(lead):
            if r.written is None:
                r.written, r.written_pos = value, m.start()
                r.written_all = bool(re.search(r"均|全部|都", lead))
            elif doc.sent_at(m.start()) == doc.sent_at(r.written_pos) and m.start() > r.written_pos:
                r.written += value  # 其余25所…书面述职,7所独立学院…作书面述职: two groups in one sentence
                r.written_sum = True
            continue
        if r.onsite is None:
            r.onsite, r.onsite_pos = value, m.start()
            if everyone and r.total is None:
                r.total, r.total_pos = value, m.start()
    if r.onsite is None or r.written is None or r.total is None:
        for m in _REPORTERS_AFTER.finditer(text):
            s_end = doc.sent_at(m.start())[1]
            value = parse_int(m["n"])
            if (
                value is None
                or _NOT_SECRETARY.search(m["np"])
                or _VAGUE.search(text[max(0, m.start("n") - 2) : m.start("n")])
            ):
                continue
            rest = text[m.end() : s_end]
            clause = re.match(r"[^,，;；]*", rest).group()
            mode_np = re.search(r"(?:现场|口头|书面)(?:述职|汇报)", m["np"])
            verb = _REPORT_VERB.search(clause)
            if not (mode_np or verb) or _NOT_REPORTING.search(clause[: verb.start()] if verb else clause):
                continue
            lead = m["np"] + clause
            if (
                _ONLINE.search(lead)
                or re.search(r"参加|参与", clause)
                and re.search(r"评议|考核|测评", clause)
            ):
                continue
            if _WRITTEN.search(lead) and not re.search(r"(?:现场|口头)(?:述职|汇报)", lead):
                if r.written is None:
                    r.written, r.written_pos = value, m.start()
            elif r.onsite is None or r.onsite == value:
                r.onsite, r.onsite_pos = value, (m.start() if r.onsite is None else r.onsite_pos)
                s_start = doc.sent_at(m.start())[0]
                if _ALL_WORDS.search(text[s_start : m.start("n")]) and r.total is None:
                    r.total, r.total_pos = value, m.start()  # 全院所有…书记共11人参加述职: all of them
    # 各党支部书记逐一述职,共计十一人: the reporters counted after the fact
    if r.onsite is None:
        for m in re.finditer(r"(?:共|共计|合计|总计)(?P<n>" + NUM + r")(?:人|位|名)", text):
            s_start, s_end = doc.sent_at(m.start())
            s = text[s_start:s_end]
            if _REPORT_VERB.search(s) and not _WRITTEN.search(s) and len(re.findall(NUM + _CLS, s)) <= 1:
                if _APPRAISED_WHO.search(text[s_start : m.start()]):
                    if r.total is None:  # 参加此次述职评议的党组织书记共16名: everyone appraised
                        r.total, r.total_pos = parse_int(m["n"]), m.start()
                    continue
                r.onsite, r.onsite_pos = parse_int(m["n"]), m.start()
                if _ALL_WORDS.search(text[s_start : m.start()]) and r.total is None:
                    r.total, r.total_pos = r.onsite, m.start()  # 全院所有书记逐一述职,共计11人: all of them
                break
    # a structural count (全院48个…书记, 共设置21个党支部) is the total when as many reported on site
    for value, pos in structural:
        if r.onsite == value and r.total is None:
            r.total, r.total_pos = value, pos
    for m in [*STRUCTURE.finditer(text), *_INVENTORY.finditer(text)]:
        value = parse_int(m["n"] or m["n2"])
        if _REPORT_VERB.search(re.match(r"[^,，;；。]*", text[m.start() :]).group()):
            continue  # 共有13个二级党组织书记现场述职 counts reporters, not the units there are
        if value is not None and r.onsite == value and r.total is None:
            r.total, r.total_pos = value, m.start()
    # everyone appraised (or all there are: 下属8个党支部书记参加会议), and the secretaries as a class reported in
    # turn: all of them reported on site
    # (a count of those attending, with the class reporting, is who reported — but not all there are)
    everyone_at = (r.total, r.total_pos) if r.total is not None else (structural[0] if structural else None)
    from_inside = None  # where, inside its sentence, an inventory ends: the reporting may follow it there
    if everyone_at is None and not attending:
        everyone_at = _inventory(doc)  # 下设1个教工党支部和8个师生联合党支部 … 各党支部书记…汇报: all nine
        from_inside = everyone_at[1] if everyone_at else None
    only_attending = everyone_at is None and len(attending) == 1
    everyone_at = everyone_at or (attending[0] if only_attending else None)
    if everyone_at is not None and r.onsite is None and r.written is None and not both_modes:
        for start, end in doc.sents:
            if from_inside is not None and start <= from_inside < end:
                start = from_inside  # 学院共有教工支部7个,学生支部9个,各党支部书记逐一进行了述职
            elif start <= (everyone_at[1] or 0):
                continue
            s = text[start:end]
            every = re.search(r"各[^。,，;；]{0,12}书记[^。]{0,80}?(?:述职|汇报)", s) or re.search(
                r"书记[^。]{0,40}?(?:依次|逐一|分别|轮流|先后)[^。]{0,60}?(?:述职|汇报)", s
            )
            # “七个有力”, (…〔2021〕31号), 从四个方面: no counts of units
            unquoted = re.sub(
                r"“[^”]{0,12}”|\([^()]{0,40}\)|" + NUM + r"个(?:方面|环节|部分|维度|角度)", "", s
            )
            # 书记代表依次述职, 部分书记…: some of them, not every one
            some = every and re.search(r"代表|部分|个别|抽取|抽签|抽选|推选|选派|择优", every.group())
            if every and not some and not re.search(r"书面|(?<![\d年])" + NUM + _CLS, unquoted):
                r.onsite, r.onsite_pos, r.onsite_is_total = everyone_at[0], start, True
                if r.total is None and not only_attending:
                    r.total, r.total_pos = everyone_at
                break
    if r.onsite is None and r.written is None and again_counts:
        # nothing else counts who reported: those whose reports were then rated or commented on are they
        r.onsite, r.onsite_pos = again_counts[0]
    r.everyone = structural
    return r


_PERSON = r"[^\W\d_a-zA-Z党委校院会部处组抓述职评议召举的了对和与及各书记]{2,3}"
# a unit with its secretary: X党支部书记张明, or with the name before the title, X党委张明书记
_PAIR = re.compile(
    # a unit's name may be long (毛泽东思想和中国特色社会主义理论体系概论教研室党支部); its secretary may be acting (代理书记)
    r"(?P<u>[\u4e00-\u9fff\d()“”]{2,32}?(?:党委|党总支|党支部|总支|支部))(?:(?:副|代理|代)?书记(?P<p>"
    + _PERSON
    + r")(?:同志)?|(?P<p2>"
    + _PERSON
    + r")(?:副)?书记(?:同志)?)"
)
# in an enumeration of such pairs, one may leave out the title (A党支部甲、B党支部书记乙): unit + name before a
# separator
_BARE_PAIR = re.compile(
    r"(?P<u>[\u4e00-\u9fff\d()“”]{2,20}?(?:党委|党总支|党支部|总支|支部))(?P<p>"
    + _PERSON
    # …or closing the enumeration before its verb (A党支部书记甲、B党支部乙分别进行述职)
    + r")(?=[、和及与]|分别|依次|先后|相继|进行|作了)"
)
_PLACE_END = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:学院|大学|医院|保健院|卫生院|学部|研究院|研究所|书院|中心|中学|小学|学校|公司|集团|局|站)$"
)
_UNIT_SUFFIX = re.compile(r"(党委|党总支|总支|党支部|支部|党工委|分党委)$")


def person_pairs(doc: _Doc) -> tuple[list[str] | None, int | None]:
    """An enumeration 教师第一党支部书记A、第二党支部书记B (unit + secretary + name) in a clause that reports:
    the units as written, and where it starts."""
    units, pos = _pairs_in_clauses(doc)
    longer, at = _pairs_across_commas(doc)
    if units and longer and len(longer) > len(units) and longer[: len(units)] == units:
        return longer, at  # A书记甲、B书记乙,C书记丙…依次述职: one enumeration, its separators mixed
    return (units, pos) if units else (longer, at)


def written_pairs(doc: _Doc) -> tuple[int | None, int | None]:
    """Secretaries named with their units who reported in writing (学生第二党支部书记陈某提交书面述职报告;
    A党支部书记甲、B党支部书记乙作书面述职): how many, and where."""
    text = doc.match
    for m in re.finditer(
        r"(?:提交|作|进行|采取|采用|通过|以|用)?(?:了)?(?:以)?书面(?:形式|方式)?(?:的形式|的方式)?(?:述职|汇报|报告)",
        text,
    ):
        s_start = doc.sent_at(m.start())[0]
        clause_start = max([s_start, *(i + 1 for i in range(s_start, m.start()) if text[i] in ",，;；:：")])
        clause = text[clause_start : m.start()]
        run = list(_PAIR.finditer(clause))
        if not run or run[-1].end() < len(clause) - 2 or run[0].start() > 4:
            continue
        if any(
            not re.fullmatch(r"[、和及与]|以及", clause[a.end() : b.start()])
            for a, b in zip(run, run[1:], strict=False)
        ):
            continue
        return len(run), m.start()
    return None, None


def _pairs_across_commas(doc: _Doc) -> tuple[list[str] | None, int | None]:
    """化学党支部书记A,物理党支部书记B,数学党支部书记C依次述职: pairs separated by commas alone."""
    text = doc.match
    for start, end in doc.sents:
        s = text[start:end]
        run: list[re.Match] = []
        for m in _PAIR.finditer(s):
            if run and not re.fullmatch(r"[,，、;；]|[,，]?(?:和|及|与|以及)", s[run[-1].end() : m.start()]):
                break
            if not run:
                lead = re.sub(r"^(?:会上|会议上|随后|首先|接着|其后|然后)+[,，]?", "", s[: m.start()])
                if lead.strip(",，、 "):
                    break
            run.append(m)
        if len(run) >= 2 and re.search(r"述职|汇报|报告|发言", s[run[-1].end() : run[-1].end() + 30]):
            return [doc.d(start + m.start("u"), start + m.end("u")) for m in run], start
    return None, None


def _pairs_in_clauses(doc: _Doc) -> tuple[list[str] | None, int | None]:
    text = doc.match
    for start, end in doc.sents:
        s = text[start:end]
        for clause in re.finditer(r"[^,，;；:：]+(?:[,，][、和及与][^,，;；:：]+)*", s):
            body = clause.group()
            pos = 0
            units = []
            first = None
            first_titled = False
            titled = 0
            while True:
                m = _PAIR.match(body, pos) if units else _PAIR.search(body, pos)
                bare = _BARE_PAIR.match(body, pos) if units or pos == 0 else None
                if bare and (not m or m.start() > bare.start()):
                    m = bare
                if not m:
                    break
                titled += m.re is _PAIR
                first_titled = m.re is _PAIR if first is None else first_titled
                first = m.start() if first is None else first
                units.append((start + clause.start() + m.start("u"), start + clause.start() + m.end("u")))
                pos = m.end()
                sep = re.match(r"[,，]?(?:[、和及与]|以及)", body[pos:])
                if not sep:
                    break
                pos += sep.end()
            tail = body[pos:] + text[start + clause.end() : end]
            # most pairs name the title, or the first does and one more leaves it out (A支部书记甲、B党支部乙)
            enough = titled * 2 > len(units) or titled * 2 == len(units) and first_titled
            if len(units) >= 2 and enough and re.search(r"述职|汇报|总结|报告|发言", tail):
                lead = re.sub(r"^(?:会上|会议上|随后|首先|接着|其后|然后)+", "", body[:first])
                if lead.strip(",，、 "):
                    continue
                return [doc.d(a, b) for a, b in units], start
    return None, None


def units_before(
    doc: _Doc, pos: int, expected: int | None, *, need_deng: bool = True, min_names: int = 2
) -> list[str] | None:
    """Unit names listed before a counted phrase (A党支部,B党支部,2017、2019级研究生党支部等4位…) back to the
    start of the list, as written; None unless they are all unit names (and as many as counted).
    With a count, a 和 that would make the list one too long joins two words of one name
    (办公室和实验室联合党支部): the list is read again split at its commas and 、 only."""
    names = _units_before(doc, pos, expected, need_deng=need_deng, min_names=min_names)
    if names is None and expected is not None:
        names = _units_before(doc, pos, expected, need_deng=need_deng, min_names=min_names, conj=False)
    return names


def _units_before(
    doc: _Doc, pos: int, expected: int | None, *, need_deng: bool, min_names: int, conj: bool = True
) -> list[str] | None:
    s_start, _ = doc.sent_at(pos)
    seg = doc.match[s_start:pos]
    cut = max(seg.rfind(ch) for ch in ";；:：")  # a list never runs across these
    if cut >= 0:
        s_start, seg = s_start + cut + 1, seg[cut + 1 :]
    if seg.endswith("等"):
        seg = seg[:-1]
    elif need_deng:
        return None
    parts = re.split(
        r"([,，、]|以及|和|及|与)" if conj else r"([,，、])", seg
    )  # text, sep, text, sep, …, text
    texts, seps = parts[0::2], [""] + parts[1::2]
    # 建筑与规划党支部, 材料科学与工程学院党委: a 与/和 after a word that names no unit joins two words of one name
    k = 0
    while k + 1 < len(texts):
        if (
            seps[k + 1] in ("和", "及", "与", "以及")
            and texts[k]
            and not _UNIT_SUFFIX.search(texts[k])
            and not _PLACE_END.search(texts[k])
            and re.fullmatch(r"[\u4e00-\u9fff]{1,8}", texts[k])
            and not re.search(r"书记|党|支部|总支|委", texts[k])
            and (k == 0 or seps[k] in ("、", ",", "，"))
            and _UNIT_SUFFIX.search(texts[k + 1])
        ):
            texts[k : k + 2] = [texts[k] + seps[k + 1] + texts[k + 1]]
            del seps[k + 1]
            continue
        k += 1
    starts, at = [], s_start
    for k, t in enumerate(texts):
        at += len(seps[k])
        starts.append(at)
        at += len(t)
    # A党支部书记和B党支部书记…: each name may carry its secretary's title, which is not part of the name
    for k in range(len(texts)):
        # … or its secretary's title and name (A党支部书记王某,B党支部书记李某等6位): the unit is what is listed
        person = (r"(?:" + _PERSON + r"(?:同志)?)?") if expected is not None else ""  # only in a counted list
        if (sec := re.search(r"(?:的)?(?:副)?书记" + person + "$", texts[k])) and _UNIT_SUFFIX.search(
            texts[k][: sec.start()]
        ):
            texts[k] = texts[k][: sec.start()]
        elif (
            expected is not None
            and (who := re.search(_PERSON + r"(?:同志)?$", texts[k]))
            and _UNIT_SUFFIX.search(texts[k][: who.start()])
            and who.start() > 0
        ):
            texts[k] = texts[k][
                : who.start()
            ]  # A党支部王某、B党支部李某等15位同志: a unit and its secretary's name
    names: list[tuple[int, int]] = []
    k = len(texts) - 1
    last = k
    any_shared = False
    while k >= 0:
        # A学院、B学院和C学院党委书记: the body word at the end is shared by the colleges before it
        shared = k < last and _PLACE_END.search(texts[k]) and _UNIT_SUFFIX.search(texts[last])
        any_shared = any_shared or bool(shared and not _UNIT_SUFFIX.search(texts[k]))
        if not (_UNIT_SUFFIX.search(texts[k]) or shared) or re.search(NUM + _CLS, texts[k]):
            break
        first = k
        # 2017、2019级研究生党支部: short pieces before "、" that are not names themselves belong to this one
        while (
            first >= 1
            and seps[first] == "、"
            and not _UNIT_SUFFIX.search(texts[first - 1])
            and not _PLACE_END.search(texts[first - 1])
            and re.fullmatch(r"[\d\u4e00-\u9fff]{1,6}", texts[first - 1])
        ):
            first -= 1
        names.append((starts[first], starts[k] + len(texts[k])))
        k = first - 1
    names.reverse()
    if any_shared and names and (suffix := _UNIT_SUFFIX.search(doc.match[names[-1][0] : names[-1][1]])):
        # …的 shared body word belongs to every name alike: the last one is named as the others are (C学院)
        if _PLACE_END.search(doc.match[names[-1][0] : names[-1][1] - len(suffix.group())]):
            names[-1] = (names[-1][0], names[-1][1] - len(suffix.group()))
    if (
        conj
        and expected is not None
        and 0 <= k < len(texts) - 1
        and seps[k + 1] in ("和", "及", "与", "以及")
    ):
        return None  # the list stops at a 和 (机关和后勤联合党支部): the word before it is part of the first name
    if names:  # lead words glued to the first name (会上,…; 首先由…) are not part of it
        a, b = names[0]
        lead = _LIST_LEAD.match(doc.match[a:b])
        if lead:
            names[0] = (a + lead.end(), b)
    if len(names) < min_names or expected is not None and len(names) != expected:
        return None
    if any(doc.match[a:b].count("(") != doc.match[a:b].count(")") for a, b in names):
        return None  # 基层党委(党总支、直属党支部)书记: kinds of body in parentheses, not a list of units
    if any(_KIND_OF_BODY.fullmatch(doc.match[a:b]) or _NOT_A_NAME.search(doc.match[a:b]) for a, b in names):
        return None  # 召开2023年度党总支部、党支部书记述职…: kinds of body, not the units' names
    if any(_CLASS_OF_UNITS.match(doc.match[a:b]) for a, b in names):
        return None  # 各教研室党支部, 其他党支部: a class of units, not one unit's name (their number is not said)
    return [doc.d(a, b) for a, b in names]


_CLASS_OF_UNITS = re.compile(r"各|其他|其它|其余|所有|全体|部分|个别|余下|剩余")


# how many units there are (共设置21个党支部, 全校共有二级党组织24个, 下设研究生党支部11个)
STRUCTURE = re.compile(
    r"(?:共设置|共设|设有|下设|共有|现有)(?:(?P<n>"
    + NUM
    + r")个(?:[\u4e00-\u9fff]{0,4}?)(?:党支部|党总支|二级党组织|基层党组织)"
    # 下设研究生党支部11个: a kind of branch may stand before the body word
    r"|[\u4e00-\u9fff]{0,6}?(?:党支部|党总支|二级党组织|基层党组织)(?P<n2>" + NUM + r")个)"
)
# the branches a body has, kind by kind (下设1个教工党支部和8个师生联合党支部; 共有教工支部7个,学生支部9个)
_BRANCH_OF_KIND = r"[\u4e00-\u9fff]{0,6}?(?:党支部|支部|党总支)"
_INVENTORY_KINDS = re.compile(
    r"(?:共设置|共设|设有|下设|下辖|共有|现有)(?:党支部|支部)?[::]?"
    r"(?P<list>"
    + NUM
    + r"个"
    + _BRANCH_OF_KIND
    + r"(?:[和、及与,，]"
    + NUM
    + r"个"
    + _BRANCH_OF_KIND
    + r"){0,4}"
    r"|" + _BRANCH_OF_KIND + NUM + r"个(?:[和、及与,，]" + _BRANCH_OF_KIND + NUM + r"个){0,4})"
)


def _inventory(doc: _Doc) -> tuple[int, int] | None:
    """How many branches the body has, summed over the kinds listed, when the sentence says nothing else (no one
    reporting in it): (value, pos) of the first such inventory."""
    text = doc.match
    for m in _INVENTORY_KINDS.finditer(text):
        clause = re.match(r"[^,，。;；]*", text[m.end() :]).group()
        if _REPORT_VERB.search(clause) or "书记" in m["list"]:
            continue  # 共有13个二级党组织书记现场述职 counts reporters
        values = [parse_int(n) for n in re.findall(NUM + r"(?=个)", m["list"])]
        if values and all(v for v in values):
            return sum(values), m.end() - 1  # the reporting may follow in the same sentence
    return None


# the convener's own organs listed (这一年我室机关党委筹备组和8个在职党支部…): all the units it has
_INVENTORY = re.compile(
    r"[我本][室院馆处部局所](?:[^。,，;；\d]{0,12}?[和及、])?(?P<n>"
    + NUM
    + r")个(?P<n2>)[\u4e00-\u9fff]{0,4}?"
    r"(?:党支部|党总支)(?!的|书记|[\u4e00-\u9fff]{0,2}书记)"
)
_KIND_OF_BODY = re.compile(r"(?:各|基层|直属|所属)*(?:党总支部|党总支|党支部|支部|党委|总支|二级党委|分党委)")
# a verb or a preposition inside a "name" shows a clause, not a unit (各支部书记向院党委)
_NOT_A_NAME = re.compile(r"召开|举行|举办|开展|年度|组织召开|[向对在为把被从]")
_LISTED = re.compile(
    r"(?:党委|党总支|总支|党支部|支部)(?P<deng>等)?(?:单位)?(?:的)?(?:(?:副)?书记)?(?=(?P<pred>[^。;；:：\n]{0,60}))"
)


# bodies named one by one (县一中、弘扬中学、集兵镇学区; 市人民医院、市疾控中心、市红十字会): the kinds of body a
# name ends with, outside a university's own units
_BODY_END = re.compile(
    r"(?:学校|中学|小学|高中|幼儿园|学区|中心|医院|卫生院|保健院|研究院|研究所|所|站|局|委|办|会|队|公司|集团|厂|馆|社|院"
    r"|监狱|机关|镇|乡|街道|村|庭|处|[一二三四五六七八九十\d]中)$"
)
# words glued to the first name of a list (会上,…; 首先由…; 当天,…), no part of it
_LIST_LEAD = re.compile(
    r"^(?:会上|会议上|当天|随后|首先|其后|接着|然后|其中|由|包括|分别是|分别为|依次是|即)+"
)
# the secretaries of bodies listed before them: 党组织书记, 党委书记, 主要负责人
_BODY_SECRETARIES = re.compile(
    r"(?:的)?(?:党组织|党委|党总支|党支部|支部|总支)?(?:(?:副)?书记|主要负责人)(?=(?P<pred>[^。;；:：\n]{0,60}))"
)


def bodies_before(doc: _Doc, pos: int, expected: int | None = None) -> list[str] | None:
    """Bodies named one by one before pos, back to the start of their clause (A、B、C和D): as written, when every
    piece is a body's name — as many as counted, or at least three when nothing counts them."""
    text = doc.match
    s_start, _ = doc.sent_at(pos)
    start = max([s_start, *(i + 1 for i in range(s_start, pos) if text[i] in ",，;；:：")])
    seg = text[start:pos]
    if seg.endswith("等"):
        seg = seg[:-1]
    lead = _LIST_LEAD.match(seg)
    off = start + (lead.end() if lead else 0)
    seg = seg[lead.end() :] if lead else seg
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[^、和及]+", seg)]
    if not 2 <= len(pieces) <= 30 or re.search(r"[和及]", seg) and not re.search(r"、", seg):
        return None
    for a, b in pieces:
        piece = seg[a:b]
        if not re.fullmatch(r"[\u4e00-\u9fff\d()]{2,18}", piece) or _NOT_A_NAME.search(piece):
            return None
        if not (_BODY_END.search(piece) or _UNIT_SUFFIX.search(piece)) or _KIND_OF_BODY.fullmatch(piece):
            return None
    if expected is not None and len(pieces) != expected or expected is None and len(pieces) < 3:
        return None
    return [doc.d(off + a, off + b) for a, b in pieces]


def all_listed_reporters(doc: _Doc) -> list[tuple[str, list[str], int]]:
    """Every listing of units with no number, in order: A、B党支部书记口头述职,C、D党支部书记书面述职 gives an
    on-site and a written one."""
    text = doc.match
    found: list[tuple[str, list[str], int]] = []
    for m in _LISTED.finditer(text):
        pred = m["pred"]
        verb = _REPORT_VERB.search(pred)
        if not verb or _NOT_REPORTING.search(pred[: verb.start()]) or _ONLINE.search(pred[: verb.end()]):
            continue
        # A、B等… lists only some (等) and counts nothing; a list that goes on, or a count that follows, is read
        # elsewhere (the counted phrases)
        if m["deng"] or re.match(r"[、,，和及与]", pred) or re.search(NUM + _CLS, pred[: verb.start()]):
            continue
        end = m.start() + len(re.match(r"党委|党总支|总支|党支部|支部", text[m.start() :]).group())
        mode = "written" if _WRITTEN.search(pred[: verb.end()]) else "onsite"
        units = units_before(doc, end, None, need_deng=False)
        if not units and found and found[-1][0] != mode and found[-1][2] == doc.sent_at(m.start())[0]:
            # A、B党支部书记现场述职,C党支部书记书面述职: one unit, set against a listing of the other mode
            units = units_before(doc, end, None, need_deng=False, min_names=1)
        if not units:
            continue
        found.append((mode, units, doc.sent_at(m.start())[0]))
    # bodies of their own listed with their secretaries (县一中、县三中、弘扬中学党组织书记作现场口头述职)
    for m in _BODY_SECRETARIES.finditer(text):
        pred = m["pred"]
        verb = _REPORT_VERB.search(pred)
        if not verb or _NOT_REPORTING.search(pred[: verb.start()]) or _ONLINE.search(pred[: verb.end()]):
            continue
        if re.match(r"[、,，和及与]", pred) or re.search(NUM + _CLS, pred[: verb.start()]):
            continue
        if any(pos == doc.sent_at(m.start())[0] for _, _, pos in found):
            continue  # read above, as units
        units = bodies_before(doc, m.start())
        if units:
            mode = "written" if _WRITTEN.search(pred[: verb.end()]) else "onsite"
            found.append((mode, units, doc.sent_at(m.start())[0]))
    return found
