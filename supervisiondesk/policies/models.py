"""An organisation's supervision policy over time.

Each `PolicyVersion` takes effect on its date and stays in force until the
next one; the first also covers the days before it (the engine needs a rule
for every day: `PolicyTimeline` in `policy.py`). A version either follows a
shipped preset (by id, so a corrected preset file reaches the organisation)
or holds the organisation's own edited copy as the text of a policy file.
Versions are never edited: a change is a new version with its date, so a
report on a past date is computed under the policy in force then.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.policies.policy import (
    Policy,
    PolicyError,
    list_presets,
    load_policy,
    parse_policy,
)


@lru_cache(maxsize=64)
def _parsed(text: str) -> Policy:
    # A page asks for the policy on every request: parse each text once.
    return parse_policy(text, name="policy")


class PolicyVersion(models.Model):
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="policy_versions"
    )
    effective_from = models.DateField(_("takes effect on"))
    preset = models.CharField(
        _("preset"),
        max_length=100,
        blank=True,
        help_text=_("A policy shipped with Supervision Desk; empty for an edited copy."),
    )
    document = models.TextField(
        _("policy file"),
        blank=True,
        help_text=_("The organisation's own policy, in the YAML or JSON of a policy file."),
    )
    note = models.CharField(_("reason for the change"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered on"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["organisation", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"],
                name="policy_version_one_per_day",
                violation_error_message=_("Another version already takes effect on this day."),
            ),
            # Exactly one of the two: a preset, or an edited copy.
            models.CheckConstraint(
                condition=(models.Q(preset="") & ~models.Q(document=""))
                | (~models.Q(preset="") & models.Q(document="")),
                name="policy_version_preset_or_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} ({self.effective_from})"

    @property
    def policy_id(self) -> str:
        return self.preset or self.policy().id

    def policy(self) -> Policy:
        """The policy this version holds (raises `PolicyError` if it cannot be read)."""
        if self.preset:
            return load_policy(self.preset)
        return _parsed(self.document)

    def clean(self) -> None:
        super().clean()
        if bool(self.preset) == bool(self.document.strip()):
            raise ValidationError(_("Choose a preset or write a policy file, not both."))
        if self.preset:
            if self.preset not in list_presets():
                raise ValidationError(
                    {
                        "preset": _("Unknown preset '%(id)s'; the presets are %(ids)s.")
                        % {"id": self.preset, "ids": ", ".join(list_presets())}
                    }
                )
            return
        try:
            policy = _parsed(self.document)
        except PolicyError as error:
            # Each line is "policy: <path>: <problem>"; the page names the file already.
            problems = [
                line.removeprefix("policy").lstrip(": ") for line in str(error).splitlines()
            ]
            raise ValidationError({"document": problems}) from None
        if policy.id in list_presets():
            # A report naming a preset must mean the preset's exact values.
            raise ValidationError(
                {
                    "document": _(
                        "id: '%(id)s' is a preset's id; give your edited copy its own id "
                        "(for example '%(id)s-local'), or choose the preset itself."
                    )
                    % {"id": policy.id}
                }
            )
