"""A posted quiz answer, validated by a form rather than by hand."""

from __future__ import annotations

from django import forms


class AnswerForm(forms.Form):
    # IntegerField refuses "²", 5,000 digits and signs it cannot read, with no 500.
    token = forms.CharField(max_length=4096)
    question = forms.IntegerField(min_value=1, max_value=2**62)
    choice = forms.IntegerField(min_value=0, max_value=3)
