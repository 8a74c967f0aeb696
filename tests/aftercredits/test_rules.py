"""The verdict rules, one behaviour per test (see whatsafter/aftercredits/rules.py)."""

from whatsafter.aftercredits.rules import Claim, Scene, derive


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
