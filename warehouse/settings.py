"""Pingyi's settings in one typed object (environment prefix PINGYI_), built at entry points and passed down.

Every `PINGYI_*` variable is a field here with a description; nothing reads them at import time. The entry points
build one `Settings`: the command line (pingyi.common.load_settings) and the dashboard server
(dashboard.config.load, which adds the arguments `pingyi serve` passes). docs/operations.md's settings table is
`settings_table()` (tests/warehouse/test_settings.py checks it). It imports nothing of the project."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PINGYI_", extra="ignore")

    db: Path = Field(
        default=Path("data/pingyi.duckdb"),
        description="pointer to the current warehouse version (a symbolic link; `--db` wins)",
    )
    host: str = Field(default="127.0.0.1", description="address `pingyi serve` listens on (`--host` wins)")
    port: int = Field(default=8501, description="port `pingyi serve` listens on (`--port` wins)")
    user: str = Field(
        default="",
        description="recorded as loaded_by of a load (empty: the OS account, $USER; `--loaded-by` wins)",
    )
    users_file: Path = Field(
        default_factory=lambda: Path.home() / ".config" / "pingyi" / "users.json",
        description="users, roles, grants and password hashes; keep it outside the repository (`--users-file` wins)",
    )

    # sign-on, sessions and lockout (dashboard/auth.py, dashboard/sessions.py, dashboard/lockout.py)
    cookie_secret: str = Field(
        default="",
        description="signs the session cookie (sessions themselves live in the server process); empty: random per server start",
    )
    session_hours: float = Field(default=8.0, description="a login lasts at most this long")
    session_idle_minutes: float = Field(default=60.0, description="a login ends after this long without use")
    login_max_failures: int = Field(
        default=5, description="wrong passwords for one user name before it is locked"
    )
    login_client_max_failures: int = Field(
        default=20, description="wrong passwords from one client before it is locked"
    )
    login_window_minutes: float = Field(default=15.0, description="failures older than this are forgotten")
    lockout_minutes: float = Field(default=15.0, description="how long a lock lasts")
    login_delay_seconds: float = Field(default=1.0, description="pause after a wrong password (× 1, 2, 4, 8)")
    trust_proxy: bool = Field(
        default=False,
        description="take the client address from X-Real-IP (set it behind nginx, never without a proxy)",
    )
    # deployment (pingyi serve, deploy/)
    config_dir: Path = Field(
        default_factory=lambda: Path.home() / ".config" / "pingyi",
        description="holds secrets.toml ([auth] for single sign-on); `pingyi serve` runs Streamlit there",
    )
    log_level: str = Field(default="INFO", description="server log level (one line per event on stderr)")
    metrics: bool = Field(
        default=False,
        description="serve /_stcore/metrics to local, non-proxied clients (never through nginx)",
    )
    # bounds on one input file (etl.sources.grid.Limits); each is refused with a bilingual reason before its cost
    max_cell_chars: int = Field(
        default=1000, ge=1, description="longest cell; a row holding a longer one is rejected"
    )
    max_unit_name_chars: int = Field(
        default=100,
        ge=1,
        description="longest unit name (after cleaning); a row naming a longer one is rejected",
    )
    max_rows: int = Field(
        default=1_048_576, ge=1, description="rows per sheet or CSV file; more refuses the file"
    )
    max_sheets: int = Field(default=200, ge=1, description="sheets per workbook; more refuses the file")
    max_merged_ranges: int = Field(
        default=50_000, ge=0, description="merged ranges per sheet; more refuses the file"
    )
    max_unzipped_mb: int = Field(
        default=200, ge=1, description="bytes an .xlsx/.docx really inflates to, in MB"
    )
    replace_max_removed_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="a load (with --replace) that removes more than this share of an institution-year's units is "
        "flagged large_removal in the preview and noted in the batch",
    )
    # versions and rollback (warehouse/store.py; docs/operations.md "Loads, versions and rollback")
    versions_keep: int = Field(
        default=3, ge=2, description="versions kept on the chain, the current one included"
    )
    versions_keep_days: float = Field(
        default=90.0,
        ge=0,
        description="an earlier version superseded longer ago is removed (0: no age limit)",
    )
    lock_timeout_s: float = Field(
        default=900.0,
        gt=0,
        description="seconds a load or rollback waits for another one to finish before it gives up (exit 1)",
    )

    # the upload page (dashboard/upload.py reads the same variables itself: the dashboard does not import etl)
    upload_max_mb: int = Field(default=20, gt=0, description="largest file on the 数据载入 page (MB)")
    upload_total_mb: int = Field(default=50, gt=0, description="all files of one upload together (MB)")
    load_timeout_s: int = Field(
        default=600, gt=0, description="a load or preview from the page is stopped after this many seconds"
    )
    upload_keep_minutes: int = Field(
        default=60,
        gt=0,
        description="an upload previewed but never confirmed is deleted after this many minutes",
    )

    # the dashboard (dashboard/config.py: `pingyi serve` passes --db, --auth, --lake and --lake-mode to the server)
    auth: Literal["password", "demo"] = Field(
        default="password",
        description="password: visitors log in (users file or single sign-on); demo: visitors are logged in as a "
        "demo viewer while every institution is demo data (`pingyi serve --demo`; serve passes its own choice)",
    )
    lake: str = Field(
        default="",
        description="serve this read-only Parquet lake (a folder, or s3:// gs:// https://) instead of the warehouse "
        "file; empty: the warehouse (`pingyi serve --lake`; serve passes its own choice)",
    )
    lake_mode: Literal["cached", "direct"] = Field(
        default="cached",
        description="cached: copy the lake's snapshot once into a local DuckDB file; direct: query the Parquet "
        "files (`pingyi serve --lake-mode`)",
    )
    lake_cache: Path | None = Field(
        default=None,
        description="folder where replicas keep their local copies of lake snapshots (empty: <tmp>/pingyi-lake-cache)",
    )
    lake_export_threads: int = Field(
        default=0, ge=0, description="threads of `pingyi export lake` (0: one per core)"
    )
    # the query layer (warehouse/queries) and the dashboard's data access (dashboard/data.py)
    min_voters: int = Field(
        default=5,
        description="below this many raters a unit-year's votes by grade are withheld (null counts, "
        "votes_withheld) in every answer of the query layer: pages, pingyi export, the pack and the lake export; "
        "a malformed value means the default, a negative one 0",
    )

    @field_validator("min_voters", mode="before")
    @classmethod
    def _whole_number_or_default(cls, value: object) -> int:
        try:
            return max(0, int(str(value).strip()))
        except ValueError:
            return 5

    @field_validator("users_file", "config_dir", mode="after")
    @classmethod
    def _home(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("lake_cache", mode="before")
    @classmethod
    def _empty_is_none(cls, value):
        return None if isinstance(value, str) and not value.strip() else value

    def db_path(self, override: Path | None = None) -> Path:
        return (override or self.db).absolute()


def _shown_default(name: str) -> str:
    field = Settings.model_fields[name]
    value = field.get_default(call_default_factory=True)
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    home = str(Path.home())
    return "~" + text[len(home) :] if text.startswith(home + "/") else text


def settings_table() -> str:
    """The Markdown table of every setting (variable, default, meaning) that docs/operations.md holds."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        meaning = (field.description or "").replace("|", "\\|")
        lines.append(f"| `PINGYI_{name.upper()}` | {_shown_default(name)} | {meaning} |")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m warehouse.settings: the table for docs/operations.md
    print(settings_table())
