"""Forms of the agreement pages: a version's contents, and why a review starts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from supervisiondesk.supervision.agreement_selectors import CONTENT_FIELDS
from supervisiondesk.supervision.choices import ReviewReason
from supervisiondesk.supervision.models import AgreementVersion
from supervisiondesk.supervision.services.agreements import REVIEW_REASONS

HELP = {
    "record_keeping": _("Who writes the record, when it is shared and signed, where it is kept."),
    "confidentiality": _("What stays between you, and when it cannot."),
    "frequency": _("Pre-filled from your policy's rule for the supervisee."),
    "duration_minutes": _("Pre-filled with your policy's minimum, where it sets one."),
    "learning_style": _(
        "How the supervisee learns best (talking it through, reading, observation, "
        "reflective writing...), and any needs or adjustments."
    ),
    "external_confidentiality": _(
        "Only for an external supervisor: how case information stays confidential."
    ),
}


class AgreementVersionForm(forms.ModelForm):
    """The contents of one version, with the edit version the form was opened
    at (optimistic locking: a stale form is refused, never overwrites)."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = AgreementVersion
        fields = list(CONTENT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in CONTENT_FIELDS
            if name not in ("frequency", "duration_minutes")
        } | {"duration_minutes": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"})}
        help_texts = HELP

    def __init__(self, *args: Any, external: bool = False, group: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["edit_version"] = self.instance.edit_version
        # Only what applies to this agreement is asked; a field already
        # written stays, so nothing is lost.
        if not external and not (self.instance.external_confidentiality or "").strip():
            del self.fields["external_confidentiality"]
        if group:
            self.fields["learning_style"].label = _("The group's learning needs")
            self.fields["learning_style"].help_text = ""
            self.fields["frequency"].help_text = _("Pre-filled from your policy's rule for groups.")

    def contents(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS if name in self.fields}


class ReviewForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why review the agreement now?"),
        choices=[
            (value, label) for value, label in ReviewReason.choices if value in REVIEW_REASONS
        ],
        widget=forms.RadioSelect,
    )
