"""Writes for where to watch: a source's offers for a film, replaced as a whole."""

from __future__ import annotations

import datetime as dt

from whatsafter.utils import rows_sync
from whatsafter.watch.models import WatchOffer


def offers_replace(
    *, movie_id: int, offers: dict[tuple[str, str, str], str], source: str, as_of: dt.date
) -> bool:
    """Bring the film's offers from `source` to `offers` ((region, provider, kind) → link):
    others are dropped, new ones added, moved links updated. True when anything changed."""
    existing = {
        (region, provider, kind): (pk, url)
        for pk, region, provider, kind, url in WatchOffer.objects.filter(
            movie_id=movie_id, source=source
        ).values_list("id", "region", "provider", "kind", "url")
    }
    stale = [pk for key, (pk, _) in existing.items() if key not in offers]
    new = [
        WatchOffer(
            movie_id=movie_id,
            region=key[0],
            provider=key[1],
            kind=key[2],
            url=url,
            source=source,
            as_of=as_of,
        )
        for key, url in offers.items()
        if key not in existing
    ]
    moved = [
        WatchOffer(id=existing[key][0], url=url, as_of=as_of)
        for key, url in offers.items()
        if key in existing and existing[key][1] != url
    ]
    return rows_sync(WatchOffer, stale=stale, new=new, changed=moved, fields=["url", "as_of"])
