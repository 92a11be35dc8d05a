"""The filters of the compliance pages (a GET form: links can be shared)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from supervisiondesk.compliance.formatting import STATUS_LABELS
from supervisiondesk.people.choices import CaseType


class ComplianceFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *STATUS_LABELS.items()],
    )
    team = forms.ChoiceField(label=_("Team"), required=False)
    case_type = forms.ChoiceField(
        label=_("Case type"),
        required=False,
        choices=[("", _("Any case type")), *CaseType.choices],
    )
    as_of = forms.DateField(
        label=_("On"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day to report on; today when empty."),
    )

    def __init__(self, *args, teams: list[tuple[str, str]], all_teams_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(teams)
        if all_teams_label:
            choices.insert(0, ("", all_teams_label))
        self.fields["team"].choices = choices
        self.fields["team"].required = not all_teams_label
