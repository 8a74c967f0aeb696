"""`whatsafter import imdb`: real IMDb rows in, faults refused with a reason, nothing lost."""

from __future__ import annotations

import datetime as dt
import gzip
import os
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test import Client, override_settings

from tests.ingest.imdb_files import run_import, write_dataset
from whatsafter.aftercredits.models import Verdict
from whatsafter.catalog.models import Credit, Movie, Person
from whatsafter.ingest.models import ImportRun, RejectedRow
from whatsafter.ratings.models import Rating

pytestmark = pytest.mark.django_db(transaction=True)


def catalogue() -> dict[str, list[tuple[object, ...]]]:
    """Everything an IMDb import writes, in a comparable form."""
    return {
        "movies": list(
            Movie.objects.order_by("imdb_id").values_list(
                "imdb_id", "slug", "title", "original_title", "year", "runtime_minutes"
            )
        ),
        "genres": sorted(Movie.genres.through.objects.values_list("movie__imdb_id", "genre__name")),
        "ratings": list(
            Rating.objects.order_by("movie__imdb_id").values_list(
                "movie__imdb_id", "source", "value", "vote_count"
            )
        ),
        "people": list(
            Person.objects.order_by("imdb_id").values_list(
                "imdb_id", "slug", "name", "birth_year", "death_year", "professions"
            )
        ),
        "credits": sorted(
            Credit.objects.values_list(
                "movie__imdb_id",
                "person__imdb_id",
                "kind",
                "character",
                "order",
                "department",
                "job",
            )
        ),
        "verdicts": sorted(Verdict.objects.values_list("movie__imdb_id", "status")),
    }


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "imdb", gz=True)


def test_it_imports_the_feature_film_from_the_real_heads_with_its_people(dataset: Path) -> None:
    output = run_import(dataset)

    film = Movie.objects.get(imdb_id="tt0000009")
    assert (film.title, film.year, film.runtime_minutes) == ("Miss Jerry", 1894, 45)
    assert [g.name for g in film.genres.all()] == ["Romance"]
    rating = Rating.objects.get(movie=film, source="imdb")
    assert (str(rating.value), rating.vote_count, rating.scale) == ("5.9", 155, 10)
    cast = film.credits.filter(kind="cast").order_by("order")
    assert [(c.person.name, c.character) for c in cast] == [
        ("Blanche Bayliss", "Miss Geraldine Holbrook (Miss Jerry)"),
        ("William Courtenay", "Mr. Hamilton"),
        ("Chauncey Depew", "Chauncey Depew - the Director of the New York Central Railroad"),
    ]
    crew = film.credits.filter(kind="crew").values_list("person__name", "job")
    assert set(crew) == {("Alexander Black", "Director"), ("Alexander Black", "Writer")}
    black = Person.objects.get(imdb_id="nm0085156")
    assert (black.birth_year, black.death_year) == (1859, 1940)
    assert "director" in black.professions
    # The other 248 titles are shorts, not films: their people (Dickson, Kayser) stay out.
    assert Movie.objects.count() == 1
    assert not Person.objects.filter(imdb_id__in=["nm0005690", "nm0443482"]).exists()
    # A film with no evidence gets an answer ("not known yet"), so its page can say so.
    assert Verdict.objects.get(movie=film).status == "unknown"
    run = ImportRun.objects.get(source="imdb")
    assert run.status == "succeeded"
    assert run.rows_read == 249 + 249 + 6 + 2 + 6  # the heads hold 249 rows each
    assert run.rejected == 0
    assert "rows read" in output


def test_a_second_import_of_the_same_files_changes_nothing(dataset: Path) -> None:
    run_import(dataset)
    before = catalogue()

    output = run_import(dataset)

    assert catalogue() == before
    latest = ImportRun.objects.order_by("-id").first()
    assert latest is not None
    assert (latest.inserted, latest.updated) == (0, 0)
    assert latest.unchanged > 0
    assert "0 verdicts written" in output


