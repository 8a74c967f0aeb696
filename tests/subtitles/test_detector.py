"""The detector on real files from the shared set, and on the cases the issue names."""

from __future__ import annotations

import dataclasses

import pytest

from whatsafter.subtitles import reader
from whatsafter.subtitles.detector import THRESHOLDS, Cue, Kind, detect

from .conftest import FILES


def findings_for(name: str, manifest: dict[str, dict[str, str]]):
    row = manifest[name]
    return detect(reader.read(FILES / name), int(row["runtime_min"]) * 60)


@pytest.mark.parametrize(
    "name",
    ["5559-bee-movie.srt", "177572-big-hero-6.srt", "62177-brave.srt", "293660-deadpool.srt"],
)
def test_keyword_positives_show_dialogue_after_the_credits(name, manifest) -> None:
    found = findings_for(name, manifest)
    assert found.after_credits is True
    scene = found.claimed_scenes[-1]
    assert scene.position == "after"
    assert found.credits_start_s < scene.start_s < scene.end_s
    assert scene.cues >= THRESHOLDS.claim_min_cues
    assert 0 < scene.confidence <= 1


def test_the_matrix_reloaded_teaser_is_found_without_a_keyword(manifest) -> None:
    found = findings_for("604-the-matrix-reloaded.srt", manifest)
    assert manifest["604-the-matrix-reloaded.srt"]["after_credits"] == "false"
    assert found.after_credits is True
    assert found.claimed_scenes[0].start_s > 136 * 60


@pytest.mark.parametrize("name", ["597-titanic.srt", "27205-inception.srt", "11-star-wars.srt"])
def test_films_without_scenes_claim_nothing(name, manifest) -> None:
    found = findings_for(name, manifest)
    assert found.claimed_scenes == ()
    assert found.during_credits is False
    assert found.after_credits is False
    assert found.credits_start_s is not None


def test_one_stray_line_after_the_credits_is_reported_but_not_claimed(manifest) -> None:
    found = findings_for("109445-frozen.srt", manifest)
    assert [s.cues for s in found.scenes] == [1]
    assert found.claimed_scenes == ()
    assert found.after_credits is None  # cannot tell: something is there, too little to claim


def test_another_cut_is_said_and_claims_nothing(manifest) -> None:
    found = findings_for("19995-avatar.srt", manifest)
    assert found.fits_runtime is False
    assert any("another cut" in r for r in found.reasons)
    assert found.after_credits is None


def credits_film(*, runtime_min: float = 100, tail: list[Cue] = ()) -> list[Cue]:
    """A film talking until 92 minutes, then whatever `tail` adds."""
    cues = [Cue(t, t + 2.5) for t in range(60, 92 * 60, 20)]
    return cues + list(tail)


def test_music_over_the_credits_is_a_song_not_a_scene() -> None:
    song = [Cue(92 * 60 + 30 + i * 4, 92 * 60 + 33 + i * 4, Kind.MUSIC) for i in range(60)]
    found = detect(credits_film(tail=song), 100 * 60)
    assert found.claimed_scenes == ()
    assert any("music" in r for r in found.reasons)


def test_even_lines_over_the_credits_are_lyrics_not_a_scene() -> None:
    """Lyrics without a note mark: twelve lines of 4.0-4.3 s back to back. Speech is uneven."""
    lyrics = [Cue(96 * 60 + i * 4.4, 96 * 60 + i * 4.4 + 4.0 + (i % 4) * 0.1) for i in range(12)]
    found = detect(credits_film(tail=lyrics), 100 * 60)
    assert found.claimed_scenes == ()
    assert any("lyrics" in r for r in found.reasons)


def test_uneven_talk_of_the_same_length_is_still_a_scene() -> None:
    lengths = [1.2, 3.8, 2.0, 4.6, 1.5, 2.9, 3.3, 1.1, 4.0, 2.4, 1.8, 3.6]
    talk = [Cue(96 * 60 + i * 5, 96 * 60 + i * 5 + length) for i, length in enumerate(lengths)]
    found = detect(credits_film(tail=talk), 100 * 60)
    assert [s.cues for s in found.claimed_scenes] == [12]


def test_a_line_held_longer_than_anyone_speaks_is_not_dialogue() -> None:
    """A 75-second cue is on-screen text or a whole verse; with one short line it is no scene."""
    held = [Cue(96 * 60, 96 * 60 + 75), Cue(97 * 60 + 20, 97 * 60 + 22)]
    found = detect(credits_film(tail=held), 100 * 60)
    assert [s.cues for s in found.scenes] == [1]
    assert found.claimed_scenes == ()


