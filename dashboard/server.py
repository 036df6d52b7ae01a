"""The served application (`pingyi serve` runs `streamlit run` on this file): the dashboard script (app.py) inside
an st.App with Pingyi's own routes and middleware.

- `/pingyi/session?token=…`: turns a login's one-time token into the session cookie and goes to the page asked for;
- `/pingyi/logout[?sso=1]`: deletes the cookie (the session itself was ended by the script) and, after single
  sign-on, passes on to Streamlit's `/auth/logout`, which clears the identity cookie;
- `/pingyi/sso?next=…`: remembers the page asked for, then starts Streamlit's OIDC login;
- `/_stcore/metrics` answers 404 unless PINGYI_METRICS is set, and then only to a local client not coming through
  a proxy;
- an uncaught error in a page is logged with a reference id and shown as a short message (dashboard/errors.py);
- structured logging: one line per event on stderr (`time level logger message`), level $PINGYI_LOG_LEVEL.

Its start reads the settings once (dashboard/config.py): the PINGYI_* environment and the arguments after `--`
(`pingyi serve` passes --db, --auth, --lake and --lake-mode).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from dashboard import config, errors
from dashboard.sessions import COOKIE, LOGOUT_PATH, NEXT_COOKIE, REGISTRY, SESSION_PATH, SSO_PATH, safe_next

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
log = logging.getLogger("pingyi.server")


def configure_logging(level: str) -> None:
    """Pingyi's loggers (pingyi.*) write one line per event to stderr; the level from the settings."""
    logger = logging.getLogger("pingyi")
    if not any(getattr(h, "_pingyi", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler._pingyi = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(getattr(logging, level.upper(), logging.INFO))
    logger.propagate = False


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


async def session_route(request: Request) -> Response:
    settings = config.settings()
    redeemed = REGISTRY.redeem(request.query_params.get("token"))
    if redeemed is None:
        log.warning("session hand-over refused: unknown or expired token")
        return RedirectResponse("/", status_code=303)
    session, next_url = redeemed
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(
        COOKIE,
        REGISTRY.cookie_value(session),
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(NEXT_COOKIE, path="/")
    return response


async def logout_route(request: Request) -> Response:
    from streamlit.user_info import AUTH_LOGOUT_ENDPOINT

    target = AUTH_LOGOUT_ENDPOINT if request.query_params.get("sso") else "/"
    REGISTRY.end(_sid_of(request))  # a cookie sent here is ended too, even if the script did not know it
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _sid_of(request: Request) -> str | None:
    session = REGISTRY.from_cookie(
        request.cookies.get(COOKIE), max_age=config.settings().session_hours * 3600
    )
    return session.sid if session else None


async def sso_route(request: Request) -> Response:
    from streamlit.user_info import generate_login_redirect_url

    response = RedirectResponse(generate_login_redirect_url("default"), status_code=303)
    response.set_cookie(
        NEXT_COOKIE,
        safe_next(request.query_params.get("next")),
        max_age=600,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    return response


class MetricsGate:
    """ASGI middleware: /_stcore/metrics is not public."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("path", "").rstrip("/").endswith("/_stcore/metrics"):
            headers = {k.decode("latin-1").lower() for k, _ in scope.get("headers", [])}
            client = (scope.get("client") or ("", 0))[0]
            local = client in {"127.0.0.1", "::1"} and not headers & {"x-forwarded-for", "x-real-ip"}
            if not (config.settings().metrics and local):
                await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _startup() -> None:
    # the one place the dashboard reads its settings: the environment plus the arguments `pingyi serve` passes
    # after `--` (Streamlit hands them over as sys.argv, this file first); dashboard/config.py. Imported by
    # anything else (sys.argv is someone else's), the settings stay those of the environment.
    served = bool(sys.argv) and Path(sys.argv[0]).resolve() == Path(__file__).resolve()
    settings = config.load(sys.argv[1:]) if served else config.settings()
    configure_logging(settings.log_level)
    REGISTRY.configure(settings.cookie_secret or None)


_startup()
# a module-level `app = st.App(...)`: that is what `streamlit run` looks for to serve it as an ASGI app
app = st.App(
    Path(__file__).with_name("app.py"),
    routes=[
        Route(SESSION_PATH, session_route, methods=["GET"]),
        Route(LOGOUT_PATH, logout_route, methods=["GET"]),
        Route(SSO_PATH, sso_route, methods=["GET"]),
    ],
    middleware=[Middleware(MetricsGate)],
    on_script_error=errors.on_script_error,
)
