"""People and structure: organisations, services, teams, staff, categories,
supervisory relationships, absences and cases.

Everything that changes over time is a period (start and inclusive end, an
open end meaning "still so"), so history is kept rather than overwritten.
Invariants live in `clean()` (run by services, forms and the admin) and in
database constraints where the database can hold them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.choices import (
    AbsenceKind,
    CaseType,
    Category,
    RelationshipKind,
    Risk,
    ServiceType,
    SourceSystem,
)
from supervisiondesk.people.periods import first_overlap
from supervisiondesk.people.validators import validate_country, validate_time_zone


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(
        _("country for working days"),
        max_length=10,
        validators=[validate_country],
        help_text=_("ISO 3166 code, with subdivision where it matters: GB-ENG, CO, UG."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    # What its people read until they choose their own (accounts.Preferences).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # Its supervision policy is in `policies.PolicyVersion`, dated versions.
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tracked(models.Model):
    """`updated_at` moves on every write, for the API's `updated_since`
    filter and the integrations' incremental syncs (docs/api.md).

    The ORM sets it (auto_now), and `save(update_fields=...)` includes it
    here; the database sets it on the folder import's plain INSERTs
    (db_default). Bulk updates and `QuerySet.update()` must set it
    themselves: `people.folder_sync.sync_rows`, `_sync_staff`,
    `supervision.folder_sync._sync_sessions`, `supervision.services.groups`
    and `privacy.retention` do.
    """

    updated_at = models.DateTimeField(
        _("updated"), auto_now=True, db_default=Now(), db_index=True, editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs) -> None:
        if update_fields is not None:
            update_fields = {*update_fields, "updated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)


class PeriodModel(models.Model):
    """An inclusive date range; `end_date` empty means open."""

    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date is before the start date.")}, code="end_before_start"
            )

    def covers(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def _check_no_overlap(self, siblings: models.QuerySet, message: str) -> None:
        """Refuse this period when it overlaps one of `siblings` (same owner)."""
        if not self.start_date or (self.end_date and self.end_date < self.start_date):
            return
        others = list(siblings.exclude(pk=self.pk)) if self.pk else list(siblings)
        for other in others:
            if first_overlap([self, other]):
                raise ValidationError(
                    message
                    % {
                        "start": other.start_date.isoformat(),
                        "end": other.end_date.isoformat() if other.end_date else _("open"),
                    },
                    code="overlap",
                )


def _period_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
        name=f"{name}_end_not_before_start",
    )


class Service(PeriodModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    service_type = models.CharField(_("type"), max_length=20, choices=ServiceType.choices)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="service_unique_name"),
            _period_check("service"),
        ]

    def __str__(self) -> str:
        return self.name


class Team(Tracked, PeriodModel):
    # Denormalised from the service so a team's code is unique per
    # organisation; `clean()` keeps the two in step.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="teams", verbose_name=_("service")
    )
    code = models.CharField(
        _("code"), max_length=64, help_text=_("The team's id in data folders and exports.")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="team_unique_code"),
            _period_check("team"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (
            self.service_id
            and self.organisation_id
            and self.service.organisation_id != self.organisation_id
        ):
            raise ValidationError({"service": _("The service belongs to another organisation.")})


class StaffMember(Tracked):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", verbose_name=_("organisation")
    )
    staff_id = models.CharField(
        _("staff id"), max_length=64, help_text=_("The id in data folders and the HR system.")
    )
    name = models.CharField(_("name"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
        verbose_name=_("login"),
    )
    country = models.CharField(
        _("country for working days"),
        max_length=10,
        blank=True,
        validators=[validate_country],
        help_text=_("Leave empty to use the organisation's."),
    )
    start_date = models.DateField(_("in post from"))
    end_date = models.DateField(_("in post to"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "staff_id"], name="staff_unique_staff_id"
            ),
            _period_check("staff"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    @property
    def working_days_country(self) -> str:
        return self.country or self.organisation.country

    def in_post(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class TeamMembership(Tracked, PeriodModel):
    """A staff member's post in a team over time, with job title and FTE."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["staff", "start_date"]
        constraints = [_period_check("membership")]

    def __str__(self) -> str:
        return f"{self.staff} — {self.team}"

    def clean(self) -> None:
        super().clean()
        if self.staff_id and self.team_id:
            if self.team.organisation_id != self.staff.organisation_id:
                raise ValidationError({"team": _("The team belongs to another organisation.")})
            self._check_no_overlap(
                TeamMembership.objects.filter(staff_id=self.staff_id),
                _("This overlaps the team membership from %(start)s to %(end)s."),
            )


