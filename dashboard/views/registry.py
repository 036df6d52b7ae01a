"""The registry of views by name: every chart or table a leader sees, registered once by its module."""

from __future__ import annotations

from dashboard.views.base import View

VIEWS: dict[str, View] = {}


def register(view: View) -> View:
    if view.name in VIEWS:
        raise ValueError(f"view {view.name!r} is defined twice")
    VIEWS[view.name] = view
    return view


def get(name: str) -> View:
    """The view of this name; a clear message (Chinese and English) listing the names otherwise."""
    from dashboard import views  # noqa: F401  (registers every view module)

    try:
        return VIEWS[name]
    except KeyError:
        raise ValueError(
            f"没有名为 {name!r} 的视图 / no view named {name!r}; choose one of {', '.join(sorted(VIEWS))}"
        ) from None
