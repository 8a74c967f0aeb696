"""Defects a moviegoer noticed in a page-by-page review (phone and desktop, JS on and off)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.factories import (
    CreditFactory,
    EvidenceFactory,
    GenreFactory,
    MovieFactory,
    PersonFactory,
    WatchOfferFactory,
    with_verdict,
)

pytestmark = pytest.mark.django_db

REPORT_THANKS = "Thank you! Your report counts toward the answer."
CORRECTION_THANKS = "Thank you. An editor will look at it."


def _report_box(html: str) -> str:
    return html[html.index('id="report"') : html.index('class="movie-head"')]


def _correction_box(html: str) -> str:
    return html[html.index('id="correction"') : html.index("</article>")]


def test_without_js_the_thanks_for_a_report_is_in_the_box_the_visitor_lands_on(
    client: Client,
) -> None:
    """The redirect lands on #report: the thanks must be there, in place of the buttons (as
    htmx shows it), not at the top of the page while the same buttons invite a second tap."""
    movie = with_verdict(MovieFactory())
    response = client.post(f"/movies/{movie.slug}/report/", {"saw": "after"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#report")
    html = response.content.decode()
    box = _report_box(html)
    assert REPORT_THANKS in box
    assert 'name="saw"' not in box
    assert html.count(REPORT_THANKS) == 1
    # The thanks is said once: the next visit has the buttons back.
    again = client.get(movie.get_absolute_url()).content.decode()
    assert 'name="saw"' in _report_box(again) and REPORT_THANKS not in again


def test_without_js_the_thanks_for_a_correction_is_in_its_open_box(client: Client) -> None:
    movie = with_verdict(MovieFactory())
    data = {"field": "year", "proposal": "It came out in 2015."}
    response = client.post(f"/movies/{movie.slug}/correction/", data, follow=True)
    assert response.redirect_chain[-1][0].endswith("#correction")
    html = response.content.decode()
    box = _correction_box(html)
    assert CORRECTION_THANKS in box and "<details open>" in box
    assert 'name="proposal"' not in box
    assert html.count(CORRECTION_THANKS) == 1


def _main(html: str) -> str:
    """The page's visible body: the head's description repeats the synopsis on purpose."""
    return html[html.index("<main") : html.index("</main>")]


def _plot_section(html: str) -> str:
    return html[html.index('id="plot-h"') : html.index('id="correction"')]


OVERVIEW = "A clone grows up at a boarding school and learns what she is for."
WIKI = "Never Let Me Go is a 2010 British dystopian romantic drama film."


def test_the_synopsis_is_not_shown_again_under_plot_summary(client: Client) -> None:
    movie = with_verdict(MovieFactory(overview=OVERVIEW, wikipedia_extract=WIKI))
    main = _main(client.get(movie.get_absolute_url()).content.decode())
    assert main.count(OVERVIEW) == 1 and main.count(WIKI) == 1
    # Each text keeps its credit where it is shown.
    assert main.index(OVERVIEW) < main.index("Overview from TMDb.") < main.index('id="plot-h"')
    plot = _plot_section(main)
    assert WIKI in plot and "From Wikipedia" in plot and "CC BY-SA 4.0" in plot


@pytest.mark.parametrize(
    ("texts", "credit"),
    [
        ({"overview": "", "wikipedia_extract": WIKI}, "CC BY-SA 4.0"),
        ({"overview": OVERVIEW, "wikipedia_extract": ""}, "Overview from TMDb."),
    ],
)
def test_a_film_with_one_text_shows_it_once_with_its_credit(
    client: Client, texts: dict[str, str], credit: str
) -> None:
    movie = with_verdict(MovieFactory(wikipedia_page="Never_Let_Me_Go_(2010_film)", **texts))
    main = _main(client.get(movie.get_absolute_url()).content.decode())
    text = texts["overview"] or texts["wikipedia_extract"]
    assert main.count(text) == 1
    assert main.index(text) < main.index(credit) < main.index('id="plot-h"')
    assert "No plot summary yet." in _plot_section(main)


def _watch_section(html: str) -> str:
    return html[html.index('id="watch-h"') : html.index('id="ratings-h"')]


JUSTWATCH_CREDIT = 'Where-to-watch data from <a href="https://www.justwatch.com"'


def test_where_to_watch_credits_justwatch_and_dates_its_offers_like_the_rest(
    client: Client,
) -> None:
    """TMDb's where-to-watch data is JustWatch's, which must be credited where it is shown."""
    movie = with_verdict(MovieFactory())
    WatchOfferFactory(movie=movie, provider="Channel 4", as_of=dt.date(2026, 11, 1))
    watch = _watch_section(client.get(movie.get_absolute_url()).content.decode())
    assert JUSTWATCH_CREDIT in watch
    assert "as of 1 Nov 2026" in watch  # as release dates and reports are written


def test_no_justwatch_credit_without_their_data(client: Client) -> None:
    movie = with_verdict(MovieFactory())
    watch = _watch_section(client.get(movie.get_absolute_url()).content.decode())
    assert "Search Netflix" in watch and JUSTWATCH_CREDIT not in watch


def test_every_footer_credits_imdb_whose_ratings_the_film_pages_show(client: Client) -> None:
    movie = with_verdict(MovieFactory())
    for url in ("/", movie.get_absolute_url(), "/actors/", "/search/?q=x"):
        html = client.get(url).content.decode()
        footer = html[html.index('class="site-footer"') :]
        assert "Information courtesy of IMDb" in footer, url


def test_the_latest_genre_filter_names_genres_as_film_pages_do(client: Client) -> None:
    """A film page links "Science Fiction"; the filter it lands on said "Science-fiction"."""
    from whatsafter.aftercredits.list_counts import list_counts_refresh

    genre = GenreFactory(name="Science Fiction", slug="science-fiction")
    movie = with_verdict(MovieFactory())
    movie.genres.add(genre)
    list_counts_refresh()
    film = client.get(movie.get_absolute_url()).content.decode()
    assert ">Science Fiction</a>" in film
    latest = client.get("/latest/", {"genre": "science-fiction"}).content.decode()
    assert '<option value="science-fiction" selected>Science Fiction</option>' in latest


@pytest.mark.parametrize("form", ["report", "correction"])
def test_opening_a_forms_address_leads_to_its_box_not_a_blank_405(
    client: Client, form: str
) -> None:
    """Without JS a refused post leaves the form's address in the address bar: opening it
    again (a bookmark, a shared link, reopening the tab) gets the film page at the form."""
    movie = with_verdict(MovieFactory())
    response = client.get(f"/movies/{movie.slug}/{form}/")
    assert response.status_code == 302
    assert response["Location"] == f"{movie.get_absolute_url()}#{form}"
    assert client.get(f"/movies/no-such-film/{form}/").status_code == 404
    assert client.put(f"/movies/{movie.slug}/{form}/").status_code == 405


@pytest.mark.parametrize("htmx", [True, False])
def test_a_refused_report_keeps_what_the_visitor_typed_in_view(client: Client, htmx: bool) -> None:
    """The refusal names the time field: it must be open, with the time and the note as
    typed (escaped), not closed and emptied."""
    movie = with_verdict(MovieFactory())
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"saw": "after", "at": "soon", "note": "Nick Fury <b>appears</b> & talks"}
    response = client.post(f"/movies/{movie.slug}/report/", data, headers=headers)
    html = response.content.decode()
    box = _report_box(html) if not htmx else html
    assert "Write the time as minutes" in box
    assert '<details class="report-more" open>' in box
    assert 'value="soon"' in box
    assert ">Nick Fury &lt;b&gt;appears&lt;/b&gt; &amp; talks</textarea>" in box


@pytest.mark.parametrize("htmx", [True, False])
def test_a_refused_correction_keeps_the_proposal(client: Client, htmx: bool) -> None:
    movie = with_verdict(MovieFactory())
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"field": "nonsense", "proposal": "It is <i>104</i> minutes."}
    response = client.post(f"/movies/{movie.slug}/correction/", data, headers=headers)
    html = response.content.decode()
    box = _correction_box(html) if not htmx else html
    assert 'class="form-message error"' in box
    assert ">It is &lt;i&gt;104&lt;/i&gt; minutes.</textarea>" in box


def _filmography(html: str) -> str:
    return html[html.index("<h2>Filmography</h2>") : html.index("</table>")]


def test_a_filmography_without_any_part_has_no_role_column(client: Client) -> None:
    """Wikipedia's cast lists name no parts: a column saying "Cast" on every row squeezed
    the answer column to three lines per badge on a phone."""
    person = PersonFactory()
    for _ in range(2):
        CreditFactory(person=person, character="", movie=with_verdict(MovieFactory()))
    table = _filmography(client.get(person.get_absolute_url()).content.decode())
    assert ">Role<" not in table and ">Cast<" not in table
    assert ">After the credits<" in table


def test_a_filmography_with_a_part_or_a_job_keeps_the_role_column(client: Client) -> None:
    person = PersonFactory()
    CreditFactory(person=person, character="", movie=with_verdict(MovieFactory()))
    CreditFactory(person=person, character="Kathy H", movie=with_verdict(MovieFactory()))
    table = _filmography(client.get(person.get_absolute_url()).content.decode())
    assert ">Role<" in table and ">Kathy H<" in table and ">Cast<" in table
    director = PersonFactory()
    CreditFactory(person=director, kind="crew", job="Director", character="",
                  movie=with_verdict(MovieFactory()))  # fmt: skip
    table = _filmography(client.get(director.get_absolute_url()).content.decode())
    assert ">Role<" in table and ">Director<" in table


def test_about_explains_every_source_a_film_page_cites_as_evidence(client: Client) -> None:
    """Film pages cite "Subtitle timing" and "Viewers' reports" under "Why we say so"; the
    page that explains where answers come from named neither."""
    about = client.get("/about/").content.decode()
    sources = about[about.index('<dl class="sources">') : about.index("</dl>")]
    for term in ("<dt>Subtitle timing</dt>", "<dt>Viewers' reports</dt>"):
        assert term in sources


def test_evidence_is_dated_like_the_rest_of_the_page(client: Client) -> None:
    """ "no scene recorded (recorded 2026-11-24)" said "recorded" twice, in a date format the
    page uses nowhere else."""
    from django.utils import timezone

    asserted = timezone.make_aware(dt.datetime(2026, 11, 24, 12, 0))
    movie = EvidenceFactory(claim="none_recorded", asserted_at=asserted).movie
    with_verdict(movie)
    html = client.get(movie.get_absolute_url()).content.decode()
    assert "(as of 24 Nov 2026)" in html
    assert "2026-11-24" not in _main(html)


def test_the_players_average_is_a_share_not_a_score_out_of_a_number_of_questions(
    client: Client,
) -> None:
    """A nine-question quiz ended "You scored 2 out of 9" above "Players score 2.2 out of 10
    on average": a scale the player never saw."""
    from tests.quizzes.test_quiz import rich_film
    from whatsafter.quizzes.models import QuizStats

    movie = rich_film()
    QuizStats.objects.create(movie=movie, plays=2, points=4, questions=18)
    line = "Players get 22% of the answers right on average, from 2 games."
    film = client.get(movie.get_absolute_url()).content.decode()
    quiz = client.get(f"/movies/{movie.slug}/quiz/").content.decode()
    for html in (film, quiz):
        assert line in html and "out of 10" not in html


def test_the_api_docs_credit_the_data_the_api_hands_out(client: Client) -> None:
    """The API serves TMDb, IMDb, Wikipedia and JustWatch data; its docs page named none."""
    description = client.get("/api/v1/openapi.json").json()["info"]["description"]
    for credit in (
        "This product uses the TMDB API but is not endorsed or certified by TMDB.",
        "Information courtesy of IMDb",
        "CC BY-SA 4.0",
        "JustWatch",
    ):
        assert credit in description


def test_the_not_found_page_covers_companies_too(client: Client) -> None:
    html = client.get("/companies/no-such-studio/").content.decode()
    assert "The film, person or company you were looking for" in html
