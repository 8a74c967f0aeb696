"""Real subtitle files (a sample of the shared data set) and their manifest rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

FILES = Path(__file__).parent / "files"


@pytest.fixture(scope="session")
def manifest() -> dict[str, dict[str, str]]:
    with (FILES / "MANIFEST.csv").open(newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def srt(*cues: tuple[float, float, str]) -> str:
    """An SRT document from (start_s, end_s, text) triples."""

    def stamp(seconds: float) -> str:
        ms = round(seconds * 1000)
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    blocks = [
        f"{n}\n{stamp(start)} --> {stamp(end)}\n{text}\n"
        for n, (start, end, text) in enumerate(cues, 1)
    ]
    return "\n".join(blocks)


def film_cues(minutes: float, *, every: float = 20.0) -> list[tuple[float, float, str]]:
    """Dialogue every `every` seconds from the first minute to `minutes`."""
    out = []
    at = 60.0
    while at < minutes * 60:
        out.append((at, at + 2.5, "Somebody says something."))
        at += every
    return out
