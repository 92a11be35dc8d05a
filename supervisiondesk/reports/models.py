"""Stored figures: each team's indicators at each month end (and the latest
day computed), so a dashboard's twelve-month trend is a read, not thirteen
runs of the compliance engine (reports.snapshots computes them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Organisation, Team
from supervisiondesk.reports.indicators import Figures


class IndicatorSnapshot(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="indicator_snapshots")
    on = models.DateField(_("figures of"))
    # A month end, or the latest day computed (replaced by the next one).
    month_end = models.BooleanField(default=True)
    # reports.indicators.Figures.to_json(): shares as [met, of], never bare
    # percentages, so teams add up exactly.
    figures = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        constraints = [
            models.UniqueConstraint(fields=["team", "on"], name="snapshot_team_day"),
        ]
        indexes = [models.Index(fields=["organisation", "on"], name="snapshot_org_day")]

    def __str__(self) -> str:
        return f"{self.team_id} {self.on}"

    @property
    def as_figures(self) -> Figures:
        return Figures.from_json(self.figures)
