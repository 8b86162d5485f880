"""Shared fixtures: the bundled atlas, and a writable copy of the data for tests that break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from acuback.knowledge import Atlas, load_atlas
from acuback.knowledge.loading import data_root


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return load_atlas()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data folder that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(data_root(), target)
    return target
