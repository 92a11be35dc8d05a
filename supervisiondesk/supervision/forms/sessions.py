"""Forms of the session pages. They check shapes; the services check rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from supervisiondesk.supervision.choices import (
    ActionStatus,
    Mode,
    RiskTrend,
    SessionKind,
    SessionStatus,
)
from supervisiondesk.supervision.models.records import RECORD_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PlanForm(forms.Form):
    supervisee = forms.ModelChoiceField(queryset=None, label=_("Supervisee"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (SessionKind.INDIVIDUAL_FORMAL, SessionKind.INDIVIDUAL_FORMAL.label),
            (SessionKind.INDIVIDUAL_INFORMAL, SessionKind.INDIVIDUAL_INFORMAL.label),
        ],
        initial=SessionKind.INDIVIDUAL_FORMAL,
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TIME)
    planned_minutes = forms.IntegerField(
        label=_("Planned length (minutes)"), min_value=5, max_value=600, required=False
    )
    mode = forms.ChoiceField(label=_("How"), choices=Mode.choices, initial=Mode.IN_PERSON)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False)

    def __init__(self, *args, supervisees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisee"].queryset = supervisees

    def clean(self):
        data = super().clean()
        if data.get("mode") == Mode.VIDEO and not data.get("video_link"):
            self.add_error("video_link", _("Give the link for a video call."))
        return data


class ChangeForm(PlanForm):
    """The same fields as planning, without the people and the kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, supervisees=None, **kwargs)
        del self.fields["supervisee"]
        del self.fields["kind"]


class CancelForm(forms.Form):
    status = forms.ChoiceField(
        label=_("What happens"),
        widget=forms.RadioSelect,
        choices=[
            (SessionStatus.POSTPONED, _("Postpone: it will be rearranged")),
            (SessionStatus.CANCELLED, _("Cancel")),
        ],
        initial=SessionStatus.POSTPONED,
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))


class AgendaItemForm(forms.Form):
    section_key = forms.ChoiceField(label=_("Under"))
    text = forms.CharField(label=_("What to talk about"), max_length=500)
    case = forms.ModelChoiceField(queryset=None, label=_("Case"), required=False)

    def __init__(self, *args, sections, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [(s.key, s.title) for s in sections]
        self.fields["case"].queryset = cases


class RecordForm(forms.Form):
    """The record's sections are added as fields `section_<key>`."""

    record_version = forms.IntegerField(widget=forms.HiddenInput)
    duration_minutes = forms.IntegerField(
        label=_("How long it lasted (minutes)"), min_value=1, max_value=600, required=False
    )
    functions = forms.MultipleChoiceField(
        label=_("Functions of supervision covered"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, sections, functions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["functions"].choices = functions
        self.sections = list(sections)
        for section in self.sections:
            self.fields[f"section_{section.key}"] = forms.CharField(
                label=section.title,
                required=False,
                help_text=section.prompt,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def section_fields(self):
        return [(s, self[f"section_{s.key}"]) for s in self.sections]

    def section_texts(self) -> dict[str, str]:
        return {s.key: self.cleaned_data[f"section_{s.key}"] for s in self.sections}


class CaseForm(forms.Form):
    case = forms.ModelChoiceField(queryset=None, label=_("Case to discuss"))

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class DiscussionForm(forms.Form):
    """A case discussion in the structure of a good case record (Southwark
    Standard 4); group sessions use forms.groups instead."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    main_purpose = forms.CharField(
        label=_("Main purpose of the work"),
        help_text=_("One sentence."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    discussion_purpose = forms.CharField(
        label=_("Purpose of this discussion"),
        help_text=_("One sentence."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    progress = forms.CharField(
        label=_("Progress since last time"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    child_voice = forms.CharField(
        label=_("The child's voice and lived experience"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    child_last_seen = forms.DateField(label=_("Child last seen on"), required=False, widget=DATE)
    risks_and_needs = forms.CharField(
        label=_("Current risks and needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    risk_trend = forms.ChoiceField(
        label=_("Are the risks changing?"),
        choices=[("", _("Not said")), *RiskTrend.choices],
        required=False,
    )
    reflections = forms.CharField(
        label=_("Dilemmas, hypotheses, reflections and conclusions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    previous_actions = forms.CharField(
        label=_("Last time's actions, and reasons for any delay"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision_rationale = forms.CharField(
        label=_("Rationale for significant decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def changes_fields(self) -> list[str]:
        return [name for name in self.fields if name in RECORD_FIELDS]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changes_fields()}


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=1000)
    owner = forms.ModelChoiceField(queryset=None, label=_("Who"))
    due_on = forms.DateField(label=_("By when"), widget=DATE)
    case_discussion = forms.ModelChoiceField(queryset=None, label=_("Case"), required=False)

    def __init__(self, *args, people, discussions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["case_discussion"].queryset = discussions
        self.fields["case_discussion"].label_from_instance = lambda d: d.case.case_id


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    delay_reason = forms.CharField(label=_("Reason for delay"), required=False, max_length=2000)


class RequestEditsForm(forms.Form):
    text = forms.CharField(
        label=_("Which changes are you asking for?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SuperviseeSignForm(forms.Form):
    disagreement = forms.CharField(
        label=_("Anything you disagree with (optional)"),
        help_text=_("It stays with the record, signed or not."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AmendForm(forms.Form):
    target = forms.ChoiceField(label=_("What it amends"))
    text = forms.CharField(label=_("Amendment"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