def test_a_credits_song_typed_as_dialogue_claims_nothing(manifest) -> None:
    """Up's file has sixteen even lines and a 75-second one over its credits, unmarked."""
    found = findings_for("14160-up.srt", manifest)
    assert found.claimed_scenes == ()
    assert any("lyrics" in r for r in found.reasons)


def test_a_stray_subtitle_maker_credit_is_ignored() -> None:
    stray = [Cue(99 * 60, 99 * 60 + 3, Kind.CREDIT), Cue(99 * 60 + 4, 99 * 60 + 7, Kind.CREDIT)]
    found = detect(credits_film(tail=stray), 100 * 60)
    assert found.claimed_scenes == ()
    assert any("subtitle-maker" in r for r in found.reasons)


def test_overlapping_cues_do_not_hide_the_silence() -> None:
    scene = [Cue(98 * 60 + i * 3, 98 * 60 + i * 3 + 5) for i in range(6)]  # overlap each other
    long_cue = [Cue(91 * 60, 92 * 60 + 5)]  # overlaps the film's last lines
    found = detect(credits_film(tail=scene + long_cue), 100 * 60)
    assert found.after_credits is True
    assert found.claimed_scenes[0].cues == 6


def test_a_mid_credits_scene_followed_by_more_credits_is_during() -> None:
    mid = [Cue(94.5 * 60 + i * 4, 94.5 * 60 + i * 4 + 3) for i in range(8)]
    end = [Cue(99.2 * 60 + i * 4, 99.2 * 60 + i * 4 + 3) for i in range(4)]  # after the crawl
    found = detect(credits_film(tail=mid + end), 100 * 60)
    assert [s.position for s in found.claimed_scenes] == ["during", "after"]
    assert found.during_credits is True and found.after_credits is True


def test_frame_rate_drift_still_fits_the_runtime() -> None:
    """A 23.976 fps file against a runtime measured at 25 fps runs 4.3% long: same film."""
    scene = [Cue(98 * 60 + 30 + i * 4, 98 * 60 + 33 + i * 4) for i in range(5)]
    drift = THRESHOLDS.fps_drift
    cues = [Cue(c.start_s * drift, c.end_s * drift, c.kind) for c in credits_film(tail=scene)]
    found = detect(cues, 100 * 60)
    assert found.fits_runtime is True
    assert [s.position for s in found.claimed_scenes] == ["after"]


def test_a_file_far_longer_than_the_runtime_does_not_fit() -> None:
    scene = [Cue(98 * 60 + 30 + i * 4, 98 * 60 + 33 + i * 4) for i in range(5)]
    found = detect(credits_film(tail=scene), 90 * 60)
    assert found.fits_runtime is False
    assert found.claimed_scenes == ()


def test_talk_resuming_sooner_than_a_crawl_could_end_is_the_film() -> None:
    """A quiet ending: bursts of talk a couple of minutes apart are not scenes in credits."""
    bursts = [Cue(m * 60 + i * 4, m * 60 + i * 4 + 3) for m in (94.8, 97.6) for i in range(4)]
    found = detect(credits_film(tail=bursts), 100 * 60)
    assert found.claimed_scenes == ()
    assert any("sooner than a credits crawl" in r for r in found.reasons)


def test_a_long_run_of_talk_after_a_silence_is_the_film_going_on() -> None:
    # ~6 minutes of uneven talk (even lines would be lyrics)
    more_film = [Cue(96 * 60 + i * 5, 96 * 60 + i * 5 + 1 + (i * 7 % 5) * 0.8) for i in range(70)]
    found = detect(credits_film(tail=more_film), 104 * 60)
    assert found.claimed_scenes == ()
    assert any("longer than any scene" in r for r in found.reasons)


def test_no_runtime_still_reads_the_file_and_says_so() -> None:
    scene = [Cue(99 * 60 + i * 4, 99 * 60 + i * 4 + 3) for i in range(5)]
    found = detect(credits_film(tail=scene))
    assert found.fits_runtime is None
    assert found.after_credits is True
    assert any("no runtime" in r for r in found.reasons)


def test_a_file_without_dialogue_cannot_tell() -> None:
    found = detect([Cue(10, 12, Kind.MUSIC)], 100 * 60)
    assert found.during_credits is None and found.after_credits is None
    assert found.credits_start_s is None


def test_claims_follow_the_thresholds_detect_was_given(manifest) -> None:
    # Deadpool's scene after the credits has 15 lines: claimed by default, not when a claim
    # needs more lines than that (the evaluation's sensitivity check relies on this).
    cues = reader.read(FILES / "293660-deadpool.srt")
    stricter = dataclasses.replace(THRESHOLDS, claim_min_cues=16)
    assert detect(cues, 108 * 60).after_credits is True
    found = detect(cues, 108 * 60, stricter)
    assert found.scenes and not found.claimed_scenes
