"""Who convened the meeting, at what level, and which institution it names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.articles.text import _Doc, _prepare
from etl.normalize import clean_text

# ---------------------------------------------------------------- convener, institution, level

_LEAD = re.compile(
    r"^(?:(?:根据|按照|为了?|在|由|经|近日|日前|近期|今天|昨天|当天|会上|会议上|随后|此外|同时|这是今年|这是|今年|\d{4}年(?!度))?"
    r"(?:\d{1,2}月\d{1,2}[日号](?:和\d{1,2}月\d{1,2}[日号])?)?(?:上午|下午|晚上|晚|早上)?"
    r"(?:\d{1,2}[时点](?:\d{1,2}分)?|[一二三四五六七八九十]+点半?)?)+"
)
_PRONOUN = re.compile(
    r"^(我校|我院|本校|本院|该院|该校|全校|学校|学院|医院|机关|校(?!部|机关|医院|友|办|属)"
    # a body outside universities speaking of itself (我局召开…, 公司召开…)
    r"|我局|本局|该局|我委|本委|我所|本所|该所|我镇|本镇|该镇|我中心|本中心|我公司|本公司|该公司|公司|集团公司|集团"
    r"|我市|本市|我县|本县|我区|本区|局(?=在|于|召开|举行|组织))"
    r"(?=党委|党总支|\d|召开|举行|开展|于|在|各|[\u4e00-\u9fff])"
)
# a meeting's quoted name between its convener and 会议召开 (X机关党委“双述双评”会议召开)
_QUOTED_MEETING = r"[“\"][^”\"]{1,12}[”\"](?:工作)?(?:会议|大会|会)?(?:召开|举行)"
_ORG = re.compile(
    r"^(?P<tok>[\u4e00-\u9fff()]{2,30}?(?:大学|学院|医院|保健院|卫生院|卫生中心|医疗中心|医学中心|学校|中学|小学|研究院|研究生院|医学部|学部|书院|校区|机关|系|工委|教育厅|教委|教育局|公司|集团|科院|(?<![我本该全学])校|卫健委|卫生健康委(?:员会)?|卫计委)(?:\([\u4e00-\u9fff]{2,8}\))?)"  # X大学(南校区), X大学(华东)
    # 机关党委 after a commission's or a school's name is its committee; a university's 机关党委 is a unit of it
    r"(?P<lvl>(?<![学院])机关党委|党委|党总支|党工委|分党委|直属党支部|党支部|党组)?"
    r"(?=各|\d|年度|于|在|召开|举行|开展|组织|对|主办|$|" + _QUOTED_MEETING + r")"
)
# any other body with a Party committee (X大队党委, X研究所党委, X局党委): named by its committee, whatever its kind
_ORG_ANY = re.compile(
    r"^(?P<tok>[\u4e00-\u9fff()]{2,16}?)(?P<lvl>党委|党总支|(?<![党第])总支|党工委|分党委|分党组|党组)"
    r"(?=各|\d|年度|于|在|召开|举行|开展|组织|对|主办|按照|根据|结合|认真)"
)
# a body of government or research outside any university, named with its place or its academy: a bureau
# (万源市卫生健康局, 省机关事务管理局), a commission (市卫健委, 区农委), a centre of a district or a research centre
# (武进区机关事务管理中心, 生态环境研究中心), an institute (成都山地所, 中国科学院X研究所), a town (X县X镇), a
# subdistrict's school (X街道中心学校) — with its committee, if any, and an aside (以下简称中心) after its name
# kinds of body outside universities: with a place in the name (青禾市图书馆, 市疾控中心) or, for the kinds no
# university has inside it (机场, 监狱, 银行), without
_OWN_KINDS = (
    r"机场|监狱|铁路局|银行|分行|支行|农场|林场|发电厂|电厂|报社|日报社|电视台|广播电视台|供电局|烟草局"
)
_PLACE_KINDS = (
    r"博物馆|图书馆|纪念馆|文化馆|科技馆|美术馆|档案馆|支队|大队|总队|合作社|供销社|信用社|厂|红十字会|妇联|总工会|科协|文联|侨联"
    r"|工商联|残联|[\u4e00-\u9fff]{2,8}中心|血站|中专|职业中专|技工学校|人大常委会机关|人大常委会|政协机关|政协|设计研究院|设计院"
    r"|研究院|管委会|办事处|[\u4e00-\u9fff]{2,6}院"
)
_BODY_KINDS = _OWN_KINDS + "|" + _PLACE_KINDS
_GOV = re.compile(
    r"^(?P<tok>(?:中国科学院|中科院)?[\u4e00-\u9fff]{1,24}?"
    r"(?:局|(?<![团纪党工])委|委员会|厅|办公室|管理中心|事务中心|服务中心|研究中心|(?<=科院|学院)[\u4e00-\u9fff]{1,6}中心"
    r"|中心学校|中心校|研究所|所|镇|乡|街道|系统|(?<![\u4e00-\u9fff]{5})[一二三四五六七八九十]中"
    # courts, procuratorates, customs; a national centre (国家X评估中心)
    r"|法院|检察院|检察分院|(?<=[\u4e00-\u9fff]{2})(?:中院|高院)|海关|(?<=^国家)[\u4e00-\u9fff]{1,12}?中心|(?<=^国家[\u4e00-\u9fff]{2})[\u4e00-\u9fff]{1,10}?中心"
    # bodies of a place by kind (a city's library, centre, bank, airport, people's organisations)
    r"|" + _BODY_KINDS + r"))"
    r"(?:\(以下简称[\u4e00-\u9fff]{1,8}\))?"
    # a second name in brackets, the same body (四川省地方电力局(四川省河湖保护局)): part of the name as written
    r"(?P<alias>\([\u4e00-\u9fff]{2,16}(?:局|委|厅|办|中心|院|会)\))?"
    r"(?P<lvl>机关党委|党委|党组|党总支|机关)?"
    r"(?=各|\d|年度|于|在|召开|举行|开展|组织|对|按照|根据|结合|认真|" + _QUOTED_MEETING + r")"
)
# a place in a body's name (松岭市, 青禾区, X镇) — not a university's own campus or quarter (南校区, 园区, 社区)
_PLACE = re.compile(r"^(?:中国科学院|中科院)|[省市县州旗盟镇乡]|(?<![校园小社片景病学])区|街道")


def _gov_body(tok: str) -> bool:
    """A name that is a body of its own outside universities (a place's bureau, an academy's institute)."""
    if re.search(r"大学|学院|医院|学校(?!$)|党|述职|评议|会议|年度|组织部|宣传部", tok) or _SPAM.search(tok):
        return False
    if re.search(r"(?:法院|检察院|检察分院|中院|高院|海关|" + _OWN_KINDS + r")$", tok) or re.match(
        r"^(?:国家|中央)[\u4e00-\u9fff]{2,}", tok
    ):
        # a court, a procuratorate, a customs house, a national body: its own, wherever it is
        return len(tok) >= 4 and not re.match(r"^(?:我|本|该|全|各|关于|根据|按照)", tok)
    if re.search(r"(?:研究所|研究中心|所)$", tok):
        return len(tok) >= 3 and not re.match(r"^(?:我|本|该|全|各|研究|派出|事务)", tok)
    if re.search(r"(?:镇|乡|街道|[一二三四五六七八九十]中)$", tok) or re.search(r"科院|科学院|研究院", tok):
        # a town is a place (曹武镇); an academy's centre or institute is its own (中国林科院热林中心)
        return len(tok) >= 3 and not re.match(r"^(?:我|本|该|全|各|城|乡)", tok)
    return bool(_PLACE.search(tok[:-1])) and not re.match(r"^(?:我|本|该|全|各|关于|根据|按照)", tok)


# words that make a phrase no body's name (大队党委 alone, 全体党委, 关于党委)
# words a spam mirror puts where a body's name was (皇冠体育官网党委, 必威学院): the name is lost
_SPAM = re.compile(
    r"官网|官方网站|体育(?:投注|平台|下载|网址|直播|app)|娱乐|彩票|棋牌|博彩|赌|真人|电竞|澳门|葡京|威尼斯人|皇冠|永利|金沙|必威|亚博|开云|半岛|乐鱼|华体会|"
    r"米乐|九游|爱游戏|星空|登录|注册|入口|网页版|手机版|客户端|官方|下载|[A-Za-z0-9]{3,}"
)
_NOT_BODY = re.compile(r"^(?:我|本|该|全|各|关于|根据|按照|会议|此次|本次|召开|举行)|述职|评议|会议|年度")
# a unit inside a body (航道管理处, 后勤服务中心, 机关), not a body of its own
_INSIDE_END = re.compile(r"(?:机关|中心|部|部门|处|科|室|馆|出版社)$")  # 职能部门: the offices inside
_K12 = re.compile(r"高中|初中|小学|义教|中学|幼儿园|中职")
_COMPANY = re.compile(
    r"公司|集团|局|街道|社区|县委|区委|^市委(?!党校)|^(?:中共)?[\u4e00-\u9fff]{2,4}市委(?!党校)"
    r"|^(?:中共)?[\u4e00-\u9fff]{0,4}?省委(?!党校)(?![\u4e00-\u9fff]*工委$)"
)


def _kind(tok: str) -> str:
    """A name as read for its kind: an academy (中国科学院, 省社会科学院) is a research body, not a college."""
    return re.sub(r"科学院", "科研院", tok)


@dataclass
class _Convener:
    disp: str
    match: str
    pronoun: bool
    start: int
    other: bool = False  # named only by its Party committee (X大队党委): a kind of body not in the vocabulary
    gov: bool = (
        False  # a body of government or research of its own (X市卫生健康局, X研究所): not a university's
    )
    lvl: str = ""  # its committee as written (党委, 党总支)


def _convener(doc: _Doc, span: tuple[int, int] | None) -> _Convener | None:
    if span is None:
        return None
    start, end = span
    pos = start
    for clause in re.split(r"([,，;；:：])", doc.match[start:end]):
        if clause in ",，;；:：":
            pos += len(clause)
            continue
        if _CITING.match(clause) and re.search(r"要求|方案|通知|精神|部署|规定|办法|安排|意见", clause):
            pos += len(clause)
            continue  # 根据X市委组织部要求及医院…方案: the rules followed, not who convened
        lead = _LEAD.match(clause)
        skip = lead.end() if lead else 0
        body = clause[skip:]
        has_verb = bool(re.search(r"召开|举行|开展|组织", body)) or bool(
            # X党委按照有关规定,结合工作实际,开展了…: the verb comes clauses later in the same sentence
            re.search(r"(?:党委|党组|党总支|局|委|所|中心)(?:按照|根据|结合|认真)", body)
            and re.search(r"召开|举行|开展|组织", doc.match[pos:end])
        )
        p = _PRONOUN.match(body)
        if p and has_verb:
            a = pos + skip
            return _Convener(doc.d(a, a + p.end()), p.group(1), True, a)
        signed = re.match(r"中共(?=[\u4e00-\u9fff]{2,30}?委员会)", body)  # 中共青禾大学委员会召开…
        if signed:
            skip += signed.end()
            body = re.sub(r"委员会", "党委", body[signed.end() :], count=1)
        elif party := re.match(r"中共(?!中央)(?=[\u4e00-\u9fff()]{2,30}?(?:党委|党组|党总支|党工委))", body):
            skip += party.end()  # 中共青禾大学党委召开…: the Party's name before the committee's body
            body = body[party.end() :]
        elif re.match(r"[\u4e00-\u9fff]{2,24}?机关委员会", body):
            body = body.replace(
                "机关委员会", "机关党委", 1
            )  # X研究室机关委员会: the offices' Party committee
        m = _ORG.match(body) or _ORG_ANY.match(body)
        if m and has_verb and _SPAM.search(m["tok"]):
            return None  # 皇冠体育官网党委召开…: a mirror replaced who convened
        m = _ORG.match(body)
        if m and re.search(r"述职|评议|会议|召开|举行|年度", m.group("tok")):
            m = None  # a meeting's title or place, not who convened it (…述职评议会议在X大学举行)
        if m and (has_verb or body[m.end() :].startswith("于")):
            a = pos + skip
            g = None if _UNIVERSITY_OR_HOSPITAL.search(m.group("tok")) else _GOV.match(body)
            if (
                g
                and (g.end("tok") >= m.end("tok") or m.group("tok") == g["tok"] + "机关")
                and _gov_body(g["tok"])
                and (
                    re.search(r"自治区|省|[市县州盟旗](?!场)", g["tok"][:-1])
                    or re.search(r"(?:" + _OWN_KINDS + r"|海关|法院|检察院|中院|镇|乡)$", g["tok"])
                )
            ):
                # 内蒙古自治区计量测试研究院于…召开, X中级人民法院机关党委: a place's body (or its offices), its own
                return _Convener(doc.d(a, a + g.end("tok")), g["tok"], False, a, gov=True, lvl=g["lvl"] or "")
            return _Convener(doc.d(a, a + m.end("tok")), m.group("tok"), False, a, lvl=m["lvl"] or "")
        m = None if _PRONOUN.match(body) else _GOV.match(body)
        if m and has_verb and _gov_body(m["tok"]):
            a = pos + skip
            b = a + (m.end("alias") if m["alias"] else m.end("tok"))
            return _Convener(doc.d(a, b), doc.match[a:b], False, a, gov=True, lvl=m["lvl"] or "")
        m = None if _PRONOUN.match(body) else _ORG_ANY.match(body)
        if m and has_verb and not _NOT_BODY.search(m["tok"]) and len(clean_text(m["tok"])) >= 3:
            a = pos + skip
            other = not re.search(
                r"大学|学院|医院|学校|校区|研究生院|(?:校|系|部|中心|处|馆|机关|\))$", _kind(m["tok"])
            ) and not (m["lvl"].endswith("总支") and re.match(r"校|学校|院|机关", m["tok"]))
            if (
                other
                and m["lvl"].endswith("总支")
                and not _PLACE.search(m["tok"])
                and not _COMPANY.search(m["tok"])
            ):
                other = False  # X院党总支, X部党总支: a general branch is a unit inside a body, not a body
            return _Convener(doc.d(a, a + m.end("tok")), m.group("tok"), False, a, other=other, lvl=m["lvl"])
        m = _HOSPITAL_BRANCH.match(body)
        if m and has_verb and not _SPAM.search(m["tok"]):
            a = (
                pos + skip
            )  # a hospital's own branch (X医院内科党支部) convening: a meeting inside the hospital
            return _Convener(doc.d(a, a + m.end("tok")), m.group("tok"), False, a)
        m = _PARTY_OFFICE.match(body)
        if m and has_verb:
            a = pos + skip
            return _Convener(doc.d(a, a + m.end("tok")), m.group("tok"), False, a)
        # 离退休党委与离退休工作办公室于…召开: a Party body with the office it works with; the Party body convened
        m = _JOINT.match(body)
        if m and has_verb and not _NOT_BODY.search(m["tok"]):
            a = pos + skip
            return _Convener(doc.d(a, a + m.end("tok")), m["tok"], False, a, lvl=m["lvl"])
        # 中机中联2020年度基层党支部书记述职评议会在公司30楼报告厅召开: the body whose meeting was held
        m = _HELD_BY_NAME.match(body)
        if m and _proper(m["tok"]) and not _NOT_BODY.search(m["tok"]) and not _GENERIC.match(m["tok"]):
            a = pos + skip
            gov = bool(re.search(r"公司|集团|董事长|总经理", doc.match)) and not re.search(
                r"大学|学院|医院|学校", m["tok"]
            )
            return _Convener(doc.d(a, a + m.end("tok")), m["tok"], False, a, gov=gov)
        # 各学院党总支分别召开…: every college's committee, each its own meeting
        m = _EACH_UNIT.match(body)
        if m and has_verb:
            a = pos + skip
            return _Convener(doc.d(a, a + m.end("tok")), m["tok"], False, a, lvl=m["lvl"])
        pos += len(clause)
    return None


# a notice's signature: the body on a line of its own at the end, a date line after it (…的通知。\nX局党委\n2023年12月1日)
_SIGNED_BODY = re.compile(
    r"\n[ \t　]*(?P<n>(?:中共)?[\u4e00-\u9fff()]{3,30}?)[ \t　]*\n[ \t　]*"
    r"(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-./]\d{1,2}[-./]\d{1,2})[ \t　]*\Z"
)


# a headline whose subject is the meeting, its body's name before the meeting's (X局党支部书记述职评议会召开)
_MEETING_HELD = re.compile(
    r"(?:^|\n)[ \t　]*(?P<n>[\u4e00-\u9fff()]{3,30}?)(?=(?:\d{4}年度?|基层|二级|党支部|支部|党组织|党总支|党委|抓|述职)"
    r"[^,，。\n]{0,40}?(?:述职|评议)[^,，。\n]{0,16}?(?:会议|大会|会)[^,，。\n]{0,20}?(?:召开|举行)[ \t　]*(?:\n|$))"
)


def _named_alone(doc: _Doc, start: int, end: int) -> _Convener | None:
    """The name doc.match[start:end] read as a convener would be (as if the text said: X召开…)."""
    name = doc.match[start:end]
    if re.search(r"述职|评议|会议|通知|年度|[的了在对]", name) or re.match(r"(?:我|本|该|全|各)", name):
        return None
    alone = _prepare(doc.disp[start:end] + "召开")
    conv = _convener(alone, (0, len(alone.match)))
    if conv is None or conv.start != (2 if name.startswith("中共") else 0) or conv.pronoun:
        return None
    conv.start += start
    return conv


def signed_convener(doc: _Doc) -> _Convener | None:
    """Who convened when no sentence says it: the body that signs the text (…的通知。\nX局党委\n2023年12月1日),
    else the body named before the meeting in a headline (X局党支部书记述职评议会召开)."""
    if _SIGNATURE.search(doc.match) or _SIGNED_HOSPITAL.search(doc.match):
        return None  # 中共X大学委员会, X医院党委: a university's or a hospital's signature, read by context_level
    m = _SIGNED_BODY.search(doc.match.rstrip())
    if m and (conv := _named_alone(doc, m.start("n"), m.end("n"))):
        return conv
    for m in _MEETING_HELD.finditer(doc.match[:400]):
        if conv := _named_alone(doc, m.start("n"), m.end("n")):
            return conv
    return None


# words of a university's or a hospital's own name: a body named with them is theirs, not a place's
_UNIVERSITY_OR_HOSPITAL = re.compile(r"大学|学院|医院|保健院|卫生院|卫生中心|医学中心|医疗中心|学校")
_HELD_BY_NAME = re.compile(
    r"^(?P<tok>[\u4e00-\u9fff]{2,12}?)\d{4}年度?[^,，。]{0,40}?(?:述职|评议)[^,，。]{0,12}?(?:会议|大会|会)"
    r"在[^,，。]{2,30}?(?:召开|举行)"
)
_JOINT = re.compile(
    r"^(?P<tok>[\u4e00-\u9fff]{2,12}?)(?P<lvl>党委|党总支|党工委)(?:与|和|联合)[\u4e00-\u9fff]{2,20}?"
    r"(?:于|在|共同|联合)?[^,，。]{0,30}?(?:召开|举行|组织召开)"
)
_EACH_UNIT = re.compile(
    r"^(?P<tok>各(?:二级)?(?:学院|系|部|院系|教学单位|基层单位))(?P<lvl>党委|党总支部|党总支|分党委)(?:部)?"
    r"(?:分别|相继|陆续|先后|均)"
)


# a branch or general branch of a hospital (X医院研究生党支部, X医院内科第二党支部): the hospital's, whatever it is
_HOSPITAL_BRANCH = re.compile(
    r"^(?P<tok>[\u4e00-\u9fff()]{2,30}?(?:医院|保健院|卫生院))[\u4e00-\u9fff]{1,14}?(?:党支部|党总支|支部)"
    r"(?=各|\d|年度|于|在|召开|举行|开展|组织)"
)


# a department of a province's, city's or county's Party committee (省委统战部, 市委组织部, 县委办公室): a body of its
# own, outside any school
_PARTY_OFFICE = re.compile(
    r"^(?P<tok>(?:中共)?[\u4e00-\u9fff]{0,6}?[省市县区州]委(?!党校|教育)[\u4e00-\u9fff]{0,6}?(?:部|办公室|办|研究室|政法委|编办))"
    r"(?:机关党委|机关党总支|党委|党组|机关)?(?=召开|举行|开展|组织|于|在|\d|年度)"
)


# a clause that cites the rules the meeting follows (按照省委教育工委《关于…高校党组织书记…的通知》): who the cited
# document is about is not who reported at this meeting
_CITING = re.compile(
    r"^(?:按照|按(?=[\u4e00-\u9fff]{2,20}?(?:《|通知|要求|部署|安排))|根据|依据|依照|遵照|为(?:了)?(?:贯彻|落实)|贯彻|落实|对照)"
)
# 党(总)支部书记, 党支部(总支)书记: branch and general-branch secretaries written in one word
_BRANCH_FORMS = re.compile(r"\((?:总|总支|总支部)\)")


# a clause saying what the meeting is for (为进一步督促基层党组织书记履行…): not who reported at it
_PURPOSE = re.compile(r"\s*(?:为了?|旨在)(?!\d)")


def _reporter_clauses(sentence: str) -> str:
    """The clauses of the meeting sentence that speak of who reported (书记, 述职, 评议, 负责人); a purpose clause
    (…提升基层党组织政治功能) says nothing about it, nor does a clause citing the rules or a document's title, nor
    the chair's (党总支书记X主持会议: the one who chaired, not who reported)."""
    sentence = _BRANCH_FORMS.sub("", re.sub(r"《[^》]*》", "《》", sentence))
    clauses = re.split(r"[,，;；]", sentence)
    return ",".join(
        c
        for c in clauses
        if re.search(r"书记|述职|评议|负责人|测评|考核", c)
        and not _CITING.match(c)
        and not _PURPOSE.match(c)
        and not _CHAIR_CLAUSE.search(c)
    )


