"""PDF text that copies and searches as the characters drawn: Chromium's PDFs (kaleido's and the pack's pages) map
glyphs back to text from the font alone, which gives Kangxi radicals for shared glyphs (⼤ U+2F24 instead of 大) and
nothing (U+0000) for glyphs reached through a font feature (Noto Sans CJK's digits in charts).

`fix_text_mapping(pdf)` rewrites each embedded font's /ToUnicode map: every glyph maps to the character the font's
own cmap gives for it, preferring unified ideographs over radicals and compatibility forms; a glyph reached only
through a substitution (GSUB) maps to the character it substitutes; what is still unknown is normalised (NFKC) so
that a radical becomes its ideograph. The glyphs themselves are untouched: the page looks exactly the same.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

# blocks whose characters share glyphs with unified ideographs (radicals, compatibility ideographs)
_SECONDARY = ((0x2E80, 0x2FDF), (0x3190, 0x319F), (0x31C0, 0x31EF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_GLYPH_NAME = re.compile(r"^g([0-9A-Fa-f]+)$")  # Skia names a Type3 glyph after its glyph id: /g36D5
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _secondary(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _SECONDARY) or cp < 0x20


@functools.lru_cache(maxsize=32)
def _font_file(family: str, weight: int) -> tuple[str, int] | None:
    """(file, face index) of the installed font of this family and weight (fontconfig), or None."""
    if not shutil.which("fc-match"):
        return None
    style = "Bold" if weight >= 600 else "Regular"
    out = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", f"{family}:style={style}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\n")
    if len(out) < 2 or not out[0] or not Path(out[0]).is_file():
        return None
    matched = subprocess.run(
        ["fc-match", "-f", "%{family}", f"{family}:style={style}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    if family.lower() not in matched.lower():  # fontconfig fell back to another family: its glyphs differ
        return None
    return out[0], int(out[1] or 0)


@functools.lru_cache(maxsize=8)
def glyph_text(path: str, index: int) -> dict[int, str]:
    """glyph id → the text it stands for in this font (cmap, preferring ideographs; then GSUB substitutes)."""
    from fontTools.ttLib import TTCollection, TTFont

    font = (
        TTCollection(path, lazy=True).fonts[index]
        if path.lower().endswith(".ttc")
        else TTFont(path, lazy=True)
    )
    ids = {name: i for i, name in enumerate(font.getGlyphOrder())}
    text: dict[int, str] = {}
    for cp, name in sorted(font.getBestCmap().items(), key=lambda item: (_secondary(item[0]), item[0])):
        text.setdefault(ids[name], chr(cp))
    if "GSUB" in font:
        pairs: list[tuple[int, int]] = []
        ligatures: list[tuple[int, list[int]]] = []
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for sub in lookup.SubTable:
                kind = lookup.LookupType
                if kind == 7:  # extension: the real subtable inside
                    sub, kind = sub.ExtSubTable, sub.ExtSubTable.LookupType
                if kind == 1:
                    pairs += [(ids[a], ids[b]) for a, b in sub.mapping.items()]
                elif kind == 3:
                    pairs += [(ids[a], ids[b]) for a, alts in sub.alternates.items() for b in alts]
                elif kind == 4:  # ligatures: "——" drawn as one glyph reads as the two dashes
                    ligatures += [
                        (ids[lig.LigGlyph], [ids[first], *(ids[c] for c in lig.Component)])
                        for first, ligs in sub.ligatures.items()
                        for lig in ligs
                    ]
        for _ in range(2):  # substitutes of substitutes
            for source, target in pairs:
                if target not in text and source in text:
                    text[target] = text[source]
        for target, parts in ligatures:
            mapped = text.get(target, "")
            if all(p in text for p in parts) and (not mapped or 0x2E00 <= ord(mapped[0]) <= 0x2E7F):
                text[target] = "".join(text[p] for p in parts)
    return text


def _parse_cmap(data: bytes) -> dict[int, str]:
    """code → text of a ToUnicode CMap (bfchar and bfrange sections)."""
    out: dict[int, str] = {}

    def utf16(hexes: bytes) -> str:
        return bytes.fromhex(hexes.decode()).decode("utf-16-be", errors="replace")

    for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        tokens = _HEX.findall(section)
        for src, dst in zip(tokens[::2], tokens[1::2], strict=False):
            out[int(src, 16)] = utf16(dst)
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in section.strip().splitlines():
            tokens = _HEX.findall(line)
            if len(tokens) < 3:
                continue
            lo, hi = int(tokens[0], 16), int(tokens[1], 16)
            if b"[" in line:
                for code, dst in zip(range(lo, hi + 1), tokens[2:], strict=False):
                    out[code] = utf16(dst)
            else:
                first = utf16(tokens[2])
                for k, code in enumerate(range(lo, hi + 1)):
                    out[code] = first[:-1] + chr(ord(first[-1]) + k)
    return out


def _cmap_bytes(mapping: dict[int, str], code_bytes: int) -> bytes:
    width = 2 * code_bytes
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<{'0' * width}> <{'F' * width}>",
        "endcodespacerange",
    ]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{code:0{width}X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _glyph_ids(font) -> dict[int, int]:
    """code → glyph id: a Type3 font's glyph names (/gXXXX), an Identity-encoded CID font's codes."""
    if font.get("/Subtype") == "/Type3":
        ids: dict[int, int] = {}
        code = 0
        for item in _dict(font.get("/Encoding")).get("/Differences", []):
            if isinstance(item, int):
                code = item
                continue
            if m := _GLYPH_NAME.match(str(item)[1:]):
                ids[code] = int(m.group(1), 16)
            code += 1
        return ids
    if font.get("/Subtype") == "/Type0" and font.get("/Encoding") == "/Identity-H":
        return {}  # codes are glyph ids; filled from the CMap's codes by the caller
    return {}


def _fix_font(font) -> None:
    from pypdf.generic import NameObject, StreamObject

    to_unicode = font.get("/ToUnicode")
    if to_unicode is None:
        return
    stream = to_unicode.get_object()
    mapping = _parse_cmap(stream.get_data())
    identity = font.get("/Subtype") == "/Type0" and font.get("/Encoding") == "/Identity-H"
    ids = {code: code for code in mapping} if identity else _glyph_ids(font)
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and identity:
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    family = str(descriptor.get("/FontFamily", "") or "")
    located = _font_file(family, int(descriptor.get("/FontWeight", 400) or 400)) if family else None
    known = glyph_text(*located) if located else {}
    fixed: dict[int, str] = {}
    for code in set(mapping) | set(ids):
        text = mapping.get(code, "")
        gid = ids.get(code)
        if gid is not None and gid in known:  # the font's own answer: ideographs, substitutions, ligatures
            text = known[gid]
        text = "".join(
            unicodedata.normalize("NFKC", c) if _secondary(ord(c)) and ord(c) >= 0x20 else c for c in text
        )
        if text.strip("\x00"):
            fixed[code] = text
    if fixed == mapping:
        return
    new = StreamObject()
    new.set_data(_cmap_bytes(fixed, 2 if identity else 1))
    font[NameObject("/ToUnicode")] = new


def _dict(value) -> dict:
    return value.get_object() if value is not None else {}


def _fonts(resources, seen: set[int]):
    """Every font dictionary reachable from a resource dictionary (through form XObjects and Type3 fonts)."""
    if resources is None:
        return
    resources = resources.get_object()
    if id(resources) in seen:
        return
    seen.add(id(resources))
    for ref in _dict(resources.get("/Font")).values():
        font = ref.get_object()
        yield font
        yield from _fonts(font.get("/Resources"), seen)
    for ref in _dict(resources.get("/XObject")).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def fix_text_mapping(pdf: bytes) -> bytes:
    """The PDF with every font's text mapping corrected (see the module docstring); the drawing is unchanged."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    fix_fonts(writer)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def fix_fonts(writer) -> None:
    """Correct the text mapping of every font of a pypdf PdfWriter's pages in place (see `fix_text_mapping`;
    for a document being assembled, such as the pack, so that it is not copied once more)."""
    seen: set[int] = set()
    done: set[int] = set()
    for page in writer.pages:
        for font in _fonts(page.get("/Resources"), seen):
            if id(font) not in done:
                done.add(id(font))
                _fix_font(font)
