"""Fixtures for the importers; the real-data subset lives in tests/conftest.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def sample_copy(subset_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the subset, for tests that break a file."""
    target = tmp_path / "sample"
    shutil.copytree(subset_dir, target)
    return target