_CHAIR_CLAUSE = re.compile(
    r"书记[\u4e00-\u9fff·]{2,4}(?:同志)?主持(?:了)?(?:本次|此次)?(?:会议|大会|$)|^会议由"
)


def reporters_of(doc: _Doc, head_span: tuple[int, int] | None) -> str:
    """Who reported: the meeting sentence's clauses that say so; when they name no one (X召开2023年度述职评议会。),
    the first later clause where secretaries report (会上,8个党支部书记依次述职)."""
    own = _reporter_clauses(doc.match[slice(*head_span)]) if head_span else ""
    if re.search(r"书记|负责人", own):
        return own
    after = head_span[1] if head_span else 0
    for start, end in doc.sents:
        if start < after:
            continue
        for clause in re.split(r"[,，;；]", doc.match[start:end]):
            if (
                re.search(r"书记|负责人", clause)
                and re.search(r"述职|汇报|报告", clause)
                and not _CITING.match(clause)
            ):
                return ",".join(c for c in (own, _reporter_clauses(clause)) if c)
    return own


# secretaries of villages, communities or schools below university level report: not a university's meeting
_NON_UNIVERSITY_REPORTERS = re.compile(
    r"村(?:\(社区\))?(?:党组织|党支部|党总支)|社区党组织|中小学|乡镇党委|街道党工委"
    # a county's or a city's own bodies together (县乡党委书记, 全县教育系统, 国资系统党委书记, 市直机关)
    r"|县乡|县直|乡镇|全[县区镇乡]|[\u4e00-\u9fff]{2,4}系统(?:的)?(?:各级|基层)?(?:党委|党组织|党组|党支部)|[市县区]直机关"
    # a place's bodies listed as who reported (县交通局机关、县港航管理中心…; 县政法委、公安局、法院、检察院)
    r"|[县市区][\u4e00-\u9fff]{1,8}(?:局|中心|支队|委)(?:机关)?[、,，]|公安局|检察院|司法局|法院[、,，和]"
)
_OUTSIDE_PRONOUNS = (
    "我市",
    "本市",
    "我县",
    "本县",
    "我区",
    "本区",
    "我局",
    "局",
    "本局",
    "该局",
    "我委",
    "本委",
    "我所",
    "本所",
    "该所",
    "我镇",
    "本镇",
    "该镇",
    "我中心",
    "本中心",
    "我公司",
    "本公司",
    "该公司",
    "公司",
    "集团公司",
    "集团",
)
_REP_PROVINCE = re.compile(
    r"(?:高校|各校|高职高专院校)(?:的)?(?:党委|党组织)(?:主要负责人|书记)|各高校"
    r"|(?:全省|全市|全区|省属|市属|区属|\d+所)(?:高校|高职高专院校)"
)
_REP_INSTITUTION = re.compile(
    r"(?:基层党组织|二级党组织|院级党组织|院\(?系\)?级|各单位党委|基层党委|二级党委|各学院|各院系|院系党组织|二级单位|二级学院|各院部|各二级党委|党总支\(直属党支部\)"
    # …whose own secretaries report (基层党委书记, 二级党组织主要负责人); 基层党委试点开展党支部书记述职 is not it
    r")(?=(?:\([^()]*\))?(?:(?!党支部|支部)[^,，。;；]){0,8}?(?:书记|负责人))"
)
_REP_BRANCH = re.compile(r"党支部书记|支部书记|党总支书记")
# a college named as an institution of its own (青禾职业技术学院, 松岭师范学院), not a subject's college
_STANDALONE_NAME = re.compile(r"[\u4e00-\u9fff]{2,}(?:职业技术学院|职业学院|师范学院|理工学院|专科学校)$")
# kinds of college that are always institutions of their own, never a university's college
_OWN_COLLEGE = re.compile(r"[\u4e00-\u9fff]{2,}(?:职业技术学院|职业学院|高等专科学校|专科学校)$")
_SECONDARY_END = re.compile(
    r"(学院|系|学部|医学部|研究院|研究生院|书院|校区|机关|中心|部|集团|馆|处|研究所|出版社)$"
)


