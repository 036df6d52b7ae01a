"""Who is using the dashboard: the login gate and the logged-in user (session-scoped).

Contract shared by the pages: `current_user()` is the warehouse.access.User logged in for this browser session
(None before login); `require_login()` shows the login page and stops the run until someone logs in.

Ways in:
- user name and password, checked against the users file (`pingyi users add|list|remove|passwd`): the path is
  $PINGYI_USERS_FILE, else ~/.config/pingyi/users.json (Settings.users_file). Guessing is slowed
  and locked out per user name and per client (dashboard/lockout.py);
- single sign-on (OIDC) through Streamlit's `st.login()` when secrets.toml has an `[auth]` section: the identity's
  e-mail must be a user name in the users file (that entry gives the role and the institutions);
- demo mode (`pingyi serve --demo` sets PINGYI_AUTH=demo): visitors are logged in automatically as a demo *viewer*,
  only while every institution in the warehouse is fictional demo data; an administrator logs in with a password
  (uploads need that login even on a demo server).

A login lasts beyond the tab: it becomes a server-side session named by a signed, expiring, HttpOnly cookie
(dashboard/sessions.py), so a reload, a new tab and a shared link (kept through the login) find it. The user's role
and institutions are read from the users file on every rerun: a removal or a re-scope takes effect at once. Logins,
failures, lockouts and logouts go to the audit log (warehouse/audit.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

import streamlit as st

from dashboard import config
from dashboard.i18n import t
from dashboard.lockout import THROTTLE, Busy, Verdict
from dashboard.safe import md
from dashboard.sessions import COOKIE, LOGOUT_PATH, NEXT_COOKIE, REGISTRY, SESSION_PATH, SSO_PATH, safe_next
from warehouse.access import Scope, User, UserStore
from warehouse.settings import Settings

log = logging.getLogger("pingyi.auth")

USER_KEY = "pingyi_user"
LOGIN_KEY = "pingyi_login"  # (user name, method, session id) of a real login in this browser session
DEMO_KEY = "pingyi_demo_login"  # True while the session's user is the automatic demo user
LOGGED_OUT_KEY = "pingyi_logged_out"  # the user logged out: no automatic demo login again in this session
ADMIN_LOGIN_KEY = "pingyi_admin_login"  # a demo visitor asked for the password login
NEXT_KEY = "pingyi_next"  # the address this browser session first asked for (kept through the login)
NOTICE_KEY = "pingyi_auth_notice"  # why the last login ended (shown once on the login page)
AUTH_ENV = "PINGYI_AUTH"  # the variable of Settings.auth (`pingyi serve` passes --auth, which wins)
DEMO_USER = "demo"
DEMO_ROLE = "viewer"
ADMIN_CONTACT = "请联系数据管理员添加账号"
DEMO_NOTE = "演示模式:已自动以演示用户(只读)登录"
LOGIN_FAILED = "用户名或密码不正确"
LOCKED = "登录失败次数过多,已暂时锁定,{minutes} 分钟后(UTC {until})解除。"
BUSY = "登录请求过多,请稍后再试。"
SESSION_ENDED = "登录已结束(已退出或已过期),请重新登录。"
ACCOUNT_GONE = "账号 {name} 已被删除,登录已结束。{contact}。"
DEMO_ENDED = "此演示服务器的数据仓库中已有真实数据,自动演示登录已关闭;请用账号登录。"
_DEMO_ENDED_LOGGED: list[str] = []  # the server log says once per process that demo mode ended
# the strings above and below go through i18n.t(): Chinese alone in Chinese, English alone in English (the login
# page has the language switch too)


def current_user() -> User | None:
    """The user logged in for this session, or None."""
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else None


def is_admin() -> bool:
    """Does this session's user load data (the admin role)? Words for the command line and for database columns
    are shown to them only."""
    user = current_user()
    return user is not None and user.can("load")


def admin_hint(text: str) -> str:
    """`text` (a command line or a database column, e.g. " 命令行:`pingyi ingest …`") for an admin, "" for others."""
    return text if is_admin() else ""


def users_store() -> UserStore:
    """The users file of the settings ($PINGYI_USERS_FILE, else ~/.config/pingyi/users.json)."""
    return UserStore(config.settings().users_file)


def demo_mode() -> bool:
    """True when the server was started with `pingyi serve --demo` (Settings.auth)."""
    return config.settings().auth == "demo"


def client_address(settings: Settings | None = None) -> str:
    """The visitor's address: X-Real-IP when the server is behind a trusted proxy (PINGYI_TRUST_PROXY), else the
    connection's address ("local" for 127.0.0.1)."""
    settings = settings or config.settings()
    try:
        if settings.trust_proxy:
            forwarded = st.context.headers.get("X-Real-IP") or ""
            if forwarded.strip():
                return forwarded.strip()[:64]
        address = st.context.ip_address
        return address if isinstance(address, str) and address else "local"
    except Exception:  # no browser context (AppTest, bare mode)
        return "local"


