from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the authenticator app (or, when signing in, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, numeric: bool = False, help_text: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.help_text = help_text
        if numeric:
            field.widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9 ]*"})
