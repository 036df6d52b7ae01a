"""Login sessions that outlive a browser tab: a signed, expiring, HttpOnly cookie naming a server-side session.

The cookie (`pingyi_session`) holds only a random session id signed with the server's secret (itsdangerous); the
session itself (who, how they logged in, when it expires) lives in this process. So a reload or a new tab finds the
login again, while logging out (or the expiry, or a restart of the server) ends it for good: an old cookie whose
session is gone no longer works, whatever its signature.

A Streamlit script cannot set cookies (it talks over the WebSocket), so a login hands over: the script starts a
session and a one-time token (valid HANDOFF_SECONDS), sends the browser to `/pingyi/session?token=…&next=…`
(dashboard/server.py), and that route sets the cookie and redirects to `next`, the page the visitor asked for.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "pingyi_session"
NEXT_COOKIE = "pingyi_next"  # the page asked for before a single sign-on round trip
SESSION_PATH = "/pingyi/session"
LOGOUT_PATH = "/pingyi/logout"
SSO_PATH = "/pingyi/sso"
HANDOFF_SECONDS = 60
_ROUTES = (SESSION_PATH, LOGOUT_PATH, SSO_PATH)  # never a page to come back to


@dataclass
class Session:
    sid: str
    name: str  # the user name in the users file (an e-mail for single sign-on)
    method: str  # password · oidc
    client: str
    expires: float  # absolute end (time.time())
    idle_seconds: float
    last_seen: float = field(default_factory=time.time)

    def alive(self, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        return now < self.expires and now - self.last_seen < self.idle_seconds


class Registry:
    """The sessions of this server process (thread-safe: script threads and the HTTP routes share it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}
        self._handoffs: dict[str, tuple[str, str, float]] = {}  # token → (sid, next, valid until)
        self._secret = secrets.token_hex(32)

    def configure(self, secret: str | None) -> None:
        """Use the deployment's secret (PINGYI_COOKIE_SECRET) so cookies are checked with it; by default a random
        one per process."""
        if secret:
            self._secret = secret

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self._secret, salt="pingyi-session")

    def start(self, name: str, method: str, client: str, *, hours: float, idle_minutes: float) -> Session:
        now = time.time()
        session = Session(
            secrets.token_urlsafe(24), name, method, client, now + hours * 3600, idle_minutes * 60
        )
        with self._lock:
            self._purge(now)
            self._sessions[session.sid] = session
        return session

    def get(self, sid: str | None) -> Session | None:
        """The live session with this id (its idle clock restarted), or None."""
        if not sid:
            return None
        now = time.time()
        with self._lock:
            session = self._sessions.get(sid)
            if session is None or not session.alive(now):
                self._sessions.pop(sid, None)
                return None
            session.last_seen = now
            return session

    def end(self, sid: str | None) -> Session | None:
        with self._lock:
            return self._sessions.pop(sid, None) if sid else None

    def end_user(self, name: str) -> int:
        """End every session of a user (e.g. removed from the users file); returns how many."""
        with self._lock:
            gone = [sid for sid, s in self._sessions.items() if s.name == name]
            for sid in gone:
                del self._sessions[sid]
        return len(gone)

    def cookie_value(self, session: Session) -> str:
        return self._serializer().dumps(session.sid)

    def from_cookie(self, value: str | None, *, max_age: float) -> Session | None:
        """The live session a cookie names; None for a missing, forged, expired or ended one."""
        if not value:
            return None
        try:
            sid = self._serializer().loads(value, max_age=max_age)
        except BadSignature:  # also SignatureExpired
            return None
        return self.get(str(sid))

    def handoff(self, session: Session, next_url: str) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._handoffs[token] = (session.sid, safe_next(next_url), time.time() + HANDOFF_SECONDS)
        return token

    def redeem(self, token: str | None) -> tuple[Session, str] | None:
        """(the session, the page to go to) for a one-time token; a token works once, within HANDOFF_SECONDS."""
        if not token:
            return None
        with self._lock:
            entry = self._handoffs.pop(token, None)
        if entry is None or entry[2] < time.time():
            return None
        session = self.get(entry[0])
        return (session, entry[1]) if session else None

    def _purge(self, now: float) -> None:
        for sid in [sid for sid, s in self._sessions.items() if not s.alive(now)]:
            del self._sessions[sid]
        for token in [t for t, (_, _, until) in self._handoffs.items() if until < now]:
            del self._handoffs[token]


def safe_next(url: str | None) -> str:
    """A same-site path to go back to after login (an outside address, `//host` or a scheme becomes `/`)."""
    if not url:
        return "/"
    parts = urlsplit(url)
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//") or "\\" in path or path.startswith(_ROUTES):
        return "/"
    return path + (f"?{parts.query}" if parts.query else "")


REGISTRY = Registry()