def audit(
    event: str,
    user: str | None,
    role: str | None = None,
    outcome: str = "ok",
    client: str | None = None,
    **details,
) -> None:
    """One audit entry (warehouse/audit.py) beside the served warehouse, with this visitor's address."""
    from dashboard import data
    from warehouse import audit as audit_log

    audit_log.record(
        data.store().pointer,
        event,
        user=user,
        role=role,
        client=client or client_address(),
        outcome=outcome,
        **details,
    )


def _oidc_configured() -> bool:
    try:
        return bool(st.secrets.load_if_toml_exists()) and "auth" in st.secrets
    except Exception:  # a broken secrets file is reported by Streamlit itself; no OIDC then
        return False


def _oidc_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:
        return False


def _all_demo(version: str | None) -> bool:
    if version is None:
        return False
    from dashboard import data

    return data.warehouse_all_demo(version, scope=Scope.everything())


def _cookie() -> str | None:
    try:
        return st.context.cookies.get(COOKIE)
    except Exception:
        return None


def _redirect(url: str) -> None:
    """Send the browser to `url` (a path on this server), the way st.login does; ignored outside a browser."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    msg = ForwardMsg()
    msg.auth_redirect.url = url
    ctx.enqueue(msg)


def _here() -> str:
    """The address this browser session asked for first (the deep link to come back to after login)."""
    if NEXT_KEY not in st.session_state:
        from urllib.parse import urlencode, urlsplit

        try:  # st.context.url carries the page's path; the query comes from st.query_params
            path = urlsplit(st.context.url or "/").path
            query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
        except Exception:
            path, query = "/", ""
        st.session_state[NEXT_KEY] = safe_next(path + (f"?{query}" if query else ""))
    return st.session_state[NEXT_KEY]


def _forget() -> None:
    for key in (USER_KEY, LOGIN_KEY, DEMO_KEY):
        st.session_state.pop(key, None)


def _start_session(user: User, method: str, settings: Settings, next_url: str) -> None:
    """A new login: the server-side session, this tab's state, the audit entry, and the cookie hand-over."""
    client = client_address(settings)
    session = REGISTRY.start(
        user.name, method, client, hours=settings.session_hours, idle_minutes=settings.session_idle_minutes
    )
    st.session_state[LOGIN_KEY] = (user.name, method, session.sid)
    st.session_state[USER_KEY] = user
    st.session_state[DEMO_KEY] = False
    st.session_state.pop(LOGGED_OUT_KEY, None)
    st.session_state.pop(ADMIN_LOGIN_KEY, None)
    audit("login", user.name, user.role, method=method)
    token = REGISTRY.handoff(session, next_url)
    _redirect(f"{SESSION_PATH}?token={token}")


def log_out() -> None:
    """End the session everywhere: the server-side session (so its cookie no longer works), this tab's state, the
    cookie itself and, after single sign-on, Streamlit's identity cookie."""
    login = st.session_state.get(LOGIN_KEY)
    user = current_user()
    method = login[1] if login else ("demo" if st.session_state.get(DEMO_KEY) else "")
    if login:
        REGISTRY.end(login[2])
    if user is not None:
        audit("logout", user.name, user.role, method=method)
    _forget()
    st.session_state[LOGGED_OUT_KEY] = True
    _redirect(LOGOUT_PATH + ("?sso=1" if method == "oidc" or _oidc_logged_in() else ""))


def _configure(settings: Settings) -> None:
    REGISTRY.configure(settings.cookie_secret or None)
    THROTTLE.configure(
        user_max=settings.login_max_failures,
        client_max=settings.login_client_max_failures,
        window=settings.login_window_minutes * 60,
        lock=settings.lockout_minutes * 60,
    )


