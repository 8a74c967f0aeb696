"""The IMDb import finds films (and their cast) the catalogue has without an IMDb id.

Clear matches merge, doubtful ones wait in Match reviews with no film created, titles
with no candidate are new films, and a re-run changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import CreditFactory, MovieFactory, PersonFactory
from tests.ingest.imdb_files import run_import
from whatsafter.catalog.models import Credit, Movie, Person
from whatsafter.ingest.models import MatchReview
from whatsafter.ingest.remote.services import match_review_keep_apart, match_review_merge
from whatsafter.ratings.models import Rating

pytestmark = pytest.mark.django_db(transaction=True)

BASICS = "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n"  # noqa: E501
PRINCIPALS = "tconst\tordering\tnconst\tcategory\tjob\tcharacters\n"
NAMES = "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n"


def write_files(folder: Path, titles: list[tuple[str, ...]], cast: list[tuple[str, ...]]) -> Path:
    """IMDb files: `titles` as (tconst, title, original, year, runtime), `cast` as
    (tconst, nconst, name, character); every title rated 7.0."""
    folder.mkdir(parents=True, exist_ok=True)
    basics = "".join(
        f"{t}\tmovie\t{title}\t{original}\t0\t{year}\t\\N\t{runtime}\tDrama\n"
        for t, title, original, year, runtime in titles
    )
    ratings = "".join(f"{t[0]}\t7.0\t1000\n" for t in titles)
    principals = "".join(
        f'{t}\t{n}\t{nm}\tactor\t\\N\t["{part}"]\n' for n, (t, nm, _, part) in enumerate(cast, 1)
    )
    names = {nm: name for _, nm, name, _ in cast}
    files = {
        "title.basics": BASICS + basics,
        "title.ratings": "tconst\taverageRating\tnumVotes\n" + ratings,
        "title.principals": PRINCIPALS + principals,
        "title.crew": "tconst\tdirectors\twriters\n",
        "name.basics": NAMES
        + "".join(f"{nm}\t{name}\t\\N\t\\N\tactor\t\\N\n" for nm, name in sorted(names.items())),
    }
    for kind, text in files.items():
        (folder / f"{kind}.tsv").write_text(text, encoding="utf-8")
    return folder


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "movies": sorted(Movie.objects.values_list("id", "imdb_id", "slug", "title", "year")),
        "people": sorted(Person.objects.values_list("id", "imdb_id", "slug", "name")),
        "credits": sorted(Credit.objects.values_list("movie_id", "person_id", "character")),
        "reviews": sorted(MatchReview.objects.values_list("external_id", "status")),
    }


@pytest.fixture
def catalogue() -> dict[str, Movie]:
    """Films as the sample has them: no IMDb id, some without a runtime."""
    films = {
        "avengers": MovieFactory(
            title="The Avengers", year=2012, slug="the-avengers-2012", runtime_minutes=143
        ),
        "amelie": MovieFactory(
            title="Amélie",
            original_title="Le Fabuleux Destin d'Amélie Poulain",
            year=2001,
            slug="amelie-2001",
            runtime_minutes=122,
        ),
        "hamlet": MovieFactory(title="Hamlet", year=1996, slug="hamlet-1996", runtime_minutes=None),
        "hamlet-2": MovieFactory(
            title="Hamlet", year=1996, slug="hamlet-1996-2", runtime_minutes=None
        ),
        "solaris": MovieFactory(
            title="Solaris", year=1972, slug="solaris-1972", runtime_minutes=None
        ),
        "heat": MovieFactory(title="Heat", year=1995, slug="heat-1995", runtime_minutes=170),
    }
    rdj = PersonFactory(name="Robert Downey Jr.", slug="robert-downey-jr")
    CreditFactory(movie=films["avengers"], person=rdj, character="", order=0, source="wikipedia")
    CreditFactory(
        movie=films["avengers"],
        person=PersonFactory(name="Chris Evans", slug="chris-evans"),
        character="",
        order=1,
        source="wikipedia",
    )
    return films


TITLES = [
    # "The" moved and two minutes shorter: the same film.
    ("tt0848228", "Avengers, The", "The Avengers", "2012", "141"),
    # No accent, a year later, two minutes shorter, original title agrees: the same film.
    ("tt0211915", "Amelie", "Le fabuleux destin d'Amélie Poulain", "2002", "120"),
    # Two films of that title and year: which one?
    ("tt0116477", "Hamlet", "Hamlet", "1996", "242"),
    # A year apart, no runtime to compare: doubtful.
    ("tt0069293", "Solaris", "Solyaris", "1973", "\\N"),
    # Same title and year, 84 minutes shorter: probably another film.
    ("tt9999001", "Heat", "Heat", "1995", "86"),
    # Nothing like it in the catalogue: a new film.
    ("tt9999002", "Brand New Film", "Brand New Film", "2001", "95"),
]
CAST = [
    ("tt0848228", "nm0000375", "Robert Downey Jr.", "Tony Stark"),
    ("tt0848228", "nm0262635", "Chris Evans", "Steve Rogers"),
    ("tt0848228", "nm0424060", "Scarlett Johansson", "Natasha Romanoff"),
    ("tt9999002", "nm9999001", "Chris Evans", "Someone Else"),
]


def test_clear_matches_merge_doubtful_ones_wait_for_review_and_nothing_is_twinned(
    tmp_path: Path, catalogue: dict[str, Movie]
) -> None:
    output = run_import(write_files(tmp_path / "imdb", TITLES, CAST))

    for key in catalogue:
        catalogue[key].refresh_from_db()
    assert catalogue["avengers"].imdb_id == "tt0848228"
    assert catalogue["amelie"].imdb_id == "tt0211915"
    # The merged films carry IMDb's rating and runtime now; the slug stays.
    assert Rating.objects.filter(movie=catalogue["avengers"], source="imdb").exists()
    assert catalogue["amelie"].runtime_minutes == 120
    assert catalogue["amelie"].slug == "amelie-2001"
    # Held: no film and no rating for the doubtful titles, a review for each.
    for tconst in ("tt0116477", "tt0069293", "tt9999001"):
        assert not Movie.objects.filter(imdb_id=tconst).exists()
    reviews = {r.external_id: r for r in MatchReview.objects.filter(source="imdb")}
    assert set(reviews) == {"tt0116477", "tt0069293", "tt9999001"}
    assert {m.slug for m in reviews["tt0116477"].candidates.all()} == {
        "hamlet-1996",
        "hamlet-1996-2",
    }
    assert [m.slug for m in reviews["tt0069293"].candidates.all()] == ["solaris-1972"]
    assert [m.slug for m in reviews["tt9999001"].candidates.all()] == ["heat-1995"]
    assert all(r.status == "open" and 0 < r.confidence < 1 for r in reviews.values())
    # The one title with no candidate is a new film; no film has a twin.
    assert Movie.objects.get(imdb_id="tt9999002").slug == "brand-new-film-2001"
    assert Movie.objects.count() == len(catalogue) + 1
    # The merged film's cast, known by name, took the IMDb ids: no twin people, and
    # their name-only credits became IMDb's, with the characters.
    rdj = Person.objects.get(slug="robert-downey-jr")
    assert rdj.imdb_id == "nm0000375"
    assert Person.objects.filter(name="Robert Downey Jr.").count() == 1
    cast = catalogue["avengers"].credits.order_by("order")
    assert [(c.person.name, c.character) for c in cast] == [
        ("Robert Downey Jr.", "Tony Stark"),
        ("Chris Evans", "Steve Rogers"),
        ("Scarlett Johansson", "Natasha Romanoff"),
    ]
    # A namesake credited on another film is another person.
    assert Person.objects.get(imdb_id="nm0262635").slug == "chris-evans"
    assert Person.objects.get(imdb_id="nm9999001").slug != "chris-evans"
    assert "2 films merged by title" in output
    assert "3 held for review" in output


def test_a_rerun_changes_nothing(tmp_path: Path, catalogue: dict[str, Movie]) -> None:
    folder = write_files(tmp_path / "imdb", TITLES, CAST)
    run_import(folder)
    before = snapshot()

    output = run_import(folder)

    assert snapshot() == before
    assert "0 films merged by title" in output


def test_an_editors_decision_is_followed_by_the_next_import(
    tmp_path: Path, catalogue: dict[str, Movie]
) -> None:
    folder = write_files(tmp_path / "imdb", TITLES, CAST)
    run_import(folder)
    hamlet = MatchReview.objects.get(external_id="tt0116477")
    solaris = MatchReview.objects.get(external_id="tt0069293")
    match_review_merge(review=hamlet, movie=catalogue["hamlet-2"])
    match_review_keep_apart(review=solaris)

    run_import(folder)

    catalogue["hamlet-2"].refresh_from_db()
    assert catalogue["hamlet-2"].imdb_id == "tt0116477"
    assert catalogue["hamlet-2"].runtime_minutes == 242
    assert Movie.objects.get(imdb_id="tt0069293").slug == "solaris-1973"
    catalogue["solaris"].refresh_from_db()
    assert catalogue["solaris"].imdb_id is None
    assert not Movie.objects.filter(imdb_id="tt9999001").exists()  # still open