# bodies of their own outside any university: an academy or research institute (省社科院, X研究所 named alone), a
# government commission (市卫健委), a school below university level (卫校, 质监校, X职业学校) and a county's or
# city's education bureau (县教育局, 市教体局), which oversees schools, not universities; a school 附属 to a
# university is the university's
_OWN_BODY = re.compile(
    r"(?:科研院|科院|研究所|分院|卫健委|卫生健康委(?:员会)?|卫计委|(?:县|区|市|旗)(?:教育局|教体局|教育和体育局))$"
    r"|^(?![\u4e00-\u9fff]*(?:高等|专科|附属|附中|附小))[\u4e00-\u9fff]{2,}(?<![大])校$"
)


# a university's (or a hospital's) own units by what they do, named without a body of their own: its retirees'
# committee, its logistics group or asset company, its clinic, its attached school
_OWN_UNIT = re.compile(
    r"^(?:校|学校)?(?:离退休[\u4e00-\u9fff]{0,6}|老干部[\u4e00-\u9fff]{0,4}|后勤(?:服务|管理|保障)?(?:集团|公司|处|中心)?"
    r"|资产经营(?:有限)?(?:公司|集团)?|资产(?:管理)?(?:有限)?公司|产业(?:集团|公司)|校办产业|校医院|附属中学|附中|附属小学|附小"
    r"|附属幼儿园|附属实验学校)$"
)


