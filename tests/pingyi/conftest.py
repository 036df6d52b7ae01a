"""Command-line test fixtures: the committed tiny inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def data() -> Path:
    return DATA
