from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Case, Organisation, StaffMember
from supervisiondesk.privacy.models import NeedToKnowReason


class NeedToKnowForm(forms.Form):
    """A director states why they need to read a worker's supervision
    records or a child's case discussions, and for how long."""

    staff = forms.ModelChoiceField(
        label=_("A worker's supervision records"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label=_("(no worker: a child's case instead)"),
    )
    case_id = forms.CharField(
        label=_("Or a child's case discussions: the case id"), max_length=64, required=False
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=NeedToKnowReason.choices)
    details = forms.CharField(
        label=_("Why you need to know"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the access report and to the worker whose records you read."),
    )
    hours = forms.IntegerField(
        label=_("For how many hours"),
        min_value=1,
        max_value=settings.NEED_TO_KNOW_MAX_HOURS,
        initial=settings.NEED_TO_KNOW_HOURS,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["staff"].queryset = StaffMember.objects.filter(
            organisation=organisation
        ).order_by("name")

    def clean(self) -> dict:
        data = super().clean()
        staff, case_id = data.get("staff"), (data.get("case_id") or "").strip()
        if staff and case_id:
            raise forms.ValidationError(_("Choose a worker or a case, not both."))
        if not staff and not case_id:
            raise forms.ValidationError(_("Choose a worker, or give a child's case id."))
        data["case"] = None
        if case_id:
            data["case"] = Case.objects.filter(
                organisation=self.organisation, case_id=case_id
            ).first()
            if data["case"] is None:
                self.add_error("case_id", _("No case with this id in your organisation."))
        return data
