"""The scheduler's memory: one row per job and period run (the constraint is
what makes a scheduled job run once per period, whatever the schedulers do)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Organisation


class ScheduledRun(models.Model):
    job = models.CharField(_("job"), max_length=40)  # jobs.schedule.JOBS
    # None for a site-wide job (jobs.schedule.Job.per_organisation).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    period = models.CharField(_("period"), max_length=20)  # local hour or day
    at = models.DateTimeField(_("works as at"))  # the tick that enqueued it
    task_id = models.CharField(_("task"), max_length=64)  # django_tasks_db's result

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "organisation", "period"],
                condition=Q(organisation__isnull=False),
                name="scheduled_run_once_per_organisation",
            ),
            # NULLs are distinct in a unique constraint: site-wide jobs need their own.
            models.UniqueConstraint(
                fields=["job", "period"],
                condition=Q(organisation__isnull=True),
                name="scheduled_run_once_site_wide",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"
