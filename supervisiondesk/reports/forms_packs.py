"""The evidence pack's form (a GET form: its link can be shared): what the
pack is about, among the viewer's choices (`reports.evidence.pack_scopes`),
and a period of whole months, at most `evidence.MOST_MONTHS`, ending no later
than this month."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from supervisiondesk.reports.evidence import MOST_MONTHS, PackScope, months_between
from supervisiondesk.reports.monthly import month_key, parse_month


class MonthField(forms.CharField):
    """A month as "2026-03" (an <input type="month">), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}"})

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        first = parse_month(text.strip())
        if first is None:
            raise forms.ValidationError(_("Give a month as year and month, like 2026-03."))
        return first


class EvidenceForm(forms.Form):
    scope = forms.ChoiceField(label=_("Team or service"))
    start = MonthField(label=_("From (month)"))
    end = MonthField(label=_("To (month)"))

    def __init__(self, *args: Any, choices: list[PackScope], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.pack_scopes = {choice.key: choice for choice in choices}
        self.fields["scope"].choices = [(c.key, c.label) for c in choices]
        current = today.replace(day=1)
        self.fields["end"].initial = month_key(current)
        year_ago = date(current.year - 1, current.month, 1)
        self.fields["start"].initial = month_key(
            date(year_ago.year + year_ago.month // 12, year_ago.month % 12 + 1, 1)
        )
        self.fields["end"].help_text = _("This month at the latest (its figures to date).")
        self.fields["start"].help_text = _("At most %(n)s months before the end.") % {
            "n": MOST_MONTHS
        }

    def clean_scope(self) -> PackScope:
        return self.pack_scopes[self.cleaned_data["scope"]]

    def clean_end(self) -> date | None:
        end = self.cleaned_data.get("end")
        if end is not None and end > self.today.replace(day=1):
            raise forms.ValidationError(
                _("The period cannot end after this month (%(month)s).")
                % {"month": month_key(self.today)}
            )
        return end

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None:
            if start > end:
                self.add_error("start", _("The first month comes after the last one."))
            elif len(months_between(start, end)) > MOST_MONTHS:
                self.add_error(
                    "start",
                    _("A pack covers at most %(n)s months; this period has %(m)s.")
                    % {"n": MOST_MONTHS, "m": len(months_between(start, end))},
                )
        return data
