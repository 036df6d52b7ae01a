"""Single sign-on for real: `pingyi serve` with an `[auth]` section in $PINGYI_CONFIG_DIR/secrets.toml, a real OpenID
Connect provider on 127.0.0.1 (tests/dashboard/oidc_provider.py, Authlib), Chromium signing in through it.

A deep link is kept through the round trip; the e-mail maps to the users-file entry (role and institutions); sign-out
ends the session (a reload does not log back in); an unknown e-mail gets a clear message and no data; all of it is in
the audit log."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from tests.dashboard.oidc_provider import CLIENT_ID, Account, Provider
from tests.dashboard.serving import chromium, free_port, idle, needs_chromium, serve
from warehouse import audit
from warehouse.access import UserStore

pytestmark = [pytest.mark.browser, needs_chromium]
HEAD = "head.qinglan@example.edu"
STRANGER = "stranger@example.org"
SSO_BUTTON = "使用单位统一身份认证登录"


@pytest.fixture(scope="module")
def sso(tmp_path_factory: pytest.TempPathFactory, warehouse: Path):
    folder = tmp_path_factory.mktemp("sso")
    users = folder / "users.json"
    UserStore(users).add(HEAD, secrets.token_urlsafe(16), "analyst", ["青岚大学"])
    port, idp_port = free_port(), free_port()
    provider = Provider([Account("u-1", HEAD, "青岚 负责人"), Account("u-2", STRANGER, "Stranger")], idp_port)
    provider.redirect_uris.append(f"http://127.0.0.1:{port}/oauth2callback")
    provider.start()
    config = folder / "config"
    config.mkdir()
    (config / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{provider.client_secret}"\n'
        f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {"PINGYI_USERS_FILE": str(users), "PINGYI_CONFIG_DIR": str(config)}
    try:
        with serve(warehouse, folder / "serve.log", env=env, port=port) as url, chromium() as browser:
            yield {"url": url, "browser": browser, "provider": provider, "log": folder / "serve.log"}
    finally:
        provider.stop()


def _sign_in(page, url: str, email: str, path: str) -> None:
    page.goto(url + path)
    idle(page)
    page.get_by_role("button", name=SSO_BUTTON).click()
    page.get_by_label("E-mail").fill(email, timeout=30_000)  # the provider's own sign-in page
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda u: u.startswith(url) and "/oauth2callback" not in u, timeout=30_000)
    idle(page)


def test_sign_in_through_the_provider_keeps_the_deep_link_maps_the_role_and_signs_out(sso, warehouse: Path):
    url, browser = sso["url"], sso["browser"]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    _sign_in(page, url, HEAD, "/compare")
    page.get_by_role("heading", name="院校对比", level=1).wait_for(timeout=30_000)
    assert page.url.startswith(url + "/compare"), page.url
    assert sso["provider"].sign_ins == [HEAD]
    page.wait_for_selector("[data-testid='stSidebar'] [data-testid='stMultiSelect']", timeout=30_000)
    idle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert (
        "青岚大学" in sidebar.inner_text() and "白沙学院" not in sidebar.inner_text()
    )  # the users file's grant
    assert page.get_by_role("button", name="CSV").count() > 0  # an analyst: the export buttons
    cookie = {c["name"]: c for c in context.cookies()}["pingyi_session"]
    assert cookie["httpOnly"]
    page.reload()  # the login survives a reload …
    idle(page)
    page.get_by_role("heading", name="院校对比", level=1).wait_for(timeout=30_000)
    idle(page)
    page.get_by_role("button", name="退出登录").click()  # … and sign-out ends it
    page.get_by_role("button", name=SSO_BUTTON).wait_for(timeout=30_000)
    page.reload()
    idle(page)
    assert page.get_by_role("button", name=SSO_BUTTON).is_visible()
    assert page.locator(".js-plotly-plot").count() == 0
    events = [(e["event"], e["user"], e.get("method")) for e in audit.read(warehouse, limit=200)]
    assert ("login", HEAD, "oidc") in events and ("logout", HEAD, "oidc") in events
    context.close()


def test_an_unknown_e_mail_gets_a_clear_message_and_no_data(sso, warehouse: Path):
    url, browser = sso["url"], sso["browser"]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    _sign_in(page, url, STRANGER, "/")
    alert = page.locator("[data-testid='stAlertContentError']").first
    alert.wait_for(timeout=30_000)
    assert STRANGER in alert.inner_text() and "没有访问权限" in alert.inner_text()
    assert page.locator(".js-plotly-plot").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    assert "青岚大学" not in page.locator("body").inner_text()
    events = [(e["event"], e["user"], e["outcome"]) for e in audit.read(warehouse, limit=200)]
    assert ("login_failed", STRANGER, "refused") in events
    context.close()
