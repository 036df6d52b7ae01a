"""deploy/nginx-pingyi.conf for real: Debian's nginx on 127.0.0.1 in front of `pingyi serve` (the site file itself,
with the test's ports put in and TLS left out), and Chromium logging in and loading a page through it.

Checks: the WebSocket upgrade works (the page renders), the upload size limit answers 413 at nginx, XSRF protection
still refuses a token-less upload behind the proxy, /_stcore/metrics is 404, and the login lockout sees the client
address nginx passes in X-Real-IP (PINGYI_TRUST_PROXY)."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.dashboard.serving import (
    REPO,
    chromium,
    free_port,
    idle,
    needs_chromium,
    password_login,
    serve,
    wait_http,
)
from warehouse import audit
from warehouse.access import UserStore

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = REPO / "deploy" / "nginx-pingyi.conf"
PASSWORD = "correct-horse-battery"
pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.skipif(
        not Path(NGINX).exists(), reason="needs Debian's nginx: bash scripts/system-packages.sh"
    ),
]


def site_for_test(text: str, *, listen: int, upstream: int) -> str:
    """The deployed site file with the test's ports, without the port-80 redirect and TLS (no certificate here)."""
    servers = text.split("\nserver {")
    assert len(servers) == 3, "the site file has the redirect server and the dashboard server"
    head, _redirect, main = servers
    main = "server {" + main
    main = re.sub(r"\n\s*listen 443[^\n]*", f"\n    listen 127.0.0.1:{listen};", main)
    main = re.sub(r"\n\s*ssl_certificate[^\n]*", "", main)
    head = head.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{upstream};")
    assert f"127.0.0.1:{upstream}" in head and f"127.0.0.1:{listen}" in main
    return head + "\n" + main


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory, warehouse: Path):
    folder = tmp_path_factory.mktemp("nginx")
    users = folder / "users.json"
    UserStore(users).add("viewer-n", PASSWORD, "viewer", None)
    upstream, listen = free_port(), free_port()
    (folder / "logs").mkdir()
    conf = folder / "nginx.conf"
    conf.write_text(
        "worker_processes 1;\ndaemon off;\n"
        f"pid {folder}/nginx.pid;\nerror_log {folder}/logs/error.log warn;\n"
        + ("user root;\n" if __import__("os").geteuid() == 0 else "")
        + "events { worker_connections 256; }\n"
        "http {\n"
        f"  access_log {folder}/logs/access.log;\n"
        + "".join(
            f"  {kind}_temp_path {folder}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + site_for_test(SITE.read_text(encoding="utf-8"), listen=listen, upstream=upstream)
        + "\n}\n",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(folder)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    env = {
        "PINGYI_USERS_FILE": str(users),
        "PINGYI_TRUST_PROXY": "true",
        "PINGYI_LOGIN_DELAY_SECONDS": "0.05",
    }
    with serve(warehouse, folder / "serve.log", env=env, port=upstream):
        proc = subprocess.Popen(
            [NGINX, "-c", str(conf), "-p", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{listen}"
            wait_http(f"{url}/_stcore/health", proc)
            yield {"url": url, "folder": folder}
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_a_page_loads_and_runs_through_nginx_in_chromium(proxied, warehouse: Path):
    url = proxied["url"]
    with chromium() as browser:
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(f"{url}/compare")
        idle(page)
        password_login(page, "viewer-n", PASSWORD)  # over the WebSocket, through nginx
        page.get_by_role("heading", name="院校对比", level=1).wait_for(timeout=60_000)
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        assert page.url.startswith(f"{url}/compare")
        assert {"pingyi_session", "_streamlit_xsrf"} <= {c["name"] for c in context.cookies()}
        context.close()
    access = (proxied["folder"] / "logs" / "access.log").read_text()
    assert re.search(r'"GET /_stcore/stream HTTP/1.1" 101 ', access), (
        "the WebSocket was upgraded through nginx"
    )
    logins = [
        e for e in audit.read(warehouse, limit=100) if e["user"] == "viewer-n" and e["event"] == "login"
    ]
    assert (
        logins and logins[0]["client"] == "127.0.0.1"
    )  # from X-Real-IP (not the "local" of a direct connection)


def test_upload_size_xsrf_and_metrics_behind_nginx(proxied):
    url = proxied["url"]

    def put(size: int) -> int:
        request = urllib.request.Request(
            f"{url}/_stcore/upload_file/some-session/some-file",
            data=b"x" * size,
            method="PUT",
            headers={"Content-Type": "application/octet-stream"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    assert put(30 * 2**20) == 413  # over client_max_body_size: nginx refuses it
    assert put(1024) == 403  # within the limit, but without the XSRF token: Streamlit still refuses it
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=5)
    assert err.value.code == 404
    time.sleep(0.1)
