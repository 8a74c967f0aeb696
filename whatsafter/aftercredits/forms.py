"""The report form's fields that need parsing, validated by a form rather than by hand."""

from __future__ import annotations

import re

from django import forms
from django.http import QueryDict

# "112" or "1:52", ASCII digits only (str.isdigit() also takes "²" and other scripts' digits).
_TIME = re.compile(r"(?:(?P<hours>[0-9]{1,2}):(?P<minutes>[0-5][0-9])|(?P<total>[0-9]{1,4}))")
TIME_HELP = "Write the time as minutes (112) or hours:minutes (1:52)."


class ReportTimeForm(forms.Form):
    at = forms.CharField(required=False, max_length=16, strip=True)

    def clean_at(self) -> int | None:
        raw = self.cleaned_data["at"]
        if not raw:
            return None
        match = _TIME.fullmatch(raw)
        if match is None:
            raise forms.ValidationError(TIME_HELP)
        if match["total"] is not None:
            return int(match["total"])
        return int(match["hours"]) * 60 + int(match["minutes"])


def report_minute(data: QueryDict) -> int | None:
    """Minutes into the film from the posted form; ValueError with the reason when unreadable."""
    form = ReportTimeForm(data)
    if not form.is_valid():
        raise ValueError(TIME_HELP)
    return form.cleaned_data["at"]
