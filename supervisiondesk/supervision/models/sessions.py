from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Organisation, StaffMember, Tracked
from supervisiondesk.supervision.choices import (
    AttendeeRole,
    Function,
    Mode,
    SessionKind,
    SessionStatus,
)


class SupervisionSession(Tracked):
    """One supervision event, from its planning to its signed record."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="supervision_sessions",
        verbose_name=_("organisation"),
    )
    session_id = models.CharField(
        _("session id"), max_length=64, help_text=_("The id in data folders and reports.")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=SessionKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    planned_minutes = models.PositiveIntegerField(
        _("planned duration (minutes)"), null=True, blank=True
    )
    duration_minutes = models.PositiveIntegerField(
        _("actual duration (minutes)"), null=True, blank=True
    )
    mode = models.CharField(
        _("mode"),
        max_length=12,
        choices=Mode.choices,
        default=Mode.IN_PERSON,
        db_default=Mode.IN_PERSON,
    )
    place = models.CharField(_("place"), max_length=200, blank=True, db_default="")
    video_link = models.URLField(_("video link"), max_length=500, blank=True, db_default="")
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
    group = models.ForeignKey(
        "supervision.SupervisionGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("group"),
    )
    # Spec 4 "Postponement": the held session that makes up for a cancelled
    # or postponed one. The engine finds it by kind, supervisor and date;
    # the link is for people reading the history.
    rearranges = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rearranged_as",
        verbose_name=_("rearranges"),
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled or postponed by"),
    )
    cancel_reason = models.TextField(_("why"), blank=True, db_default="")
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
    disagreement = models.TextField(_("the supervisee's disagreement"), blank=True, db_default="")
    # Optimistic locking of the record's text (sections, duration,
    # functions): services.records compares and bumps it in one UPDATE.
    record_version = models.PositiveIntegerField(
        default=1, db_default=1, verbose_name=_("record version")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(
        null=True, blank=True, db_default=Now(), verbose_name=_("created")
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
        return f"{self.get_kind_display()}, {self.date}"

    def clean(self) -> None:
        super().clean()
        unknown = [f for f in self.functions or [] if f not in Function.values]
        if unknown:
            raise ValidationError(
                {"functions": _("Unknown functions: %(names)s.") % {"names": ", ".join(unknown)}}
            )

    @property
    def is_formal(self) -> bool:
        return self.kind == SessionKind.INDIVIDUAL_FORMAL

    @property
    def is_locked(self) -> bool:
        """A signed formal record, or a completed record of another kind:
        changes are amendments from now on."""
        if self.status != SessionStatus.HELD:
            return False
        if self.is_formal:
            return bool(self.supervisor_signed_on and self.supervisee_signed_on)
        return self.recorded_on is not None


class SessionAttendee(models.Model):
    """A supervisee of an individual session, or an attendee of a group one."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="attendees"
    )
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=AttendeeRole.choices,
        default=AttendeeRole.PARTICIPANT,
        db_default=AttendeeRole.PARTICIPANT,
    )
    # Group records name those present (Southwark Standard 4); None until
    # the record says.
    present = models.BooleanField(_("present"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="attendee_unique")]

    def __str__(self) -> str:
        return f"{self.staff} in {self.session}"
