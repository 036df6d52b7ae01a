"""Who is using the dashboard: the login gate and the logged-in user (session-scoped).

Contract shared by the pages: `current_user()` is the warehouse.access.User logged in for this browser session
(None before login); `require_login()` shows the login page and stops the run until someone logs in.
"""

from __future__ import annotations

import streamlit as st

from warehouse.access import User

USER_KEY = "pingyi_user"


def current_user() -> User | None:
    """The user logged in for this session, or None."""
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else None
