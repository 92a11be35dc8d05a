"""The access log (append-only, hash-chained), need-to-know access and
retention settings.

The access log keeps plain ids and names rather than foreign keys: an entry
must outlive the user, the record and even the organisation it names, and a
foreign key set to NULL on delete would rewrite a hashed row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Case, Organisation, StaffMember


class AppendOnlyError(Exception):
    """The access log is never changed or deleted through the application."""


class AccessEvent(models.TextChoices):
    READ = "read", _("Read")
    DENIED = "denied", _("Refused (no right, answered 404)")
    EXPORTED = "exported", _("Exported")
    NEED_TO_KNOW_OPENED = "ntk_opened", _("Need-to-know access opened")
    NEED_TO_KNOW_CLOSED = "ntk_closed", _("Need-to-know access closed")
    SUBJECT_ACCESS = "subject_access", _("Subject access export")
    PURGE_DRY_RUN = "purge_dry_run", _("Purge dry run")
    PURGED = "purged", _("Purged")
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    API_CALL = "api_call", _("API call")


class Channel(models.TextChoices):
    PAGE = "page", _("Page")
    DOWNLOAD = "download", _("Download")
    PRINT = "print", _("Print")
    API = "api", _("API")
    COMMAND = "command", _("Command line")


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One read, refusal, export or account event, chained to the entry
    before it in the same chain (one chain per organisation, and one for
    events with no organisation, such as a failed sign-in).

    `privacy.chain` computes `entry_hash` over every field below and the
    previous entry's hash; `privacy.chain.verify` finds any row changed,
    removed or inserted after the fact. A field added here must be added to
    `chain.canonical` as well.
    """

    chain = models.CharField(max_length=32)
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    organisation_id = models.BigIntegerField(null=True)
    user_id = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150, blank=True)
    event = models.CharField(max_length=20, choices=AccessEvent.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # Staff ids whose records these are, space-separated and bracketed
    # (" 12 40 "), so "who read my records" is one indexed-free LIKE query
    # that works the same on SQLite and PostgreSQL. Unbounded: a group
    # session's read names every member (migration 0005).
    subjects = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    detail = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["chain", "seq"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="access_log_chain_seq")
        ]
        indexes = [models.Index(fields=["organisation_id", "at"])]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.event} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    @property
    def subject_ids(self) -> list[int]:
        return [int(part) for part in self.subjects.split()]


class AccessLogHead(models.Model):
    """The last entry of each chain, locked while an entry is added so two
    requests never chain to the same predecessor."""

    chain = models.CharField(max_length=32, unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq}"


class NeedToKnowReason(models.TextChoices):
    PUBLIC_INTEREST = "public_interest", _("Public interest")
    LEGAL = "legal", _("Legal")
    RISK = "risk", _("Risk to staff or children")
    CONDUCT = "conduct", _("Professional conduct")
    AUDIT = "audit", _("Audit")


class NeedToKnowAccess(models.Model):
    """A director's time-limited access to one worker's supervision records
    or one child's case discussions, for a stated reason."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("worker"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("child's case"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=NeedToKnowReason.choices)
    details = models.TextField(_("why you need to know"))
    opened_at = models.DateTimeField(_("opened at"))
    expires_at = models.DateTimeField(_("expires at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("need-to-know access")
        verbose_name_plural = _("need-to-know accesses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(staff__isnull=False, case__isnull=True)
                | models.Q(staff__isnull=True, case__isnull=False),
                name="need_to_know_one_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("opened_at")),
                name="need_to_know_expires_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.opened_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if (self.staff_id is None) == (self.case_id is None):
            raise ValidationError(_("Choose either a worker or a child's case."))


class RecordType(models.TextChoices):
    """What a retention rule applies to, and the date its years count from
    (privacy.retention must change with this list)."""

    ONE_TO_ONE = "one_to_one", _("One-to-one supervision records (after employment ends)")
    GROUP = "group", _("Group and peer supervision records (after the session)")
    AGREEMENT = "agreement", _("Supervision agreements (after employment ends)")
    CASE_DISCUSSION = "case_discussion", _("Case discussions (after the child's case closes)")
    # Quality and development records (privacy/retention_records.py).
    FEEDBACK = "feedback", _("Supervisee feedback (after the session)")
    AUDIT = "audit", _("Audits of records (after the audit ends)")
    SELF_ASSESSMENT = (
        "self_assessment",
        _("Self-assessments of the balance of functions (after employment ends)"),
    )
    # Learning plans, competency self-assessments, CPD logs, observations.
    DEVELOPMENT = "development", _("Development records (after employment ends)")
    WELLBEING_PLAN = "wellbeing_plan", _("Wellbeing and self-care plans (after employment ends)")


class RetentionRule(models.Model):
    """How long an organisation keeps one type of record."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="retention_rules",
        verbose_name=_("organisation"),
    )
    record_type = models.CharField(_("record type"), max_length=20, choices=RecordType.choices)
    years = models.PositiveSmallIntegerField(_("years kept"))

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_type"], name="retention_one_rule_per_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.years}"

    def clean(self) -> None:
        if self.years is not None and self.years < 1:
            raise ValidationError({"years": _("Keep records for at least one year.")})