def test_a_newer_download_updates_only_what_changed(dataset: Path, plain: Path) -> None:
    run_import(dataset)
    film = Movie.objects.get(imdb_id="tt0000009")
    stamped_before = film.field_sources.get("title")
    newer = plain
    basics = (newer / "title.basics.tsv").read_text()
    (newer / "title.basics.tsv").write_text(
        basics.replace("Miss Jerry\t0\t1894\t\\N\t45", "Miss Jerry\t0\t1894\t\\N\t47")
    )
    ratings = (newer / "title.ratings.tsv").read_text()
    (newer / "title.ratings.tsv").write_text(
        ratings.replace("tt0000009\t5.9\t155", "tt0000009\t6.0\t170")
    )

    run_import(newer)

    film.refresh_from_db()
    assert film.runtime_minutes == 47
    assert film.field_sources["title"] == stamped_before  # the title did not change
    assert film.field_sources["runtime_minutes"]["source"] == "imdb"
    rating = Rating.objects.get(movie=film, source="imdb")
    assert (str(rating.value), rating.vote_count) == ("6.0", 170)
    latest = ImportRun.objects.order_by("-id").first()
    assert latest is not None
    assert latest.updated == 2  # one film, one rating
    assert latest.inserted == 0


def test_an_older_download_does_not_undo_a_newer_one(dataset: Path, plain: Path) -> None:
    for path in plain.iterdir():
        text = path.read_text()
        path.write_text(
            text.replace("Miss Jerry\t0\t1894\t\\N\t45", "Miss Jerry\t0\t1894\t\\N\t47").replace(
                "tt0000009\t5.9\t155", "tt0000009\t6.0\t170"
            )
        )
        os.utime(path, (NEWER, NEWER))
    for path in dataset.iterdir():
        os.utime(path, (OLDER, OLDER))
    run_import(plain)

    run_import(dataset)

    film = Movie.objects.get(imdb_id="tt0000009")
    assert film.runtime_minutes == 47
    assert film.field_sources["runtime_minutes"]["as_of"] == "2026-02-01"
    rating = Rating.objects.get(movie=film, source="imdb")
    assert (str(rating.value), rating.vote_count) == ("6.0", 170)


NEWER = dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC).timestamp()
OLDER = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC).timestamp()


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    """The same dataset unpacked (.tsv), for tests that edit a file."""
    return write_dataset(tmp_path / "plain")


@pytest.mark.parametrize(
    ("title", "writer", "as_of"),
    [
        ("Miss Jerry (1894 picture play)", "editor", "2026-11-26"),
        ("Miss Jerry!", "tmdb-api", "2020-01-01"),
    ],
)
def test_a_title_an_editor_or_the_tmdb_api_wrote_is_kept_when_imdb_spells_it_otherwise(
    dataset: Path, title: str, writer: str, as_of: str
) -> None:
    run_import(dataset)
    film = Movie.objects.get(imdb_id="tt0000009")
    film.title = title
    film.field_sources = {**film.field_sources, "title": {"source": writer, "as_of": as_of}}
    film.save()

    run_import(dataset)

    film.refresh_from_db()
    assert film.title == title
    assert film.runtime_minutes == 45  # a field the title's writer did not set, IMDb still may


def test_other_titles_from_the_optional_akas_file_are_added_once(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "with-akas", gz=True, akas=True)

    output = run_import(folder)
    run_import(folder)

    film = Movie.objects.get(imdb_id="tt0000009")
    others = list(film.alternative_titles.values_list("title", "region", "language", "kind"))
    assert sorted(others) == [
        ("Fräulein Jerry", "DE", "de", "imdbDisplay"),
        ("Miss Jerry, a Picture Play", "US", "en", "working"),
    ]
    rejected = set(
        RejectedRow.objects.filter(file="title.akas.tsv.gz").values_list("line", "reason")
    )
    assert rejected == {(7, "region 'NOT-A-REGION' is not a region code")}
    assert "title.akas 6" in output.replace(",", "")
    html = Client().get(film.get_absolute_url()).content.decode()
    assert "Also known as" in html and "Fräulein Jerry" in html


def test_malformed_rows_are_rejected_with_file_line_and_reason_and_the_rest_kept(
    plain: Path,
) -> None:
    text = (plain / "title.basics.tsv").read_text().splitlines(keepends=True)
    text[3:3] = [
        "tt0009991\tmovie\tToo Few Columns\n",
        "xx0009992\tmovie\tBad Id\tBad Id\t0\t1910\t\\N\t60\tDrama\n",
        "tt0009993\tmovie\tBad Year\tBad Year\t0\tnineteen\t\\N\t60\tDrama\n",
        "tt0009994\tmovie\tGood Film\tGood Film\t0\t1911\t\\N\t61\tDrama\n",
    ]
    (plain / "title.basics.tsv").write_text("".join(text))

    output = run_import(plain)

    assert Movie.objects.filter(imdb_id__in=["tt0000009", "tt0009994"]).count() == 2
    reasons = {r.line: r.reason for r in RejectedRow.objects.filter(file="title.basics.tsv")}
    assert reasons[4] == "3 columns, expected 9"
    assert "'xx0009992' is not an IMDb title id" in reasons[5]
    assert "startYear" in reasons[6]
    assert len(reasons) == 3
    assert "rejected title.basics.tsv:4: 3 columns, expected 9" in output
    assert ImportRun.objects.get(source="imdb").rejected == 3


