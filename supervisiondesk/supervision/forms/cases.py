"""Forms of the child's record side: when a discussion was written to the
child's record, a management decision, an informal consultation. The
services check every rule again; these forms say it next to the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Case, CasePeriod, StaffMember


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class MarkRecordedForm(forms.Form):
    on = forms.DateField(
        label=_("Written to the child's record on"),
        widget=_date_widget(),
        help_text=_("The day the text was pasted into the case system."),
    )


class ManagementDecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=_date_widget())
    decision = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text=_("Why this decision: what it rests on, what else was considered."),
    )
    worker = forms.ModelChoiceField(
        label=_("Worker consulted"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label=_("Nobody"),
    )

    def __init__(self, *args: Any, workers: list[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Those who held the case: the people a decision on it is made with.
        self.fields["worker"].queryset = StaffMember.objects.filter(pk__in=[w.pk for w in workers])


def _allocated_on(day: date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        worker = getattr(obj, "worker_name", "")
        return f"{obj.case_id} ({worker})" if worker else obj.case_id


class InformalConsultationForm(forms.Form):
    supervisee = forms.ModelChoiceField(
        label=_("With"), queryset=StaffMember.objects.none(), empty_label=None
    )
    date = forms.DateField(label=_("Date"), widget=_date_widget())
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), required=False, min_value=1, max_value=600
    )
    notes = forms.CharField(
        label=_("What was discussed and agreed"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        help_text=_(
            "Kept with the supervision record. Never copied to a child's record: put what "
            "the child's record needs in the decision and rationale."
        ),
    )
    case = CaseChoiceField(
        label=_("Case (if a decision was made on one)"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("No case"),
    )
    decision = forms.CharField(
        label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rationale = forms.CharField(
        label=_("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, supervisees: list[StaffMember], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        ids = [s.pk for s in supervisees]
        self.fields["supervisee"].queryset = StaffMember.objects.filter(pk__in=ids).order_by("name")
        # The cases of the user's supervisees today, named with their worker;
        # `clean` checks the chosen one was the chosen supervisee's on the date.
        periods = CasePeriod.objects.filter(_allocated_on(today), worker_id__in=ids)
        worker_name = periods.filter(case=OuterRef("pk")).values("worker__name")[:1]
        self.fields["case"].queryset = (
            Case.objects.filter(pk__in=periods.values("case"))
            .annotate(worker_name=Subquery(worker_name))
            .order_by("case_id")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        case, supervisee, day = data.get("case"), data.get("supervisee"), data.get("date")
        decision = (data.get("decision") or "").strip()
        rationale = (data.get("rationale") or "").strip()
        if case is None and (decision or rationale):
            self.add_error("case", _("Choose the case the decision is about."))
        if case is not None:
            if not decision:
                self.add_error("decision", _("Write the decision made on the case."))
            if not rationale:
                self.add_error("rationale", _("Write why: the child's record needs the reason."))
            if (
                supervisee is not None
                and day is not None
                and not CasePeriod.objects.filter(
                    _allocated_on(day), case=case, worker=supervisee
                ).exists()
            ):
                self.add_error(
                    "case",
                    _("That case was not allocated to %(name)s on that date.")
                    % {"name": supervisee.name},
                )
        return data
