"""List pages at IMDb scale: each list view's cost against a trivial view, in one process.

    .venv/bin/python bench/lists_bench.py --titles 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_lists_bench \\
        .venv/bin/python bench/lists_bench.py --titles 1000000

The catalogue is the IMDb import of bench/generate_imdb.py's files (generated into
bench/out/imdb-<titles>/ and reused), into bench/out/lists-bench.sqlite3 or the
DATABASE_URL's database (which must exist). IMDb has no companies or credits-scene
verdicts, so the script adds both the way the TMDb imports would leave them: companies
with a long-tailed number of films each (a few studios with thousands), and a "yes"
verdict on a share of films, and a release date in its year to each film (TMDb's). It
then times `list_counts_refresh()` (what every import pays when it ends) and requests
each list page through Django's test client, the whole stack in-process (middleware,
view, template), median and p95 of --repeat requests.
The baseline is /robots.txt through the same stack in the same run; the figures are
reported as ratios to it, since the shared machine makes absolute times noisy.
For comparison it also times the old per-view aggregation over every credit, and
Django's own sitemap index.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PAGES = {
    "home": "/",
    "actors (most films)": "/actors/",
    "actors (A-Z)": "/actors/?order=az",
    "actors, page 50": "/actors/?page=50",
    "companies": "/companies/",
    "latest": "/latest/",
    "latest, with scenes": "/latest/?scenes=1",
    "latest, genre": "/latest/?genre=drama",
    "sitemap index": "/sitemap.xml",
}


def setup_django() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SQLITE_PATH", str(OUT / "lists-bench.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(titles: int, companies: int, scene_share: float, undated_share: float) -> None:
    """Import the generated IMDb files, then add companies and verdicts (once)."""
    from django.core.management import call_command

    from whatsafter.catalog.models import Company, Movie

    if not Movie.objects.exists():
        from imdb_bench import generate

        data = OUT / f"imdb-{titles}"
        generate(titles, data, akas=False)
        started = time.perf_counter()
        call_command("import", "imdb", str(data))
        print(f"imported in {time.perf_counter() - started:.0f} s")
    if not Company.objects.exists():
        started = time.perf_counter()
        _add_companies(companies)
        _add_scenes(scene_share)
        print(f"companies and verdicts added in {time.perf_counter() - started:.0f} s")
    if not Movie.objects.filter(release_date__isnull=False).exists():
        started = time.perf_counter()
        _add_release_dates(undated_share)
        print(f"release dates added in {time.perf_counter() - started:.0f} s")
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does after such writes; without it PostgreSQL plans Latest from
        # statistics that say no film has a date (242 ms instead of 0.2).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _add_release_dates(undated_share: float) -> None:
    """IMDb gives a year only; TMDb's import adds the date. Without dates every Latest
    list is empty and costs nothing, so give each film with a year a day in it, except
    `undated_share` of them, left known only by their year as most imported films are;
    where the schema has Movie.year_release_order, those get a place in their year's
    release order, as the Wikipedia import gives them."""
    import datetime as dt

    from whatsafter.catalog.models import Movie

    rng = random.Random(2027)
    rows: list[tuple[object, ...]] = []
    places: list[tuple[object, ...]] = []
    per_year: dict[int, int] = {}
    for pk, year in Movie.objects.filter(year__isnull=False).values_list("id", "year"):
        if rng.random() >= undated_share:
            rows.append((dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)), pk))
        else:
            per_year[year] = per_year.get(year, 0) + 1
            places.append((per_year[year], pk))
    table = Movie._meta.db_table
    _write_rows(f"UPDATE {table} SET release_date = %s WHERE id = %s", rows)  # noqa: S608
    if places and any(f.name == "year_release_order" for f in Movie._meta.get_fields()):
        _write_rows(f"UPDATE {table} SET year_release_order = %s WHERE id = %s", places)  # noqa: S608


def _add_companies(count: int) -> None:
    from django.db import transaction

    from whatsafter.catalog.models import Company, Movie, MovieCompany

    rng = random.Random(2026)
    with transaction.atomic():
        Company.objects.bulk_create(
            (Company(name=f"Studio {n:06d}", slug=f"studio-{n:06d}") for n in range(count)),
            batch_size=5000,
        )
    first = Company.objects.order_by("id").values_list("id", flat=True)[0]
    movie_ids = list(Movie.objects.values_list("id", flat=True))
    table = MovieCompany._meta.db_table
    rows = []
    for movie_id in movie_ids:
        # Pareto ranks: studio 0 makes thousands of films, most make one or two.
        picked = {min(int(rng.paretovariate(0.9)) - 1, count - 1) for _ in range(rng.randint(1, 3))}
        rows += [(movie_id, first + rank, order) for order, rank in enumerate(sorted(picked))]
    _write_rows(
        f'INSERT INTO {table} (movie_id, company_id, "order") VALUES (%s, %s, %s)',  # noqa: S608
        rows,
    )


def _write_rows(sql: str, rows: list[tuple[object, ...]]) -> None:
    """Run `sql` once per row, 10,000 rows per executemany, all in one transaction."""
    from django.db import connection, transaction

    from whatsafter.utils import batched

    with transaction.atomic(), connection.cursor() as cursor:
        for chunk in batched(rows, 10000):
            cursor.executemany(sql, chunk)


def _add_scenes(share: float) -> None:
    from whatsafter.aftercredits.models import Verdict
    from whatsafter.aftercredits.services import scene_flags_store
    from whatsafter.catalog.models import Movie

    step = max(1, round(1 / share))
    ids = list(Verdict.objects.order_by("movie_id").values_list("movie_id", flat=True)[::step])
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        Verdict.objects.filter(movie_id__in=chunk).update(status="yes", after_count=1)
        # The films' stored flag follows, as after any verdict write.
        scene_flags_store(Movie.objects.filter(id__in=chunk))


def timings(call: Callable[[], object], repeat: int) -> list[float]:
    for _ in range(3):
        call()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def sql_cost(client: object, path: str) -> tuple[int, float]:
    """Queries one view runs and the database's share of its time (median of 5), in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    runs = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            client.get(path)  # type: ignore[attr-defined]
        runs.append((len(captured), sum(float(q["time"]) for q in captured.captured_queries)))
    return runs[0][0], statistics.median(sql for _, sql in runs) * 1000


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--titles", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=50_000)
    parser.add_argument("--scene-share", type=float, default=0.08)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--undated-share",
        type=float,
        default=0.0,
        help="share of films left with a year and no date (a new database's, when it is built)",
    )
    args = parser.parse_args()
    setup_django()
    build(args.titles, args.companies, args.scene_share, args.undated_share)

    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from whatsafter.aftercredits.list_counts import list_counts_refresh
    from whatsafter.catalog.models import Company, Credit, Movie, Person

    print(
        f"{connection.vendor}: {Movie.objects.count():,} films, {Person.objects.count():,} "
        f"people, {Credit.objects.count():,} credits, {Company.objects.count():,} companies"
    )
    started = time.perf_counter()
    list_counts_refresh()
    refresh = time.perf_counter() - started
    print(f"list_counts_refresh() (full, as every import ends): {refresh:.1f} s")

    client = Client()
    for path in ("/robots.txt", *PAGES.values()):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    base = timings(lambda: client.get("/robots.txt"), args.repeat)
    base_median = statistics.median(base)
    print("\n| page | median ms | p95 ms | median / baseline | queries | SQL ms |")
    print("|---|---|---|---|---|---|")
    print(f"| baseline: /robots.txt | {base_median:.2f} | {p95(base):.2f} | 1.0 | 0 | 0 |")
    for name, path in PAGES.items():
        times = timings(lambda path=path: client.get(path), args.repeat)
        median = statistics.median(times)
        queries, sql = sql_cost(client, path)
        print(
            f"| {name} `{path}` | {median:.2f} | {p95(times):.2f} | {median / base_median:.1f} "
            f"| {queries} | {sql:.2f} |"
        )

    # What the Actors and Companies pages ran before: an aggregate over every credit.
    old_actors = (
        Person.objects.annotate(n=Count("credits__movie", distinct=True))
        .filter(n__gt=0)
        .order_by("-n", "name")
    )
    old_companies = Company.objects.annotate(n=Count("movie_links", distinct=True)).order_by(
        "-n", "name"
    )
    for name, query in (("actors", old_actors), ("companies", old_companies)):
        times = timings(lambda query=query: (query.count(), list(query[:48])), 3)
        print(f"before: {name} count + page 1 by aggregation: {statistics.median(times):,.0f} ms")
    times = timings(_django_sitemap_index, 5)
    median = statistics.median(times)
    print(f"before: Django's sitemap index (reads every film's updated_at): {median:,.1f} ms")


def _django_sitemap_index() -> None:
    """The sitemap index as Django builds it: a count per section, and the films' lastmod
    as the latest of every film's updated_at."""
    from django.contrib.sitemaps import Sitemap
    from django.contrib.sitemaps.views import index
    from django.test import RequestFactory

    from whatsafter.catalog.models import Company, Movie, Person

    class Films(Sitemap):  # type: ignore[type-arg]
        def items(self) -> object:
            return Movie.objects.only("slug", "updated_at").order_by("id")

        def lastmod(self, item: Movie) -> object:
            return item.updated_at

    class People(Sitemap):  # type: ignore[type-arg]
        def items(self) -> object:
            return Person.objects.only("slug").order_by("id")

    class Companies(Sitemap):  # type: ignore[type-arg]
        def items(self) -> object:
            return Company.objects.only("slug").order_by("id")

    request = RequestFactory().get("/sitemap.xml")
    index(request, sitemaps={"movies": Films, "people": People, "companies": Companies}).render()


if __name__ == "__main__":
    main()
