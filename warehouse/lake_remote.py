"""Object stores for the lake (s3://, gs://, https://): an in-memory DuckDB with httpfs and credentials from the
environment. Split from warehouse/lake.py, which re-exports `remote_connection`."""

from __future__ import annotations

import os

import duckdb


def _lake_error(message: str) -> Exception:
    from warehouse.lake import LakeError  # lake imports this module: the error class is taken when raised

    return LakeError(message)


def _sql_str(value: object) -> str:
    return str(value).replace("'", "''")


def remote_connection(uri: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with httpfs loaded and credentials from the environment for the lake's address.

    S3 (and S3-compatible stores): AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional AWS_SESSION_TOKEN,
    AWS_REGION / AWS_DEFAULT_REGION and AWS_ENDPOINT_URL (e.g. MinIO). GCS: GCS_HMAC_KEY_ID and GCS_HMAC_SECRET.
    Without them, DuckDB's persistent secrets (CREATE PERSISTENT SECRET …) apply. Secrets are never logged.
    """
    con = duckdb.connect(":memory:")
    try:
        try:
            con.execute("install httpfs")
            con.execute("load httpfs")
        except duckdb.Error as err:
            raise _lake_error(
                "无法加载 DuckDB 的 httpfs 扩展,不能读取远程数据湖(离线时请先在联网机器上执行 "
                "`INSTALL httpfs`,或改用本地目录) / cannot load DuckDB's httpfs extension needed for "
                f"{uri.split('://')[0]}:// lakes (offline? run `INSTALL httpfs` once while online, or serve a "
                f"local folder): {str(err).splitlines()[0]}"
            ) from None
        _credentials(con, uri)
    except BaseException:
        con.close()
        raise
    return con


def _credentials(con: duckdb.DuckDBPyConnection, uri: str) -> None:
    env = os.environ
    scheme = uri.split("://", 1)[0].lower()
    options: dict[str, str] = {}
    if scheme in ("s3", "s3a", "r2") and env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"):
        options = {"TYPE": "s3", "KEY_ID": env["AWS_ACCESS_KEY_ID"], "SECRET": env["AWS_SECRET_ACCESS_KEY"]}
        if env.get("AWS_SESSION_TOKEN"):
            options["SESSION_TOKEN"] = env["AWS_SESSION_TOKEN"]
        region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
        if region:
            options["REGION"] = region
        endpoint = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL")
        if endpoint:
            options["ENDPOINT"] = endpoint.split("://", 1)[-1].rstrip("/")
            options["URL_STYLE"] = "path"
            options["USE_SSL"] = "false" if endpoint.startswith("http://") else "true"
    elif scheme in ("gs", "gcs") and env.get("GCS_HMAC_KEY_ID") and env.get("GCS_HMAC_SECRET"):
        options = {"TYPE": "gcs", "KEY_ID": env["GCS_HMAC_KEY_ID"], "SECRET": env["GCS_HMAC_SECRET"]}
    if not options:
        return
    body = ", ".join(
        f"{k} {v}" if k in ("TYPE", "USE_SSL") else f"{k} '{_sql_str(v)}'" for k, v in options.items()
    )
    try:
        con.execute(f"create or replace secret pingyi_lake ({body})")
    except duckdb.Error:
        # the statement holds the keys: say what failed without repeating it
        raise _lake_error(
            f"无法用环境变量中的凭据访问 / could not set up credentials for {scheme}:// from the environment "
            "(check AWS_* / GCS_HMAC_* variables)"
        ) from None
