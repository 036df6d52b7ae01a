"""`pingyi serve` tells the dashboard server what it was asked for as arguments (after `--`), not as environment
variables, and those win over inherited PINGYI_* variables (docs/operations.md "Settings"). Real servers, real
Chromium."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.dashboard.serving import REPO, chromium, idle, needs_chromium, serve

pytestmark = [pytest.mark.browser, needs_chromium]
PORT = 8613  # h-cli's port


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serve") / "pingyi.duckdb"
    subprocess.run(
        [sys.executable, "-m", "pingyi", "demo", "--db", str(db)], check=True, cwd=REPO, capture_output=True
    )
    return db


def _server_command() -> list[str]:
    """The command line of the process listening on PORT (serve replaced itself with Streamlit)."""
    pid = subprocess.run(["fuser", f"{PORT}/tcp"], capture_output=True, text=True).stdout.split()
    if not pid:
        pytest.skip("fuser cannot name the server process here")
    raw = Path(f"/proc/{pid[0]}/cmdline").read_bytes()
    return raw.decode().split("\0")[:-1]


def test_an_inherited_demo_or_lake_variable_does_not_switch_them_on(demo_db, tmp_path):
    elsewhere = tmp_path / "elsewhere.duckdb"  # no warehouse there: the page would say so if it were used
    env = {"PINGYI_AUTH": "demo", "PINGYI_LAKE": str(tmp_path / "no-lake"), "PINGYI_DB": str(elsewhere)}
    with serve(demo_db, tmp_path / "serve.log", env=env, port=PORT) as url, chromium() as browser:
        command = _server_command()
        tail = command[command.index("--") + 1 :]
        assert tail == ["--db", str(demo_db), "--auth", "password", "--lake", "", "--lake-mode", "cached"]
        page = browser.new_page()
        page.goto(url)
        idle(page)
        body = page.inner_text("body")
        assert "用户名" in body or "User name" in body  # the login form, not the demo login
        assert "演示模式" not in body
        assert "数据湖" not in body and "no warehouse" not in body.lower()


def test_serve_demo_logs_visitors_in_as_the_demo_user(demo_db, tmp_path):
    with serve(demo_db, tmp_path / "serve.log", args=["--demo"], port=PORT) as url, chromium() as browser:
        assert "--auth" in (command := _server_command())
        assert command[command.index("--auth") + 1] == "demo"
        page = browser.new_page()
        page.goto(url)
        idle(page)
        assert "演示模式" in page.inner_text("body")
