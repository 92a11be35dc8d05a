"""Forms of the group pages. They check shapes; services.groups and
services.records check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from supervisiondesk.supervision.choices import AttendeeRole, Mode, RiskTrend
from supervisiondesk.supervision.models.records import GROUP_FIELDS
from supervisiondesk.supervision.services.groups import genogram_problem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
GENOGRAM_ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"


def _text(label, help_text="", rows=4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    team = forms.ModelChoiceField(
        queryset=None,
        label=_("Team"),
        required=False,
        empty_label=_("Not one team's"),
        help_text=_("The team the group belongs to, if it is one team's."),
    )
    members = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Members"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two. You facilitate the group: you are not one of its members."),
    )

    def __init__(self, *args, teams, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["members"].queryset = people


class MembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Members"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sessions still planned follow the change; held ones keep who was there."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people


class GroupPlanForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TIME)
    planned_minutes = forms.IntegerField(
        label=_("Planned length (minutes)"), min_value=5, max_value=600, required=False
    )
    mode = forms.ChoiceField(label=_("How"), choices=Mode.choices, initial=Mode.IN_PERSON)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("mode") == Mode.VIDEO and not data.get("video_link"):
            self.add_error("video_link", _("Give the link for a video call."))
        return data


class AttendanceForm(forms.Form):
    """For each attendee, `present_<staff pk>` and `role_<staff pk>`."""

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = list(attendees)
        for a in self.attendees:
            self.fields[f"present_{a.staff_id}"] = forms.BooleanField(
                label=_("%(name)s was present") % {"name": a.staff.name},
                required=False,
                initial=bool(a.present),
            )
            self.fields[f"role_{a.staff_id}"] = forms.ChoiceField(
                label=_("Role of %(name)s") % {"name": a.staff.name},
                choices=AttendeeRole.choices,
                initial=a.role,
            )

    def rows(self):
        return [
            (a, self[f"present_{a.staff_id}"], self[f"role_{a.staff_id}"]) for a in self.attendees
        ]

    def present(self) -> set[int]:
        return {a.staff_id for a in self.attendees if self.cleaned_data[f"present_{a.staff_id}"]}

    def roles(self) -> dict[int, str]:
        return {a.staff_id: self.cleaned_data[f"role_{a.staff_id}"] for a in self.attendees}


class CaseBringForm(forms.Form):
    case = forms.ModelChoiceField(queryset=None, label=_("Case brought"))
    presented_by = forms.ModelChoiceField(queryset=None, label=_("Presented by"))

    def __init__(self, *args, cases, presenters, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        workers = workers or {}
        self.fields["case"].label_from_instance = lambda c: (
            f"{c.case_id} ({workers[c.pk]})" if workers.get(c.pk) else c.case_id
        )
        self.fields["presented_by"].queryset = presenters


class GroupRecordForm(forms.Form):
    """The group's sections are added as fields `section_<key>`."""

    record_version = forms.IntegerField(widget=forms.HiddenInput)
    duration_minutes = forms.IntegerField(
        label=_("How long it lasted (minutes)"), min_value=1, max_value=600, required=False
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
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


class GroupActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=1000)
    owner = forms.ModelChoiceField(queryset=None, label=_("Who"))
    due_on = forms.DateField(label=_("By when"), widget=DATE)
    case_discussion = forms.ModelChoiceField(
        queryset=None, label=_("For the case"), required=False, empty_label=_("The whole group")
    )

    def __init__(self, *args, people, discussions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["case_discussion"].queryset = discussions
        self.fields["case_discussion"].label_from_instance = lambda d: d.case.case_id


class GroupAmendForm(forms.Form):
    target = forms.ChoiceField(label=_("What it amends"))
    text = forms.CharField(label=_("Amendment"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets


class GroupDiscussionForm(forms.Form):
    """The case brought and the six steps of the reflective case discussion
    (Southwark Appendix 3), each with its time guide."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    dilemma = _text(
        _("The dilemma brought"),
        _("What the presenter is stuck on, in a sentence or two."),
        rows=3,
    )
    case_summary = _text(_("Case summary"), _("The family, the concerns and the plan, briefly."))
    genogram = forms.FileField(
        label=_("Genogram"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file of at most 5 MB. It replaces any earlier one."),
        widget=forms.FileInput(attrs={"accept": GENOGRAM_ACCEPT}),
    )
    step_task = _text(
        _("1. Marking the task"),
        _("Before the case: agree the task, the roles and what the presenter wants."),
        rows=3,
    )
    step_presentation = _text(
        _("2. Presenting the case"),
        _("5 to 8 minutes: the presenter outlines the case with the genogram and summary."),
    )
    step_questions = _text(
        _("3. Factual questions"),
        _("Less than 5 minutes: questions of fact only, to understand the case."),
    )
    step_reflection = _text(
        _("4. Reflective team discussion"),
        _("10 minutes: the group reflects while the presenter listens without joining in."),
        rows=5,
    )
    hypotheses = _text(
        _("Hypotheses"),
        _("Possible explanations of what is happening for the child: to test, not to conclude."),
    )
    step_feedback = _text(
        _("5. Presenter's feedback"),
        _("Less than 5 minutes: what the presenter found helpful and takes away."),
    )
    step_actions_risk = _text(
        _("6. Action points and evaluation of risk"),
        _("Less than 5 minutes: what will be done, and how the risk to the child is judged now."),
    )
    risk_trend = forms.ChoiceField(
        label=_("Are the risks changing?"),
        choices=[("", _("Not said")), *RiskTrend.choices],
        required=False,
    )

    # The fields services.records.case_discussion_save writes, in page order.
    TEXT_FIELDS = (*GROUP_FIELDS, "risk_trend")

    def clean_genogram(self):
        file = self.cleaned_data.get("genogram")
        if file:
            problem = genogram_problem(file)
            if problem:
                raise forms.ValidationError(problem)
        return file

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.TEXT_FIELDS}
