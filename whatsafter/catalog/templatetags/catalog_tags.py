from __future__ import annotations

from django import template

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
