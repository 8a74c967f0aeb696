"""`whatsafter ask "Title"`: the answer in one line, from this database or a remote site."""

from __future__ import annotations

import json
from typing import Any

import httpx
from django.core.management.base import BaseCommand, CommandError, CommandParser

from whatsafter.api import payloads
from whatsafter.catalog.templatetags.catalog_tags import runtime
from whatsafter.search.selectors import answer_choose
from whatsafter.web import selectors


class Ambiguous(CommandError):
    pass


def one_line(answer: dict[str, Any]) -> str:
    """'Yes: 1 during the credits and 1 after the credits (…). The Avengers (2012), 2 h 23 min'."""
    film = answer["film"]
    summary = answer["summary"].rstrip(".")
    total = answer["during_count"] + answer["after_count"]
    if answer["status"] == "yes":
        summary = f"{total} scene{'s' if total != 1 else ''}, {summary[0].lower()}{summary[1:]}"
    name = f"{film['title']} ({film['year']})" if film["year"] else film["title"]
    length = runtime(answer.get("runtime_minutes"))
    tail = f"{name}, {length}" if length else name
    return f"{answer['label']}: {summary} ({answer['evidence_summary']}). {tail}"


def local_answer(title: str, year: int | None, spoilers: bool) -> dict[str, Any]:
    choice = answer_choose(title=title, year=year)
    if choice.film is None:
        if choice.candidates:
            raise Ambiguous(_choices([payloads.film_card(m) for m in choice.candidates]))
        raise CommandError(f"No film called {title!r}{f' from {year}' if year else ''} is known.")
    return payloads.answer(
        selectors.movie_page(slug=choice.film.slug, with_related=False), spoilers=spoilers
    )


def remote_answer(server: str, title: str, year: int | None, spoilers: bool) -> dict[str, Any]:
    params: dict[str, Any] = {"title": title, "spoilers": str(spoilers).lower()}
    if year:
        params["year"] = year
    url = server.rstrip("/") + "/api/v1/answer"
    try:
        response = httpx.get(url, params=params, timeout=10)
    except httpx.HTTPError as exc:
        raise CommandError(f"Could not reach {server}: {exc}") from exc
    try:
        body = response.json()
    except ValueError:
        raise CommandError(
            f"{server} did not answer with JSON (HTTP {response.status_code})."
        ) from None
    if response.status_code == 409:
        raise Ambiguous(_choices(body["error"].get("candidates") or []))
    if response.status_code != 200:
        message = body.get("error", {}).get("message", f"HTTP {response.status_code}")
        raise CommandError(f"{server}: {message}")
    return dict(body)


def _choices(cards: list[dict[str, Any]]) -> str:
    lines = [
        f"  {c['title']} ({c['year'] or 'year unknown'})  --year {c['year']}  [{c['slug']}]"
        for c in cards
    ]
    return "Several films match; add --year:\n" + "\n".join(lines)


class Command(BaseCommand):
    help = "Does this film have a scene during or after the credits? One line, with evidence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("title", help='The film\'s title, e.g. "Never Let Me Go".')
        parser.add_argument("--year", type=int, help="Release year, to tell films apart.")
        parser.add_argument("--spoilers", action="store_true", help="Describe the scenes.")
        parser.add_argument("--json", action="store_true", help="Print the API's JSON.")
        parser.add_argument("--server", help="Ask a remote What's After (base URL) instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        title, year, spoilers = options["title"], options["year"], options["spoilers"]
        try:
            if options["server"]:
                answer = remote_answer(options["server"], title, year, spoilers)
            else:
                answer = local_answer(title, year, spoilers)
        except Ambiguous as several:
            self.stderr.write(str(several))
            raise SystemExit(2) from None
        if options["json"]:
            self.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False, default=str))
            return
        self.stdout.write(one_line(answer))
        if spoilers:
            for scene in answer["scenes"]:
                where = scene["position"].replace("between", "between the credit blocks")
                text = scene["description"] or "not described yet"
                self.stdout.write(f"  Scene {scene['order']} ({where}): {text}")
