"""Forms of the quality pages. They check shapes; the services check rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from supervisiondesk.quality.vocabulary import (
    DOMAINS,
    SCALE,
    STANDARDS,
    STATEMENTS,
    Grade,
    StandardResult,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NO_ANSWER = ""


class FeedbackForm(forms.Form):
    """One radio group per statement (1 to 5, or no answer), free text, and
    whether to share it with the supervisor (off unless ticked)."""

    comment = forms.CharField(
        label=_("Anything else you want to say about this session"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared_with_supervisor = forms.BooleanField(
        label=_("Share this feedback with my supervisor"),
        required=False,
        initial=False,
        help_text=_(
            "Unticked, your supervisor sees only average scores over five responses or "
            "more, never yours alone. Your supervisor's manager reads it either way."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [(str(value), f"{value} · {label}") for value, label in SCALE]
        rated = {
            f"rate_{key}": forms.ChoiceField(
                label=label,
                choices=[*scale, (NO_ANSWER, _("No answer"))],
                required=False,
                widget=forms.RadioSelect,
            )
            for key, label in STATEMENTS
        }
        # The statements first, in their order.
        self.fields = {**rated, **self.fields}

    def ratings(self) -> dict[str, int | None]:
        return {
            key: int(value) if (value := self.cleaned_data.get(f"rate_{key}")) else None
            for key, _label in STATEMENTS
        }

    def clean(self):
        data = super().clean()
        if not any(data.get(f"rate_{key}") for key, _label in STATEMENTS):
            raise forms.ValidationError(_("Rate at least one statement."))
        return data


class SampleDrawForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, label=_("Team"))
    period_start = forms.DateField(label=_("Records from"), widget=DATE)
    period_end = forms.DateField(label=_("Records to"), widget=DATE)
    size = forms.IntegerField(label=_("How many records"), min_value=1, max_value=100, initial=10)
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("Leave empty for a new random draw; give an earlier seed to draw it again."),
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class GradeForm(forms.Form):
    """Each standard (met, not met, n/a; suggested from the record) and each
    practice domain on the four-point scale, then the findings."""

    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "In short (400 characters at most): they go on the agenda of the pair's next session."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        standards = {
            f"standard_{key}": forms.ChoiceField(
                label=label, choices=StandardResult.choices, widget=forms.RadioSelect
            )
            for key, label in STANDARDS
        }
        domains = {
            f"domain_{key}": forms.ChoiceField(
                label=label, choices=Grade.choices, widget=forms.RadioSelect
            )
            for key, label in DOMAINS
        }
        self.fields = {**standards, **domains, **self.fields}

    def standard_fields(self):
        return [self[f"standard_{key}"] for key, _label in STANDARDS]

    def domain_fields(self):
        return [self[f"domain_{key}"] for key, _label in DOMAINS]

    def standards(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"standard_{key}"] for key, _label in STANDARDS}

    def domains(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"domain_{key}"] for key, _label in DOMAINS}


class AuditActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.ModelChoiceField(queryset=None, label=_("Who"))
    due_on = forms.DateField(label=_("By when"), widget=DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class SelfAssessmentForm(forms.Form):
    """A whole percentage for each of the policy's functions, adding up to 100."""

    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("To"), widget=DATE)
    reflection = forms.CharField(
        label=_("Your reflection"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you notice about the balance, and what you want to change."),
    )

    def __init__(self, *args, functions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.functions = functions
        shares = {
            f"share_{key}": forms.IntegerField(
                label=_("%(function)s (%%)") % {"function": label},
                min_value=0,
                max_value=100,
            )
            for key, label in functions
        }
        self.fields = {
            "period_start": self.fields["period_start"],
            "period_end": self.fields["period_end"],
            **shares,
            "reflection": self.fields["reflection"],
        }

    def shares(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"share_{key}"] for key, _label in self.functions}

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        values = [data.get(f"share_{key}") for key, _label in self.functions]
        if all(v is not None for v in values) and sum(values) != 100:
            raise forms.ValidationError(
                _("The shares add up to %(total)s%%: make them add up to 100%%.")
                % {"total": sum(values)}
            )
        return data
