"""Supervision sessions, case discussions and agreements: the minimal shape
the compliance engine reads (issue 3). Issue 4 grows them into scheduling,
records with the seven standing items, sign-off, amendments and agreement
versions; the fields here stay the engine's contract
(compliance.dataset.Session, CaseDiscussion, Agreement).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Case, Organisation, StaffMember
from supervisiondesk.supervision.choices import Function, SessionKind, SessionStatus


class SupervisionSession(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="supervision_sessions"
    )
    session_id = models.CharField(
        _("session id"), max_length=64, help_text=_("The id in data folders and reports.")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=SessionKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    supervisor = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="sessions_led",
        verbose_name=_("supervisor"),
        help_text=_("The facilitator, for group supervision."),
    )
    supervisees = models.ManyToManyField(
        StaffMember,
        through="SessionAttendee",
        related_name="sessions_attended",
        verbose_name=_("supervisees"),
    )
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    supervisor_signed_on = models.DateField(_("signed by the supervisor on"), null=True, blank=True)
    supervisee_signed_on = models.DateField(_("signed by the supervisee on"), null=True, blank=True)
    shared_on = models.DateField(_("shared with the supervisee on"), null=True, blank=True)
    functions = models.JSONField(
        _("functions of supervision covered"),
        default=list,
        blank=True,
        help_text=_("Which functions of supervision the session covered."),
    )

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "session_id"], name="session_unique_id")
        ]
        indexes = [models.Index(fields=["supervisor", "date"], name="session_supervisor_date")]

    def __str__(self) -> str:
        return f"{self.session_id} ({self.get_kind_display()}, {self.date})"

    def clean(self) -> None:
        super().clean()
        unknown = [f for f in self.functions or [] if f not in Function.values]
        if unknown:
            raise ValidationError(
                {"functions": _("Unknown functions: %(names)s.") % {"names": ", ".join(unknown)}}
            )


class SessionAttendee(models.Model):
    """A supervisee of an individual session, or an attendee of a group one."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="attendees"
    )
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="attendee_unique")]

    def __str__(self) -> str:
        return f"{self.staff} in {self.session}"


class CaseDiscussion(models.Model):
    """A child's case discussed in a session, and when it reached the child's record."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="case_discussions"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="discussions")
    recorded_on = models.DateField(_("written to the child's record on"), null=True, blank=True)

    class Meta:
        verbose_name = _("case discussion")
        verbose_name_plural = _("case discussions")
        constraints = [
            models.UniqueConstraint(fields=["session", "case"], name="discussion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} in {self.session}"


class SupervisionAgreement(models.Model):
    supervisee = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="agreements_as_supervisee"
    )
    supervisor = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="agreements_as_supervisor"
    )
    signed_on = models.DateField(_("signed on"))
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision agreement")
        verbose_name_plural = _("supervision agreements")
        ordering = ["supervisee", "-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True) | Q(reviewed_on__gte=models.F("signed_on")),
                name="agreement_review_not_before_signature",
            ),
            models.CheckConstraint(
                condition=~Q(supervisee=models.F("supervisor")), name="agreement_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} → {self.supervisee} ({self.signed_on})"
