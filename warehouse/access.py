"""Who may see what: users with argon2 password hashes in a file outside the repository, roles, and scopes.

Roles: viewer (sees the institutions granted), analyst (viewer + export), admin (upload, load, users).
A user is granted a list of institutions (names or ids) or all. The query layer takes a Scope and returns
no row outside it; the dashboard builds the Scope from the logged-in user.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

ROLES: tuple[str, ...] = ("viewer", "analyst", "admin")
ROLE_ZH: dict[str, str] = {"viewer": "查看", "analyst": "分析(可导出)", "admin": "管理(载入、用户)"}
MIN_PASSWORD = 10
_NAME = re.compile(r"^[\w.@-]{2,64}$")
_hasher = PasswordHasher()


class AccessError(ValueError):
    """A user-management request that cannot be done; the message is Chinese / English."""


@dataclass(frozen=True)
class Scope:
    """The institutions a caller may see: None = all of them."""

    institutions: frozenset[str] | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls(None)

    def allows(self, institution_id: str) -> bool:
        return self.institutions is None or institution_id in self.institutions

    def restrict(self, requested: list[str] | None) -> list[str] | None:
        """The requested institution ids cut to the scope (None = no request = everything allowed)."""
        if self.institutions is None:
            return requested
        if requested is None:
            return sorted(self.institutions)
        return [i for i in requested if i in self.institutions]


@dataclass
class User:
    name: str
    role: str
    institutions: list[str] | None  # names or ids as granted; None = all
    password_hash: str = field(repr=False)

    def can(self, action: str) -> bool:
        """view · export · load · manage_users"""
        needed = {"view": "viewer", "export": "analyst", "load": "admin", "manage_users": "admin"}[action]
        return ROLES.index(self.role) >= ROLES.index(needed)

    def scope(self, institutions: dict[str, str]) -> Scope:
        """Resolve granted names or ids against the warehouse's {institution_id: name}."""
        if self.institutions is None:
            return Scope.everything()
        by_name = {name: iid for iid, name in institutions.items()}
        granted = {by_name.get(g, g) for g in self.institutions}
        return Scope(frozenset(g for g in granted if g in institutions))


class UserStore:
    """The users file (JSON, mode 0600), written atomically."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _load(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8")).get("users", {})

    def _save(self, users: dict[str, dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"users": users}, fh, ensure_ascii=False, indent=2)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def list(self) -> list[User]:
        return [User(name, **fields) for name, fields in sorted(self._load().items())]

    def get(self, name: str) -> User | None:
        fields = self._load().get(name)
        return User(name, **fields) if fields else None

    def add(self, name: str, password: str, role: str, institutions: list[str] | None) -> User:
        if not _NAME.match(name):
            raise AccessError(f"用户名应为 2–64 个字母、数字或 ._@- / user names are 2–64 letters, digits or ._@-: {name!r}")
        if role not in ROLES:
            raise AccessError(f"未知角色 / unknown role {role!r}; choose one of {', '.join(ROLES)}")
        if institutions is not None and not institutions:
            raise AccessError("请授权至少一所院校或全部 / grant at least one institution, or all")
        users = self._load()
        if name in users:
            raise AccessError(f"用户已存在 / user exists: {name}")
        user = User(name, role, institutions, _hash(password))
        users[name] = {k: v for k, v in asdict(user).items() if k != "name"}
        self._save(users)
        return user

    def remove(self, name: str) -> None:
        users = self._load()
        if name not in users:
            raise AccessError(f"没有此用户 / no such user: {name}")
        del users[name]
        self._save(users)

    def set_password(self, name: str, password: str) -> None:
        users = self._load()
        if name not in users:
            raise AccessError(f"没有此用户 / no such user: {name}")
        users[name]["password_hash"] = _hash(password)
        self._save(users)

    def verify(self, name: str, password: str) -> User | None:
        """The user when name and password match, else None (the same answer for an unknown name)."""
        user = self.get(name)
        if user is None:
            _hasher.hash(password)  # spend the same time as for a real user
            return None
        try:
            _hasher.verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            self.set_password(name, password)
        return user


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccessError(f"密码至少 {MIN_PASSWORD} 个字符 / passwords need at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


USERS_FILE_ENV = "PINGYI_USERS_FILE"


def default_users_file() -> Path:
    """$PINGYI_USERS_FILE, else ~/.config/pingyi/users.json (the same default as etl.settings.Settings.users_file)."""
    raw = (os.environ.get(USERS_FILE_ENV) or "").strip()
    return Path(raw).expanduser() if raw else Path.home() / ".config" / "pingyi" / "users.json"


def scope_for(cur, grant: list[str] | tuple[str, ...] | None) -> Scope:
    """A user's grant (institution names, short names or ids; None = all) resolved against the warehouse `cur`
    reads: the ids of the granted institutions that exist there (an unknown name grants nothing)."""
    if grant is None:
        return Scope.everything()
    rows = cur.sql("select institution_id, name, short_name from institutions").fetchall()
    wanted = {g.strip() for g in grant}
    return Scope(frozenset(iid for iid, name, short in rows if wanted & {iid, name, short}))
