"""The verdict rules, one behaviour per test (see whatsafter/aftercredits/rules.py)."""

from whatsafter.aftercredits.rules import Claim, Scene, Tally, derive, wilson_lower_bound


def test_no_evidence_is_not_known_yet() -> None:
    outcome = derive([])
    assert outcome.status == "unknown"
    assert (outcome.during_count, outcome.after_count) == (0, 0)
    assert outcome.decided_by == ""


def test_a_missing_tmdb_keyword_is_only_probably_not() -> None:
    outcome = derive([Claim("tmdb_keyword", "none_recorded")])
    assert outcome.status == "probably_not"
    assert outcome.decided_by == "tmdb_keyword"


def test_keywords_for_both_positions_count_one_scene_each() -> None:
    outcome = derive([Claim("tmdb_keyword", "during"), Claim("tmdb_keyword", "after")])
    assert outcome.status == "yes"
    assert (outcome.during_count, outcome.after_count) == (1, 1)


def test_described_scenes_set_the_counts() -> None:
    scenes = [Scene("during", "editor"), Scene("after", "editor"), Scene("after", "editor")]
    outcome = derive([Claim("tmdb_keyword", "after")], scenes)
    assert (outcome.status, outcome.during_count, outcome.after_count) == ("yes", 1, 2)


def test_only_an_assertion_gives_no() -> None:
    assert derive([Claim("tmdb_keyword", "none")]).status == "no"


def test_an_editor_entry_decides_against_an_import() -> None:
    outcome = derive([Claim("tmdb_keyword", "after"), Claim("editor", "none")])
    assert outcome.status == "no"
    assert outcome.decided_by == "editor"
    assert outcome.dissenting_sources == ("tmdb_keyword",)


def test_an_editor_yes_beats_a_missing_keyword_without_dissent() -> None:
    outcome = derive([Claim("tmdb_keyword", "none_recorded"), Claim("editor", "during")])
    assert (outcome.status, outcome.during_count, outcome.after_count) == ("yes", 1, 0)
    # Weak absence is not a contradiction worth flagging.
    assert outcome.dissenting_sources == ()


def test_a_scene_claim_outranks_another_sources_no_and_the_conflict_is_shown() -> None:
    outcome = derive([Claim("tmdb_keyword", "after"), Claim("other_site", "none")])
    assert outcome.status == "yes"
    assert outcome.dissenting_sources == ("other_site",)


def test_a_described_scene_is_a_claim_by_its_author() -> None:
    outcome = derive([Claim("tmdb_keyword", "none_recorded")], [Scene("after", "editor")])
    assert (outcome.status, outcome.after_count, outcome.decided_by) == ("yes", 1, "editor")


def test_a_scene_described_elsewhere_under_an_editor_no_is_flagged() -> None:
    outcome = derive([Claim("editor", "none")], [Scene("after", "imported-wiki")])
    assert outcome.status == "no"
    assert outcome.dissenting_sources == ("imported-wiki",)


def test_the_wilson_bound_is_cautious_with_few_reports() -> None:
    assert wilson_lower_bound(5, 5) < 0.7 < wilson_lower_bound(10, 10)
    assert round(wilson_lower_bound(41, 43), 2) == 0.85
    assert wilson_lower_bound(0, 0) == 0.0


def test_strong_agreement_that_nothing_follows_turns_probably_not_into_no() -> None:
    outcome = derive(
        [Claim("tmdb_keyword", "none_recorded")], tally=Tally(total=43, nothing=41, after=2)
    )
    assert (outcome.status, outcome.decided_by) == ("no", "community")


def test_strong_agreement_on_a_scene_raises_a_yes() -> None:
    outcome = derive(
        [Claim("tmdb_keyword", "none_recorded")], tally=Tally(total=20, after=19, nothing=1)
    )
    assert (outcome.status, outcome.after_count, outcome.during_count) == ("yes", 1, 0)


def test_too_few_reports_claim_nothing() -> None:
    outcome = derive([Claim("tmdb_keyword", "none_recorded")], tally=Tally(total=9, nothing=9))
    assert outcome.status == "probably_not"


def test_split_reports_claim_nothing() -> None:
    outcome = derive([], tally=Tally(total=100, after=55, nothing=45))
    assert outcome.status == "unknown"


def test_reports_never_overrule_an_editor() -> None:
    outcome = derive([Claim("editor", "after")], tally=Tally(total=1000, nothing=1000))
    assert (outcome.status, outcome.decided_by) == ("yes", "editor")
    assert outcome.dissenting_sources == ("community",)


def test_agreement_counts_reporters_who_side_with_the_verdict() -> None:
    tally = Tally(total=43, during=1, after=1, nothing=41)
    assert tally.agreeing_with("no") == 41
    assert tally.agreeing_with("yes") == 2


def test_a_scene_between_the_animated_and_crawl_credits_counts_as_during() -> None:
    outcome = derive([], [Scene("between", "editor"), Scene("after", "editor")])
    assert (outcome.during_count, outcome.after_count) == (1, 1)
