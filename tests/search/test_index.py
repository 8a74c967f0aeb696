"""The search index follows the catalogue, answers odd input calmly, and ranks as promised."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from tests.factories import MovieFactory, PersonFactory, movies_insert_raw
from whatsafter.catalog.models import Movie
from whatsafter.search import index
from whatsafter.search.models import Prefix, TitleEntry
from whatsafter.search.selectors import film_search, search
from whatsafter.search.services import search_index_refresh

pytestmark = pytest.mark.django_db


def titles(query: str, **options: object) -> list[str]:
    films, _, _ = film_search(query, **options)  # type: ignore[arg-type]
    return [film.title for film in films]


def test_prefixes_cover_the_start_of_every_run_of_words() -> None:
    found = index.prefixes("star wars")
    assert {"s", "st", "star", "star w", "star wa", "w", "wars"} <= found
    assert "ars" not in found and "star " not in found
    assert max(len(p) for p in index.prefixes("a very long title indeed")) == index.PREFIX_MAX


def test_rank_puts_the_more_popular_film_first_and_is_unique() -> None:
    assert index.rank_for(5, 80.0) < index.rank_for(1, 10.0)
    assert index.rank_for(1, 10.0) < index.rank_for(2, 10.0)
    assert index.rank_for(3, -1.0) > index.rank_for(3, 0.0) - 1  # negative counts as zero


def test_a_film_added_renamed_or_deleted_by_hand_is_searchable_at_once() -> None:
    movie = MovieFactory(title="Paddington", year=2014)
    assert titles("padding") == ["Paddington"]
    movie.title = "Paddington 2"
    movie.save()
    assert titles("paddington 2") == ["Paddington 2"]
    movie.delete()
    assert titles("paddington") == []
    assert not TitleEntry.objects.exists() and not Prefix.objects.exists()


def test_a_person_renamed_by_hand_is_found_by_the_new_name() -> None:
    person = PersonFactory(name="Carey Mulligan")
    assert [p.name for p in search("mulligan").people] == ["Carey Mulligan"]
    person.name = "Carey Mulligán"
    person.save()
    assert [p.name for p in search("mulligan").people] == ["Carey Mulligán"]


def test_rows_written_with_raw_sql_appear_after_one_refresh() -> None:
    movies_insert_raw(
        [("heat-1995", "Heat", 40.0, 1995), ("heat-wave-2001", "Heat Wave", 2.0, 2001)]
    )
    assert titles("heat") == []
    counts = search_index_refresh()
    assert counts.films == 2
    assert titles("heat") == ["Heat", "Heat Wave"]
    assert search_index_refresh().films == 0  # nothing changed, nothing rewritten
    Movie.objects.filter(slug="heat-wave-2001").update(popularity=90.0)
    search_index_refresh()
    assert titles("hea", suggest=True) == ["Heat Wave", "Heat"]


def test_an_exact_title_comes_first_then_popularity() -> None:
    MovieFactory(title="Alien", year=1979, popularity=30)
    MovieFactory(title="Aliens", year=1986, popularity=40)
    MovieFactory(title="Alien: Covenant", year=2017, popularity=60)
    MovieFactory(title="Cowboys & Aliens", year=2011, popularity=70)
    assert titles("alien") == ["Alien", "Alien: Covenant", "Aliens", "Cowboys & Aliens"]
    # titles starting with what was typed before a later word matching it
    assert titles("ali", suggest=True) == ["Alien: Covenant", "Aliens", "Alien", "Cowboys & Aliens"]


def test_prefix_lists_keep_only_the_most_popular_films() -> None:
    for n in range(index.PREFIX_KEEP + 4):
        MovieFactory(title=f"Zed {n}", popularity=n)
    kept = Prefix.objects.filter(prefix="z").order_by("rank")
    assert kept.count() == index.PREFIX_KEEP
    assert titles("z", suggest=True, limit=3) == ["Zed 19", "Zed 18", "Zed 17"]
    search_index_refresh(full=True)
    assert Prefix.objects.filter(prefix="z").count() == index.PREFIX_KEEP


def test_typos_are_corrected_from_the_vocabulary() -> None:
    MovieFactory(title="Avengers: Endgame", year=2019)
    MovieFactory(title="The Shawshank Redemption", year=1994)
    assert titles("avengrs end game") == ["Avengers: Endgame"]
    assert titles("shawshnk") == ["The Shawshank Redemption"]
    assert titles("avengrs", suggest=True) == ["Avengers: Endgame"]


def test_known_words_that_match_nothing_together_get_a_near_reading() -> None:
    MovieFactory(title="Ocean's Eleven", year=2001)
    MovieFactory(title="Forrest Gump", year=1994)
    MovieFactory(title="The Forest", year=2016)
    assert titles("oceans eleven") == ["Ocean's Eleven"]
    assert titles("forest gump") == ["Forrest Gump"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"dune',
        "*",
        "dune*",
        "NEAR(dune, 2)",
        "dune AND arrakis",
        "dune OR NOT x",
        "title:dune",
        "^dune",
        "dune -messiah",
        "a & b | !c",
        "'; DELETE FROM search_titleentry; --",
        "x" * 10_000,
        "é" * 500,
    ],
)
def test_full_text_syntax_in_a_query_is_just_text(client: Client, query: str) -> None:
    MovieFactory(title="Dune", year=2021)
    for params in ({"q": query}, {"q": query, "suggest": "1"}):
        response = client.get("/search/", params, headers={"HX-Request": "true"})
        assert response.status_code == 200
    assert client.get("/api/v1/search", {"q": query}).status_code == 200
    assert TitleEntry.objects.count() == 1


def test_the_command_rebuilds_the_index() -> None:
    from io import StringIO

    from django.core.management import call_command

    MovieFactory(title="Heat", year=1995)
    out = StringIO()
    call_command("search_index", full=True, stdout=out)
    assert "1 films" in out.getvalue()
    assert titles("heat") == ["Heat"]


def test_a_refresh_writes_each_word_once_whatever_its_chunks(monkeypatch) -> None:
    """Counted over the whole refresh, then one upsert per word: upserting per chunk left
    a rebuilt vocabulary with dozens of dead rows per word on PostgreSQL."""
    from django.test.utils import CaptureQueriesContext

    from whatsafter.search import bulk
    from whatsafter.search.models import NameWord, Word

    monkeypatch.setattr(bulk, "CHUNK", 2)
    for n in range(5):
        MovieFactory(title=f"Alpha Story {n}")
        PersonFactory(name=f"Quentin Alpha{n}")
    with CaptureQueriesContext(connection) as captured:
        search_index_refresh(full=True)
    upserts = [q["sql"] for q in captured.captured_queries if "ON CONFLICT (word)" in q["sql"]]
    assert len(upserts) == 2  # one for the titles' words, one for the names'
    assert Word.objects.get(word="alpha").films == 5
    assert NameWord.objects.get(word="quentin").films == 5
