from decimal import Decimal

import pytest

from tests.factories import RatingFactory
from whatsafter.ratings.selectors import rating_slots

pytestmark = pytest.mark.django_db


def test_every_source_has_a_slot_in_a_fixed_order_and_missing_ones_are_none() -> None:
    slots = rating_slots(
        [RatingFactory.build(source="tmdb", value=Decimal("6.8"), raw_value="6.8")]
    )
    assert [s.source for s in slots] == [
        "imdb",
        "metascore",
        "metacritic_user",
        "tomatometer",
        "rt_audience",
        "tmdb",
    ]
    assert [s.display for s in slots] == [None, None, None, None, None, "6.8/10"]


def test_hundred_point_scales_show_whole_numbers() -> None:
    metascore = RatingFactory.build(
        source="metascore", value=Decimal("69"), scale=100, normalised=Decimal("69")
    )
    tomatometer = RatingFactory.build(
        source="tomatometer", value=Decimal("62"), scale=100, normalised=Decimal("62")
    )
    by_source = {s.source: s.display for s in rating_slots([metascore, tomatometer])}
    assert (by_source["metascore"], by_source["tomatometer"]) == ("69/100", "62%")
