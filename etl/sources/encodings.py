"""Tells text encodings apart: UTF-8 (with or without BOM), UTF-16/32, GB18030, Big5 and a mix of UTF-8 and
GB18030 lines are read; anything else (Shift-JIS, EUC-KR, …) is refused with the encoding that was found.

GB18030 decodes almost any byte sequence, so "it decoded" proves nothing: a decoding is accepted only when its
non-ASCII characters are overwhelmingly common Chinese ones (GB2312 hanzi, Big5 level-1 hanzi, CJK punctuation,
full-width forms). Big5 or Shift-JIS bytes read as GB18030 give kana and rare hanzi (獵ホ厩, 惵愇戝妛) and fail
that test. Traditional characters are left as they are: etl.normalize turns them into simplified ones (opencc).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from etl.messages import Reject, SourceError

DETECTOR_MIN_BYTES = (
    32  # non-ASCII bytes below which charset-normalizer is not asked (it guesses on short text)
)
DETECTOR_MARGIN = (
    0.05  # how much less clean (charset-normalizer's "chaos") a Chinese reading may be and stand
)
UNCOMMON_SHARE = 0.2  # a decoding with more than this share of uncommon non-ASCII characters is garbled
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_NAMES = {  # what charset-normalizer calls an encoding → what a person calls it
    "cp932": "Shift-JIS",
    "shift_jis": "Shift-JIS",
    "shift_jis_2004": "Shift-JIS",
    "shift_jisx0213": "Shift-JIS",
    "euc_jp": "EUC-JP",
    "euc_jis_2004": "EUC-JP",
    "euc_jisx0213": "EUC-JP",
    "iso2022_jp": "ISO-2022-JP",
    "cp949": "EUC-KR",
    "euc_kr": "EUC-KR",
    "johab": "Johab",
    "big5": "Big5",
    "cp950": "Big5",
    "big5hkscs": "Big5-HKSCS",
    "gb18030": "GB18030",
    "gb2312": "GB2312",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # utf-8 · utf-8-sig · utf-16-le · … · gb18030 · big5 · utf-8+gb18030 (line by line)
    bad_lines: tuple[int, ...] = ()  # 1-based lines that decode in neither encoding (left empty in `text`)


@lru_cache(maxsize=65536)
def _common(ch: str) -> bool:
    o = ord(ch)
    if 0x4E00 <= o <= 0x9FFF:
        for codec, first, last in (("gb2312", 0xB0, 0xF7), ("big5", 0xA4, 0xC6)):
            try:
                lead = ch.encode(codec)[0]
            except UnicodeEncodeError:
                continue
            if first <= lead <= last:
                return True
        return False
    return (
        0x3000 <= o <= 0x303F
        or 0xFF01 <= o <= 0xFF5E
        or 0x2010 <= o <= 0x2027
        or 0x2030 <= o <= 0x203B
        or o in (0x00B7, 0x00D7, 0x00B0, 0x2116, 0xFFE5)
        or unicodedata.category(ch) == "Zs"
    )


def uncommon_count(text: str) -> tuple[int, int]:
    """(uncommon, all) non-ASCII characters of `text`, counted per distinct character (fast on big files)."""
    wide = len(text) - len(text.encode("ascii", "ignore"))
    if not wide:
        return 0, 0
    return sum(text.count(c) for c in set(text) if ord(c) > 127 and not _common(c)), wide


def plausible(text: str) -> bool:
    """Reads as Chinese: at most one uncommon character (a rare name such as 䶮) or a fifth of the non-ASCII."""
    uncommon, wide = uncommon_count(text)
    return uncommon <= max(1, UNCOMMON_SHARE * wide)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes on one side of most ASCII characters."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 3 * max(even, 1):
        return "utf-16-le"
    if even > 3 * max(odd, 1):
        return "utf-16-be"
    return None


def detect(data: bytes) -> str:
    """The encoding charset-normalizer finds (for messages), as a person names it."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None:
        return "unknown"
    return _NAMES.get(best.encoding, best.encoding)


_EAST_ASIAN_OTHER = {
    "euc_jp",
    "euc_jis_2004",
    "euc_jisx0213",
    "cp932",
    "shift_jis",
    "shift_jis_2004",
    "iso2022_jp",
    "cp949",
    "euc_kr",
    "johab",
    "iso2022_kr",
}


_CHINESE = {"gb18030", "gb2312", "gbk", "hz", "big5", "cp950", "big5hkscs"}


