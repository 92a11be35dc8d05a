"""Competency frameworks held as data: the Knowledge and Skills Statements
for England as presets (no organisation), and an organisation's own."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Organisation


class Framework(models.Model):
    """A framework of areas a worker assesses themselves against. The
    presets (`development/frameworks.py`, written by a data migration) have
    no organisation and are offered to everyone; an organisation's own are
    kept by its administrators in Configuration."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="development_frameworks",
        help_text=_("Empty for the presets every organisation may use."),
        verbose_name=_("organisation"),
    )
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("for whom"), max_length=200, blank=True, help_text=_("Who assesses against it.")
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the framework comes from (the publication).")
    )
    active = models.BooleanField(
        _("offered for new assessments"),
        default=True,
        help_text=_("Untick to retire it: past assessments keep it."),
    )

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="framework_unique_key_in_organisation"
            ),
            # NULLs are distinct in a unique constraint: the presets need their own.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(organisation__isnull=True),
                name="framework_unique_preset_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_preset(self) -> bool:
        return self.organisation_id is None


class FrameworkArea(models.Model):
    """One numbered area of a framework (KSS 1 "Relationships and effective
    direct work"...)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("framework area")
        verbose_name_plural = _("framework areas")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="area_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