def _level(conv: _Convener | None, reporters: str, units: list[str] | None) -> str:
    tok = _kind(conv.match) if conv else ""
    if conv is not None and not conv.pronoun and (_OWN_UNIT.match(tok) or conv.match.startswith("各")):
        return "secondary_unit"  # 离退休党委, 后勤集团党委, 校医院党总支, 附属中学党总支; 各学院党总支分别…
    if conv is not None and not conv.pronoun and _OWN_COLLEGE.search(tok):
        return "institution"  # 青禾职业技术学院, 青禾高等专科学校: no university above it
    university = re.search(
        r"大学|学院", tok
    )  # a university's own affiliated school may report at its meeting
    if (
        re.search(r"中小学|中学|小学|幼儿园|中职", reporters)
        and not re.search(r"高校", reporters)
        and not university
    ):
        return "non_university_org"  # a county's schools: not a university's meeting nor a province's
    if _OWN_BODY.search(tok) and not university and not _REP_PROVINCE.search(reporters):
        return (
            "non_university_org"  # an academy, a commission, a school or a county's bureau: a body of its own
        )
    if re.search(
        r"(教育工委|高教工委|教育厅|教委|教育局)$|^(?:中共)?[\u4e00-\u9fff]{0,6}?省委[\u4e00-\u9fff]*工委$",
        tok,
    ) or (_REP_PROVINCE.search(reporters) and not re.search(r"党工委$", tok)):
        return "province"
    if conv is not None and (conv.gov or _ACADEMY.match(conv.match)) and not university:
        return (
            "non_university_org"  # a place's bureau, town or centre, an academy's institute (or a unit of it)
        )
    if conv is not None and conv.pronoun and conv.match in _OUTSIDE_PRONOUNS:
        return "non_university_org"  # 我局召开…, 公司召开…
    if conv is not None and _PLACE.search(tok) and re.search(r"工委$", tok) and not university:
        return "non_university_org"  # 市直机关工委, X区教体党工委: a place's own work committee
    if re.fullmatch(r"附属(?:[\u4e00-\u9fff]{0,4}?)学校", tok):
        return (
            "secondary_unit"  # 附属学校 with no kind of school named: the university's own affiliated school
        )
    k12_units = sum(1 for u in units or [] if _K12.search(clean_text(u)))
    company = (
        tok and not conv.pronoun and _COMPANY.search(tok) and "大学" not in tok
    )  # 大学后勤集团 is inside
    if (
        _K12.search(tok)
        or k12_units >= 2
        or company
        or not university
        and _NON_UNIVERSITY_REPORTERS.search(reporters)
    ):
        return "non_university_org"
    if conv is not None and conv.other:
        # X大队党委, X局党委: a body of another kind, unless its name is a unit inside one (X中心, X处)
        return "secondary_unit" if _INSIDE_END.search(tok) else "non_university_org"
    if tok.endswith("党工委"):
        return "secondary_unit"  # 产业党工委, 机关党工委: a Party work committee inside the institution
    if re.search(r"医院|保健院|卫生院|卫生中心|医疗中心|医学中心", tok) and not tok.endswith("大学"):
        return "hospital_internal"
    if "大学" in tok:
        rest = re.sub(r"[()]", "", tok[tok.rindex("大学") + 2 :])  # (南校区): a campus inside
        inside = rest and (_SECONDARY_END.search(rest) or _OWN_UNIT.match(rest))  # X大学离退休党委: its unit
        return "secondary_unit" if inside else "institution"
    if conv and conv.pronoun and tok in ("我校", "本校", "全校", "学校", "校", "该校"):
        return "institution"
    if tok and (_SECONDARY_END.search(tok) or tok in ("我院", "本院", "学院", "该院")):
        if tok.endswith("学院") or tok in ("我院", "本院", "学院", "该院"):
            if _REP_INSTITUTION.search(reporters):
                return "institution"
            if not conv.pronoun and re.search(r"党总支书记|总支书记", reporters):
                return "institution"  # 党总支 are the secondary units of a college that is an institution
            if (
                not conv.pronoun
                and _STANDALONE_NAME.search(tok)
                and (not re.search(r"(?<!总)支部书记", reporters) or _OWN_COLLEGE.search(tok))
            ):
                return "institution"  # a vocational college has no university above it, whoever reported
            if re.search(r"(?<!总)支部书记", reporters):  # 党总支部书记 are not branch secretaries
                return "secondary_unit"
            return "institution" if conv.pronoun else "unclear"
        return "secondary_unit"
    if _REP_INSTITUTION.search(reporters):
        return "institution"
    return "unclear"


# an institute of the Academy of Sciences, and the words that end its name (中科院高能所东莞研究部: 中科院高能所)
_ACADEMY = re.compile(r"^(?:中国科学院|中科院)[\u4e00-\u9fff]{1,16}?(?:研究所|研究中心|研究院|分院|所)")


