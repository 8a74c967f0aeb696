"""Writes for where to watch: a source's offers for a film, replaced as a whole."""

from __future__ import annotations

import datetime as dt

from whatsafter.utils import keyed_rows_replace
from whatsafter.watch.models import WatchOffer


def offers_replace(
    *, movie_id: int, offers: dict[tuple[str, str, str], str], source: str, as_of: dt.date
) -> bool:
    """Bring the film's offers from `source` to `offers` ((region, provider, kind) → link):
    others are dropped, new ones added, moved links updated. True when anything changed."""
    return keyed_rows_replace(
        WatchOffer,
        rows=WatchOffer.objects.filter(movie_id=movie_id, source=source),
        key=("region", "provider", "kind"),
        value="url",
        wanted=offers,
        fixed={"movie_id": movie_id, "source": source},
        refreshed={"as_of": as_of},
    )
