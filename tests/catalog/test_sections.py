"""Actors, Companies and Latest Movies sections."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tests import factories
from whatsafter.aftercredits.list_counts import list_counts_refresh
from whatsafter.catalog.models import Movie, Release
from whatsafter.web import sections, selectors
from whatsafter.web.sections import PAGE_SIZE, YearBar, films_by_year, year_chart

pytestmark = pytest.mark.django_db


def test_every_page_links_the_three_sections(client: Client) -> None:
    html = client.get("/").content.decode()
    for href in ('href="/latest/"', 'href="/actors/"', 'href="/companies/"'):
        assert href in html


def test_actors_are_listed_by_film_count_or_a_to_z(client: Client) -> None:
    busy, quiet = (
        factories.PersonFactory(name="Zed Busy"),
        factories.PersonFactory(name="Amy Quiet"),
    )
    for _ in range(3):
        factories.CreditFactory(person=busy)
    factories.CreditFactory(person=quiet)
    factories.PersonFactory(name="No Films")
    list_counts_refresh()  # what every import does when it ends
    popular = client.get("/actors/").content.decode()
    assert popular.index("Zed Busy") < popular.index("Amy Quiet")
    assert "3 films" in popular and "No Films" not in popular
    az = client.get("/actors/", {"order": "az"}).content.decode()
    assert az.index("Amy Quiet") < az.index("Zed Busy")
    assert client.get("/actors/", {"page": "999"}).status_code == 200
    assert client.get("/actors/", {"page": "<script>"}).status_code == 200


def test_section_lists_cost_the_same_queries_for_one_or_many(
    client: Client, item_count: int, django_assert_num_queries
) -> None:
    for _ in range(item_count):
        movie = factories.with_verdict(factories.MovieFactory())
        factories.CreditFactory(movie=movie)
        factories.add_company(movie, factories.CompanyFactory())
    list_counts_refresh()
    with django_assert_num_queries(1):  # the page and one row more: no count of the list
        assert client.get("/actors/").content.decode().count("1 film<") == item_count
    with django_assert_num_queries(1):
        client.get("/companies/")
    with django_assert_num_queries(5):  # three lists + genres + regions
        client.get("/latest/")
    for movie in Movie.objects.all():
        Release.objects.create(
            movie=movie, region="GB", kind=3, release_date=dt.date(2016, 1, 1), source="tmdb"
        )
    with django_assert_num_queries(5):
        client.get("/latest/", {"region": "GB"})


def test_a_company_page_shows_its_scene_share_and_a_chart(client: Client) -> None:
    studio = factories.CompanyFactory(name="Marvel Studios", slug="marvel-studios")
    for year, claim in ((2008, "after"), (2010, "after"), (2010, "none_recorded")):
        factories.add_company(
            factories.with_verdict(factories.EvidenceFactory(claim=claim, movie__year=year).movie),
            studio,
        )
    html = client.get("/companies/marvel-studios/").content.decode()
    assert "3 films in our catalogue; <strong>2</strong> have a scene" in html
    assert "(67%)" in html
    assert "<svg" in html and html.count('class="bar-scenes"') == 2
    assert "2010: 2 films, 1 with a credits scene" in html
    assert client.get("/companies/nope/").status_code == 404


def test_the_chart_keeps_empty_years_and_scales_to_the_peak() -> None:
    films = [factories.MovieFactory.build(year=y) for y in (2000, 2000, 2003)]
    bars = films_by_year(films)
    assert [(b.year, b.films) for b in bars] == [(2000, 2), (2001, 0), (2002, 0), (2003, 1)]
    chart = year_chart([YearBar(2000, 4, 1), YearBar(2001, 2, 2)])
    assert chart is not None
    assert (chart.bars[0].height, chart.bars[1].height, chart.bars[1].scene_height) == (120, 60, 60)
    assert year_chart([]) is None


def test_latest_splits_now_soon_and_recent_around_the_pinned_date(client: Client, settings) -> None:
    settings.WHATSAFTER_NOW = "2016-06-01"
    factories.with_verdict(
        factories.MovieFactory(title="Now Showing", release_date=dt.date(2016, 5, 20), year=2016)
    )
    factories.with_verdict(
        factories.MovieFactory(title="Next Month", release_date=dt.date(2016, 7, 1), year=2016)
    )
    factories.with_verdict(
        factories.EvidenceFactory(
            claim="after",
            movie__title="Older Hit",
            movie__release_date=dt.date(2016, 1, 1),
            movie__year=2016,
        ).movie
    )
    html = client.get("/latest/").content.decode()
    now, soon, recent = (
        html.index('id="now-h"'),
        html.index('id="soon-h"'),
        html.index('id="recent-h"'),
    )
    assert (
        now
        < html.index("Now Showing")
        < soon
        < html.index("Next Month")
        < recent
        < html.index("Older Hit")
    )
    only = client.get("/latest/", {"scenes": "1"}).content.decode()
    assert "Older Hit" in only and "Now Showing" not in only


def test_recent_releases_include_films_known_only_by_their_year(settings) -> None:
    # Most films carry a year and no date (IMDb's): listing dated films alone made the
    # newest "recent release" years older than the films home shows.
    settings.WHATSAFTER_NOW = "2024-06-01"
    factories.MovieFactory(title="Dated 2015", release_date=dt.date(2015, 3, 1), year=2015)
    factories.MovieFactory(title="Year Only 2023", release_date=None, year=2023)
    factories.MovieFactory(title="Dated 2023", release_date=dt.date(2023, 2, 1), year=2023)
    factories.MovieFactory(title="Year Only 2025", release_date=None, year=2025)
    factories.MovieFactory(title="No Year", release_date=None, year=None)
    page = sections.latest_page(only_with_scenes=False, genre="")
    assert [m.title for m in page.recent] == ["Dated 2023", "Year Only 2023", "Dated 2015"]


def test_latest_filters_by_genre(client: Client, settings) -> None:
    settings.WHATSAFTER_NOW = "2016-06-01"
    horror = factories.MovieFactory(title="Scary One", release_date=dt.date(2016, 5, 1))
    horror.genres.add(factories.GenreFactory(name="Horror", slug="horror"))
    factories.MovieFactory(title="Gentle One", release_date=dt.date(2016, 5, 1))
    factories.GenreFactory(name="Western", slug="western")  # no film: not offered
    list_counts_refresh()
    html = client.get("/latest/", {"genre": "horror"}).content.decode()
    assert "Scary One" in html and "Gentle One" not in html
    assert '<option value="horror" selected>' in html and 'value="western"' not in html


@pytest.mark.parametrize("walk_from", (1, 10_000))
def test_a_genre_lists_the_same_films_whether_walked_by_date_or_read_from_its_links(
    settings, monkeypatch, walk_from: int
) -> None:
    """A large genre is found by walking the dates and checking each film; a small one from
    its links: the lists are the same either way."""
    monkeypatch.setattr(sections, "GENRE_WALK_FROM", walk_from)
    settings.WHATSAFTER_NOW = "2016-06-01"
    horror, other = factories.GenreFactory(slug="horror"), factories.GenreFactory(slug="comedy")
    dates = [dt.date(2016, 5, 20), dt.date(2016, 7, 1), dt.date(2015, 1, 3), dt.date(2014, 2, 1)]
    for n, date in enumerate(dates):
        factories.MovieFactory(title=f"Horror {n}", release_date=date).genres.add(horror)
        factories.MovieFactory(title=f"Comedy {n}", release_date=date).genres.add(other)
    list_counts_refresh()
    page = sections.latest_page(only_with_scenes=False, genre="horror")
    listed = [
        [m.title for m in films] for films in (page.in_cinemas, page.coming_soon, page.recent)
    ]
    assert listed == [["Horror 0"], ["Horror 1"], ["Horror 2", "Horror 3"]]


def test_the_chart_draws_each_years_scene_share_with_gaps_for_empty_years() -> None:
    chart = year_chart([YearBar(2000, 4, 1), YearBar(2001, 0, 0), YearBar(2002, 2, 2)])
    assert chart is not None
    shares = [(bar.share, bar.share_y) for bar in chart.bars]
    assert shares == [(25, 124 - 30), (None, None), (100, 4)]
    # No line across a year without films: two single points draw no segment at all.
    assert chart.share_lines == []
    assert [bar.year for bar in chart.bars if bar.labelled] == [2000]


def test_a_company_page_lists_films_and_share_per_year(client: Client) -> None:
    company = factories.CompanyFactory(name="Stinger Pictures")
    for year, has_scene in ((2010, True), (2010, False), (2012, True)):
        movie = factories.MovieFactory(year=year)
        factories.add_company(movie, company)
        if has_scene:
            factories.EvidenceFactory(movie=movie, claim="after")
        factories.with_verdict(movie)

    html = client.get(f"/companies/{company.slug}/").content.decode()

    table = html[html.index("The numbers per year") :]
    assert "<td>2010</td><td>2</td><td>1</td><td>50%</td>" in table
    assert "<td>2012</td><td>1</td><td>1</td><td>100%</td>" in table
    assert "<td>2011</td>" not in table  # a year without films has no row
    assert 'class="share-line"' not in html  # 2011 breaks the line into single points


def test_latest_filters_by_region_using_the_release_there(client: Client, settings) -> None:
    settings.WHATSAFTER_NOW = "2016-06-01"
    # Out in the US in May, but not in UK cinemas until July.
    late_in_uk = factories.MovieFactory(title="Late In The UK", release_date=dt.date(2016, 5, 1))
    Release.objects.create(
        movie=late_in_uk, region="GB", kind=3, release_date=dt.date(2016, 7, 1), source="tmdb"
    )
    Release.objects.create(
        movie=late_in_uk, region="US", kind=3, release_date=dt.date(2016, 5, 1), source="tmdb"
    )
    factories.MovieFactory(title="No UK Release", release_date=dt.date(2016, 5, 20))
    everywhere = client.get("/latest/").content.decode()
    assert '<option value="GB">United Kingdom</option>' in everywhere
    assert '<option value="US">United States</option>' in everywhere
    assert "No UK Release" in everywhere
    uk = client.get("/latest/", {"region": "gb"}).content.decode()
    assert "No UK Release" not in uk
    assert uk.index('id="soon-h"') < uk.index("Late In The UK") < uk.index('id="recent-h"')
    assert '<option value="GB" selected>United Kingdom</option>' in uk
    assert 'first release in the country chosen: <span data-region="GB">United Kingdom<' in uk
    assert client.get("/latest/", {"region": "<script>"}).status_code == 200


def test_the_region_choice_is_ordered_by_country_name(client: Client) -> None:
    movie = factories.MovieFactory()
    for region in ("US", "DE", "CH", "AT", "XC"):
        Release.objects.create(
            movie=movie, region=region, kind=3, release_date=dt.date(2016, 1, 1), source="tmdb"
        )
    html = client.get("/latest/").content.decode()
    select = html[html.index('name="region"') :].split("</select>", 1)[0]
    names = re.findall(r'<option value="[A-Z]+">([^<]+)</option>', select)
    assert names == ["Austria", "Czechoslovakia", "Germany", "Switzerland", "United States"]


def test_a_region_no_film_was_released_in_stays_chosen_in_the_form(client: Client) -> None:
    # A link or an old bookmark for a country with no release rows: the page filters by it
    # (and finds nothing), so the choice shows it, not "Anywhere", and resubmitting the
    # form (another genre) keeps it.
    Release.objects.create(
        movie=factories.MovieFactory(), region="GB", kind=3, release_date=dt.date(2016, 1, 1),
        source="tmdb",
    )  # fmt: skip
    html = client.get("/latest/", {"region": "fr"}).content.decode()
    assert 'first release in the country chosen: <span data-region="FR">France<' in html
    assert '<option value="FR" selected>France</option>' in html
    assert '<option value="GB">United Kingdom</option>' in html


def test_the_region_filter_is_hidden_without_release_data(client: Client) -> None:
    factories.MovieFactory(title="Anywhere")
    html = client.get("/latest/").content.decode()
    assert 'name="region"' not in html


def test_the_lists_page_through_without_counting_the_whole_list(client: Client) -> None:
    movie = factories.MovieFactory()
    for n in range(PAGE_SIZE + 1):
        factories.CreditFactory(movie=movie, person__name=f"Actor {n:03d}", order=n)
    list_counts_refresh()
    first = client.get("/actors/", {"order": "az"}).content.decode()
    assert "Actor 000" in first and f"Actor {PAGE_SIZE:03d}" not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/actors/", {"order": "az", "page": "2"}).content.decode()
    assert f"Actor {PAGE_SIZE:03d}" in second and "Actor 000" not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_stored_counts_follow_credits_links_and_verdicts() -> None:
    from whatsafter.aftercredits.services import verdict_refresh
    from whatsafter.catalog.models import Company, Credit, Genre, Person

    studio, drama = factories.CompanyFactory(), factories.GenreFactory()
    films = [factories.MovieFactory() for _ in range(3)]
    actor = factories.PersonFactory()
    for movie in films:
        factories.CreditFactory(movie=movie, person=actor)
        factories.add_company(movie, studio)
        movie.genres.add(drama)
    factories.CreditFactory(
        movie=films[0], person=actor, kind="crew", job="Director", department="Directing"
    )
    list_counts_refresh()
    assert Person.objects.get(pk=actor.pk).film_count == 3  # distinct films, not credits
    assert (Company.objects.get(pk=studio.pk).film_count, Genre.objects.get().film_count) == (3, 3)
    assert Company.objects.get(pk=studio.pk).scene_count == 0

    # A verdict that turns to "yes" counts for the film's companies at once.
    factories.EvidenceFactory(movie=films[1], claim="after")
    verdict_refresh(movie_ids=[films[1].pk])
    assert Company.objects.get(pk=studio.pk).scene_count == 1

    # A partial refresh recounts one film's people; a full one also zeroes the rows
    # whose last film went.
    Credit.objects.filter(movie=films[2]).delete()
    list_counts_refresh(movie_ids=[films[0].pk])
    assert Person.objects.get(pk=actor.pk).film_count == 2
    films[0].delete()
    films[1].delete()
    films[2].delete()
    list_counts_refresh()
    assert Person.objects.get(pk=actor.pk).film_count == 0
    assert (Company.objects.get(pk=studio.pk).film_count, Genre.objects.get().film_count) == (0, 0)


def _plan(films: Any) -> str:
    sql, params = films.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A table this small is cheaper to scan; what matters is whether the order
            # needs a sort when the planner is steered to the index.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN (COSTS OFF) " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_home_and_latest_read_their_newest_first_lists_off_the_index_unsorted(settings) -> None:
    settings.WHATSAFTER_NOW = "2024-06-01"
    factories.MovieFactory(year=2023, release_date=None, year_release_order=3)
    cutoff = dt.date(2024, 6, 1) - sections.IN_CINEMAS
    for films in (
        selectors.recent_releases(limit=12),
        sections._released_before(Movie.objects.all(), cutoff)[:24],
    ):
        plan = _plan(films)
        assert "movie_newest_idx" in plan, plan
        assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
