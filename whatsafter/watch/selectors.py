"""Reads for where to watch a film."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from whatsafter.watch.models import WatchOffer


@dataclass(frozen=True)
class OfferGroup:
    region: str
    offers: list[WatchOffer]


def offer_groups(offers: Iterable[WatchOffer]) -> list[OfferGroup]:
    """Offers grouped by region, in the order they come (the page orders them by region)."""
    groups: dict[str, list[WatchOffer]] = {}
    for offer in offers:
        groups.setdefault(offer.region, []).append(offer)
    return [OfferGroup(region, items) for region, items in groups.items()]
