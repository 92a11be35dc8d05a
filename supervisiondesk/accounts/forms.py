from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language_info
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


class LanguageForm(forms.Form):
    """Each language in its own name, so a person who cannot read the page's
    current language still finds theirs."""

    language = forms.ChoiceField(label=_("Language"), widget=forms.RadioSelect, required=False)

    def __init__(self, *args, organisation_language: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        default = (
            _("As my organisation: %(language)s")
            % {"language": capfirst(get_language_info(organisation_language)["name_local"])}
            if organisation_language
            else _("As my browser")
        )
        self.fields["language"].choices = [("", default)] + [
            (code, capfirst(get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
        ]
