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
