"""Reads for where to watch a film."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from whatsafter.countries import named_by_name
from whatsafter.watch.models import WatchOffer


@dataclass(frozen=True)
class OfferGroup:
    region: str
    offers: list[WatchOffer]


def offer_groups(offers: Iterable[WatchOffer]) -> list[OfferGroup]:
    """Offers grouped by region, the regions in the order of the names the page shows
    ("Germany" before "Switzerland", though CH comes before DE), offers as they come."""
    groups: dict[str, list[WatchOffer]] = {}
    for offer in offers:
        groups.setdefault(offer.region, []).append(offer)
    return [OfferGroup(region, groups[region]) for region, _ in named_by_name(groups)]
