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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from warehouse.store import RollbackRefused, Store, Version

if TYPE_CHECKING:  # batch_history's frame comes from DuckDB's .pl(): the command line need not load polars
    import polars as pl

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
            raise AccessError(
                f"用户名应为 2–64 个字母、数字或 ._@- / user names are 2–64 letters, digits or ._@-: {name!r}"
            )
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
        raise AccessError(
            f"密码至少 {MIN_PASSWORD} 个字符 / passwords need at least {MIN_PASSWORD} characters"
        )
    return _hasher.hash(password)


def scope_for(cur, grant: list[str] | tuple[str, ...] | None) -> Scope:
    """A user's grant (institution names, short names or ids; None = all) resolved against the warehouse `cur`
    reads: the ids of the granted institutions that exist there (an unknown name grants nothing)."""
    if grant is None:
        return Scope.everything()
    rows = cur.sql("select institution_id, name, short_name from institutions").fetchall()
    wanted = {g.strip() for g in grant}
    return Scope(frozenset(iid for iid, name, short in rows if wanted & {iid, name, short}))


# ---------------------------------------------------------------- write scope: loading, batch history, rollback
#
# Write scope = read scope: an admin granted some institutions loads, sees the batch history of and rolls back
# only loads of those institutions. The loader records the institutions each loaded batch wrote rows for in
# raw_batch_institutions ('*' = every institution, e.g. a default scheme); everything below reads that table.

ALL_INSTITUTIONS = "*"


@dataclass(frozen=True)
class WriteScope:
    """Who writes: a user name, role and grant (names, short names or ids; None = every institution).
    `WriteScope()` is the operator at the command line without --user: an admin of every institution."""

    user: str = ""
    role: str = "admin"
    grant: tuple[str, ...] | None = None

    @classmethod
    def of(cls, user: User) -> WriteScope:
        return cls(user.name, user.role, None if user.institutions is None else tuple(user.institutions))

    @property
    def unrestricted(self) -> bool:
        return self.grant is None and self.can_load

    @property
    def can_load(self) -> bool:
        return self.role in ROLES and ROLES.index(self.role) >= ROLES.index("admin")

    def resolve(self, cur) -> Scope:
        """The grant as institution ids of the warehouse `cur` reads (or writes, inside a load's transaction)."""
        return scope_for(cur, self.grant)

    def role_refusal(self) -> str | None:
        """Why this user may not load or roll back at all (None when they may)."""
        if self.can_load:
            return None
        return (
            f"用户 {self.user} 的角色是「{ROLE_ZH.get(self.role, self.role)}」,只有管理员可以载入或回退数据 / user "
            f"{self.user} has the role {self.role!r}: only admins may load or roll back data"
        )

    def outside(self, cur, institution_ids) -> list[str]:
        """Of the institution ids a write touched, those outside this scope (sorted; '*' when it touched all)."""
        ids = set(institution_ids)
        if self.unrestricted:
            return []
        allowed = self.resolve(cur)
        return sorted(i for i in ids if i == ALL_INSTITUTIONS or not allowed.allows(i))


def _batch_institutions_sql(cur) -> str:
    """A select of (batch_id, institution_id) rows; an empty one for a warehouse older than the table."""
    try:
        cur.execute("select 1 from raw_batch_institutions limit 0")
    except duckdb.CatalogException:
        return "select null::varchar as batch_id, null::varchar as institution_id where false"
    return "select batch_id, institution_id from raw_batch_institutions"


BATCH_COLUMNS = (
    "batch_id",
    "kind",
    "source",
    "status",
    "rows_read",
    "rows_loaded",
    "rows_rejected",
    "loaded_at",
    "loaded_by",
)


def batch_history(cur, scope: Scope | None = None, *, user: str = "", limit: int = 200) -> pl.DataFrame:
    """The latest load attempts of the warehouse version `cur` reads, newest first, limited to a scope: a batch is
    shown when every institution it wrote is in the scope, or when it wrote none (a failed file) and `user` loaded
    it. scope None (or Scope.everything()) shows all."""
    columns = ", ".join(f"b.{c}" for c in BATCH_COLUMNS)
    if scope is None or scope.institutions is None:
        return cur.sql(
            f"select {columns} from etl_batches as b order by b.loaded_at desc, b.batch_id desc limit ?",
            params=[limit],
        ).pl()
    sql = f"""
        with bi as ({_batch_institutions_sql(cur)}),
        per_batch as (select batch_id, list(distinct institution_id) as ids from bi group by batch_id)
        select {columns}
        from etl_batches as b left join per_batch as p using (batch_id)
        where (p.ids is not null and list_has_all(?::varchar[], p.ids))
           or (p.ids is null and b.status <> 'loaded' and ? <> '' and b.loaded_by = ?)
        order by b.loaded_at desc, b.batch_id desc
        limit ?
    """
    return cur.sql(sql, params=[sorted(scope.institutions), user, user, limit]).pl()