def below_university(name: str) -> bool:
    """A school below university level (X实验学校, X中学, X新闻出版学校), not a 高等专科学校 or a 职业技术学院."""
    return bool(re.search(r"(?:学校|中学|小学|[一二三四五六七八九十]中|幼儿园)$", name)) and not re.search(
        r"大学|学院|高等|专科|党校|干部学校|行政学校", name
    )


def _institution(conv: _Convener | None, level: str) -> str | None:
    if conv is None:
        return None
    if conv.pronoun:
        return None
    tok = conv.disp
    simple = conv.match
    academy = _ACADEMY.match(simple)
    if level == "non_university_org" and academy:
        return tok[: academy.end()]
    if conv.gov and simple.endswith("系统"):
        return None  # 衡南县卫健系统: a county's health units together, not one body
    if level == "hospital_internal":
        # 青禾区人民医院医共体, X医院X分院: the hospital the body belongs to
        kinds = list(re.finditer(r"医院|保健院|卫生院|卫生中心|医疗中心|医学中心", simple))
        return tok[: kinds[-1].end()] if kinds and "分院" not in simple else tok
    if "大学" in simple:
        return tok[: simple.rindex("大学") + 2]
    if level == "non_university_org":
        # 青禾街道党工委, 松岭市生态环境局机关: the body itself, not its committee or its offices
        cut = re.search(r"(?:直属单位|直属机关)?(?:党工委|党委|党组|机关)*$", simple)
        cut = cut if cut and cut.group() else None
        # …but a work committee that is the body itself (X区教体党工委: no body's name is left without it)
        body_left = cut and re.search(
            r"(?:局|委|厅|所|中心|公司|集团|镇|乡|街道|校|院|办|会|站|队|部|处|室|馆|县|区|市|省)$",
            simple[: cut.start()],
        )
        tok = tok[: cut.start()] if cut and cut.start() >= 2 and body_left else tok
        # 中共松岭县委办公室: the body, without the Party's name before it (as 中共X大学委员会 is X大学)
        return re.sub(r"^中共(?=[\u4e00-\u9fff]{2,}[省市县区州]委)", "", tok)
    if level in ("institution", "province"):
        return tok
    college = re.match(
        r"(?P<n>[\u4e00-\u9fff]{2,}?学院)(?P<rest>[\u4e00-\u9fff]{1,12}?(?:系|部|中心|处|馆|学院))$", simple
    )
    if (
        level == "secondary_unit"
        and college
        and (_STANDALONE_NAME.search(college["n"]) or college["rest"].endswith("学院"))
    ):
        return tok[
            : college.end("n")
        ]  # 青禾职业技术学院机电系, 青禾理工学院机械工程学院: a unit of the college
    return None


# ---------------------------------------------------------------- the level from the whole text

_HOSPITAL_CUE = re.compile(
    r"医院|临床|医疗|医技|医护|医生|医师|护理|患者|病区|科室|诊疗|医务|内科|外科|儿科|妇产科|急诊|门诊|护士|病房|药剂|住院"
)
_COLLEGE_CUE = re.compile(r"学院|学生|教学|师生|教工|本科|研究生|学科|专业|教职工|学校|校区")
_SUBJECT = re.compile(
    r"(?P<s>[\u4e00-\u9fff\w]{0,14}?)(?P<org>党委|党总支|党工委|总支)(?:在[^,，。;；]{0,24}?|于[^,，。;；]{0,24}?)?"
    r"(?:组织)?(?:召开|举行|开展|举办)"
)


# a 学院 whose Party committee answers to a government body (…教育工委及市人社局党组的领导下,学院党委…) is an
# institution of its own, not a college inside a university
_STANDALONE = re.compile(
    r"(?:教育工委|教育厅|教育局|人社局|人社厅|卫健委|卫生健康委|局党组|厅党组|委党组)[^。]{0,24}?(?:领导|指导)"
    r"[^。,，]{0,8}?[,，]?(?:学院|我院)(?:党委)?"
)
_BARE_COLLEGE = ("学院", "我院", "本院", "该院", "院")
# a school above the body that met (按照学校《…》, 校党委关于…)
_BELOW_SCHOOL = re.compile(
    r"(?:按照|根据|落实)学校|校党委(?:关于|的|要求|部署)|学校党委(?:关于|的|要求|部署)"
)
# offices only an institution has (科室负责人, 处室, 系主任 beside them)
_COLLEGE_OFFICES = re.compile(r"科室负责人|处室负责人|职能部门负责人|各系(?:部)?主任|系主任")


def context_level(doc: _Doc, level: str, conv: _Convener | None, reporters: str) -> str:
    """The level when the convener does not settle it (see _context_level); a college named only as 学院 that
    answers to a government body is an institution of its own."""
    signed = _SIGNED_HOSPITAL.search(doc.match)
    if conv is None and signed and _proper(signed["n"]) and level not in ("province", "non_university_org"):
        return "hospital_internal"
    sig = _SIGNATURE.search(doc.match)
    if conv is None and sig and _proper(sig["n"]) and level not in ("province", "non_university_org"):
        # no convening sentence names a body: the committee that signs convened (a notice's 中共X委员会组织部),
        # whatever words of hospitals the text holds (附属医院党委 among those addressed)
        name = sig["n"]
        if name.endswith("医院"):
            return "hospital_internal"
        return "secondary_unit" if "大学" in name and not name.endswith("大学") else "institution"
    level = _context_level(doc, level, conv, reporters)
    if (
        level in ("institution", "unclear")
        and (conv is None or conv.pronoun)
        and re.search(r"(?:各|所属|局级|处级|院属|下属)研究所|研究所(?:年度|党委|党总支)", doc.match)
        and not re.search(r"大学|学院|医院|学校|高校", doc.match)
    ):
        return "non_university_org"  # 我院…局级研究所: an academy whose units are institutes
    if (
        level == "non_university_org"
        and conv is not None
        and conv.pronoun
        and conv.match in _OUTSIDE_PRONOUNS
        and re.search(r"学校党委|校党委|大学党委|按照学校|根据学校", doc.match)
    ):
        return "secondary_unit"  # 公司召开… under 学校党委: the school's own company
    if (
        level == "non_university_org"
        and conv is not None
        and conv.lvl.endswith("总支")
        and _COMPANY.search(conv.match)
        and re.search(r"学校党委|校党委|按照学校|根据学校", doc.match)
    ):
        return "secondary_unit"  # 按照学校党委…, 资产经营总公司党总支召开…: the school's own company
    if (
        level == "secondary_unit"
        and conv is not None
        and conv.pronoun
        and conv.match in _BARE_COLLEGE
        and "大学" not in doc.match
        and _the_college(doc)[0]
    ):
        return "institution"  # 学院召开… in a text naming one 职业学院 and no university: that college's own meeting
    if level in ("secondary_unit", "unclear") and conv is None:
        parent = _cited_parent(doc)[0]
        if (
            parent
            and (_ACADEMY.match(parent) or _gov_body(parent))
            and not re.search(r"大学|学院", _kind(doc.match))
        ):
            return "non_university_org"  # 根据《化学所党委…方案》,X党支部召开…: a branch of an institute
    if level == "secondary_unit" and (conv is None or conv.match in _BARE_COLLEGE):
        # 经学院党委研究… signed 中共青禾师范学院委员会: the 学院 is the institution that signs
        sig = _SIGNATURE.search(doc.match)
        name = sig["n"] if sig else ""
        if sig and _proper(name) and ("大学" not in name or name.endswith("大学")):
            return "hospital_internal" if sig["n"].endswith("医院") else "institution"
    text = doc.match
    if (
        level == "institution"
        and (conv is None or conv.pronoun and conv.match in ("我院", "本院", "学院"))
        and _BELOW_SCHOOL.search(text)
        and re.search(r"学院党委|院党委", text)
    ):
        return "secondary_unit"  # 按照学校…方案, 传达了校党委…: a college's meeting whose name the page lost
    if level == "secondary_unit" and conv is not None and conv.match in _BARE_COLLEGE:
        if _COLLEGE_OFFICES.search(text) and not re.search(r"大学|学校|校党委|校领导|全校", text):
            return "institution"  # a 学院 with its own 科室 and 系: an institution of its own
    if (
        level == "unclear"
        and conv is None
        and re.search(r"机关(?:各)?(?:党支部|党总支)书记|机关党委", reporters)
    ):
        return "secondary_unit"  # 机关党支部书记…述职评议考核会在…召开: the offices' Party committee
    if level == "unclear" and conv is None:
        # a notice with no convening sentence, signed 中共X委员会: X's own meeting
        sig = _SIGNATURE.search(doc.match)
        if sig and _proper(sig["n"]):
            return "hospital_internal" if sig["n"].endswith("医院") else "institution"
    if level == "unclear":
        # nothing names who convened: who reported is the best guess (党总支 answer to an institution's
        # committee; 党支部 most often to a college's, an office's or a hospital's)
        if re.search(r"党总支(?:部)?书记|总支书记", reporters) and not re.search(r"党支部书记", reporters):
            return "institution"
        if re.search(r"党支部书记|支部书记|(?<!总)支部[^,，。;；]{0,12}?述职", reporters):
            return "secondary_unit"  # X学院党支部述职评议会: branches report through their secretaries
        # nor who reported: the words of the whole text (a hospital's, a college's under its school)
        hospital, college = len(_HOSPITAL_CUE.findall(text)), len(_COLLEGE_CUE.findall(text))
        if hospital and hospital > college:
            return "hospital_internal"
        if re.search(r"校党委|学校党委|学院党委|院党委", text) and re.search(r"支部书记", text):
            return "secondary_unit"
    if level == "secondary_unit" and (conv is None or conv.match in _BARE_COLLEGE):
        text = doc.match
        if _STANDALONE.search(text) and not re.search(r"大学|校党委|学校党委", text):
            return "institution"
    return level


