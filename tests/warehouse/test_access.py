"""Users, roles and scopes: argon2 hashes in a private file, verification, grants resolved to institutions."""

from __future__ import annotations

import json
import stat

import pytest
from typer.testing import CliRunner

from pingyi.cli import app
from warehouse.access import AccessError, Scope, UserStore

PASSWORD = "correct horse battery"


@pytest.fixture
def users(tmp_path) -> UserStore:
    return UserStore(tmp_path / "private" / "users.json")


def test_add_and_verify_with_argon2_in_a_private_file(users):
    users.add("zhang", PASSWORD, "viewer", ["青石大学"])
    raw = users.path.read_text(encoding="utf-8")
    assert PASSWORD not in raw
    assert json.loads(raw)["users"]["zhang"]["password_hash"].startswith("$argon2id$")
    assert stat.S_IMODE(users.path.stat().st_mode) == 0o600
    assert users.verify("zhang", PASSWORD).role == "viewer"
    assert users.verify("zhang", PASSWORD + "x") is None
    assert users.verify("nobody", PASSWORD) is None


def test_bad_requests_are_refused_with_reasons(users):
    users.add("li", PASSWORD, "admin", None)
    for args, words in [
        (("li", PASSWORD, "admin", None), "user exists"),
        (("wang", "short", "viewer", None), "at least 10"),
        (("wang", PASSWORD, "root", None), "unknown role"),
        (("wang", PASSWORD, "viewer", []), "at least one institution"),
        (("x y", PASSWORD, "viewer", None), "user names"),
    ]:
        with pytest.raises(AccessError, match=words):
            users.add(*args)


def test_password_change_and_removal(users):
    users.add("zhao", PASSWORD, "analyst", None)
    users.set_password("zhao", "another long secret")
    assert users.verify("zhao", PASSWORD) is None and users.verify("zhao", "another long secret")
    users.remove("zhao")
    assert users.get("zhao") is None and users.list() == []


def test_roles_and_scopes(users):
    viewer = users.add("viewer1", PASSWORD, "viewer", ["青石大学", "i_b"])
    admin = users.add("admin1", PASSWORD, "admin", None)
    assert (viewer.can("view"), viewer.can("export"), viewer.can("load")) == (True, False, False)
    assert admin.can("manage_users")
    known = {"i_a": "青石大学", "i_b": "溪山学院", "i_c": "白沙学院"}
    scope = viewer.scope(known)
    assert scope.institutions == frozenset({"i_a", "i_b"})
    assert scope.restrict(None) == ["i_a", "i_b"] and scope.restrict(["i_c", "i_a"]) == ["i_a"]
    assert admin.scope(known) == Scope.everything() and Scope.everything().restrict(["i_c"]) == ["i_c"]


def test_users_cli(tmp_path):
    runner = CliRunner()
    path = str(tmp_path / "u.json")
    ok = runner.invoke(
        app,
        [
            "users",
            "add",
            "chen",
            "--role",
            "analyst",
            "-i",
            "青石大学",
            "--password-stdin",
            "--users-file",
            path,
        ],
        input=PASSWORD + "\n",
    )
    assert ok.exit_code == 0, ok.output
    assert "chen" in runner.invoke(app, ["users", "list", "--users-file", path]).output
    assert (
        runner.invoke(
            app, ["users", "add", "chen2", "--password-stdin", "--users-file", path], input=PASSWORD + "\n"
        ).exit_code
        == 2
    )  # neither --institution nor --all
    assert (
        runner.invoke(
            app,
            ["users", "add", "chen", "--all", "--password-stdin", "--users-file", path],
            input=PASSWORD + "\n",
        ).exit_code
        == 1
    )  # exists
    assert runner.invoke(app, ["users", "remove", "chen", "--users-file", path]).exit_code == 0
    assert UserStore(tmp_path / "u.json").list() == []
