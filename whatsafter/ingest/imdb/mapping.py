"""What an IMDb row means for the catalogue: one function per kind of row, no database.

Each takes the tab-split fields of one row the loader has decided to keep (a film, or a
credit on one) and returns the staging tuple, or a string saying why the row is refused.
They check exactly what the catalogue's constraints and column sizes would otherwise
reject in the middle of a batch: a bad value must cost one row, not a transaction.
"""

from __future__ import annotations

import json
from typing import Any

from whatsafter.catalog.services import movie_slug_base, person_slug_base

NULL = "\\N"
FIRST_FILM_YEAR, LAST_FILM_YEAR = 1870, 2100  # Movie's movie_year_plausible constraint
MAX_SMALLINT = 32767  # PositiveSmallIntegerField on PostgreSQL
MAX_INTEGER = 2147483647  # PositiveIntegerField on PostgreSQL
# Ids have 7 or 8 digits today; 9 leaves room while keeping the loader's id bitmaps under
# 125 MB even for a forged id, where an unbounded one could ask for gigabytes.
MAX_ID_DIGITS = 9

# IMDb's genre names that TMDb spells differently, so both sources share one Genre row.

# principals category -> (department, job) for crew; the department names are TMDb's, so
# credits from both sources group alike. Acting categories are cast; archive footage and
# sound are not a part anybody played in the film, so they are skipped, as are categories
# IMDb may add later.
CAST_CATEGORIES = frozenset({"actor", "actress", "self"})
CREW_CATEGORIES: dict[str, tuple[str, str]] = {
    "director": ("Directing", "Director"),
    "writer": ("Writing", "Writer"),
    "producer": ("Production", "Producer"),
    "composer": ("Sound", "Composer"),
    "cinematographer": ("Camera", "Director of Photography"),
    "editor": ("Editing", "Editor"),
    "production_designer": ("Art", "Production Design"),
    "casting_director": ("Production", "Casting"),
}
CREW_FILE_ROLES = (("Directing", "Director"), ("Writing", "Writer"))

CAST, CREW = "cast", "crew"
SKIP = ""  # a well-formed row the catalogue has no place for (not a rejection)


def imdb_id_number(value: str, prefix: str) -> int | None:
    """The number in `tt0000009`/`nm0000001`, or None when the id is malformed."""
    digits = value[2:]
    if (
        value[:2] != prefix
        or not 7 <= len(digits) <= MAX_ID_DIGITS
        or not digits.isascii()
        or not digits.isdigit()
    ):
        return None
    return int(digits)


def _year(value: str, column: str) -> int | str | None:
    """A year, None for \\N, or the reason it is not one (returned as str)."""
    if value == NULL:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 4:
        return f"{column} {value[:20]!r} is not a year"
    return int(value)


def movie_row(line: int, fields: list[str]) -> tuple[Any, ...] | str:
    """title.basics -> (line, tconst, title, original_title, year, runtime, genres, slug base)."""
    tconst, _, title, original, _, start, _, runtime, genres = fields
    if not title or title == NULL:
        return "primaryTitle is empty"
    if len(title) > 500:
        return "primaryTitle is longer than 500 characters"
    if original == NULL:
        original = ""
    elif len(original) > 500:
        return "originalTitle is longer than 500 characters"
    year = _year(start, "startYear")
    if isinstance(year, str):
        return year
    if year is not None and not FIRST_FILM_YEAR <= year <= LAST_FILM_YEAR:
        return f"startYear {year} is outside {FIRST_FILM_YEAR}-{LAST_FILM_YEAR}"
    minutes: int | None = None
    if runtime != NULL:
        if not (runtime.isascii() and runtime.isdigit()) or len(runtime) > 9:
            return f"runtimeMinutes {runtime[:20]!r} is not a number"
        minutes = int(runtime)
        # IMDb lists a few art pieces hundreds of hours long; they stay films, of unknown
        # runtime, rather than overflowing the column.
        if not 0 < minutes <= MAX_SMALLINT:
            minutes = None
    if genres == NULL:
        genres_text = None
    elif genres.replace(",", "").replace("-", "").isalpha() and genres.isascii():
        genres_text = genres
    else:
        return f"genres {genres[:40]!r} is not a comma list of names"
    return (line, tconst, title, original, year, minutes, genres_text, movie_slug_base(title, year))


