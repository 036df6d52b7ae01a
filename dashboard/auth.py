"""Who is using the dashboard: the login gate and the logged-in user (session-scoped).

Contract shared by the pages: `current_user()` is the warehouse.access.User logged in for this browser session
(None before login); `require_login()` shows the login page and stops the run until someone logs in.

Ways in:
- user name and password, checked against the users file (`pingyi users add|list|remove|passwd`): the path is
  $PINGYI_USERS_FILE, else ~/.config/pingyi/users.json (warehouse.access.default_users_file);
- OIDC through `st.login()` when `.streamlit/secrets.toml` has an `[auth]` section: the identity's e-mail must be
  a user name in the users file (that entry gives the role and the institutions);
- demo mode (`pingyi serve --demo` sets PINGYI_AUTH=demo): a demo admin is logged in automatically, but only when
  every institution in the warehouse is fictional demo data. Outside demo mode there is no default user.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from dashboard.i18n import t
from dashboard.safe import md
from warehouse.access import Scope, User, UserStore, default_users_file

USER_KEY = "pingyi_user"
DEMO_KEY = "pingyi_demo_login"  # True while the session's user is the automatic demo user
LOGGED_OUT_KEY = "pingyi_logged_out"  # the user logged out: no automatic demo login again in this session
AUTH_ENV = "PINGYI_AUTH"
DEMO_USER = "demo"
FAILED_LOGIN_DELAY = 1.0  # seconds; slows down guessing
ADMIN_CONTACT = "请联系数据管理员用 `pingyi users add` 添加账号 / ask the data administrator to add you with `pingyi users add`"
DEMO_NOTE = "演示模式:已自动以演示用户登录 / Demo mode: logged in automatically as a demo user"
LOGIN_FAILED = "用户名或密码不正确 / Wrong user name or password"
# the strings above and below go through i18n.t(): Chinese first with English in Chinese mode, English alone in English


def current_user() -> User | None:
    """The user logged in for this session, or None."""
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else None


def users_store() -> UserStore:
    """The users file named by $PINGYI_USERS_FILE (read when asked), else ~/.config/pingyi/users.json."""
    return UserStore(default_users_file())


def demo_mode() -> bool:
    """True when the server was started with `pingyi serve --demo`."""
    return os.environ.get(AUTH_ENV, "").strip().lower() == "demo"


def _oidc_configured() -> bool:
    try:
        return bool(st.secrets.load_if_toml_exists()) and "auth" in st.secrets
    except Exception:  # a broken secrets file is reported by Streamlit itself; no OIDC then
        return False


def _all_demo(version: str | None) -> bool:
    if version is None:
        return False
    from dashboard import data

    return data.warehouse_all_demo(version, scope=Scope.everything())


def _log_in(user: User, *, demo: bool = False) -> None:
    st.session_state[USER_KEY] = user
    st.session_state[DEMO_KEY] = demo
    st.session_state.pop(LOGGED_OUT_KEY, None)


def log_out() -> None:
    """Forget the session's user (and the OIDC identity cookie when there is one)."""
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop(DEMO_KEY, None)
    st.session_state[LOGGED_OUT_KEY] = True
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()


def require_login(version: str | None) -> User:
    """The logged-in user; without one, the login page is shown and the run stops here (no data is read).

    `version` is the current warehouse version file (None when there is none): demo login needs it to check that
    every institution is demo data.
    """
    user = current_user()
    demo_ok = demo_mode() and _all_demo(version)
    if user is not None and st.session_state.get(DEMO_KEY) and not demo_ok:
        # real data arrived (or the server left demo mode): the automatic demo user is no longer valid
        st.session_state.pop(USER_KEY, None)
        st.session_state.pop(DEMO_KEY, None)
        user = None
    if user is None and demo_ok and not st.session_state.get(LOGGED_OUT_KEY):
        user = User(DEMO_USER, "admin", None, password_hash="")
        _log_in(user, demo=True)
    if user is None and _oidc_configured() and st.user.is_logged_in:
        user = _from_oidc()
    if user is not None:
        _sidebar(user)
        return user
    _login_page(demo_ok)
    st.stop()
    raise RuntimeError("unreachable")  # st.stop() ends the run


def _from_oidc() -> User | None:
    """The users-file entry named by the OIDC identity's e-mail, or None (and a message saying whom to ask)."""
    email = str(st.user.get("email") or "").strip()
    entry = users_store().get(email) if email else None
    if entry is None:
        st.error(
            t("账号 {email} 没有访问权限。{contact}。 / {email} has no access.", email=md(email) if email else t("(无邮箱 / no e-mail)"),
              contact=t(ADMIN_CONTACT)),
            icon=":material/block:",
        )
        return None
    _log_in(entry)
    return entry


def _login_page(demo_available: bool) -> None:
    st.title(t("评议 Pingyi"))
    st.markdown(t("请先登录 / Please log in"))
    if _oidc_configured() and not st.user.is_logged_in:
        st.button(t("使用单位统一身份认证登录 / Log in with single sign-on"), on_click=st.login, key="login_oidc",
                  icon=":material/login:")
    with st.form("login", enter_to_submit=True):
        name = st.text_input(t("用户名 / User name"), key="login_name", autocomplete="username")
        password = st.text_input(t("密码 / Password"), type="password", key="login_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("登录 / Log in"), type="primary")
    if submitted:
        user = users_store().verify(name.strip(), password) if name.strip() and password else None
        if user is None:
            time.sleep(FAILED_LOGIN_DELAY)
            st.error(t(LOGIN_FAILED), icon=":material/lock:")
        else:
            _log_in(user)
            st.rerun()
    if demo_available:
        st.caption(t("演示模式:退出后可刷新页面重新以演示用户登录 / Demo mode: reload the page to log in as the demo user"))
    st.caption(t("没有账号?{contact}", contact=t(ADMIN_CONTACT)))


def _sidebar(user: User) -> None:
    from warehouse.access import ROLE_ZH

    with st.sidebar:
        if st.session_state.get(DEMO_KEY):
            st.info(t(DEMO_NOTE), icon=":material/science:")
        # who is logged in goes on the button (no extra caption: pages' captions stay where the tests expect them)
        if st.button(
            t("退出登录 {name} / Log out", name=md(user.name)),
            key="logout",
            icon=":material/logout:",
            type="tertiary",
            help=f"{user.name} · {t(ROLE_ZH[user.role]) if user.role in ROLE_ZH else user.role}",
        ):
            log_out()
            st.rerun()