def test_a_tv_film_is_imported_only_when_the_setting_asks(plain: Path) -> None:
    text = (plain / "title.basics.tsv").read_text()
    # The real head ends without a newline, as a cut file may.
    (plain / "title.basics.tsv").write_text(
        text.rstrip("\n")
        + "\ntt0009995\ttvMovie\tA Television Film\tA Television Film\t0\t1960\t\\N\t75\tDrama\n"
    )

    run_import(plain)
    assert not Movie.objects.filter(imdb_id="tt0009995").exists()

    with override_settings(IMPORT_TV_MOVIES=True):
        run_import(plain)
    assert Movie.objects.filter(imdb_id="tt0009995").exists()


def _refused(folder: Path) -> str:
    with pytest.raises(CommandError) as failure:
        run_import(folder)
    return str(failure.value)


def test_a_truncated_gzip_is_refused_and_the_catalogue_is_unchanged(dataset: Path) -> None:
    principals = dataset / "title.principals.tsv.gz"
    # Long enough that gzip has a stream to cut: the real rows, repeated for other titles.
    rows = "".join(
        f'tt{n:07d}\t1\tnm{n:07d}\tactor\t\\N\t["Someone"]\n' for n in range(100_000, 160_000)
    )
    whole = gzip.compress((PRINCIPALS_HEADER + rows).encode(), mtime=0)
    principals.write_bytes(whole[: len(whole) // 2])

    message = _refused(dataset)

    assert "title.principals.tsv.gz: truncated or corrupt gzip" in message
    assert "The catalogue was not changed" in message
    assert Movie.objects.count() == 0
    assert Person.objects.count() == 0
    assert ImportRun.objects.get(source="imdb").status == "failed"


PRINCIPALS_HEADER = "tconst\tordering\tnconst\tcategory\tjob\tcharacters\n"


def test_a_file_of_another_kind_is_named_as_such(dataset: Path) -> None:
    (dataset / "title.basics.tsv.gz").write_bytes((dataset / "title.ratings.tsv.gz").read_bytes())

    message = _refused(dataset)

    assert "this is an IMDb title.ratings file, expected title.basics" in message
    assert Movie.objects.count() == 0


def test_a_wrong_header_says_what_was_expected(dataset: Path) -> None:
    (dataset / "name.basics.tsv.gz").unlink()
    (dataset / "name.basics.tsv").write_text("id\tname\nnm0000001\tFred Astaire\n")

    message = _refused(dataset)

    assert "wrong header for name.basics" in message
    assert "expected 'nconst primaryName" in message
    assert Movie.objects.count() == 0


def test_a_gz_name_on_a_plain_file_and_an_image_are_refused(dataset: Path) -> None:
    (dataset / "title.crew.tsv.gz").write_text("tconst\tdirectors\twriters\n")
    assert "not gzip-compressed although named .gz" in _refused(dataset)
    (dataset / "title.crew.tsv.gz").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert "a PNG image" in _refused(dataset)
    assert Movie.objects.count() == 0


def test_a_missing_file_names_every_file_the_import_needs(dataset: Path) -> None:
    (dataset / "title.crew.tsv.gz").unlink()

    message = _refused(dataset)

    assert "title.crew.tsv.gz (or title.crew.tsv) is missing" in message
    assert "title.basics, title.ratings, title.principals, title.crew, name.basics" in message


def test_a_folder_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    assert "not a directory" in _refused(tmp_path / "nowhere")


def _credit_schema() -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'catalog_credit'::regclass "
                "UNION ALL SELECT indexname, indexdef FROM pg_indexes "
                "WHERE tablename = 'catalog_credit' ORDER BY 1"
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'catalog_credit' ORDER BY 1"
            )
        return list(cursor.fetchall())


def test_a_first_load_leaves_the_credit_table_with_every_key_and_index(dataset: Path) -> None:
    before = _credit_schema()

    run_import(dataset)

    assert Credit.objects.count() > 0
    assert _credit_schema() == before
    # The foreign keys are enforced again: a credit of a film that does not exist fails.
    person = Person.objects.first()
    assert person is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(movie_id=10**9, person=person, kind="cast")
