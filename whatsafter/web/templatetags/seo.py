from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def jsonld(data: dict[str, Any]) -> SafeString:
    """A schema.org block; <, > and & are escaped as in json_script, so data cannot close it."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
