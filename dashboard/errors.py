"""No traceback reaches a user: an unexpected error becomes a short message with a reference id, and the full
traceback goes to the server log (logger ``pingyi.errors``) under the same id, for the administrator to look up."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

log = logging.getLogger("pingyi.errors")

MESSAGE = "页面出错,已记录。请把参考编号 {ref} 告诉数据管理员。"  # through i18n.t(): English in dashboard/i18n_en.py


def report(exc: BaseException) -> str:
    """Log `exc` with a new reference id, show the short message, return the id."""
    import streamlit as st

    from dashboard.i18n import t

    ref = secrets.token_hex(4).upper()
    log.error("page error ref=%s %s: %s", ref, type(exc).__name__, exc, exc_info=exc)
    try:
        st.error(t(MESSAGE, ref=ref), icon=":material/error:")
    except Exception:  # outside a script run: the log line is all there is
        pass
    return ref


def on_script_error(exc: Exception) -> bool:
    """st.App's handler for an uncaught error in a script run or a widget callback: report it and suppress
    Streamlit's own exception element."""
    report(exc)
    return True


def guard(run: Callable[[], object]) -> None:
    """Run a page; an error in it is reported (st.stop/st.rerun are not errors and pass through)."""
    try:
        run()
    except Exception as exc:  # noqa: BLE001 - every error is reported, none is shown raw
        report(exc)
