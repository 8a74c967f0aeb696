"""OMDb's answer for one IMDb id, as rating drafts. Pure: no database.

OMDb answers errors with HTTP 200 and {"Response": "False", "Error": "…"}; "N/A" is its
word for missing, which stays missing here (no rating row), never a zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from whatsafter.ratings.services import RatingDraft

SOURCE = "omdb"
NA = "N/A"
INVALID_KEY = "Invalid API key!"
LIMIT_REACHED = "Request limit reached!"
NOT_FOUND = ("Movie not found!", "Incorrect IMDb ID.", "Error getting data.")
_YEAR = re.compile(r"^(\d{4})")


class OmdbRefused(Exception):
    """An error that ends the run: the key is refused, or today's request limit is spent."""


class OmdbNotFound(Exception):
    """OMDb has no film for this id: counted, and the run goes on."""


class OmdbBad(ValueError):
    """An answer that is neither a film nor a documented error."""


@dataclass
class OmdbFilm:
    imdb_id: str
    title: str
    year: int | None
    ratings: list[RatingDraft] = field(default_factory=list)


def check_error(body: object) -> None:
    """Raise for OMDb's HTTP-200 errors; return quietly for a film."""
    if not isinstance(body, dict):
        raise OmdbBad("not a JSON object")
    if body.get("Response") != "False":
        return
    error = str(body.get("Error", "")).strip()
    if error == INVALID_KEY or "API key" in error:
        raise OmdbRefused(f"OMDb refused the API key ({error})")
    if error == LIMIT_REACHED or "limit" in error.lower():
        raise OmdbRefused(f"OMDb: {error} Try again tomorrow, or with a paid key.")
    if error in NOT_FOUND or "not found" in error.lower():
        raise OmdbNotFound(error)
    raise OmdbBad(f"OMDb error: {error or 'no reason given'}")


def _present(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    return None if not text or text == NA else text


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _votes(value: object) -> int | None:
    """'1,234,567' → 1234567; 'N/A' → None."""
    number = _number(_present(value))
    if number is None or number < 0 or number != number.to_integral_value():
        return None
    return int(number)


def _scored(source: str, text: str, scale: int, votes: int | None) -> RatingDraft | None:
    """'7.3/10', '62%', '69/100', or a bare number on the given scale."""
    raw = text
    text = text.removesuffix("%").split("/", 1)[0].strip()
    value = _number(text)
    if value is None or not 0 <= value <= scale:
        return None
    places = Decimal("0.1")
    return RatingDraft(
        source=source,
        value=value.quantize(places),
        raw_value=raw[:32],
        scale=scale,
        vote_count=votes,
        provenance=SOURCE,
    )


def film_from_omdb(body: object) -> OmdbFilm:
    """A film answer (call check_error first) as the three ratings OMDb carries."""
    if not isinstance(body, dict):
        raise OmdbBad("not a JSON object")
    imdb_id = _present(body.get("imdbID")) or ""
    if not re.match(r"^tt\d{7,9}$", imdb_id):
        raise OmdbBad(f"imdbID {imdb_id!r} is not an IMDb id")
    year_match = _YEAR.match(_present(body.get("Year")) or "")
    year = int(year_match.group(1)) if year_match else None
    film = OmdbFilm(imdb_id=imdb_id, title=_present(body.get("Title")) or "", year=year)
    votes = _votes(body.get("imdbVotes"))
    listed: dict[str, str] = {}
    ratings = body.get("Ratings")
    for item in ratings if isinstance(ratings, list) else []:
        if isinstance(item, dict) and (value := _present(item.get("Value"))):
            listed[str(item.get("Source", ""))] = value
    candidates = (
        ("imdb", _present(body.get("imdbRating")) or listed.get("Internet Movie Database"), 10),
        ("metascore", _present(body.get("Metascore")) or listed.get("Metacritic"), 100),
        ("tomatometer", listed.get("Rotten Tomatoes"), 100),
    )
    for source, text, scale in candidates:
        if text is None:
            continue
        rating = _scored(source, text, scale, votes if source == "imdb" else None)
        if rating is not None:
            film.ratings.append(rating)
    return film
