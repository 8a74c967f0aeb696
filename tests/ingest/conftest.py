"""Fixtures for the importers; the real-data subset lives in tests/conftest.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture
def sample_copy(subset_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the subset, for tests that break a file."""
    target = tmp_path / "sample"
    shutil.copytree(subset_dir, target)
    return target


FIXTURES = Path(__file__).parent / "fixtures"


def fixture_json(name: str) -> Any:
    """A hand-written answer in the shape TMDb or OMDb documents."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class Naps:
    """The sleep the importers are given in tests: records each wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def naps() -> Naps:
    return Naps()


@pytest.fixture
def apis(settings: Any, httpserver: HTTPServer, tmp_path: Path) -> HTTPServer:
    """TMDb at /3 and OMDb at /omdb/ on a local server; a fresh cache; short timeouts."""
    settings.TMDB_API_URL = httpserver.url_for("/3")
    settings.OMDB_API_URL = httpserver.url_for("/omdb/")
    settings.TMDB_API_KEY = ""
    settings.OMDB_API_KEY = ""
    settings.IMPORT_CACHE_DIR = tmp_path / "import-cache"
    settings.IMPORT_HTTP_TIMEOUT = 0.5
    settings.IMPORT_HTTP_RETRIES = 2
    return httpserver
