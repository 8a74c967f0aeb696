from __future__ import annotations

import datetime as dt

from django import template
from django.utils.dateformat import format as date_format

from whatsafter import normalise
from whatsafter.countries import country_name

register = template.Library()


def _in_two_units(amount: int | None, big: str, small: str, *, pad: bool = False) -> str:
    """`amount` of the small unit in whole big ones (60 small each) and the rest, leaving
    out a part that is 0; unknown (or 0) stays empty so the page can say so."""
    if not amount:
        return ""
    whole, rest = divmod(int(amount), 60)
    if not whole:
        return f"{rest} {small}"
    if not rest:
        return f"{whole} {big}"
    return f"{whole} {big} {rest:02d} {small}" if pad else f"{whole} {big} {rest} {small}"


@register.filter
def runtime(minutes: int | None) -> str:
    """103 → '1 h 43 min', 65 → '1 h 05 min'."""
    return _in_two_units(minutes, "h", "min", pad=True)


@register.filter
def clock(minutes: int | None) -> str:
    """112 → '1:52', as a player's clock shows the time into the film."""
    if minutes is None:
        return ""
    return f"{int(minutes) // 60}:{int(minutes) % 60:02d}"


@register.filter
def seconds(length: int | None) -> str:
    """95 → '1 min 35 s'."""
    return _in_two_units(length, "min", "s")


@register.filter
def web_url(url: str | None) -> str:
    """Only http(s) links reach an href or src (whatsafter.normalise.web_url)."""
    return normalise.web_url(url)


@register.filter
def iso_day(day: str) -> str:
    """'2026-11-24' → '24 Nov 2026': the answer's evidence carries ISO dates (the API's
    form); the page writes them as it writes its other dates. Anything else is kept."""
    try:
        return date_format(dt.date.fromisoformat(day), "j M Y")
    except (TypeError, ValueError):
        return day


@register.filter
def country(code: str | None) -> str:
    """'US' → 'United States' (whatsafter/countries.py); an unknown code shows as it is."""
    return country_name(code or "")
