"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Rate limits live in the cache; each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()
