"""The film page: the answer first, everything else after, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import (
    CompanyFactory,
    CreditFactory,
    CreditSceneFactory,
    EvidenceFactory,
    GenreFactory,
    MovieFactory,
    RatingFactory,
    WatchOfferFactory,
    add_company,
    with_verdict,
)
from whatsafter.catalog.models import AlternativeTitle, Release

pytestmark = pytest.mark.django_db


def get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_it_answers_yes_with_counts_positions_and_hidden_descriptions(client: Client) -> None:
    movie = MovieFactory(title="The Avengers", slug="the-avengers-2012", year=2012)
    EvidenceFactory(movie=movie, claim="during")
    EvidenceFactory(movie=movie, claim="after")
    CreditSceneFactory(movie=movie, position="during", order=1, description="Thanos smiles.")
    CreditSceneFactory(movie=movie, position="after", order=2, description="Shawarma.")
    with_verdict(movie)
    html = get(client, "/movies/the-avengers-2012/")
    assert "Does The Avengers have end-credit scenes?" in html
    assert "Yes — 2 scenes" in html
    assert "1 during the credits and 1 after the credits." in html
    # Descriptions sit inside <details>, closed, so they are hidden until asked for.
    assert html.count('<div class="scene">') == 2
    assert html.index("<details") < html.index("Thanos smiles.")
    assert "TMDb keywords" in html


def test_a_film_without_keywords_is_probably_not(client: Client) -> None:
    movie = with_verdict(EvidenceFactory(claim="none_recorded").movie)
    html = get(client, movie.get_absolute_url())
    assert "Probably not" in html
    assert "No source we track records a scene" in html


def test_a_film_with_no_evidence_is_not_known_yet(client: Client) -> None:
    movie = with_verdict(MovieFactory())
    assert "Not known yet" in get(client, movie.get_absolute_url())


def test_a_film_without_a_stored_verdict_still_renders_as_not_known(client: Client) -> None:
    movie = MovieFactory()
    assert "Not known yet" in get(client, movie.get_absolute_url())


def test_an_editor_no_against_a_keyword_shows_the_disagreement(client: Client) -> None:
    movie = MovieFactory()
    EvidenceFactory(movie=movie, source="editor", claim="none")
    EvidenceFactory(movie=movie, source="tmdb_keyword", claim="after")
    with_verdict(movie)
    html = get(client, movie.get_absolute_url())
    assert "Sources disagree: TMDb keywords" in html
    assert "Nothing during or after the credits" in html


def test_it_shows_no_score_yet_for_missing_ratings_never_zero(client: Client) -> None:
    movie = MovieFactory()
    RatingFactory(movie=movie, source="imdb", raw_value="7.3", value=Decimal("7.3"), vote_count=252)
    html = get(client, movie.get_absolute_url())
    assert "7.3/10" in html
    assert "252 votes" in html
    assert html.count("no score yet") == 5
    for wrong in (">0%<", ">%<", ">0/10<", ">0<"):
        assert wrong not in html.replace(" ", "")


def test_a_tomatometer_without_a_vote_count_says_so(client: Client) -> None:
    movie = MovieFactory()
    RatingFactory(
        movie=movie, source="tomatometer", raw_value="62%", value=Decimal("62"), scale=100,
        normalised=Decimal("62"), vote_count=None,
    )  # fmt: skip
    html = get(client, movie.get_absolute_url())
    assert "62%" in html
    assert "vote count not known" in html


def test_cast_is_in_billing_order_and_links_to_people(client: Client) -> None:
    movie = MovieFactory()
    second = CreditFactory(movie=movie, order=1, person__name="Andrew Garfield")
    first = CreditFactory(movie=movie, order=0, person__name="Carey Mulligan")
    html = get(client, movie.get_absolute_url())
    assert html.index("Carey Mulligan") < html.index("Andrew Garfield")
    assert f'href="/people/{first.person.slug}/"' in html
    assert f'href="/people/{second.person.slug}/"' in html


def test_without_offers_it_links_to_searches_and_claims_nothing(client: Client) -> None:
    html = get(client, MovieFactory(title="Never Let Me Go").get_absolute_url())
    assert "We have no streaming or rental data for this film" in html
    assert "https://www.justwatch.com/us/search?q=Never+Let+Me+Go" in html
    assert "Search Netflix" in html


def test_offers_are_grouped_by_region(client: Client) -> None:
    movie = MovieFactory()
    WatchOfferFactory(movie=movie, region="GB", provider="Channel 4", kind="free")
    WatchOfferFactory(movie=movie, region="US", provider="Hulu", kind="stream")
    html = get(client, movie.get_absolute_url())
    assert html.index(">United Kingdom<") < html.index("Channel 4")
    assert html.index("Channel 4") < html.index(">United States<") < html.index("Hulu")
    assert "Search Netflix" not in html


def test_countries_are_named_where_the_film_page_lists_them(client: Client) -> None:
    movie = MovieFactory(title="Kolya")
    # CH sorts before DE by code, but a reader looks for Germany before Switzerland.
    WatchOfferFactory(movie=movie, region="CH", provider="Play Suisse", kind="stream")
    WatchOfferFactory(movie=movie, region="DE", provider="Mubi", kind="stream")
    Release.objects.create(
        movie=movie, region="KR", kind=3, release_date="1997-05-01", source="tmdb-api"
    )
    Release.objects.create(
        movie=movie, region="XC", kind=3, release_date="1996-05-15", source="tmdb-api"
    )
    for title, region in (("Kolja", "SUHH"), ("Kolja", "DE"), ("Kolya and the Cellist", "XQZ")):
        AlternativeTitle.objects.create(movie=movie, title=title, region=region, source="imdb")

    html = get(client, movie.get_absolute_url())

    watch = html[html.index('id="watch-h"') : html.index("JustWatch")]
    assert watch.index('<h3 data-region="DE">Germany</h3>') < watch.index(
        '<h3 data-region="CH">Switzerland</h3>'
    )
    table = html[html.index('id="releases-h"') :].split("</table>", 1)[0]
    assert '<td data-region="XC">Czechoslovakia</td>' in table  # TMDb's historic code
    assert '<td data-region="KR">South Korea</td>' in table
    line = html[html.index("Also known as") :].split("</p>", 1)[0]
    assert ">Soviet Union</span>" in line and ">Germany</span>" in line  # IMDb's SUHH
    assert ">XQZ</span>" in line  # a code nobody names is shown as it is


def test_exact_links_when_ids_are_known_and_searches_otherwise(client: Client) -> None:
    known = MovieFactory(imdb_id="tt1334260", tmdb_id=42188)
    html = get(client, known.get_absolute_url())
    assert "https://www.imdb.com/title/tt1334260/" in html
    assert "https://www.themoviedb.org/movie/42188" in html
    unknown = get(client, MovieFactory(title="Obscure Film").get_absolute_url())
    assert "https://www.imdb.com/find/?q=Obscure+Film+2010" in unknown
    assert "MediaStinger" in unknown


def test_plot_texts_are_labelled_with_their_sources(client: Client) -> None:
    movie = MovieFactory(
        wikipedia_extract="A 2010 British film.", wikipedia_page="Never_Let_Me_Go_(2010_film)"
    )
    html = get(client, movie.get_absolute_url())
    assert "From Wikipedia" in html
    assert "https://en.wikipedia.org/wiki/Never_Let_Me_Go_(2010_film)" in html
    assert "CC BY-SA 4.0" in html
    assert "Overview from TMDb." in html
    assert f'href="/movies/{movie.slug}/quiz/"' in html


def test_sections_come_in_the_promised_order(client: Client) -> None:
    html = get(client, MovieFactory().get_absolute_url())
    headings = [
        "end-credit scenes?",
        ">Cast<",
        ">Where to watch<",
        ">Ratings<",
        "elsewhere<",
        ">Quiz<",
        ">Plot summary<",
    ]
    positions = [html.index(h) for h in headings]
    assert positions == sorted(positions)


def test_facts_show_runtime_genres_companies_and_certification(client: Client) -> None:
    movie = MovieFactory(runtime_minutes=104, certification="R", tagline="Except time.")
    movie.genres.add(GenreFactory(name="Romance"))
    add_company(movie, CompanyFactory(name="Film4"))
    html = get(client, movie.get_absolute_url())
    for text in ("1 h 44 min", "Romance", "Film4", ">R<", "Except time."):
        assert text in html


def test_companies_and_genres_link_to_pages_that_list_the_film(client: Client) -> None:
    """Production companies open their company page; a genre opens Latest filtered to
    it, where this film is listed and a film of another genre is not."""
    movie = MovieFactory(title="Never Let Me Go", release_date=dt.date(2010, 9, 15))
    other = MovieFactory(title="Other Film", release_date=dt.date(2010, 9, 16))
    movie.genres.add(GenreFactory(name="Science Fiction", slug="science-fiction"))
    other.genres.add(GenreFactory(name="Comedy", slug="comedy"))
    for order, name in enumerate(("DNA Films", "Film4")):
        add_company(movie, CompanyFactory(name=name), order=order)
    html = get(client, movie.get_absolute_url())
    companies = re.search(r'<p class="companies">(.*?)</p>', html, re.S)
    assert companies is not None
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', companies.group(1))
    assert [name for _, name in links] == ["DNA Films", "Film4"]
    for href, name in links:
        assert name in get(client, href)
        assert movie.title in get(client, href)
    genre_links = re.findall(r'<li class="genre"><a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert [name for _, name in genre_links] == ["Science Fiction"]
    latest = get(client, genre_links[0][0])
    assert movie.title in latest
    assert other.title not in latest


def test_user_text_is_escaped(client: Client) -> None:
    movie = MovieFactory(title="<script>alert(1)</script>", tagline="<b>bold</b>")
    html = get(client, movie.get_absolute_url())
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html


@pytest.mark.parametrize(
    ("known_as", "url"),
    [
        ({"tmdb_id": 24428}, "/movies/tmdb/24428/"),
        ({"imdb_id": "tt0848228"}, "/movies/imdb/tt0848228/"),
    ],
)
def test_it_redirects_a_tmdb_or_imdb_id_to_the_slug(
    client: Client, known_as: dict[str, object], url: str
) -> None:
    MovieFactory(**known_as, slug="the-avengers-2012")
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == "/movies/the-avengers-2012/"


@pytest.mark.parametrize(
    "url",
    [
        "/movies/no-such-film-1999/",
        "/movies/tmdb/999999/",
        "/movies/imdb/tt9999999/",
        "/movies/imdb/nm123/",
        "/people/nobody/",
    ],
)
def test_an_unknown_film_or_person_is_a_real_404_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_the_page_costs_the_same_queries_for_one_or_many_items(
    client: Client, item_count: int, django_assert_num_queries
) -> None:
    movie = MovieFactory()
    for n in range(item_count):
        CreditFactory(movie=movie)
        CreditFactory(
            movie=movie, kind="crew", character="", department="Directing", job=f"Director {n}"
        )
        CreditSceneFactory(movie=movie, order=n + 1)
        EvidenceFactory(movie=movie, claim=["during", "after", "none"][n], source="tmdb_keyword")
        WatchOfferFactory(movie=movie)
        Release.objects.create(
            movie=movie, region=["US", "GB", "FR"][n], kind=3, release_date=None, source="tmdb-api"
        )
        AlternativeTitle.objects.create(movie=movie, title=f"Other {n}", region="FR", source="imdb")
        add_company(movie, CompanyFactory(), order=n)
        movie.genres.add(GenreFactory())
    for source in ["imdb", "tmdb", "metacritic_user"][:item_count]:
        RatingFactory(movie=movie, source=source)
    with_verdict(movie)
    # film+verdict+timing, genres, ratings, companies, credits, offers, evidence, scenes,
    # plot sections, other titles, releases, viewer notes, related films with their verdicts
    with django_assert_num_queries(14):
        get(client, movie.get_absolute_url())


def test_release_dates_per_country_are_listed_earliest_first(client: Client) -> None:
    movie = MovieFactory()
    Release.objects.create(
        movie=movie, region="GB", kind=3, release_date="2012-04-26", certification="12A",
        source="tmdb-api",
    )  # fmt: skip
    Release.objects.create(
        movie=movie, region="US", kind=1, release_date="2012-04-11", source="tmdb-api"
    )

    html = get(client, movie.get_absolute_url())

    table = html[html.index('id="releases-h"') :]
    assert table.index("11 Apr 2012") < table.index("26 Apr 2012")
    assert "Premiere" in table and "Theatrical" in table and "12A" in table


def test_a_film_without_release_data_has_no_release_section(client: Client) -> None:
    assert 'id="releases-h"' not in get(client, MovieFactory().get_absolute_url())


def test_other_titles_are_listed_once_with_their_regions(client: Client) -> None:
    movie = MovieFactory(title="The Avengers", original_title="The Avengers")
    for title, region in (
        ("Les Vengeurs", "FR"),
        ("Les Vengeurs", "BE"),
        ("Los Vengadores", "ES"),
        ("The Avengers", "GB"),
        ("<b>Marvel's</b> Avengers", "IN"),
    ):
        AlternativeTitle.objects.create(movie=movie, title=title, region=region, source="imdb")

    html = get(client, movie.get_absolute_url())

    line = html[html.index("Also known as") :].split("</p>", 1)[0]
    assert re.search(r"Les Vengeurs</span> \(<span [^>]+>Belgium</span>, <span [^>]+>France", line)
    assert line.index("Les Vengeurs") < line.index("Los Vengadores")  # more regions first
    assert "The Avengers</span>" not in line  # the film's own title is not repeated
    assert "&lt;b&gt;Marvel&#x27;s&lt;/b&gt; Avengers" in line
    assert "Original title" not in html  # the same as the title