@dataclass
class UndoStep:
    """One `pingyi rollback` back along the chain of versions: undoing `version`'s load makes `back_to` current.
    `institutions` = the ids its batches wrote (None: unknown — a write that was not a load, or one older than
    the record); `allowed` says whether the asking user may undo it (and every step before it)."""

    number: int
    version: str
    back_to: str
    written: float
    batches: list[dict]
    institutions: frozenset[str] | None
    allowed: bool = True
    reason: str = ""


def _read_version(path: Path) -> tuple[dict[str, dict], dict[str, set[str]], dict[str, str]]:
    """A version's batches {id: row}, the institutions each loaded batch wrote, and its {institution_id: name}."""
    with duckdb.connect(str(path), read_only=True) as con:
        batches = {
            r["batch_id"]: r
            for r in con.sql(f"select {', '.join(BATCH_COLUMNS)} from raw_etl_batches").pl().to_dicts()
        }
        wrote: dict[str, set[str]] = {}
        for batch_id, iid in con.sql(_batch_institutions_sql(con)).fetchall():
            wrote.setdefault(batch_id, set()).add(iid)
        names = dict(con.sql("select institution_id, name from raw_institutions").fetchall())
    return batches, wrote, names


def _step(read: tuple, before: dict[str, dict]) -> tuple[list[str], frozenset[str] | None]:
    """The batches a version added to its parent's, and the institutions they wrote (None: unknown — no batch,
    or a loaded batch without a record)."""
    batches, wrote, _ = read
    new = [b for b in batches if b not in before]
    known = bool(new) and all(b in wrote for b in new if batches[b]["status"] == "loaded")
    return new, (frozenset().union(*(wrote.get(b, set()) for b in new)) if known else None)


def undo_steps(store: Store, scope: WriteScope | None = None) -> tuple[list[UndoStep], Version | None]:
    """What `pingyi rollback` can undo, last load first, for the asking user (None: the operator, everything);
    and the oldest version kept (whose own load cannot be undone: its parent is gone or it is the first)."""
    chain = store.chain()
    if not chain:
        return [], None
    reads = [_read_version(v.path) for v in chain]
    steps: list[UndoStep] = []
    blocked = ""
    for i, version in enumerate(chain[:-1]):
        batches = reads[i][0]
        new, ids = _step(reads[i], reads[i + 1][0])
        step = UndoStep(
            i + 1,
            version.name,
            chain[i + 1].name,
            version.written,
            sorted((batches[b] for b in new), key=lambda r: r["batch_id"]),
            ids,
        )
        if scope is not None and not blocked:
            blocked = _undo_refusal(scope, version.path, ids)
        if blocked:
            step.allowed, step.reason = False, blocked
            step.batches = []  # another institution's loads are not shown to a scoped admin
        steps.append(step)
    return steps, chain[-1]


def _undo_refusal(scope: WriteScope, path: Path, ids: frozenset[str] | None) -> str:
    if (why := scope.role_refusal()) is not None:
        return why
    if scope.unrestricted:
        return ""
    if ids is None:
        return (
            "这一版本不是由可追溯院校的载入产生的,只有授权全部院校的管理员可以撤销 / this version was not made by a "
            "load whose institutions are recorded; only an admin of every institution can undo it"
        )
    with duckdb.connect(str(path), read_only=True) as con:
        outside = scope.outside(con, ids)
    if outside:
        return (
            "这次载入涉及您权限以外的院校,只有相应授权的管理员可以撤销 / this load touched institutions outside "
            "your scope; only an admin granted them can undo it"
        )
    return ""


def rollback_guard(scope: WriteScope) -> Callable[[Version], None]:
    """For Store.rollback(guard=…): refuses (RollbackRefused) to undo a load that touched institutions outside the
    scope, or any load for a user who is not an admin. Runs under the writers' lock, on the version being undone."""

    def guard(current: Version) -> None:
        parent = current.parent_path()
        before = _read_version(parent)[0] if parent is not None else {}
        _new, ids = _step(_read_version(current.path), before)
        why = _undo_refusal(scope, current.path, ids)
        if why:
            raise RollbackRefused(why)

    return guard