class CategoryPeriod(Tracked, PeriodModel):
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)

    class Meta:
        verbose_name = _("category period")
        verbose_name_plural = _("category periods")
        ordering = ["staff", "start_date"]
        constraints = [_period_check("category")]

    def __str__(self) -> str:
        return f"{self.staff}: {self.get_category_display()}"

    def clean(self) -> None:
        super().clean()
        if self.staff_id:
            self._check_no_overlap(
                CategoryPeriod.objects.filter(staff_id=self.staff_id),
                _("This overlaps the category period from %(start)s to %(end)s."),
            )


class SupervisoryRelationship(Tracked, PeriodModel):
    supervisee = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="supervisor_relationships"
    )
    supervisor = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="supervisee_relationships"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)

    class Meta:
        verbose_name = _("supervisory relationship")
        verbose_name_plural = _("supervisory relationships")
        ordering = ["supervisee", "start_date"]
        constraints = [
            _period_check("relationship"),
            models.CheckConstraint(
                condition=~Q(supervisee=models.F("supervisor")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} → {self.supervisee} ({self.get_kind_display()})"

    def clean(self) -> None:
        super().clean()
        if self.supervisee_id and self.supervisee_id == self.supervisor_id:
            raise ValidationError(
                {"supervisor": _("Nobody can supervise themselves.")}, code="self_supervision"
            )
        if self.supervisee_id and self.supervisor_id:
            if self.supervisee.organisation_id != self.supervisor.organisation_id:
                raise ValidationError(
                    {"supervisor": _("The supervisor belongs to another organisation.")}
                )
            # One supervisor of each kind at a time: two line managers at once
            # would leave nobody accountable.
            self._check_no_overlap(
                SupervisoryRelationship.objects.filter(
                    supervisee_id=self.supervisee_id, kind=self.kind
                ),
                _("This overlaps a relationship of the same kind from %(start)s to %(end)s."),
            )


class Absence(Tracked, PeriodModel):
    """Long-term sickness, parental leave... Absences may overlap each other
    (HR systems record leave and sickness apart); the engine merges them."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(
        _("kind"), max_length=20, choices=AbsenceKind.choices, default=AbsenceKind.OTHER
    )

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["staff", "start_date"]
        constraints = [
            _period_check("absence"),
            # The compliance rules need an end (an expected return date).
            models.CheckConstraint(condition=Q(end_date__isnull=False), name="absence_has_end"),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        if self.start_date and not self.end_date:
            raise ValidationError(
                {"end_date": _("Give the expected return date; change it when it moves.")}
            )


class Case(Tracked):
    """A reference to a child's record held in a case system, never the file."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    case_id = models.CharField(_("case id"), max_length=64)
    source_system = models.CharField(
        _("case system"), max_length=20, choices=SourceSystem.choices, blank=True
    )
    external_id = models.CharField(
        _("id in the case system"),
        max_length=128,
        blank=True,
        help_text=_("Leave empty when it is the case id."),
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["case_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "case_id"], name="case_unique_id")
        ]

    def __str__(self) -> str:
        return self.case_id


class CasePeriod(Tracked, PeriodModel):
    """Who holds a case, of which type and risk, over time."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="periods")
    worker = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="case_periods", verbose_name=_("worker")
    )
    case_type = models.CharField(_("case type"), max_length=20, choices=CaseType.choices)
    risk = models.CharField(_("risk"), max_length=10, choices=Risk.choices)

    class Meta:
        verbose_name = _("case period")
        verbose_name_plural = _("case periods")
        ordering = ["case", "start_date"]
        constraints = [_period_check("case_period")]
        indexes = [models.Index(fields=["worker", "end_date"], name="caseperiod_worker_end")]

    def __str__(self) -> str:
        return f"{self.case} ({self.worker})"

    def clean(self) -> None:
        super().clean()
        if self.case_id and self.worker_id:
            if self.case.organisation_id != self.worker.organisation_id:
                raise ValidationError({"worker": _("The worker belongs to another organisation.")})
            self._check_no_overlap(
                CasePeriod.objects.filter(case_id=self.case_id),
                _("This overlaps the case's period from %(start)s to %(end)s."),
            )
