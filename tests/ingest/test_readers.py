"""Readers keep every good row and name the file, line and reason for every bad one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from whatsafter.ingest.readers import tmdb_csv, vega, wikipedia
from whatsafter.ingest.rows import Row, RowError, SourceFileError

TMDB_HEADER = (
    "budget,genres,homepage,id,keywords,original_language,original_title,overview,popularity,"
    "production_companies,production_countries,release_date,revenue,runtime,spoken_languages,"
    "status,tagline,title,vote_average,vote_count\n"
)
GOOD = (
    '1,"[{""id"": 18, ""name"": ""Drama""}]",,42188,"[{""id"": 179430, ""name"": '
    '""aftercreditsstinger""}]",en,Never Let Me Go,Clones.,10.5,"[{""name"": ""Film4"", '
    '""id"": 9349}]",[],2010-09-15,0,104.0,[],Released,Tag,Never Let Me Go,6.8,737\n'
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reads_a_tmdb_row_with_keywords_companies_and_votes(tmp_path: Path) -> None:
    [row] = list(tmdb_csv.read(write(tmp_path / "t.csv", TMDB_HEADER + GOOD)))
    assert isinstance(row, Row)
    movie = row.data
    assert (movie.tmdb_id, movie.title, movie.runtime) == (42188, "Never Let Me Go", 104)
    assert movie.keyword_ids == {179430}
    assert movie.companies == ((9349, "Film4"),)
    assert (movie.vote_average, movie.vote_count) == (6.8, 737)


def test_it_rejects_bad_tmdb_rows_with_line_and_reason_and_keeps_the_rest(tmp_path: Path) -> None:
    bad_date = GOOD.replace("2010-09-15", "15/09/2010")
    bad_id = GOOD.replace(",42188,", ",abc,")
    bad_json = GOOD.replace('"[{""id"": 18, ""name"": ""Drama""}]"', '"[{oops"')
    text = TMDB_HEADER + bad_date + GOOD + bad_id + bad_json + "1,2,3\n"
    results = list(tmdb_csv.read(write(tmp_path / "t.csv", text)))
    errors = [r for r in results if isinstance(r, RowError)]
    assert [r.data.tmdb_id for r in results if isinstance(r, Row)] == [42188]
    assert [(e.file, e.line) for e in errors] == [
        ("t.csv", 2),
        ("t.csv", 4),
        ("t.csv", 5),
        ("t.csv", 6),
    ]
    assert "release_date" in errors[0].reason
    assert "id 'abc'" in errors[1].reason
    assert "genres" in errors[2].reason
    assert "cells" in errors[3].reason


def test_no_votes_is_no_score_not_zero(tmp_path: Path) -> None:
    row = GOOD.replace(",6.8,737", ",0.0,0")
    [result] = list(tmdb_csv.read(write(tmp_path / "t.csv", TMDB_HEADER + row)))
    assert isinstance(result, Row)
    assert (result.data.vote_average, result.data.vote_count) == (None, None)


def test_a_file_of_another_kind_is_refused_whole(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "tconst\ttitleType\nxx\tmovie\n")
    with pytest.raises(SourceFileError, match="not a TMDb movies export"):
        list(tmdb_csv.read(path))


def test_a_truncated_gzip_is_refused_whole(tmp_path: Path) -> None:
    data = gzip.compress((TMDB_HEADER + GOOD * 200).encode())
    path = tmp_path / "t.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceFileError, match="truncated or corrupt gzip"):
        list(tmdb_csv.read(path))


def test_a_binary_file_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "poster.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    with pytest.raises(SourceFileError):
        list(tmdb_csv.read(path))


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match="no such file"):
        list(wikipedia.read(tmp_path / "nope.jsonl"))


def test_wikipedia_cast_debris_is_dropped_and_counted(tmp_path: Path) -> None:
    film = {
        "title": "Winter Day",
        "year": 2010,
        "cast": ["Franny's Feet", ")", "", "Emily Gray", "Emily Gray"],
    }
    path = write(tmp_path / "w.jsonl", json.dumps(film) + "\n")
    [row] = list(wikipedia.read(path))
    assert isinstance(row, Row)
    assert row.data.cast == ("Franny's Feet", "Emily Gray")
    assert row.data.dropped_cast == 3


def test_wikipedia_titles_lose_the_template_styles_the_scraper_copied(tmp_path: Path) -> None:
    styles = (
        ".mw-parser-output .frac{white-space:nowrap}.mw-parser-output .frac .num,"
        ".mw-parser-output .frac .den{font-size:80%;line-height:0}"
    )
    lines = [
        json.dumps({"title": f"Naked Gun {styles}33+1/3: The Final Insult", "year": 1994}),
        json.dumps({"title": styles, "year": 1994}),
    ]
    good, bad = wikipedia.read(write(tmp_path / "w.jsonl", "\n".join(lines) + "\n"))
    assert isinstance(good, Row) and good.data.title == "Naked Gun 33+1/3: The Final Insult"
    assert str(bad) == "w.jsonl:2: title is missing or empty"


def test_wikipedia_rows_without_title_or_year_are_rejected(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "", "year": 2010}),
        json.dumps({"title": "Fine", "year": 2010}),
        json.dumps({"title": "Future", "year": 3010}),
        "{not json",
    ]
    results = list(wikipedia.read(write(tmp_path / "w.jsonl", "\n".join(lines) + "\n")))
    assert [str(r) for r in results if isinstance(r, RowError)] == [
        "w.jsonl:1: title is missing or empty",
        "w.jsonl:3: year 3010 is not a plausible year",
        "w.jsonl:4: not JSON (Expecting property name enclosed in double quotes)",
    ]


def test_wikipedia_reads_the_published_json_arrays(tmp_path: Path) -> None:
    films = [{"title": "A", "year": 1950}, {"title": "B", "year": "1950"}]
    results = list(wikipedia.read(write(tmp_path / "movies-1950s.json", json.dumps(films))))
    assert isinstance(results[0], Row)
    assert str(results[1]) == "movies-1950s.json:2: year '1950' is not a plausible year"


def test_vega_parses_its_dates_and_rejects_impossible_scores(tmp_path: Path) -> None:
    rows = [
        {
            "Title": "Never Let Me Go",
            "Release Date": "Sep 15 2010",
            "IMDB Rating": 7.3,
            "IMDB Votes": 252,
            "Rotten Tomatoes Rating": 62,
        },
        {"Title": "Broken", "Release Date": "Sep 15 2010", "IMDB Rating": 73},
        {"Title": "Undated", "Release Date": "2010-09-15"},
        {"Title": 1776, "Release Date": "Nov 17 1972", "IMDB Rating": None, "IMDB Votes": None},
    ]
    path = write(tmp_path / "v.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    results = list(vega.read(path))
    good = [r.data for r in results if isinstance(r, Row)]
    assert [m.title for m in good] == ["Never Let Me Go", "1776"]
    assert good[0].release_date.isoformat() == "2010-09-15"
    assert good[1].imdb_votes is None
    assert [str(r) for r in results if isinstance(r, RowError)] == [
        "v.jsonl:2: IMDB Rating 73.0 is outside 0-10",
        "v.jsonl:3: Release Date '2010-09-15' is not like 'Sep 15 2010'",
    ]


# Wikipedia's 2023 list opens with these, in order of opening date; 1950's is A-Z once
# a leading article is set aside ("The Asphalt Jungle" under A).
LISTED_BY_RELEASE = ["M3GAN", "The Old Way", "The Devil Conspiracy", "Plane", "Missing", "Knock"]
LISTED_A_TO_Z = ["The Asphalt Jungle", "Born Yesterday", "A Caged Fury", "D.O.A.", "Emergency!"]


@pytest.mark.parametrize("name", ["movies-2020s.json", "wikipedia-movies.jsonl"])
def test_wikipedia_orders_a_year_listed_by_release_and_not_a_year_listed_a_to_z(
    tmp_path: Path, name: str
) -> None:
    # Interleaved years: places count within each year, as in the derived all-decades file.
    films = [
        {"title": title, "year": year}
        for pair in zip(LISTED_BY_RELEASE, LISTED_A_TO_Z, strict=False)
        for title, year in ((pair[0], 2023), (pair[1], 1950))
    ] + [{"title": LISTED_BY_RELEASE[-1], "year": 2023}]
    lines = "".join(json.dumps(film) + "\n" for film in films)
    text = json.dumps(films) if name.endswith(".json") else lines
    movies = [r.data for r in wikipedia.read(write(tmp_path / name, text)) if isinstance(r, Row)]
    by_release = [m for m in movies if m.year == 2023]
    a_to_z = [m for m in movies if m.year == 1950]
    assert [m.title for m in by_release] == LISTED_BY_RELEASE
    assert [m.year_release_order for m in by_release] == [1, 2, 3, 4, 5, 6]
    assert [m.year_position for m in a_to_z] == [1, 2, 3, 4, 5]
    assert [m.year_release_order for m in a_to_z] == [None] * 5


def test_wikipedia_leaves_a_year_of_two_films_unordered(tmp_path: Path) -> None:
    # Two places cannot tell a release-ordered list from an alphabetical one.
    films = [{"title": "Plane", "year": 2023}, {"title": "M3GAN", "year": 2023}]
    rows = list(wikipedia.read(write(tmp_path / "movies-2020s.json", json.dumps(films))))
    assert [r.data.year_release_order for r in rows if isinstance(r, Row)] == [None, None]
