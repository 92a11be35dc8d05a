from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Case, Organisation, StaffMember, Tracked
from supervisiondesk.supervision.choices import ActionStatus

User = settings.AUTH_USER_MODEL


class Action(Tracked):
    """Something someone agreed to do, from any record: an owner, a due
    date and a status. Open actions come back on the next session's agenda."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "supervision.SupervisionSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
    )
    case_discussion = models.ForeignKey(
        "supervision.CaseDiscussion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("case"),
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="actions", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    delay_reason = models.TextField(_("reason for delay"), blank=True)
    # The last day its status or reason for delay changed (services.records.
    # action_update): an action brought to session after session with this
    # unchanged is "carried over unchanged" (reports.drift).
    changed_on = models.DateField(_("last changed on"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="action_owner_due")]

    def __str__(self) -> str:
        return self.description[:60]


class ManagementDecision(models.Model):
    """An ad hoc case decision outside formal supervision (Southwark 1.6):
    management oversight on the case, not a supervision session."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    worker = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("worker consulted"),
    )
    decision = models.TextField(_("decision"))
    rationale = models.TextField(_("rationale"))
    # Set when the decision came out of an informal consultation.
    session = models.ForeignKey(
        "supervision.SupervisionSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("management decision")
        verbose_name_plural = _("management decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.decision[:60]
