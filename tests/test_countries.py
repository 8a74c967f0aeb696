"""Country codes as a moviegoer reads them: names from CLDR, historic names for the codes of
countries that no longer exist, and the code itself for anything unknown."""

from __future__ import annotations

from django.template import Context, Template

from whatsafter.countries import country_name, named_by_name


def render(code: object) -> str:
    return Template("{% load catalog_tags %}[{{ code|country }}]").render(Context({"code": code}))


def test_a_current_code_reads_as_its_everyday_english_name() -> None:
    assert country_name("US") == "United States"
    assert country_name("GB") == "United Kingdom"
    assert country_name("KR") == "South Korea"
    assert country_name("RU") == "Russia"
    assert country_name("TW") == "Taiwan"
    assert country_name("HK") == "Hong Kong"  # CLDR's short form, not "Hong Kong SAR China"
    assert country_name("gb") == "United Kingdom"  # case does not matter
    assert render("CZ") == "[Czechia]"


def test_a_historic_code_reads_as_the_country_it_was() -> None:
    assert country_name("SU") == "Soviet Union"  # TMDb, ISO 3166-1 before 1992
    assert country_name("SUHH") == "Soviet Union"  # IMDb, ISO 3166-3
    assert country_name("XSU") == "Soviet Union"  # IMDb's own
    assert country_name("XC") == "Czechoslovakia"  # TMDb's own
    assert country_name("CSHH") == "Czechoslovakia"
    assert country_name("DD") == "East Germany"
    assert country_name("XWG") == "West Germany"
    assert country_name("XKV") == "Kosovo"
    assert render("YU") == "[Yugoslavia]"


def test_an_unknown_code_is_shown_as_it_is_and_escaped() -> None:
    assert country_name("QQ") == "QQ"
    assert country_name("XPQ") == "XPQ"
    assert render("<b>") == "[&lt;b&gt;]"


def test_no_code_shows_nothing() -> None:
    assert country_name("") == ""
    assert render("") == "[]"
    assert render(None) == "[]"


def test_a_list_of_codes_is_ordered_by_name_ignoring_accents() -> None:
    assert named_by_name(["US", "AX", "GB", "CI", "AT"]) == [
        ("AX", "Åland Islands"),
        ("AT", "Austria"),
        ("CI", "Côte d\u2019Ivoire"),  # CLDR writes a typographic apostrophe
        ("GB", "United Kingdom"),
        ("US", "United States"),
    ]
