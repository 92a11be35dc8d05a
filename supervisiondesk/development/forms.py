"""Forms of the development pages. They check shapes; the services check
rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from supervisiondesk.development.models import (
    CpdEntry,
    FrameworkArea,
    LearningGoal,
    PracticeObservation,
    Rating,
    WellbeingPlan,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class GoalForm(forms.ModelForm):
    class Meta:
        model = LearningGoal
        fields = ["title", "actions", "target_on", "completed_on"]
        widgets = {"target_on": DATE, "completed_on": DATE, "actions": _textarea()}
        help_texts = {"completed_on": _("Leave empty while the goal is open.")}


class NewGoalForm(GoalForm):
    class Meta(GoalForm.Meta):
        fields = ["title", "actions", "target_on"]


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE)
    session = forms.ChoiceField(
        label=_("In supervision"),
        required=False,
        help_text=_("The session where you reviewed it, if it was in supervision."),
    )
    notes = forms.CharField(label=_("Notes of the review"), max_length=5000, widget=_textarea())

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        self.fields["session"].choices = [("", _("Not in supervision"))] + [
            (str(s.pk), f"{date_format(s.date, 'j M Y')} · {s.get_kind_display()} · {s.supervisor}")
            for s in sessions
        ]

    def chosen_session(self):
        return self.sessions.get(self.cleaned_data.get("session") or "")


class AssessmentForm(forms.Form):
    """One rating (1 to 4) and evidence per area of the framework."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    reassess_on = forms.DateField(label=_("Assess again by"), widget=DATE)
    reflection = forms.CharField(
        label=_("Overall reflection"), required=False, max_length=5000, widget=_textarea()
    )

    def __init__(self, *args, areas: list[FrameworkArea], **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        # The meanings are above the form (the scale); each choice says its name.
        scale = [(str(v), f"{v} · {Rating(v).label}") for v in Rating.values]
        rated = {}
        for area in areas:
            rated[f"rate_{area.pk}"] = forms.ChoiceField(
                label=f"{area.number}. {area.title}", choices=scale, widget=forms.RadioSelect
            )
            rated[f"evidence_{area.pk}"] = forms.CharField(
                label=_("Evidence for area %(number)s") % {"number": area.number},
                required=False,
                max_length=5000,
                widget=_textarea(3),
            )
        dates = {k: self.fields[k] for k in ("assessed_on", "reassess_on")}
        self.fields = {**dates, **rated, "reflection": self.fields["reflection"]}

    def area_fields(self):
        """(area, its rating field, its evidence field) for the template."""
        return [(a, self[f"rate_{a.pk}"], self[f"evidence_{a.pk}"]) for a in self.areas]

    def ratings(self) -> dict[int, tuple[int, str]]:
        return {
            a.pk: (int(self.cleaned_data[f"rate_{a.pk}"]), self.cleaned_data[f"evidence_{a.pk}"])
            for a in self.areas
        }


class WellbeingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = WellbeingPlan
        fields = ["what_helps", "early_signs", "organisation_can_do", "agreed_support", "review_on"]
        widgets = {
            "what_helps": _textarea(),
            "early_signs": _textarea(),
            "organisation_can_do": _textarea(),
            "agreed_support": _textarea(),
            "review_on": DATE,
        }


class CpdForm(forms.ModelForm):
    class Meta:
        model = CpdEntry
        fields = ["date", "title", "hours", "learning", "practice_change", "evidence"]
        widgets = {
            "date": DATE,
            "hours": forms.NumberInput(attrs={"step": "0.25", "min": "0.25"}),
            "learning": _textarea(),
            "practice_change": _textarea(),
        }


class CpdNewForm(CpdForm):
    """A new entry: for whom, when there is a choice (a session's people)."""

    worker = forms.ChoiceField(label=_("Whose CPD log"))

    class Meta(CpdForm.Meta):
        pass

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {str(w.pk): w for w in workers}
        self.fields["worker"].choices = [(str(w.pk), w.name) for w in workers]
        if len(self.workers) <= 1:
            self.fields["worker"].widget = forms.HiddenInput()
            self.fields["worker"].required = False
        self.order_fields(["worker", *CpdForm.Meta.fields])
        self.fields["hours"].initial = Decimal("1")

    def chosen_worker(self):
        if len(self.workers) == 1:
            return next(iter(self.workers.values()))
        return self.workers.get(self.cleaned_data.get("worker") or "")


class ObservationForm(forms.ModelForm):
    class Meta:
        model = PracticeObservation
        fields = ["observed_on", "setting", "went_well", "to_develop"]
        widgets = {"observed_on": DATE, "went_well": _textarea(), "to_develop": _textarea()}


class NewObservationForm(ObservationForm):
    worker = forms.ChoiceField(label=_("Whose practice"))

    class Meta(ObservationForm.Meta):
        pass

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {str(w.pk): w for w in workers}
        self.fields["worker"].choices = [("", "—")] + [(str(w.pk), w.name) for w in workers]
        self.order_fields(["worker", *ObservationForm.Meta.fields])

    def chosen_worker(self):
        return self.workers.get(self.cleaned_data.get("worker") or "")


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Your reflection"),
        max_length=5000,
        widget=_textarea(5),
        help_text=_("What you make of it, and what you will do differently."),
    )
