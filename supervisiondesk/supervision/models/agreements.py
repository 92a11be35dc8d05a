"""Supervision agreements: one per supervisory pair or per group, in
versions; each version is signed by every party, and a signed version is
never edited again (a review starts the next one)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import StaffMember, Tracked
from supervisiondesk.supervision.choices import ReviewReason

User = settings.AUTH_USER_MODEL


class SupervisionAgreement(Tracked):
    """`signed_on` and `reviewed_on` are the engine's view (spec 4,
    "Agreement"): the day the first version had every signature, and the day
    the latest later version had them. services.agreements keeps them."""

    supervisee = models.ForeignKey(
        StaffMember,
        on_delete=models.CASCADE,
        related_name="agreements_as_supervisee",
        null=True,
        blank=True,
        verbose_name=_("supervisee"),
    )
    supervisor = models.ForeignKey(
        StaffMember,
        on_delete=models.CASCADE,
        related_name="agreements_as_supervisor",
        verbose_name=_("supervisor"),
    )
    group = models.ForeignKey(
        "supervision.SupervisionGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("group"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(supervisee__isnull=True, group__isnull=False)
                | Q(supervisee__isnull=False, group__isnull=True),
                name="agreement_pair_or_group",
            ),
        ]

    def __str__(self) -> str:
        party = self.group if self.group_id else self.supervisee
        return f"{self.supervisor} → {party}"


class AgreementVersion(models.Model):
    """What the parties agreed (Tameside 4.1, Southwark Standard 2,
    Inter-agency guidelines on external supervisors)."""

    agreement = models.ForeignKey(
        SupervisionAgreement, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    reason = models.CharField(_("why this version"), max_length=24, choices=ReviewReason.choices)
    record_keeping = models.TextField(_("record keeping"), blank=True)
    confidentiality = models.TextField(_("confidentiality and its limits"), blank=True)
    supervisor_expectations = models.TextField(
        _("what the supervisee can expect of the supervisor"), blank=True
    )
    supervisee_expectations = models.TextField(
        _("what the supervisor can expect of the supervisee"), blank=True
    )
    frequency = models.CharField(_("how often"), max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("length of a session (minutes)"), null=True, blank=True
    )
    cancellation = models.TextField(_("when a session may be cancelled"), blank=True)
    rearranging = models.TextField(_("timescale to rearrange"), blank=True)
    learning_style = models.TextField(_("the supervisee's learning style and needs"), blank=True)
    external_confidentiality = models.TextField(
        _("confidentiality measures for an external supervisor"), blank=True
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edit_version = models.PositiveIntegerField(default=1)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"


class AgreementSignature(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "staff"], name="agreement_signed_once")
        ]

    def __str__(self) -> str:
        return f"{self.staff} signed {self.version}"
