from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervisiondesk.api.models import Scope


def _in_90_days():
    return timezone.localdate() + timedelta(days=90)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is it for?"),
        max_length=100,
        help_text=_("A name you will recognise, such as “Primero sync” or “Power BI”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What may it do?"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ],
        help_text=_("Never more than you may do yourself: the token acts as you."),
    )
    expires_on = forms.DateField(
        label=_("Works until (the end of)"),
        initial=_in_90_days,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most a year from today."),
    )
