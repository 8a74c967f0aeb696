"""Cinema mode: scene times counted from the credits' start, and the page without JavaScript."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from tests.factories import CreditSceneFactory, EvidenceFactory, MovieFactory, with_verdict
from whatsafter.aftercredits.models import CreditScene, CreditsTiming
from whatsafter.aftercredits.selectors import TimedScene, cinema_plan, spoken


def _scene(order: int, position: str, at: int | None, length: int | None) -> CreditScene:
    return CreditScene(order=order, position=position, at_minute=at, length_seconds=length)


def _timing(start: int, length: int | None = None, source: str = "editor") -> CreditsTiming:
    return CreditsTiming(starts_at_minute=start, length_minutes=length, source=source)


def test_scenes_are_counted_from_the_credits_start_and_the_last_end_is_safe() -> None:
    scenes = [_scene(1, "during", 137, 50), _scene(2, "after", 142, 40)]
    plan = cinema_plan(status="yes", timing=_timing(136, 7), scenes=scenes)
    assert [(c.starts_after, c.ends_after) for c in plan.cues] == [(60, 110), (360, 400)]
    assert plan.safe_after == 400
    assert plan.safe_spoken == "6 min 40 s"
    assert plan.credits_start == "2:16"
    assert plan.length_spoken == "7 min"
    assert plan.timing_source == "What's After editors"
    assert not plan.timing_estimated


def test_a_scene_without_a_length_counts_for_a_minute_and_never_starts_before_the_credits() -> None:
    plan = cinema_plan(status="yes", timing=_timing(100), scenes=[_scene(1, "during", 99, None)])
    assert (plan.cues[0].starts_after, plan.cues[0].ends_after) == (0, 60)
    assert plan.safe_after == 60


def test_a_scene_with_no_time_makes_the_end_of_the_credits_the_safe_time() -> None:
    scenes = [_scene(1, "during", 101, 30), _scene(2, "after", None, None)]
    assert cinema_plan(status="yes", timing=_timing(100, 8), scenes=scenes).safe_after == 480
    # Without the credits' length nobody can say.
    assert cinema_plan(status="yes", timing=_timing(100), scenes=scenes).safe_after is None


def test_without_credits_timing_there_are_positions_but_no_times() -> None:
    plan = cinema_plan(status="yes", timing=None, scenes=[_scene(1, "after", 120, 30)])
    assert plan.cues[0].starts_after is None
    assert plan.cues[0].position == "After all the credits"
    assert plan.safe_after is None
    assert plan.credits_start == ""


@pytest.mark.parametrize(("status", "safe"), [("no", 0), ("probably_not", 0), ("unknown", None)])
def test_without_scenes_the_status_decides_whether_one_may_leave(
    status: str, safe: int | None
) -> None:
    assert cinema_plan(status=status, timing=_timing(90), scenes=[]).safe_after == safe


def test_an_estimated_timing_says_where_it_comes_from() -> None:
    plan = cinema_plan(
        status="unknown", timing=_timing(90, source="subtitles (estimated)"), scenes=[]
    )
    assert plan.timing_estimated
    assert plan.timing_source == "subtitle timing"
    other = cinema_plan(status="unknown", timing=_timing(90, source="a new detector"), scenes=[])
    assert (other.timing_estimated, other.timing_source) == (True, "a new detector")


def test_lengths_are_spoken_not_shown_as_a_clock() -> None:
    # "Stay until 13:00 after the credits start" read as one o'clock.
    lengths = [spoken(0), spoken(59), spoken(272), spoken(780)]
    assert lengths == ["0 s", "59 s", "4 min 32 s", "13 min"]


def test_scenes_timed_by_subtitles_stand_in_when_no_described_scene_has_a_time() -> None:
    timed = [
        TimedScene(position="after", starts_after=718, ends_after=755, source="subtitle timing"),
        TimedScene(position="during", starts_after=166, ends_after=259, source="subtitle timing"),
    ]
    plan = cinema_plan(status="yes", timing=_timing(108, 13), scenes=[], timed=timed)
    assert [(c.order, c.position, c.starts_after) for c in plan.cues] == [
        (1, "During the credits", 166),
        (2, "After all the credits", 718),
    ]
    assert plan.cues[0].kind == "estimated from subtitle timing"
    assert plan.safe_after == 755  # the last scene's end, not the credits' whole length
    # Without a timing the offsets still hold: they are the scan's own.
    assert cinema_plan(status="yes", timing=None, scenes=[], timed=timed).safe_after == 755
    # A described scene with a time wins; a film that is not a "Yes" counts down to nothing.
    described = cinema_plan(
        status="yes", timing=_timing(108), scenes=[_scene(1, "after", 120, 30)], timed=timed
    )
    assert [c.starts_after for c in described.cues] == [720]
    assert cinema_plan(status="unknown", timing=None, scenes=[], timed=timed).cues == []


@pytest.mark.django_db
def test_the_cinema_page_shows_answer_and_times_without_javascript(
    client: Client, django_assert_num_queries
) -> None:
    movie = MovieFactory(title="Thor", slug="thor-2011", year=2011)
    EvidenceFactory(movie=movie, claim="after")
    CreditSceneFactory(movie=movie, order=1, position="after", at_minute=110, length_seconds=45)
    CreditsTiming.objects.create(movie=movie, starts_at_minute=104, source="editor")
    with_verdict(movie)
    with django_assert_num_queries(3):
        html = unescape(client.get("/movies/thor-2011/cinema/").content.decode())
    assert "Yes — 1 scene" in html
    assert "Scene 1: after all the credits" in html
    assert "6 min into the credits" in html
    assert 'Stay <strong class="stay-until">6 min 45 s</strong> into the credits.' in html
    assert "The credits start at about 1:44 into the film (timed by What's After editors)" in html
    # The button and the countdowns are JavaScript's: hidden until cinema.js shows them.
    assert "<script" not in html.split("</head>", 1)[1]
    film = client.get("/movies/thor-2011/").content.decode()
    assert 'href="/movies/thor-2011/cinema/"' in film


@pytest.mark.django_db
def test_cinema_mode_of_an_unknown_film_is_404(client: Client) -> None:
    assert client.get("/movies/no-such-film/cinema/").status_code == 404
