"""Every chart and table a leader sees, each defined once (dashboard/views/base.py: `View`) and registered by name.

The pages draw them (dashboard/downloads.py: `show`), `pingyi export chart --view NAME` exports any of them
(`export_view` below) and the briefing pack (dashboard/pack.py) is a list of them plus the overview's sentences
(dashboard/views/summary.py). How to add one: docs/views.md.
"""

from __future__ import annotations

from dashboard.views import compare, meetings, overview, trends, unit  # noqa: F401  (each registers its views)
from dashboard.views.base import Ask, Built, Shows, View, source_text
from dashboard.views.registry import VIEWS, get
from dashboard.views.source import CursorQuestions

__all__ = [
    "VIEWS",
    "Ask",
    "Built",
    "CursorQuestions",
    "Shows",
    "View",
    "build",
    "export_view",
    "get",
    "source_text",
]


def build(name: str, questions, ask: Ask) -> Built | None:
    """The view `name` for this ask (None: nothing to show); an unknown name raises ValueError. Through the pages'
    questions (CachedQuestions) a view already built for the same version and ask is reused."""
    from dashboard.views.cached import CachedQuestions, built_view

    if isinstance(questions, CachedQuestions):
        get(name)  # an unknown name raises before the cache
        return built_view(name, questions, ask)
    return get(name).build(questions, ask)


def export_view(name: str, questions, ask: Ask, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of one view in one format, as `pingyi export chart --view NAME` writes it. Raises
    ValueError for an unknown view, a view that needs a choice not given, or nothing to show; ExportUnavailable
    without Chromium (images)."""
    view = get(name)
    shown = view.build(questions, ask)
    if shown is None:
        raise LookupError("所选范围没有数据 / no data for these filters")
    if fmt not in shown.formats():
        raise ValueError(
            f"{name} 只能导出为 / can only be exported as {', '.join(shown.formats())} (got {fmt!r})"
        )
    source = source_text(questions.version, questions.load_summary(ask.scope), view.question, ask.lang)
    return shown.file_name(fmt), shown.render(fmt, source=source)
