"""Small helpers with no home of their own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """itertools.batched arrived in Python 3.12; this is it for 3.11."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