def _japanese_or_korean(data: bytes, margin: float | None = DETECTOR_MARGIN) -> str | None:
    """The encoding's name when charset-normalizer finds Japanese or Korean text and no Chinese reading nearly
    as clean (within `margin` of its "chaos"; with margin None, no Chinese reading at all)."""
    from charset_normalizer import from_bytes

    if sum(b > 127 for b in data[:4096]) < DETECTOR_MIN_BYTES:  # too little text for any detector to judge
        return None
    matches = list(from_bytes(data[:65536]))
    if not matches or matches[0].encoding not in _EAST_ASIAN_OTHER:
        return None
    best = matches[0]
    if any(m.encoding in _CHINESE and (margin is None or m.chaos <= best.chaos + margin) for m in matches):
        return None  # a Chinese reading about as clean as the best (or any at all, margin None): keep it
    return _NAMES.get(best.encoding, best.encoding)


def decode(data: bytes, file: str) -> Decoded:
    """The text of a file, or SourceError (reason unknown_encoding) naming the encoding found."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec)
            if text is None:
                raise _refused(file, f"{codec} 含无效字节 / invalid {codec} bytes")
            return Decoded(text, f"{codec}-sig" if codec == "utf-8" else codec)
    utf16 = _utf16_without_bom(data)
    if utf16 and (text := _strict(data, utf16)) is not None:
        return Decoded(text, utf16)
    text = _strict(data, "utf-8")
    if text is not None:
        # a GB18030 file is valid UTF-8 only by accident, and only when tiny (学校 → ѧУ)
        if (
            len(data) > 4096
            or plausible(text)
            or (gb := _strict(data, "gb18030")) is None
            or not plausible(gb)
        ):
            return Decoded(text, "utf-8")
        return Decoded(gb, "gb18030")
    gb = _strict(data, "gb18030")
    if gb is not None and _every_line_plausible(gb):
        other = _japanese_or_korean(data)  # EUC-JP and EUC-KR use GB2312's byte ranges: ask a detector
        if other:
            raise _refused(file, f"检测到 / found: {other}")
        return Decoded(gb, "gb18030")
    lines = _line_by_line(data)
    if lines is not None and not lines.bad_lines:
        return lines
    big5 = _strict(data, "cp950")
    if big5 is not None and plausible(big5):
        other = _japanese_or_korean(data, margin=None)  # EUC-JP bytes are Big5 bytes too; Big5 is kept
        # whenever the detector offers it at all (on odd names it ranks Korean first)
        if other:
            raise _refused(file, f"检测到 / found: {other}")
        return Decoded(big5, "big5")
    if lines is not None:
        return lines
    raise _refused(file, f"检测到 / found: {detect(data)}")


def _every_line_plausible(text: str) -> bool:
    """No line is garbled: the distinct uncommon characters are found first, and only lines holding one are
    measured (so a GB18030 file with one rare name is read at once, a UTF-8 line inside it is not)."""
    uncommon = [c for c in set(text) if ord(c) > 127 and not _common(c)]
    if not uncommon:
        return True
    marker = re.compile("^.*[" + "".join(re.escape(c) for c in uncommon) + "].*$", re.MULTILINE)
    return all(plausible(m.group()) for m in marker.finditer(text))


def _line_by_line(data: bytes) -> Decoded | None:
    """Each line in UTF-8 or GB18030, whichever reads as Chinese (0x0A never occurs inside a character of
    either). Accepted when at most half of the non-ASCII lines decode in neither; those are left empty."""
    lines, bad, wide, utf8 = [], [], 0, False
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.isascii():
            lines.append(raw.decode("ascii"))
            continue
        wide += 1
        as_utf8, as_gb = _strict(raw, "utf-8"), _strict(raw, "gb18030")
        if as_utf8 is not None and (plausible(as_utf8) or as_gb is None or not plausible(as_gb)):
            text, utf8 = as_utf8, True
        elif as_gb is not None and plausible(as_gb):
            text = as_gb
        else:
            bad.append(number)
            text = ""
        lines.append(text)
    if not wide or len(bad) * 2 > wide:
        return None
    return Decoded("\n".join(lines), "utf-8+gb18030" if utf8 else "gb18030", tuple(bad))


def _refused(file: str, detail: str) -> SourceError:
    return SourceError(Reject(file, None, None, None, None, "unknown_encoding", detail))
