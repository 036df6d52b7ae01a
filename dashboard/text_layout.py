"""Line breaking for text drawn into static files (captions under charts, the pack's slide text).

Widths come from the CJK font the files are drawn with (its advance widths, through fontTools), else from an
estimate by character class. Lines break between ideographs and at spaces, never inside a number, a Latin word or a
threshold such as 好≥90 or 较好≥75, and no line starts with closing punctuation (,。;:、)) or a dash.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from dashboard.pdf_text import _font_file

FAMILY = "Noto Sans CJK SC"
# a threshold or score (好≥90, 较好≥75, ≥60, 100/80/60), a number with its unit sign (+1.2, 65%), a Latin word
_UNBREAKABLE = re.compile(
    r"[\u4e00-\u9fff]{0,2}[≥≤<>=]\s?[\d.]+%?"
    r"|[+\-−±]?[\d][\d.,/%:]*(?:[\d%])?"
    r"|[A-Za-z][A-Za-z0-9_.'/-]*"
)
_NO_LINE_START = set(",。;:、)》」』!?%,.;:!?)]}—–-·")
_NO_LINE_END = set("(《「『([{")


@functools.lru_cache(maxsize=1)
def _advances() -> tuple[dict[int, float], float] | None:
    """code point → advance in em of the CJK font, and its default; None when the font is not installed."""
    located = _font_file(FAMILY, 400)
    if located is None:
        return None
    try:
        from fontTools.ttLib import TTCollection, TTFont

        path, index = located
        font = (
            TTCollection(path, lazy=True).fonts[index]
            if path.lower().endswith(".ttc")
            else TTFont(path, lazy=True)
        )
        per_em = font["head"].unitsPerEm
        hmtx = font["hmtx"]
        cmap = font.getBestCmap()
        return {cp: hmtx[name][0] / per_em for cp, name in cmap.items()}, 1.0
    except Exception:  # a font fontTools cannot read: fall back to the estimate
        return None


def char_width(ch: str) -> float:
    """Advance of one character in units of the font size."""
    metrics = _advances()
    if metrics is not None:
        widths, default = metrics
        return widths.get(ord(ch), default)
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6


def text_width(text: str, font_px: float) -> float:
    return sum(char_width(ch) for ch in text) * font_px


def _tokens(para: str) -> list[str]:
    """The paragraph as pieces that stay on one line: unbreakable runs, spaces and single characters."""
    out: list[str] = []
    pos = 0
    for m in _UNBREAKABLE.finditer(para):
        out += list(para[pos : m.start()])
        out.append(m.group(0))
        pos = m.end()
    out += list(para[pos:])
    # glue what may not start a line to the piece before it, and what may not end one to the piece after it
    glued: list[str] = []
    for token in out:
        if glued and (token[0] in _NO_LINE_START or glued[-1][-1] in _NO_LINE_END):
            if token[0] in _NO_LINE_START and glued[-1].isspace() and len(glued) > 1:
                # "口径 —— 院校": a break at the space would start the next line with the dash
                space = glued.pop()
                glued[-1] += space
            glued[-1] += token
        else:
            glued.append(token)
    return glued


def wrap_text(text: str, width_px: float, font_px: float) -> list[str]:
    """Break `text` into lines no wider than `width_px` at `font_px` (a piece wider than a line is cut)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0.0
        for token in _tokens(para):
            w = text_width(token, font_px)
            if used + w > width_px and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0.0
                token = token.lstrip()
                w = text_width(token, font_px)
                if not token:
                    continue
            while w > width_px and len(token) > 1:  # longer than a whole line: cut it where it must be cut
                cut = len(token)
                while cut > 1 and text_width(token[:cut], font_px) > width_px:
                    cut -= 1
                lines.append(token[:cut])
                token = token[cut:]
                w = text_width(token, font_px)
            line += token
            used += w
        lines.append(line.rstrip())
    return lines
