"""`whatsafter import <source>`: each source alone, in any order, onto the live catalogue."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from whatsafter.catalog.models import Movie
from whatsafter.ingest.models import ImportRun

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_three_imports_build_what_the_sample_build_builds(subset_dir: Path) -> None:
    run("tmdb-csv", str(subset_dir / "tmdb_5000_movies.csv.gz"))
    assert Movie.objects.get(slug="never-let-me-go-2010").verdict.status == "probably_not"
    run("wikipedia", str(subset_dir / "wikipedia-movies.jsonl.gz"))
    run("vega", str(subset_dir / "vega-movies.jsonl.gz"))
    movie = Movie.objects.get(slug="never-let-me-go-2010")
    cast = set(movie.credits.values_list("person__name", flat=True))
    assert {"Carey Mulligan", "Andrew Garfield", "Keira Knightley"} <= cast
    assert set(movie.ratings.values_list("source", flat=True)) == {"tmdb", "imdb", "tomatometer"}
    # Wikipedia added its intro without blanking TMDb's overview, and says so.
    assert movie.overview.startswith("As children")
    assert movie.field_sources["overview"]["source"] == "tmdb-5000"
    assert movie.field_sources["wikipedia_extract"]["source"] == "wikipedia"
    assert Movie.objects.filter(slug="the-avengers-1998", tmdb_id__isnull=True).exists()


def test_importing_the_same_file_again_changes_nothing(subset_dir: Path) -> None:
    run("tmdb-csv", str(subset_dir / "tmdb_5000_movies.csv.gz"))
    output = run("tmdb-csv", str(subset_dir / "tmdb_5000_movies.csv.gz"))
    assert "read 4, inserted 0, updated 0, unchanged 4, rejected 0" in output
    assert ImportRun.objects.filter(source="tmdb-csv", status="succeeded").count() == 2


def test_a_broken_file_is_an_error_and_changes_nothing(tmp_path: Path, subset_dir: Path) -> None:
    run("tmdb-csv", str(subset_dir / "tmdb_5000_movies.csv.gz"))
    before = Movie.objects.count()
    broken = tmp_path / "movies-2010s.json"
    broken.write_text('[{"title": "Half a file", "year": 20')
    with pytest.raises(CommandError, match=r"not a JSON array of films.*Nothing was changed"):
        run("wikipedia", str(broken))
    assert Movie.objects.count() == before
    assert ImportRun.objects.get(source="wikipedia").status == "failed"


def test_an_import_stopped_by_an_unexpected_error_is_recorded_as_failed(tmp_path: Path) -> None:
    # A folder where a file was expected: no reader turns that into a clear error (yet).
    with pytest.raises((OSError, CommandError)):
        run("vega", str(tmp_path))
    stopped = ImportRun.objects.get(source="vega")
    assert stopped.status == "failed"
    assert stopped.message  # the error, for the admin


def test_bad_rows_are_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "movies.jsonl"
    path.write_text('{"title": "Fine Film", "year": 1999}\n{"title": "", "year": 1999}\n')
    output = run("wikipedia", str(path))
    assert "rejected movies.jsonl:2: title is missing or empty" in output
    assert Movie.objects.filter(title="Fine Film").exists()


def test_wikipedia_import_writes_places_in_a_year_listed_by_release_once(tmp_path: Path) -> None:
    titles = ["M3GAN", "The Old Way", "The Devil Conspiracy", "Plane", "Missing"]
    path = tmp_path / "movies-2020s.json"
    path.write_text(json.dumps([{"title": t, "year": 2023, "href": t} for t in titles]))
    run("wikipedia", str(path))
    places = dict(Movie.objects.values_list("title", "year_release_order"))
    assert places == {title: n for n, title in enumerate(titles, start=1)}
    assert Movie.objects.filter(release_date__isnull=False).count() == 0  # a place, not a date
    assert "inserted 0, updated 0, unchanged 5" in run("wikipedia", str(path))
    # The same films listed A-Z (how the pages list years before 2004): no order at all.
    a_to_z = ["The Devil Conspiracy", "M3GAN", "Missing", "The Old Way", "Plane"]
    path.write_text(json.dumps([{"title": t, "year": 2023, "href": t} for t in a_to_z]))
    run("wikipedia", str(path))
    assert set(Movie.objects.values_list("year_release_order", flat=True)) == {None}


def test_a_film_listed_under_another_title_joins_the_tmdb_film_and_keeps_that_title(
    tmp_path: Path,
) -> None:
    tmdb_csv = tmp_path / "tmdb.csv"
    header = (
        "budget,genres,homepage,id,keywords,original_language,original_title,overview,"
        "popularity,production_companies,production_countries,release_date,revenue,runtime,"
        "spoken_languages,status,tagline,title,vote_average,vote_count"
    )
    row = (
        '0,[],,671,[],en,"Harry Potter and the Philosopher\'s Stone",A boy wizard.,1.0,[],[],'
        '2001-11-16,0,152,[],Released,,"Harry Potter and the Philosopher\'s Stone",7.5,7006'
    )
    tmdb_csv.write_text(f"{header}\n{row}\n")
    run("tmdb-csv", str(tmdb_csv))
    listed = {
        "title": "Harry Potter and the Sorcerer's Stone",
        "year": 2001,
        "cast": ["Daniel Radcliffe"],
        "href": "Harry_Potter_and_the_Philosopher%27s_Stone_(film)",
    }
    wiki = tmp_path / "movies-2000s.json"
    wiki.write_text(json.dumps([listed]))
    output = run("wikipedia", str(wiki))
    assert "(1 of them by article name)" in output
    [movie] = Movie.objects.all()
    assert movie.tmdb_id == 671 and movie.title == "Harry Potter and the Philosopher's Stone"
    assert list(movie.credits.values_list("person__name", flat=True)) == ["Daniel Radcliffe"]
    assert list(movie.alternative_titles.values_list("title", "region", "source")) == [
        ("Harry Potter and the Sorcerer's Stone", "US", "wikipedia")
    ]
    # Again: the film now answers to the list's title itself, and nothing is added twice.
    run("wikipedia", str(wiki))
    assert Movie.objects.count() == 1 and movie.alternative_titles.count() == 1
    # Scores listed under the American title find the film by it.
    vega = tmp_path / "vega.jsonl"
    vega.write_text(
        json.dumps(
            {
                "Title": "Harry Potter and the Sorcerer's Stone",
                "Release Date": "Nov 16 2001",
                "IMDB Rating": 7.2,
                "IMDB Votes": 132238,
            }
        )
        + "\n"
    )
    run("vega", str(vega))
    assert movie.ratings.filter(source="imdb").exists()
