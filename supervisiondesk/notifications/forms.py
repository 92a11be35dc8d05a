"""Each person's choice of how they hear of each kind of reminder."""

from __future__ import annotations

from django import forms

from supervisiondesk.notifications.choices import DEFAULT_DELIVERY, Delivery, Kind


class PreferencesForm(forms.Form):
    def __init__(self, *args, current: dict[str, str], manager: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            if kind == Kind.WEEKLY_DIGEST and not manager:
                continue  # only managers get it (notifications.selectors._managed)
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current.get(kind.value, DEFAULT_DELIVERY[kind]),
                widget=forms.RadioSelect,
            )
