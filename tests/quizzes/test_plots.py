"""Plot summaries: sections with sources, extractive synopses, the plots CSV importer."""

from __future__ import annotations

import gzip
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import SAMPLE
from tests.factories import MovieFactory
from whatsafter.ingest.models import ImportRun
from whatsafter.ingest.readers import wikipedia_plots
from whatsafter.ingest.rows import Row, SourceFileError
from whatsafter.quizzes.models import PlotSection
from whatsafter.quizzes.summarise import sentences, split_in_three, summarise

HEADER = "Release Year,Title,Origin/Ethnicity,Director,Cast,Genre,Wiki Page,Plot\n"
PLOT = (
    "Kathy narrates her childhood at Hailsham, a boarding school in England. "
    "A teacher tells the pupils they were created to donate their organs. "
    "Years later Kathy becomes a carer and finds Tommy again. "
    "They ask Madame for a deferral, but there is none. Tommy completes, and Kathy is left alone."
)


def real_texts(limit: int = 400) -> list[str]:
    with gzip.open(SAMPLE / "wikipedia-movies.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = [json.loads(line).get("extract", "") for line in f]
    return [t for t in texts if len(t) > 400][:limit]


def test_every_sentence_of_a_synopsis_occurs_in_its_source() -> None:
    texts = real_texts()
    assert len(texts) >= 300
    for text in texts:
        synopsis = summarise(text, max_sentences=2, max_chars=300)
        assert synopsis
        normalised = " ".join(text.split())
        for sentence in sentences(synopsis):
            assert sentence in normalised, (sentence, text[:200])


def test_a_synopsis_keeps_the_original_order_and_the_cap() -> None:
    synopsis = summarise(PLOT, max_sentences=2, max_chars=200)
    chosen = sentences(synopsis)
    assert len(chosen) == 2 and len(synopsis) <= 200
    all_sentences = sentences(PLOT)
    assert [all_sentences.index(s) for s in chosen] == sorted(
        all_sentences.index(s) for s in chosen
    )


def test_splitting_in_three_loses_no_text() -> None:
    for text in [*real_texts(100), PLOT]:
        parts = split_in_three(text)
        assert " ".join(p for p in parts if p) == " ".join(sentences(text))


def test_the_reader_keeps_good_rows_and_names_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "plots.csv"
    path.write_text(
        HEADER
        + f'2010,Never Let Me Go,American,Mark Romanek,Carey Mulligan,drama,https://en.wikipedia.org/wiki/Never_Let_Me_Go_(2010_film),"{PLOT}"\n'
        + "20x0,Broken,American,,,drama,,Too short\n"
        + '2010,,American,,,drama,,"'
        + PLOT
        + '"\n'
    )
    rows = list(wikipedia_plots.read(path))
    assert isinstance(rows[0], Row) and rows[0].data.title == "Never Let Me Go"
    assert [str(r) for r in rows[1:]] == [
        "plots.csv:3: Release Year '20x0' is not a year",
        "plots.csv:4: Title is empty",
    ]


def test_a_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plots.csv"
    path.write_text("tconst\ttitleType\n")
    with pytest.raises(SourceFileError, match="not a Wikipedia plots CSV"):
        list(wikipedia_plots.read(path))


@pytest.mark.django_db
def test_import_matches_films_and_never_overwrites_an_editor(tmp_path: Path) -> None:
    movie = MovieFactory(title="Never Let Me Go", year=2010)
    MovieFactory(title="Twin", year=2001)
    MovieFactory(title="Twin", year=2001, slug="twin-2001-2")
    PlotSection.objects.create(
        movie=movie, part="ending", text="Editor's ending.", source="editor", licence="ours"
    )
    path = tmp_path / "plots.csv"
    path.write_text(
        HEADER
        + f'2010,Never Let Me Go,American,,,drama,https://en.wikipedia.org/wiki/Never_Let_Me_Go_(2010_film),"{PLOT}"\n'
        + f'2001,Twin,American,,,drama,,"{PLOT}"\n'
        + f'1999,Nobody Made This,American,,,drama,,"{PLOT}"\n'
    )
    out = StringIO()
    call_command("import", "wikipedia-plots", str(path), stdout=out)
    assert "matched 1, unmatched 1, ambiguous 1, editor sections kept 1" in out.getvalue()
    parts = dict(PlotSection.objects.filter(movie=movie).values_list("part", "source"))
    assert parts == {"setup": "wikipedia-plots", "middle": "wikipedia-plots", "ending": "editor"}
    run = ImportRun.objects.get()
    assert (run.inserted, run.updated) == (2, 0)
    # The same file again rewrites the two sections it wrote, and still not the editor's.
    call_command("import", "wikipedia-plots", str(path), stdout=StringIO())
    again = ImportRun.objects.latest("id")
    assert (again.inserted, again.updated) == (0, 2)


@pytest.mark.django_db
def test_a_broken_plots_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "plots.csv.gz"
    path.write_bytes(gzip.compress((HEADER + f'2010,A,B,,,c,,"{PLOT}"\n').encode())[:40])
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("import", "wikipedia-plots", str(path), stdout=StringIO())
    assert PlotSection.objects.count() == 0


@pytest.mark.django_db
def test_the_film_page_shows_sections_with_the_ending_behind_a_warning(client: Client) -> None:
    movie = MovieFactory()
    setup, middle, ending = split_in_three(PLOT)
    for part, text in (("setup", setup), ("middle", middle), ("ending", ending)):
        PlotSection.objects.create(
            movie=movie, part=part, text=text, source="wikipedia-plots",
            source_url="https://en.wikipedia.org/wiki/X", licence="CC BY-SA 4.0",
        )  # fmt: skip
    html = client.get(movie.get_absolute_url()).content.decode()
    assert "In short:" in html
    warning = html.index("Spoiler warning: show how it ends")
    assert html.index("Kathy narrates") < warning < html.index("Tommy completes")
    assert (
        'from <a href="https://en.wikipedia.org/wiki/X" rel="noopener">Wikipedia</a>, CC BY-SA 4.0'
        in html
    )
