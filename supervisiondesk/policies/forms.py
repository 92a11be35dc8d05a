"""A new version of the organisation's policy: a preset, or its own copy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from supervisiondesk.policies.policy import list_presets

OWN_COPY = "own"


class PolicyVersionForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Takes effect on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Reports on this day and after use this version; earlier days keep the "
            "version in force then."
        ),
    )
    source = forms.ChoiceField(label=_("Policy"), widget=forms.RadioSelect)
    document = forms.CharField(
        label=_("Your policy file"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
        help_text=_(
            "For your own copy: the YAML of a policy file, starting from the policy in "
            "force. Give it its own id. Problems are shown by the path of the field."
        ),
    )
    note = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        required=False,
        help_text=_("For example the date and reference of the decision."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            *((preset, _("Preset %(id)s") % {"id": preset}) for preset in list_presets()),
            (OWN_COPY, _("Our own copy, edited below")),
        ]

    def clean(self):
        data = super().clean()
        if data.get("source") == OWN_COPY and not (data.get("document") or "").strip():
            self.add_error("document", _("Write the policy file, or choose a preset."))
        return data