def rating_row(fields: list[str]) -> tuple[Any, ...] | str:
    """title.ratings -> (tconst, raw value, value, votes)."""
    tconst, average, votes = fields
    whole, dot, tenth = average.partition(".")
    if not (
        whole.isascii() and whole.isdigit() and (not dot or (tenth.isdigit() and len(tenth) == 1))
    ):
        return f"averageRating {average[:20]!r} is not a number like 7.3"
    value = float(average)
    if not 0 <= value <= 10:
        return f"averageRating {average} is outside 0-10"
    if not (votes.isascii() and votes.isdigit()) or int(votes) > MAX_INTEGER:
        return f"numVotes {votes[:20]!r} is not a count"
    return (tconst, average, value, int(votes))


def characters_text(value: str) -> str | None:
    """`["Kathy"]` -> "Kathy"; two parts -> "Kathy / Girl"; None when it is not a JSON list."""
    if value == NULL:
        return ""
    # Most values are one plain name: skip the JSON parser for those.
    if value.startswith('["') and value.endswith('"]') and "\\" not in value:
        inner = value[2:-2]
        if '"' not in inner:
            return inner[:500]
    try:
        parts = json.loads(value)
    except ValueError:
        return None
    if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
        return None
    return " / ".join(parts)[:500]


def credit_row(fields: list[str]) -> tuple[Any, ...] | str:
    """title.principals -> (tconst, nconst, kind, character, order, department, job, weak)."""
    tconst, ordering, nconst, category, job, characters = fields
    if imdb_id_number(nconst, "nm") is None:
        return f"nconst {nconst[:20]!r} is not an IMDb name id"
    if not (ordering.isascii() and ordering.isdigit()) or len(ordering) > 5:
        return f"ordering {ordering[:20]!r} is not a number"
    if category in CAST_CATEGORIES:
        character = characters_text(characters)
        if character is None:
            return f"characters {characters[:40]!r} is not a JSON list of names"
        # The catalogue bills from 0 (top billed); IMDb orders from 1.
        order = min(max(int(ordering) - 1, 0), MAX_SMALLINT)
        return (tconst, nconst, CAST, character, order, "", "", 0)
    role = CREW_CATEGORIES.get(category)
    if role is None:
        return SKIP
    department, title = role
    if job != NULL and job:
        # IMDb's own words for the job ("executive producer", "screenplay") say more
        # than the category; capitalised like the category names.
        title = (job[0].upper() + job[1:])[:128]
    return (tconst, nconst, CREW, "", 0, department, title, 0)


def person_row(line: int, fields: list[str]) -> tuple[Any, ...] | str:
    """name.basics -> (line, nconst, name, birth, death, professions, slug base)."""
    nconst, name, birth_text, death_text, professions, _ = fields
    if not name or name == NULL:
        return "primaryName is empty"
    if len(name) > 255:
        return "primaryName is longer than 255 characters"
    birth = _year(birth_text, "birthYear")
    if isinstance(birth, str):
        return birth
    death = _year(death_text, "deathYear")
    if isinstance(death, str):
        return death
    if birth is not None and death is not None and death < birth:
        return f"deathYear {death} is before birthYear {birth}"
    return (
        line,
        nconst,
        name,
        birth,
        death,
        "" if professions == NULL else professions[:255],
        person_slug_base(name),
    )


def aka_row(line: int, fields: list[str]) -> tuple[Any, ...] | str:
    """title.akas -> (line, titleId, title, region, language, kind); SKIP for the
    original-title rows, which repeat title.basics."""
    title_id, _, title, region, language, types, _, is_original = fields
    if is_original == "1":
        return SKIP
    if not title or title == NULL:
        return "title is empty"
    if len(title) > 500:
        return "title is longer than 500 characters"
    region = "" if region == NULL else region
    language = "" if language == NULL else language
    if len(region) > 4 or (not region.isalnum() and region):
        return f"region {region[:20]!r} is not a region code"
    if len(language) > 8 or (not language.isalnum() and language):
        return f"language {language[:20]!r} is not a language code"
    # Several types come joined by IMDb's array separator (\x02).
    kind = "" if types == NULL else types.replace("\x02", ",")[:64]
    return (line, title_id, title, region, language, kind)


def field_stamps(as_of: str) -> dict[str, dict[str, str]]:
    """Movie.field_sources entries for what an IMDb title row supplies."""
    return {
        name: {"source": "imdb", "as_of": as_of}
        for name in ("title", "original_title", "year", "runtime_minutes")
    }
