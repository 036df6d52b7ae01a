"""Contract 5 (issue #15): the catalogue lookup is pure. `tr(key, lang, **kw)` needs no Streamlit session, and the
figure builders, captions and static renderers can be imported (and used) in an interpreter without Streamlit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dashboard import i18n
from dashboard.translation import tr

ROOT = Path(__file__).resolve().parents[2]


def test_tr_looks_up_the_catalogue_and_fills_values():
    assert tr("{year}年度", "zh", year=2024) == "2024年度"
    assert tr("年度", "en") == "Year"
    assert tr("院校对比", "en") == "Compare institutions"
    assert tr("一个不在词表里的句子", "en") == "一个不在词表里的句子"  # falls back to the Chinese source
    assert tr("年度", "zh") == "年度"


def test_session_wrapper_and_old_name_are_the_same_lookup():
    assert i18n.tr is tr and i18n.translate is tr
    assert i18n.LANGS == ("zh", "en") and i18n.DEFAULT_LANG == "zh"


def test_builders_and_renderers_import_without_streamlit():
    code = (
        "import sys\n"
        "import dashboard.translation, dashboard.charts, dashboard.captions, dashboard.render, dashboard.pack_render\n"
        "from dashboard.translation import tr\n"
        "assert tr('年度', 'en') == 'Year'\n"
        "print(sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