def _context_level(doc: _Doc, level: str, conv: _Convener | None, reporters: str) -> str:
    """The level when the convener does not settle it: a pronoun (我院) or an unrecognised name is read with
    the whole text (a hospital's words against a college's) and the body that convened (校党委, X党总支)."""
    if level in ("province", "non_university_org", "hospital_internal"):
        return level
    text = doc.match
    if conv is not None and conv.pronoun:
        after = text[conv.start + len(conv.match) : conv.start + len(conv.match) + 16]
        if re.match(
            r"(?:机关|[\u4e00-\u9fff]{1,10}?(?:学院|系|中心|部|处|馆))(?:党委|党总支|党工委|总支)", after
        ):
            return "secondary_unit"  # 学校机关党委召开…: a body inside the school convened
    vague = (
        conv is None
        or conv.pronoun
        and conv.match in ("我院", "本院", "该院", "院", "医院")
        or level == "unclear"
    )
    if vague:
        hospital, college = len(_HOSPITAL_CUE.findall(text)), len(_COLLEGE_CUE.findall(text))
        if hospital >= 2 and hospital > college:
            return "hospital_internal"
    if level != "unclear":
        return level
    for start, end in doc.sents[:12]:
        m = _SUBJECT.search(text, start, end)
        if not m:
            continue
        subject = m["s"]
        if re.search(r"(^|[^学])(校|学校|我校|全校)$", subject) or subject in ("校", "学校"):
            return "institution"
        if m["org"] in ("党总支", "总支") or re.search(
            r"出版社|机关|图书馆|中心|研究院|学院|系$|部$", subject
        ):
            return "secondary_unit"
        break
    if re.search(r"党支部书记|支部书记", reporters or text) and re.search(r"学院党委|院党委|党总支", text):
        return "secondary_unit"  # the college's own branch secretaries, its name replaced or left out
    return level


# ---------------------------------------------------------------- the institution's name, wherever the text gives it

# words that name a kind of body, not a body (附属医院, 市人民医院 with no city)
_GENERIC = re.compile(
    r"^(?:附属医院|附属中学|附属小学|附属学校|实验中学|实验小学|中学|小学|医院|学院|医学院|学校|大学|口腔医院|人民医院|中医医院|中医院|妇幼保健院|(?:市|县|区|省)(?!委[\u4e00-\u9fff]{3})[\u4e00-\u9fff]{0,12})$"
)
# a hospital named only by its kind (中心医院, 第一人民医院, 附属第二医院, 中西医结合医院): no place, no name
_GENERIC_HOSPITAL = re.compile(
    r"^(?:附属)?(?:第[一二三四五六七八九十]+)?(?:公立|人民|中心|中医|中西医结合|妇幼|妇女儿童|儿童|口腔|肿瘤|精神|传染病|"
    r"胸科|眼科|骨科|康复|职工|总|附属|市|县|区|州)*(?:医院|保健院|卫生院)$"
)
_NAMED = r"[\u4e00-\u9fff]{2,14}?(?:大学|学院|医院|保健院|学校)"
_SIGNATURE = re.compile(
    r"^中共(?P<n>" + _NAMED + r")委员会(?:组织部|宣传部|办公室|党委办公室|组织人事部)?$", re.M
)
# a hospital's committee signing as X医院党委 (a college's X学院党委 may be a university's college: not read so)
_SIGNED_HOSPITAL = re.compile(
    r"^(?P<n>[\u4e00-\u9fff]{2,14}?医院)(?:党委|党总支)(?:办公室|组织部|宣传部)?$", re.M
)
# a body signing alone on the closing line of the text (…进行了民主评议。\nX医院)
_SIGNED_END = re.compile(r"\n(?P<n>" + _NAMED + r")[ \t　]*\Z")
# a news site's dateline or masthead names its body as written, an abbreviation too (西工大新闻网3月2日电)
_NEWS_SITE = re.compile(
    r"(?:^|\n)(?P<n>[\u4e00-\u9fff]{1,12}?(?:大学|学院|医院|大))新闻网(?:讯|\d{1,2}月\d{1,2}日电|\n|$)"
)
# a page's footer: Copyright © 2024 X 版权所有 (a layout gap may put each part on its own line)
_FOOTER = re.compile(
    r"(?:Copyright|版权所有|©|\(c\))(?:[\s©:]|\d{4}(?:-\d{4})?|\(c\))*(?P<n>"
    + _NAMED
    + r")(?![\u4e00-\u9fff])",
    re.I,
)
# the headline names who convened (青禾大学召开2023年度…述职评议会) when the body says only 学校党委
_HEADLINE = re.compile(
    r"\A(?:[^\n]*\n){0,8}?(?:[^\n]*?(?:——|—|–|-|[ \t　]))?(?P<n>"
    + _NAMED
    + r")(?:[\u4e00-\u9fff]{0,6}?(?:党委|党总支))?[ \t　\n]?(?:召开|举行|举办|开展|组织|组织开展)[^\n]{0,40}?(?:述职|评议|测评|双述双评)"
)
# 这是梨园医院党委组织的…会, 由X大学党委主办: a body named as who organised the meeting
_ORGANISED = re.compile(r"(?:是|由)(?P<n>" + _NAMED + r")(?:党委|党总支)(?:组织|主办|举办|召开)")
# the university a college answers to, named as a body (青禾大学党委组织部, 上海大学党委)
_PARENT = re.compile(r"(?P<n>[\u4e00-\u9fff]{2,10}?大学)(?=党委|组织部|组织人事部|校党委)")
# the words before a university's name in a run of characters (会议学习了北川大学: 北川大学)
_BEFORE_NAME = re.compile(
    r"^.*(?:[的了在由经对向与和及为是据从受把将给]|中共|按照|根据|鼓励|要求|组织|推进|学习|召开|举行"
    # a verb of purpose before a kind of body (切实推动医院…, 提升公立医院…): no name follows it
    r"|推动|促进|提升|加强|深化|助力|打造|实现|落实|贯彻|引领|带动|围绕|聚焦|全面|切实|进一步|不断)"
)
# a subject taught, not a university (大学英语教工支部, 大学物理教研室)
_COURSE = r"(?!生|(?:英语|物理|数学|语文|体育|计算机|化学|美育|美术|音乐|日语|俄语)(?!与|和|学院|学部|系|科学|工程|研究))"
# a clause about guests (会议邀请北川大学专家点评, 来自X医院的嘉宾): their body is not the meeting's
_GUESTS = re.compile(r"邀请|特邀|来自|专家|嘉宾|兄弟")
# a body the unit works with (与X大学…联合开展, 共建, 结对): a partner
_PARTNERS = re.compile(r"联合(?!党支部|支部)|共建|结对|携手|合作")


