"""Who may write a film's field: the precedence rules of docs/DATA.md in one place.

Every field of a film carries a stamp in `Movie.field_sources`:
{"source": "tmdb-5000" | "wikipedia" | "imdb" | … | "editor", "as_of": "YYYY-MM-DD"}.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

# Movie fields an import may set; anything else (slug, ids) is identity, not content.
CONTENT_FIELDS = (
    "title", "original_title", "original_language", "release_date", "year", "runtime_minutes",
    "certification", "tagline", "overview", "wikipedia_extract", "wikipedia_page",
    "poster_url", "homepage", "popularity", "year_release_order",
)  # fmt: skip
# Of those, what an editor's change claims as theirs: not the Wikipedia article name
# (the key the Wikipedia import finds a film by), TMDb's popularity (a measurement) nor a
# place in a source's release order of the year (meaningful only among that list's).
EDITOR_FIELDS = frozenset(CONTENT_FIELDS) - {"wikipedia_page", "popularity", "year_release_order"}

EDITOR = "editor"
# Sources that outrank the file imports for the fields they supply (docs/DATA.md): the
# TMDb API answer is the freshest, fullest record of a film. Editors outrank everything.
RANK = {EDITOR: 3, "tmdb-api": 2}


def import_may_write(stamp: Any, *, source: str, as_of: str) -> bool:
    """An import may overwrite a field unless an editor or a higher-ranked source set it,
    or the same source's newer snapshot did (an older file re-run must not undo a newer
    one)."""
    if not isinstance(stamp, dict):
        return True
    owner = str(stamp.get("source", ""))
    if RANK.get(owner, 1) > RANK.get(source, 1):
        return False
    return not (owner == source and str(stamp.get("as_of", "")) > as_of)


def editor_stamps(
    field_sources: Any, fields: Iterable[str], *, on: dt.date
) -> dict[str, dict[str, str]]:
    """`field_sources` with `fields` marked as set by an editor on `on`."""
    merged: dict[str, dict[str, str]] = (
        dict(field_sources) if isinstance(field_sources, dict) else {}
    )
    for name in fields:
        merged[name] = {"source": EDITOR, "as_of": on.isoformat()}
    return merged
