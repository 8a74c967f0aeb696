from whatsafter.watch.links import site_links, watch_search_links


def test_known_ids_link_to_exact_pages() -> None:
    links = {
        link.label: link
        for link in site_links(
            title="Never Let Me Go", year=2010, imdb_id="tt1334260", tmdb_id=42188
        )
    }
    assert links["IMDb"].url == "https://www.imdb.com/title/tt1334260/" and links["IMDb"].exact
    assert links["TMDb"].url == "https://www.themoviedb.org/movie/42188" and links["TMDb"].exact


def test_unknown_ids_fall_back_to_searches_with_the_title_encoded() -> None:
    links = {
        link.label: link
        for link in site_links(title="Amélie & Co", year=None, imdb_id=None, tmdb_id=None)
    }
    assert not links["IMDb"].exact
    assert links["IMDb"].url == "https://www.imdb.com/find/?q=Am%C3%A9lie+%26+Co&s=tt"
    assert set(links) == {"IMDb", "TMDb", "Metacritic", "Rotten Tomatoes", "MediaStinger"}


def test_watch_searches_never_claim_availability() -> None:
    links = watch_search_links(title="Never Let Me Go", year=2010)
    assert [link.label for link in links][:2] == ["JustWatch", "Netflix"]
    assert not any(link.exact for link in links)