def _the_university(doc: _Doc, kind: str = "大学") -> tuple[str | None, int | None]:
    """The one university (or hospital) a text names (中国石油大学鼓励…, 《中共X大学委员会…办法》, X医院党委书记…主持):
    the body the meeting belongs to; two different ones and it is not said which; guests' bodies do not count."""
    found: dict[str, int] = {}
    text = doc.match
    for m in re.finditer(r"(?P<run>[\u4e00-\u9fff]{2,16})(?<=" + kind + r")" + _COURSE, text):
        clause = text[max(text.rfind(c, 0, m.start()) for c in ",，。;；\n") + 1 : m.end() + 12]
        if _GUESTS.search(clause):
            continue
        if (
            m.start() > 0
            and text[m.start() - 1] in "“「『‘"
            and text[m.end() : m.end() + 1] in ("”", "」", "』", "’")
        ):
            continue  # “更名大学”: a goal in quotation marks, not a body
        whole = re.match(r"[^,，。;；\n]*", text[m.end() :]).group()
        before = clause[: max(0, clause.find(m["run"]))]
        if re.search(r"(?:^|[^参])与$|^与", before) or _PARTNERS.search(before + m["run"] + whole):
            continue  # 与X大学法学院…开展联合党课: a partner's body, not the meeting's
        for u in re.finditer(kind + _COURSE, m["run"]):  # 北川大学和松岭大学: two names in one run
            run = m["run"][: u.end()]
            # a document's title opening with the name (《中央财经大学…办法》, 《中共X大学委员会…》) holds it whole:
            # 经 or 对 in it is part of the name, not a verb before it
            opened = text[m.start() - 1 : m.start()] == "《" and kind not in run[: u.start()]
            lead = re.match(r"中共", run) if opened else _BEFORE_NAME.match(run[: -len(kind)])
            a = m.start() + (lead.end() if lead else 0)
            date = re.match(r"(?:年度|年|月|日)", run)
            if a == m.start() and date and text[a - 1 : a].isdigit():
                a += date.end()  # 2023年东南大学…, 2017年度医院: the date before a name is no part of it
            name = text[a : m.start() + u.end()]
            if _proper(name) and 4 <= len(name) <= 14:
                found.setdefault(name, a)
    names = list(found)
    if len(names) == 1:
        pos = found[names[0]]
        return doc.d(pos, pos + len(names[0])), pos
    return None, None


# the body whose plan the meeting follows (按照《中共X学校委员会2025年度…述职评议考核实施方案》, 根据《X所党委…方案》)
_CITED_PLAN = re.compile(
    r"《(?:中共)?(?P<n>[\u4e00-\u9fff]{2,20}?)(?:(?:委员会|党委)(?:关于)?|关于)(?:\d{4}年度?)?[^》]{0,40}?(?:述职|评议|考核)[^》]{0,30}》"
)
# a body above a college or a branch: a university or school, a college of its own, an institute (not a subject's
# college, which may be the convener itself: 《建筑工程学院党委关于…的通知》)
_PARENT_KIND = re.compile(
    r"(?:大学|学校|研究所|研究院|研究中心|所|医院|职业技术学院|职业学院|师范学院|理工学院|医学院|科技学院)$"
)


_PLACE_MEETING = re.compile(
    r"(?:^|(?<=[,，。\n]))(?:\d{1,2}月\d{1,2}日(?:上午|下午)?[,，]?)?(?P<n>[\u4e00-\u9fff]{2,6}?[省市县区旗盟州])(?:委)?\d{4}年度?"
    r"[^。,，]{0,40}?(?:述职|述评|评议)[^。,，]{0,12}?(?:会议|大会|会)(?:在[^。,，]{2,20})?(?:召开|举行)"
    # 记者在旺苍县召开的2015年度…述职评议会上看到: the place where it was held, as its own meeting
    r"|在(?P<n2>[\u4e00-\u9fff]{2,6}?[省市县区旗盟州])(?:委)?召开的\d{4}年度?[^。,，]{0,40}?(?:述职|述评|评议)[^。,，]{0,12}?(?:会议|大会|会)上"
)


def _cited_parent(doc: _Doc, any_college: bool = False) -> tuple[str | None, int | None]:
    """The body that issued the plan a branch's or a college's meeting follows: the body it belongs to (any X学院
    when every college met: 各学院…分别召开, following 《X学院关于…方案》)."""
    for m in _CITED_PLAN.finditer(doc.match):
        name = m["n"]
        kind = _PARENT_KIND.search(name) or (any_college and name.endswith("学院") and len(name) >= 4)
        if _proper(name) and kind and len(name) >= 3:
            return doc.d(m.start("n"), m.end("n")), m.start("n")
    return None, None


_STANDALONE_COLLEGE = re.compile(
    r"(?P<n>[\u4e00-\u9fff]{2,12}?(?:职业技术学院|职业学院|师范学院|理工学院|高等专科学校|专科学校))"
)


def _the_college(doc: _Doc) -> tuple[str | None, int | None]:
    """The one college of its own (X职业学院, X师范学院) a text names, guests' bodies aside."""
    found: dict[str, int] = {}
    text = doc.match
    for m in _STANDALONE_COLLEGE.finditer(text):
        lead = _BEFORE_NAME.match(m["n"])
        a = m.start() + (lead.end() if lead else 0)
        name = text[a : m.end()]
        clause = text[max(text.rfind(c, 0, m.start()) for c in ",，。;；\n") + 1 : m.end() + 12]
        if _GUESTS.search(clause) or not _proper(name) or len(name) < 6:
            continue
        found.setdefault(name, a)
    if len(found) == 1:
        name, pos = next(iter(found.items()))
        return doc.d(pos, pos + len(name)), pos
    return None, None


_TITLED = re.compile(r"[《“\"](?P<n>" + _NAMED + r")(?=\d{4}年|关于|党委|党总支|基层|二级|内设)")
_MASTHEAD = re.compile(
    r"\A(?:[^\n]*\n){0,2}?(?:[^\n]*?[-_|—–])?(?P<n>"
    + _NAMED
    + r")(?:\n?(?=新闻网|新闻中心|官方网站|官网|主页|门户)|(?=\n))"
)  # a page's first lines: a name alone on its line is its masthead  # also a page title's tail: 我校召开…述职评议会-青禾大学新闻网
_TITLE_TAIL = re.compile(
    r"\A(?:[^\n]*\n){0,1}?[^\n]*?[-_|—–](?P<n>" + _NAMED + r")$", re.M
)  # …述职评议会|青禾大学
_SOURCE = re.compile(
    r"(?:来源|供稿|稿源|主办|承办|发布单位|审核发布|作者单位|作者|撰稿|文/图|文图|图/文|文|图)[::][ \t　]*\n?[ \t　]*(?P<n>"
    + _NAMED
    + r")(?=$|\n|\s|党委|宣传部|组织部|新闻|办公室|发布者|发布时间|浏览|点击)",
    re.M,
)
# the body credited in brackets (青禾大学党委组织部供稿), (【青禾大学】学校召开…), or an office signing above a date
_CREDIT = re.compile(
    r"[(【\[](?P<n>" + _NAMED + r")(?:党委)?(?:组织部|宣传部|办公室|新闻中心)?(?:供稿|报道|讯)?[)】\]]"
    r"|^(?:中共)?(?P<s>"
    + _NAMED
    + r")(?:委员会|党委)?(?:组织部|宣传部|办公室|党委办公室|组织人事部)\n(?=[\d二〇一]{4}年)",
    re.M,
)
# the headline: 青禾大学2023年度二级党组织书记述职评议会召开
_HEAD_TITLE = re.compile(
    r"\A(?:[^\n]*\n){0,8}?(?P<n>"
    + _NAMED
    + r")(?:党委)?\d{4}年度?[^\n,，。]{0,40}?(?:述职|评议)[^\n,，。]{0,12}$",
    re.M,
)


