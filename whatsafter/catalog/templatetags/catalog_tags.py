from __future__ import annotations

from django import template

from whatsafter import normalise

register = template.Library()


@register.filter
def runtime(minutes: int | None) -> str:
    """103 → '1 h 43 min'; unknown stays empty so the page can say so."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


@register.filter
def clock(minutes: int | None) -> str:
    """112 → '1:52', as a player's clock shows the time into the film."""
    if minutes is None:
        return ""
    return f"{int(minutes) // 60}:{int(minutes) % 60:02d}"


@register.filter
def seconds(length: int | None) -> str:
    """95 → '1 min 35 s'."""
    if not length:
        return ""
    minutes, rest = divmod(int(length), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


@register.filter
def web_url(url: str | None) -> str:
    """Only http(s) links reach an href or src (whatsafter.normalise.web_url)."""
    return normalise.web_url(url)
