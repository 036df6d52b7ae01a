"""The dashboard's one `Settings` (warehouse.settings): the PINGYI_* environment plus the server's arguments.

`pingyi serve` starts `streamlit run dashboard/server.py … -- --db POINTER --auth password|demo --lake URI
--lake-mode MODE`; Streamlit hands the arguments after `--` to the server as sys.argv, and the server's start
(`load(sys.argv[1:])`) builds the settings once from the environment and those arguments (the arguments win).
Every page, the login and the upload page read that object through `settings()`; nothing in the dashboard reads
os.environ for a setting. Without a server start (a test running a page), `settings()` builds them from the
environment alone, again only when that changes.

A malformed variable does not keep the dashboard from starting: it is logged in words, naming the variable, and
its default is used (the command line, by contrast, refuses to run; docs/operations.md "Settings")."""

from __future__ import annotations

import logging
import os
import threading

from pydantic import ValidationError
from pydantic_settings import CliSettingsSource, SettingsError

from warehouse.settings import Settings

log = logging.getLogger("pingyi.config")
_lock = threading.Lock()
_loaded: Settings | None = None  # set by load() at the server's start
_from_env: tuple[tuple[tuple[str, str], ...], Settings] | None = None


def _environment() -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith("PINGYI_")))


def arguments(args: list[str]) -> dict:
    """The settings given as the server's arguments (`--db X --auth demo --lake-mode direct`), as field values."""
    if not args:
        return {}
    try:
        return CliSettingsSource(
            Settings, cli_parse_args=list(args), cli_kebab_case=True, cli_exit_on_error=False
        )()
    except SettingsError as err:  # an argument the server does not know: say so, go on without the arguments
        log.error("服务器参数无效 / invalid server arguments %s: %s", " ".join(args), err)
        return {}


def build(args: list[str] | None = None) -> Settings:
    """Settings from the environment and `args` (the arguments win); a malformed value, in either, is logged
    (naming the variable) and replaced by its default."""
    given = arguments(args or [])
    for _ in range(2):
        try:
            return Settings(**given)  # values given to the model win over the environment's
        except ValidationError as err:
            for e in err.errors():
                field = str(e["loc"][0])
                log.warning(
                    "设置无效,使用默认值 / invalid setting, using its default: PINGYI_%s (--%s) = %r: %s",
                    field.upper(),
                    field.replace("_", "-"),
                    e.get("input"),
                    e.get("msg"),
                )
                given[field] = Settings.model_fields[field].get_default(call_default_factory=True)
    return Settings(**given)


def load(args: list[str]) -> Settings:
    """The server's start: build the settings of this process from the environment and the server's arguments."""
    global _loaded
    with _lock:
        _loaded = build(args)
        return _loaded


def settings() -> Settings:
    """The dashboard's settings: those the server loaded at its start, else (no server: a test running a page)
    the environment's, built again only when the PINGYI_* environment changes."""
    global _from_env
    if _loaded is not None:
        return _loaded
    env = _environment()
    with _lock:
        if _from_env is None or _from_env[0] != env:
            _from_env = (env, build())
        return _from_env[1]
