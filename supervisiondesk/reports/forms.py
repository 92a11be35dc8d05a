"""The forms of the reports pages: GET forms, so a page's link keeps its
parameters and can be shared."""

from __future__ import annotations

from fractions import Fraction

from django import forms
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.selectors import ALL_TEAMS_LIMIT
from supervisiondesk.reports import capacity


class CapacityForm(forms.Form):
    """Capacity planning's parameters (defaults in `reports.capacity`,
    explained in docs/capacity.md) and its what-ifs."""

    team = forms.ChoiceField(label=_("Team"), required=False)
    session_minutes = forms.IntegerField(
        label=_("Minutes of an individual session"),
        required=False,
        min_value=1,
        max_value=600,
        help_text=_("Empty: the policy's minimum duration (90 when it sets none)."),
    )
    case_minutes = forms.IntegerField(
        label=_("Minutes per case discussion"),
        initial=capacity.DEFAULT_CASE_MINUTES,
        min_value=0,
        max_value=240,
    )
    case_share = forms.IntegerField(
        label=_("Share of a session for cases (%)"),
        initial=int(capacity.DEFAULT_CASE_SHARE * 100),
        min_value=0,
        max_value=100,
        help_text=_("When the policy counts individual sessions for case supervision."),
    )
    group_minutes = forms.IntegerField(
        label=_("Minutes of a group session"),
        initial=capacity.DEFAULT_GROUP_MINUTES,
        min_value=0,
        max_value=600,
    )
    group_size = forms.IntegerField(
        label=_("Members of a group"),
        initial=capacity.DEFAULT_GROUP_SIZE,
        min_value=1,
        max_value=50,
    )
    weekly_hours = forms.DecimalField(
        label=_("Hours of a full-time week"),
        initial=capacity.DEFAULT_WEEKLY_HOURS,
        min_value=1,
        max_value=80,
        decimal_places=1,
    )
    supervision_share = forms.IntegerField(
        label=_("Supervisors' time for supervision (%)"),
        initial=int(capacity.DEFAULT_SUPERVISION_SHARE * 100),
        min_value=0,
        max_value=100,
    )
    what_if_policy = forms.ChoiceField(label=_("What if the policy were"), required=False)
    max_ratio = forms.IntegerField(
        label=_("What if no supervisor had more than (supervisees)"),
        required=False,
        min_value=1,
        max_value=50,
    )

    def __init__(
        self,
        *args,
        teams: list[tuple[str, str]],
        policies: list[tuple[str, str]],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("All your teams")), *teams]
        self.fields["what_if_policy"].choices = [("", _("No other policy")), *policies]

    @classmethod
    def with_defaults(cls, data, **kwargs) -> CapacityForm:
        """Bound to the request's parameters, each left out taking its default
        (a first visit shows figures, not errors)."""
        merged = {
            name: field.initial
            for name, field in cls.base_fields.items()
            if field.initial is not None
        }
        merged.update({key: value for key, value in data.items() if value != ""})
        return cls(merged, **kwargs)

    def assumptions(self) -> capacity.Assumptions:
        data = self.cleaned_data
        return capacity.Assumptions(
            session_minutes=data["session_minutes"],
            case_minutes=data["case_minutes"],
            case_share=Fraction(data["case_share"], 100),
            group_minutes=data["group_minutes"],
            group_size=data["group_size"],
            weekly_hours=Fraction(data["weekly_hours"]),
            supervision_share=Fraction(data["supervision_share"], 100),
        )


class TeamForm(forms.Form):
    """Which of the viewer's teams a page is of: every team ("") only when
    `all_teams_label` is given (a page with many teams shows one at a time)."""

    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, *args, teams: list[tuple[str, str]], all_teams_label: str, **kw):
        super().__init__(*args, **kw)
        choices = [("", all_teams_label)] if all_teams_label else []
        self.fields["team"].choices = choices + teams


def team_form(form_class: type[TeamForm], query, teams: list, **kwargs) -> TeamForm:
    """`form_class` bound to a page's `query` for the viewer's `teams` (by
    name): all of them or one; above `ALL_TEAMS_LIMIT` one at a time, the
    first unless another is chosen."""
    many = len(teams) > ALL_TEAMS_LIMIT
    data = query.copy()
    if many and not data.get("team") and teams:
        data["team"] = teams[0].code
    return form_class(
        data,
        teams=[(team.code, team.name) for team in teams],
        all_teams_label="" if many else _("All your teams"),
        **kwargs,
    )


class BehindForm(TeamForm):
    """Which team and day the rows behind a dashboard figure are of, and
    whether to list only those that missed the standard."""

    on = forms.DateField(
        label=_("On"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the day of the dashboard's figures."),
    )
    missed = forms.BooleanField(label=_("Only those that missed the standard"), required=False)

    def __init__(self, *args, today, **kw):
        super().__init__(*args, **kw)
        self.today = today

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day is not None and day > self.today:
            raise forms.ValidationError(_("Choose a day no later than today."))
        return day