# a kind of university, not one (世界一流大学, 研究型大学, 高水平大学)
_GENERIC_UNIVERSITY = re.compile(
    r"(?:一流|研究型|综合性|高水平|应用型|创新型)大学$|^(?:世界|国内|国际|全国|全省|地方|一所)"
)


def _proper(name: str) -> bool:
    # a phrase, not a name: 按照…的部署和学校; an era before a kind of body (新时代公立医院, 新时期高校)
    if _SPAM.search(name) or re.search(
        r"的|^(?:按照|根据|依据|为了?|在|经|关于|新时代|新时期|新形势|新征程|新阶段)|今后|当前|时期|一段|进一步",
        name,
    ):
        return False
    if name.endswith("大学") and _GENERIC_UNIVERSITY.search(name):
        return False
    if re.search(r"(?:党委|党总支|党支部)(?=[\u4e00-\u9fff])", name):
        return False  # 商学院党委在学院: a clause running on after the body's committee, not a name
    return (
        not _GENERIC.match(name)
        and not _GENERIC_HOSPITAL.match(name)
        and (
            not re.match(r"^(?:我|本|该|全|各|市|县|区|中国共产党|中共|普通)", name)
            or bool(
                re.match(r"^[市县区]委[\u4e00-\u9fff]{3,}", name)
            )  # 市委党史研究室: an office of a Party committee
        )
    )


# where a page credits the body outside universities that speaks of itself (我局, 公司): its headline, its 来源 line,
# its masthead in brackets, its footer
_BODY_CREDITS = (
    re.compile(
        r"\A(?:[^\n]*\n){0,8}?[ \t　]*(?P<n>[\u4e00-\u9fff()]{3,24}?)(?:党委|党组|机关党委)?(?:召开|举行|组织召开|开展)"
    ),
    re.compile(
        r"(?:来源|供稿|稿源|发布单位|发布机构|作者单位)[::][ \t　]*(?P<n>[\u4e00-\u9fff()]{3,24}?)"
        r"(?=$|\s|党委|党组|办公室|发布|浏览|点击)",
        re.M,
    ),
    re.compile(r"^[ \t　]*【(?P<n>[\u4e00-\u9fff()]{3,24}?)】", re.M),
    re.compile(
        r"(?:版权所有|Copyright|©)[\s©:\d-]*(?P<n>[\u4e00-\u9fff()]{3,24}?)(?=$|\s|版权)", re.M | re.I
    ),
)
# the kind of body a pronoun speaks for (我局: a 局; 公司: a company or a group)
_PRONOUN_KIND = (r"局", r"委(?:员会)?", r"所", r"镇", r"中心", r"公司|集团")


def _credited_body(doc: _Doc, pronoun: str) -> tuple[str | None, int | None]:
    """The name of the body a pronoun (我局, 公司) speaks for, where the page credits it: a body of that kind."""
    kind = next((re.compile(f"(?:{k})$") for k in _PRONOUN_KIND if re.search(f"(?:{k})$", pronoun)), None)
    if kind is None:
        return None, None
    for rx in _BODY_CREDITS:
        for m in rx.finditer(doc.match):
            conv = _named_alone(doc, m.start("n"), m.end("n"))
            if conv is None or not (conv.gov or _COMPANY.search(conv.match)):
                continue
            name = _institution(conv, "non_university_org")
            if name and kind.search(clean_text(name)) and _proper(clean_text(name)):
                return name, conv.start
    return None, None


def named_institution(
    doc: _Doc, conv: _Convener | None, level: str, inst: str | None
) -> tuple[str | None, int | None]:
    """The institution as named: the convener's own name unless it is only a generic word; a fuller form of it
    elsewhere (口腔医院 → 北京大学口腔医院); else, for a pronoun or nameless convener, a signature (中共X委员会),
    a title that quotes the body's name (《X2025年度…方案》, “X2025年度…会”) or a 来源 line."""
    if level == "province":
        return None, None  # a summary of many institutions: the provincial body convening is not one of them
    text = doc.match
    if level == "secondary_unit" and conv is not None and not conv.pronoun and "大学" not in conv.match:
        # 松岭工商学院党委召开… with 青禾大学党委组织部 looking on: a college of the university named there
        for m in _PARENT.finditer(text):
            lead = re.match(r"(?:在|由|经|按照|根据|受|和|与|及|向|对|从|为|是|的|据)+", m["n"])
            a = m.start("n") + (lead.end() if lead else 0)
            if _proper(text[a : m.end("n")]) and m.end("n") - a >= 4:
                return doc.d(a, m.end("n")), a
    if level == "secondary_unit" and (conv is None or conv.pronoun or "大学" not in conv.match):
        name, pos = _the_university(doc)
        if name:
            return name, pos
        name, pos = _cited_parent(doc, any_college=conv is not None and conv.match.startswith("各"))
        if name:
            return name, pos
    if level == "non_university_org" and conv is None:
        name, pos = _cited_parent(doc)
        if name:
            return name, pos
        # 洪洞县2018年度县乡党委书记抓基层党建述职评议会议召开: the place whose meeting was held
        m = _PLACE_MEETING.search(text)
        place = m and ("n" if m["n"] else "n2")
        if place and not re.match(r"^(?:我|本|该|全|各)", m[place]):
            return doc.d(m.start(place), m.end(place)), m.start(place)
    if level == "non_university_org" and conv is not None and conv.pronoun:
        name, pos = _credited_body(doc, conv.match)
        if name:
            return name, pos
    if level == "institution" and conv is not None and conv.pronoun and conv.match in _BARE_COLLEGE:
        name, pos = _the_college(doc)
        if name and "大学" not in text:
            return name, pos
    if inst is not None:
        simple = clean_text(inst)
        if _proper(simple):
            return inst, conv.start
        for m in re.finditer(r"(?P<n>[\u4e00-\u9fff]{2,10}?(?:大学|学院|省|市))" + re.escape(simple), text):
            if _proper(m["n"]):
                return doc.d(m.start(), m.end()), m.start()
        if re.match(r"[省市县区州]", simple):
            # 省卫生健康委 named in full elsewhere (来源:湖南省卫生健康委, a headline): the full name; with its place
            # named nowhere (省广播电视局, 区卫生计生局) it stays unnamed, as the labels have it
            for m in re.finditer(r"(?P<p>[\u4e00-\u9fff]{2,8}?)" + re.escape(simple), text):
                lead = _BEFORE_NAME.match(m["p"])
                a = m.start() + (lead.end() if lead else 0)
                place = text[a : m.start() + len(m["p"])]
                if (
                    len(place) >= 2
                    and not re.search(r"[委党局部厅处办会院校]", place)
                    and _proper(text[a : m.end()])
                ):
                    return doc.d(a, m.end()), a
        if level == "non_university_org" and re.match(r"省(?!委)[\u4e00-\u9fff]{3,}$", simple):
            # 省社科院, 省质监校: a province's own body, written as its site writes it (one per province, as
            # 省委统战部; three labels of fresh6/fresh7; fresh13 q23 labels 省广播电视局 null, in conflict); a
            # district's 区卫生计生局 with no district named stays unnamed
            return inst, conv.start
        if not re.fullmatch(r"[县市区]医院", simple):
            return None, None
        # 县医院召开…: a convener named only by its kind speaks like a pronoun; its name comes from a credit line
    elif level not in ("institution", "hospital_internal") or conv is not None and not conv.pronoun:
        return None, None
    credits = (
        _ORGANISED,
        _HEADLINE,
        _HEAD_TITLE,
        _SIGNATURE,
        _SIGNED_HOSPITAL,
        _TITLED,
        _SOURCE,
        _CREDIT,
        _MASTHEAD,
        _SIGNED_END,
        _NEWS_SITE,
    )
    for rx in (*credits, _TITLE_TAIL, _FOOTER):
        for m in rx.finditer(text):
            group = "n" if m["n"] else "s"
            name = m[group]
            if _proper(name) and (level != "hospital_internal" or name.endswith("医院")):
                return doc.d(m.start(group), m.end(group)), m.start(group)
    if level == "hospital_internal":
        return _the_university(doc, "医院")  # 我院…; X医院党委书记Y主持: the one hospital the text names
    return _the_university(doc)  # 学校党委召开…; X大学党委书记Y主持: the one university the text names
