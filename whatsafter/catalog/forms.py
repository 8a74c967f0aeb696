"""Query parameters of the list pages, validated by forms rather than by hand."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest

LAST_PAGE = 100_000


class PageForm(forms.Form):
    # IntegerField turns "²", 5,000 digits or "-3" into a validation error, never a 500.
    page = forms.IntegerField(min_value=1, max_value=LAST_PAGE, required=False)


def page_number(request: HttpRequest) -> int:
    """The ?page= asked for, or the first page when it is missing or not a page number."""
    form = PageForm(request.GET)
    return (form.cleaned_data["page"] or 1) if form.is_valid() else 1
