"""The tab's icon reaches Streamlit as a data URL of dashboard/favicon.png without Streamlit's image path, so the
server does not load numpy and PIL for it (issue #18: the server's memory against the minimal app's)."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

from dashboard import favicon

ROOT = Path(__file__).resolve().parents[2]


def test_the_data_url_is_the_png():
    head, _, body = favicon.DATA_URL.partition(",")
    assert head == "data:image/png;base64"
    assert base64.b64decode(body) == (ROOT / "dashboard" / "favicon.png").read_bytes()


def test_install_passes_the_data_url_and_leaves_other_icons_to_streamlit():
    from streamlit.commands import page_config

    favicon.install()
    favicon.install()  # idempotent: one wrapper, not two
    wrapped = page_config._get_favicon_string
    assert wrapped.passes_data_url
    assert wrapped(favicon.DATA_URL) == favicon.DATA_URL
    assert wrapped("🎓") == "emoji:🎓"
    assert wrapped(":material/school:").startswith(":material")


def test_the_icon_loads_neither_numpy_nor_pil_image():
    code = (
        "import sys\n"
        "from dashboard import favicon, safe\n"
        "favicon.install()\n"
        "from streamlit.commands import page_config\n"
        "assert page_config._get_favicon_string(favicon.DATA_URL) == favicon.DATA_URL\n"
        "safe.inert_figure  # the figure guard asks for numpy only once something has loaded it\n"
        "print(sorted(m for m in ('numpy', 'PIL.Image') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]", out.stderr