def _resolve(settings: Settings, demo_ok: bool) -> User | None:
    state = st.session_state
    login = state.get(LOGIN_KEY)
    if login is None and not state.get(LOGGED_OUT_KEY):
        session = REGISTRY.from_cookie(_cookie(), max_age=settings.session_hours * 3600)
        if session is not None:  # a reload, a new tab, a link opened in the same browser
            login = state[LOGIN_KEY] = (session.name, session.method, session.sid)
    if login is not None:
        name, _method, sid = login
        if REGISTRY.get(sid) is None:  # logged out in another tab, expired, or the server restarted
            _forget()
            state[NOTICE_KEY] = t(SESSION_ENDED)
        else:
            entry = users_store().get(name)  # the role and institutions as the users file says now
            if entry is None:
                REGISTRY.end_user(name)
                audit("logout", name, outcome="refused", reason="account removed")
                _forget()
                state[NOTICE_KEY] = t(ACCOUNT_GONE, name=md(name), contact=t(ADMIN_CONTACT))
            else:
                state[USER_KEY] = entry
                state[DEMO_KEY] = False
                return entry
    if not state.get(LOGGED_OUT_KEY) and _oidc_configured() and _oidc_logged_in():
        user = _from_oidc(settings)
        if user is not None:
            return user
    if state.get(DEMO_KEY) and not demo_ok:
        # real data arrived (or the server left demo mode): the automatic demo user is no longer valid
        _forget()
    if demo_ok and not state.get(LOGGED_OUT_KEY) and not state.get(ADMIN_LOGIN_KEY):
        user = User(DEMO_USER, DEMO_ROLE, None, password_hash="")
        state[USER_KEY] = user
        state[DEMO_KEY] = True
        return user
    user = current_user()
    if (
        user is not None
        and LOGIN_KEY not in state
        and not state.get(DEMO_KEY)
        and not state.get(ADMIN_LOGIN_KEY)
    ):
        return user  # put in place by the caller (the tests' logged_in()): used as given
    return None


def require_login(version: str | None) -> User:
    """The logged-in user; without one, the login page is shown and the run stops here (no data is read).

    `version` is the current warehouse version file (None when there is none): demo login needs it to check that
    every institution is demo data.
    """
    settings = config.settings()
    _configure(settings)
    _here()
    demo_ok = demo_mode() and _all_demo(version)
    demo_ended = demo_mode() and version is not None and not demo_ok
    if demo_ended and not _DEMO_ENDED_LOGGED:
        _DEMO_ENDED_LOGGED.append(version)
        log.warning(
            "demo mode: the warehouse now holds real data (%s); the automatic demo login is off", version
        )
    user = _resolve(settings, demo_ok)
    if user is None:
        # a login from the form goes on with this run (the browser is meanwhile sent to pick up its cookie: a
        # st.rerun() here could drop that redirect)
        user = _login_page(demo_ok, settings, demo_ended=demo_ended)
    if user is not None and not _sidebar(user):
        return user
    if user is not None:  # logged out just now
        _login_page(demo_ok, settings, demo_ended=demo_ended)
    st.set_page_config(page_title=t("评议 Pingyi"))  # the app sets no title before the page is known
    st.stop()
    raise RuntimeError("unreachable")  # st.stop() ends the run


def _from_oidc(settings: Settings) -> User | None:
    """The users-file entry named by the OIDC identity's e-mail, or None (and a message saying whom to ask)."""
    email = str(st.user.get("email") or "").strip()
    store = users_store()
    entry = (store.get(email) or store.get(email.lower())) if email else None
    if entry is None:
        if not st.session_state.get("pingyi_oidc_refused") == email:
            st.session_state["pingyi_oidc_refused"] = email
            audit("login_failed", email, outcome="refused", method="oidc", reason="unknown e-mail")
        st.error(
            t(
                "账号 {email} 没有访问权限。{contact}。",
                email=md(email) if email else t("(无邮箱)"),
                contact=t(ADMIN_CONTACT),
            ),
            icon=":material/block:",
        )
        if st.button(t("退出单点登录"), key="oidc_logout", icon=":material/logout:"):
            st.session_state[LOGGED_OUT_KEY] = True
            _redirect(LOGOUT_PATH + "?sso=1")
        return None
    try:
        next_url = (
            safe_next(st.context.cookies.get(NEXT_COOKIE)) if st.context.cookies.get(NEXT_COOKIE) else _here()
        )
    except Exception:
        next_url = _here()
    _start_session(entry, "oidc", settings, next_url)
    return entry


def _lock_message(verdict: Verdict) -> str:
    until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=verdict.locked_for)
    return t(LOCKED, minutes=max(1, round(verdict.locked_for / 60)), until=until.strftime("%H:%M"))


@dataclass(frozen=True)
class Attempt:
    """What one password attempt came to: the user (None when refused), and why not."""

    user: User | None
    refused: str = ""  # "" · wrong · locked · busy
    locked: Verdict = Verdict(0.0)


