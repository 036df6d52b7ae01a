"""Nothing from the data reaches raw HTML: no `unsafe_allow_html=True`, no `st.html(...)` or components.html anywhere
in dashboard/ but of static text (the app's stylesheet, literal CSS with catalogue words) (an AST scan, so comments and strings do not count), and the Streamlit config keeps XSRF and CORS
protection on."""

from __future__ import annotations

import ast
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
HTML_CALLS = {"html"}  # st.html, components.html, st.components.v1.html
# an html() call is allowed only when nothing in its argument can come from the data: literals, the app's own
# stylesheet beside the module (Path(__file__).with_name("app.css")) and catalogue strings (t("…") of a literal)
STATIC_NAMES = {"Path", "__file__", "t"}


def _static(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id not in STATIC_NAMES:
            return False
        if isinstance(sub, ast.Call) and not all(
            isinstance(a, ast.Constant) or _is_file(a) for a in sub.args
        ):
            return False
    return True


def _is_file(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "__file__"


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in HTML_CALLS and not (len(node.args) == 1 and not node.keywords and _static(node.args[0])):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}(...)")
        for kw in node.keywords:
            if kw.arg == "unsafe_allow_html" and not (
                isinstance(kw.value, ast.Constant) and kw.value.value is False
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} unsafe_allow_html")
    return found


def test_no_raw_html_in_the_dashboard():
    files = sorted((ROOT / "dashboard").rglob("*.py"))
    assert len(files) > 10
    assert [o for f in files for o in _offences(f)] == []


def test_the_scan_would_notice(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import streamlit as st\nst.markdown(x, unsafe_allow_html=True)\nst.html(y)\n"
        "st.markdown(z, unsafe_allow_html=flag)\nst.markdown(ok, unsafe_allow_html=False)\n"
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert _offences(bad) == [
            "bad.py:2 unsafe_allow_html",
            "bad.py:3 html(...)",
            "bad.py:4 unsafe_allow_html",
        ]
    finally:
        ROOT = saved


def test_streamlit_config_keeps_xsrf_and_cors_protection():
    # `pingyi serve` runs Streamlit in dashboard/; `streamlit run dashboard/app.py` from the root reads the other
    configs = [
        p
        for p in (ROOT / "dashboard" / ".streamlit" / "config.toml", ROOT / ".streamlit" / "config.toml")
        if p.exists()
    ]
    assert ROOT / "dashboard" / ".streamlit" / "config.toml" in configs
    for path in configs:
        server = tomllib.loads(path.read_text(encoding="utf-8")).get("server", {})
        assert server.get("enableXsrfProtection", True) is True, path
        assert server.get("enableCORS", True) is True, path
        assert 0 < server.get("maxUploadSize", 200) <= 50, path  # MB; the admin page's own limits are smaller


def test_no_secrets_file_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    names = tracked.stdout.splitlines()
    assert [
        n for n in names if Path(n).name in ("secrets.toml", "users.json") or n.endswith((".pem", ".key"))
    ] == []
