"""htmx's settings as the browser actually applies them, not as the page's source spells them.

htmx reads only the first <meta name="htmx-config">: a second one is silently ignored, so a
string test on the HTML cannot tell whether a setting took effect.
"""

from __future__ import annotations

import pytest

from tests.factories import MovieFactory, with_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_htmx_keeps_the_csp_settings_and_swaps_503s(live_server, page) -> None:  # type: ignore[no-untyped-def]
    movie = with_verdict(MovieFactory())
    page.goto(f"{live_server.url}{movie.get_absolute_url()}")
    page.wait_for_function("() => window.htmx !== undefined")
    config = page.evaluate(
        """() => ({
            allowEval: htmx.config.allowEval,
            allowScriptTags: htmx.config.allowScriptTags,
            includeIndicatorStyles: htmx.config.includeIndicatorStyles,
            swaps503: htmx.config.responseHandling.some(
                (rule) => rule.code === "503" && rule.swap === true),
        })"""
    )
    # The Content-Security-Policy forbids eval and inline styles; a refused report's 503
    # carries the "not saved, try again" message, which must reach the report box.
    assert config == {
        "allowEval": False,
        "allowScriptTags": False,
        "includeIndicatorStyles": False,
        "swaps503": True,
    }
