"""What every app's pages share about forms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def form_errors(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal beside the field it is about, or above the form
    when it names no field of this form. Every page shows a service's
    `ValidationError` through this (services raise them; forms show them)."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            target = field if field in form.fields else None
            for problem in problems:
                form.add_error(target, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)
