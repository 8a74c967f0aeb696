"""What readers yield: a parsed row with its place in the file, or why a row was refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class Row(Generic[T]):
    file: str
    line: int
    data: T


class SourceFileError(Exception):
    """The file as a whole cannot be read (missing, truncated, wrong kind): stop the run."""
