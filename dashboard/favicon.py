"""The browser tab's icon (dashboard/favicon.png) as a data URL, given to Streamlit without its image path.

`st.set_page_config(page_icon=<a file>)` goes through Streamlit's `image_to_url`, which imports numpy and PIL before
it looks at its argument: ≈ 12.6 MiB of the server's memory (numpy 10.4, PIL 2.2) and ≈ 0.1 s of its first run,
for a 1.5 KB PNG that needs neither (issue #18: the server's memory against the minimal app's). `install()` lets
Streamlit pass this one data URL through as it is; any other icon takes Streamlit's own path. Without the private
function (another Streamlit), nothing is replaced: `image_to_url` returns a data URL unchanged, so the same icon is
shown either way, only with numpy and PIL loaded.
"""

from __future__ import annotations

import base64
from pathlib import Path

PATH = Path(__file__).with_name("favicon.png")
DATA_URL = "data:image/png;base64," + base64.b64encode(PATH.read_bytes()).decode("ascii")


def install() -> None:
    """Let `st.set_page_config(page_icon=DATA_URL)` send DATA_URL without importing numpy and PIL (idempotent)."""
    from streamlit.commands import page_config

    original = getattr(page_config, "_get_favicon_string", None)
    if original is None or getattr(original, "passes_data_url", False):
        return

    def favicon_string(page_icon):
        return DATA_URL if page_icon == DATA_URL else original(page_icon)

    favicon_string.passes_data_url = True
    page_config._get_favicon_string = favicon_string
