"""Password guessing slowed and locked out, per user name and per client, without starving everybody else.

- Each failure counts against the user name and the client address for `window` seconds.
- `user_max` failures for a name, or `client_max` from one client, lock that name or client for `lock` seconds; a
  locked attempt is refused before the password is checked (no hash work), with the time it lifts.
- Each failure is followed by a growing pause (the base delay, PINGYI_LOGIN_DELAY_SECONDS, × 1, 2, 4, 8, 8 …) in
  that visitor's own script thread; sleeping holds no lock and no CPU.
- Password checks (argon2: ~0.1 s of CPU and 64 MiB each) run one at a time: a flood of parallel attempts queues
  for the checker instead of taking both cores from logged-in users' pages; an attempt that cannot get the checker
  within BUSY_WAIT seconds is told to try again.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

MAX_FACTOR = 8  # the pause after a failure: the base delay × 1, 2, 4, 8, 8 …
BUSY_WAIT = 5.0
T = TypeVar("T")


class Busy(RuntimeError):
    """The password checker stayed busy (a login flood): try again shortly."""


@dataclass(frozen=True)
class Verdict:
    locked_for: float  # seconds until the lock lifts; 0 = not locked
    who: str = ""  # "user" or "client": which lock applies


class Throttle:
    def __init__(self, *, user_max: int = 5, client_max: int = 20, window: float = 900, lock: float = 900):
        self.user_max, self.client_max, self.window, self.lock = user_max, client_max, window, lock
        self._guard = threading.Lock()
        self._checker = threading.Semaphore(1)
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._locked_until: dict[str, float] = {}

    def configure(self, *, user_max: int, client_max: int, window: float, lock: float) -> None:
        self.user_max, self.client_max, self.window, self.lock = user_max, client_max, window, lock

    @staticmethod
    def _keys(user: str, client: str) -> tuple[str, str]:
        return f"user:{user.strip().lower()}", f"client:{client}"

    def check(self, user: str, client: str) -> Verdict:
        """Whether an attempt for this name from this client may be tried now."""
        now = time.monotonic()
        with self._guard:
            for key in self._keys(user, client):
                until = self._locked_until.get(key, 0.0)
                if until > now:
                    return Verdict(until - now, key.split(":", 1)[0])
        return Verdict(0.0)

    def failure(self, user: str, client: str) -> tuple[Verdict, float]:
        """Count a failed attempt: (the lock it caused, if any; the factor of the pause before answering)."""
        now = time.monotonic()
        caused = Verdict(0.0)
        worst = 0
        with self._guard:
            for key, limit in zip(self._keys(user, client), (self.user_max, self.client_max), strict=True):
                times = self._failures[key]
                times.append(now)
                while times and times[0] < now - self.window:
                    times.popleft()
                worst = max(worst, len(times))
                if len(times) >= limit and self._locked_until.get(key, 0.0) <= now:
                    self._locked_until[key] = now + self.lock
                    times.clear()
                    caused = Verdict(self.lock, key.split(":", 1)[0])
        return caused, float(min(MAX_FACTOR, 2 ** max(0, worst - 1)))

    def success(self, user: str, client: str) -> None:
        """A right password: the name's failures are forgotten (the client's are kept)."""
        with self._guard:
            self._failures.pop(self._keys(user, client)[0], None)

    def checked(self, user: str, client: str, verify: Callable[[], T]) -> T | Verdict:
        """Run `verify` (the password check) alone, unless the name or client got locked while waiting."""
        if not self._checker.acquire(timeout=BUSY_WAIT):
            raise Busy()
        try:
            verdict = self.check(user, client)
            if verdict.locked_for:
                return verdict
            return verify()
        finally:
            self._checker.release()

    def reset(self) -> None:
        with self._guard:
            self._failures.clear()
            self._locked_until.clear()


THROTTLE = Throttle()