def check_password(name: str, password: str, client: str, settings: Settings) -> Attempt:
    """One password attempt through the throttle (dashboard/lockout.py), audited; no Streamlit call, so a test can
    flood it from threads."""
    verdict = THROTTLE.check(name, client)
    if verdict.locked_for:
        audit(
            "login_failed",
            name,
            outcome="refused",
            client=client,
            method="password",
            reason=f"{verdict.who} locked",
        )
        return Attempt(None, "locked", verdict)
    try:
        result = THROTTLE.checked(name, client, lambda: users_store().verify(name, password))
    except Busy:
        audit("login_failed", name, outcome="refused", client=client, method="password", reason="busy")
        return Attempt(None, "busy")
    if isinstance(result, Verdict):
        audit(
            "login_failed",
            name,
            outcome="refused",
            client=client,
            method="password",
            reason=f"{result.who} locked",
        )
        return Attempt(None, "locked", result)
    if result is None:
        caused, factor = THROTTLE.failure(name, client)
        audit("login_failed", name, outcome="failed", client=client, method="password")
        if caused.locked_for:
            audit(
                "lockout",
                name,
                outcome="refused",
                client=client,
                method="password",
                locked=caused.who,
                minutes=round(caused.locked_for / 60, 1),
            )
        time.sleep(settings.login_delay_seconds * factor)  # slows guessing; holds nothing while asleep
        return Attempt(None, "wrong", caused)
    THROTTLE.success(name, client)
    return Attempt(result)


def _attempt(name: str, password: str, settings: Settings) -> User | None:
    """One attempt from the login form; shows why it failed. The user on success."""
    attempt = check_password(name, password, client_address(settings), settings)
    if attempt.refused == "locked":
        st.error(_lock_message(attempt.locked), icon=":material/lock_clock:")
    elif attempt.refused == "busy":
        st.error(t(BUSY), icon=":material/hourglass_top:")
    elif attempt.refused == "wrong":
        text = t(LOGIN_FAILED) + ("\n\n" + _lock_message(attempt.locked) if attempt.locked.locked_for else "")
        st.error(text, icon=":material/lock:")
    return attempt.user


def _login_page(demo_available: bool, settings: Settings, *, demo_ended: bool = False) -> User | None:
    """The login page; the user when its form logged one in during this run (the page is then cleared)."""
    holder = st.empty()
    with holder.container():
        user = _login_form(demo_available, settings, demo_ended=demo_ended)
    if user is not None:
        holder.empty()
    return user


def _login_form(demo_available: bool, settings: Settings, *, demo_ended: bool) -> User | None:
    from dashboard.i18n import LOGIN_KEY, language_switch

    st.title(t("评议 Pingyi"))
    language_switch(LOGIN_KEY)  # a reader of the other language finds theirs before logging in
    st.markdown(t("请先登录"))
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice, icon=":material/logout:")
    if demo_ended:
        st.warning(t(DEMO_ENDED), icon=":material/science:")
    if _oidc_configured() and not _oidc_logged_in():
        if st.button(
            t("使用单位统一身份认证登录"),
            key="login_oidc",
            icon=":material/login:",
        ):
            from urllib.parse import quote

            _redirect(f"{SSO_PATH}?next={quote(_here(), safe='')}")
    with st.form("login", enter_to_submit=True):
        name = st.text_input(t("用户名"), key="login_name", autocomplete="username", max_chars=64)
        password = st.text_input(
            t("密码"),
            type="password",
            key="login_password",
            autocomplete="current-password",
            max_chars=256,
        )
        submitted = st.form_submit_button(t("登录"), type="primary")
    user = None
    if submitted:
        user = _attempt(name.strip(), password, settings) if name.strip() and password else None
        if not (name.strip() and password):
            st.error(t(LOGIN_FAILED), icon=":material/lock:")
        if user is not None:
            _start_session(user, "password", settings, _here())
            return user
    if demo_available:
        if st.session_state.get(ADMIN_LOGIN_KEY) and st.button(
            t("返回演示"), key="back_to_demo", type="tertiary"
        ):
            st.session_state.pop(ADMIN_LOGIN_KEY, None)
            st.rerun()
        st.caption(t("演示模式:退出后可刷新页面重新以演示用户登录"))
    st.caption(t("没有账号?{contact}", contact=t(ADMIN_CONTACT)))
    return None


def _sidebar(user: User) -> bool:
    """Who is logged in and the log-out button; True when the user logged out in this run."""
    from warehouse.access import ROLE_ZH

    with st.sidebar:
        if st.session_state.get(DEMO_KEY):
            st.info(t(DEMO_NOTE), icon=":material/science:")
            if st.button(
                t("账号登录"),
                key="admin_login",
                icon=":material/admin_panel_settings:",
                type="tertiary",
            ):
                _forget()
                st.session_state[ADMIN_LOGIN_KEY] = True
                st.rerun()
            return False
        # who is logged in goes on the button (no extra caption: pages' captions stay where the tests expect them)
        if st.button(
            t("退出登录 {name}", name=md(user.name)),
            key="logout",
            icon=":material/logout:",
            type="tertiary",
            help=f"{md(user.name)} · {t(ROLE_ZH[user.role]) if user.role in ROLE_ZH else md(user.role)}",
        ):
            log_out()
            return True
    return False
