"""The sample build on real rows: the right films, merged, scored and answered."""

from __future__ import annotations

import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from whatsafter.aftercredits.models import CreditScene, Verdict
from whatsafter.catalog.models import Credit, Movie, Person
from whatsafter.ingest.models import ImportRun, RejectedRow
from whatsafter.quizzes.models import QuizStats
from whatsafter.ratings.models import Rating

pytestmark = pytest.mark.django_db


def build(directory: Path) -> str:
    out = StringIO()
    call_command("build_sample", dir=directory, stdout=out)
    return out.getvalue()


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Movie, Person, Credit, Rating, CreditScene, Verdict)
    }


def test_never_let_me_go_comes_out_complete_and_probably_not(subset_dir: Path) -> None:
    build(subset_dir)
    movie = Movie.objects.get(slug="never-let-me-go-2010")
    cast = list(movie.credits.filter(kind="cast").values_list("person__name", flat=True))
    assert {"Carey Mulligan", "Andrew Garfield", "Keira Knightley"} <= set(cast)
    assert set(movie.companies.values_list("name", flat=True)) == {
        "Fox Searchlight Pictures", "DNA Films", "Film4",
    }  # fmt: skip
    assert set(movie.ratings.values_list("source", flat=True)) == {"tmdb", "imdb", "tomatometer"}
    assert movie.tmdb_id == 42188
    assert movie.wikipedia_extract.startswith("Never Let Me Go is a 2010")
    assert movie.verdict.status == "probably_not"


def test_the_build_ends_knowing_which_films_can_have_a_quiz(subset_dir: Path) -> None:
    output = build(subset_dir)
    flags = dict(QuizStats.objects.values_list("movie__slug", "possible"))
    assert set(flags) == set(Movie.objects.values_list("slug", flat=True))
    assert flags["never-let-me-go-2010"] is True  # cast, plot, genres, studios
    assert False in flags.values()  # the subset has films with a title and little else
    can = sum(flag is True for flag in flags.values())
    assert f"Films that can have a quiz: {can:,} of {len(flags):,}." in output


def test_the_avengers_has_two_described_scenes_and_its_namesake_is_apart(subset_dir: Path) -> None:
    build(subset_dir)
    avengers = Movie.objects.get(slug="the-avengers-2012")
    verdict = avengers.verdict
    assert (verdict.status, verdict.during_count, verdict.after_count) == ("yes", 1, 1)
    assert list(avengers.credit_scenes.values_list("position", flat=True)) == ["during", "after"]
    assert Movie.objects.get(slug="the-avengers-1998").verdict.status == "unknown"


def test_a_second_build_changes_nothing(subset_dir: Path) -> None:
    build(subset_dir)
    before = table_counts()
    output = build(subset_dir)
    assert table_counts() == before
    run = ImportRun.objects.first()
    assert run is not None
    assert (run.inserted, run.updated) == (0, 0)
    assert run.unchanged == before["Movie"]
    assert "films built in" in output


def test_if_empty_skips_a_loaded_catalogue(subset_dir: Path) -> None:
    build(subset_dir)
    out = StringIO()
    call_command("build_sample", dir=subset_dir, if_empty=True, stdout=out)
    assert "already loaded" in out.getvalue()
    assert ImportRun.objects.count() == 1


def test_bad_rows_are_recorded_with_file_line_and_reason(sample_copy: Path) -> None:
    path = sample_copy / "vega-movies.jsonl.gz"
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    lines.insert(1, '{"Title": "Bad", "Release Date": "someday"}')
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    output = build(sample_copy)
    rejected = RejectedRow.objects.get()
    assert (rejected.file, rejected.line) == ("vega-movies.jsonl.gz", 2)
    assert "Release Date 'someday'" in rejected.reason
    assert "vega-movies.jsonl.gz:2" in output
    assert Movie.objects.filter(slug="never-let-me-go-2010").exists()


def test_a_broken_file_leaves_the_database_as_it_was(sample_copy: Path) -> None:
    build(sample_copy)
    before = table_counts()
    data = (sample_copy / "wikipedia-movies.jsonl.gz").read_bytes()
    (sample_copy / "wikipedia-movies.jsonl.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match=r"truncated or corrupt gzip.*Nothing was changed"):
        build(sample_copy)
    assert table_counts() == before
    assert ImportRun.objects.first().status == "failed"  # type: ignore[union-attr]


def test_a_broken_file_on_an_empty_database_builds_nothing(sample_copy: Path) -> None:
    (sample_copy / "tmdb_5000_movies.csv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(CommandError):
        build(sample_copy)
    assert Movie.objects.count() == 0


@pytest.mark.slow
def test_the_full_sample_builds_the_whole_catalogue() -> None:
    output = build(Path(__file__).resolve().parents[2] / "data" / "sample")
    assert Movie.objects.count() > 37_000
    assert Verdict.objects.count() == Movie.objects.count()
    assert Verdict.objects.filter(status="yes").count() > 400
    assert "37,418 films built" in output
