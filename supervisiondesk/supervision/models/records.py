"""What a session's record holds: the standing agenda's sections, agenda
items, case discussions, amendments and the history of events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Case, StaffMember, Tracked
from supervisiondesk.supervision.choices import EventKind, RiskTrend
from supervisiondesk.supervision.models.sessions import SupervisionSession

User = settings.AUTH_USER_MODEL


class RecordSection(models.Model):
    """One item of the standing agenda and what the record says about it.

    Copied from the policy's standing agenda when the session is planned, so a
    later policy does not rewrite an old record. `personal` sections
    (wellbeing and personal matters) are never copied to a child's record.
    """

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="sections"
    )
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("prompt"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"))
    personal = models.BooleanField(_("personal to the worker"), default=False)
    text = models.TextField(_("notes"), blank=True)
    written_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "key"], name="section_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """Something a party wants to talk about, under one standing item."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="agenda_items"
    )
    section_key = models.SlugField(_("agenda item"), max_length=40)
    text = models.CharField(_("what to talk about"), max_length=500)
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    # An open action brought forward for review (issue 4 item 7).
    action = models.ForeignKey(
        "supervision.Action", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "action"],
                condition=models.Q(action__isnull=False),
                name="agenda_action_once",
            )
        ]

    def __str__(self) -> str:
        return self.text


# The fields of a case discussion in the order they are written and read:
# the good case record (Southwark Standard 4), then the reflective group
# case discussion (Appendix 3; hypotheses come out of step 4). The record
# form, the group form, the services and the text for the child's record
# all read these lists. `genogram` is uploaded on its own.
RECORD_FIELDS = (
    "main_purpose",
    "discussion_purpose",
    "progress",
    "child_voice",
    "child_last_seen",
    "risks_and_needs",
    "risk_trend",
    "reflections",
    "previous_actions",
    "decision_rationale",
)
GROUP_FIELDS = (
    "dilemma",
    "case_summary",
    "step_task",
    "step_presentation",
    "step_questions",
    "step_reflection",
    "hypotheses",
    "step_feedback",
    "step_actions_risk",
)


class CaseDiscussion(Tracked):
    """A child's case discussed in a session, in the structure of a good case
    record (Southwark Standard 4), and when it reached the child's record.

    Group sessions add the case brought, its dilemma and the six steps of the
    reflective case discussion (Southwark Appendix 3). `authors` maps each
    field to the id of the user who last wrote it.
    """

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="case_discussions"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="discussions")
    recorded_on = models.DateField(_("written to the child's record on"), null=True, blank=True)
    presented_by = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presented by"),
    )
    main_purpose = models.TextField(_("main purpose of the work"), blank=True, db_default="")
    discussion_purpose = models.TextField(
        _("purpose of this discussion"), blank=True, db_default=""
    )
    progress = models.TextField(_("progress since last time"), blank=True, db_default="")
    child_voice = models.TextField(
        _("the child's voice and lived experience"), blank=True, db_default=""
    )
    child_last_seen = models.DateField(_("child last seen on"), null=True, blank=True)
    risks_and_needs = models.TextField(_("current risks and needs"), blank=True, db_default="")
    risk_trend = models.CharField(
        _("are the risks changing?"),
        max_length=12,
        choices=RiskTrend.choices,
        blank=True,
        db_default="",
    )
    reflections = models.TextField(
        _("dilemmas, hypotheses, reflections and conclusions"), blank=True, db_default=""
    )
    previous_actions = models.TextField(
        _("last time's actions, and reasons for any delay"), blank=True, db_default=""
    )
    decision_rationale = models.TextField(
        _("rationale for significant decisions"), blank=True, db_default=""
    )
    # Group supervision (Southwark Appendix 3).
    dilemma = models.TextField(_("the dilemma brought"), blank=True, db_default="")
    case_summary = models.TextField(_("case summary"), blank=True, db_default="")
    genogram = models.FileField(
        _("genogram"), upload_to="genograms/%Y/%m/", blank=True, db_default="", max_length=300
    )
    step_task = models.TextField(_("1. Marking the task"), blank=True, db_default="")
    step_presentation = models.TextField(_("2. Presenting the case"), blank=True, db_default="")
    step_questions = models.TextField(_("3. Factual questions"), blank=True, db_default="")
    step_reflection = models.TextField(
        _("4. Reflective team discussion"), blank=True, db_default=""
    )
    hypotheses = models.TextField(_("hypotheses"), blank=True, db_default="")
    step_feedback = models.TextField(_("5. Presenter's feedback"), blank=True, db_default="")
    step_actions_risk = models.TextField(
        _("6. Action points and evaluation of risk"), blank=True, db_default=""
    )
    authors = models.JSONField(default=dict, blank=True, db_default={})
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        verbose_name = _("case discussion")
        verbose_name_plural = _("case discussions")
        constraints = [
            models.UniqueConstraint(fields=["session", "case"], name="discussion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} in {self.session}"


class Amendment(models.Model):
    """A change to a locked record: shown beside what it amends, never
    written over it."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="amendments"
    )
    section = models.ForeignKey(
        RecordSection, on_delete=models.CASCADE, null=True, blank=True, related_name="amendments"
    )
    case_discussion = models.ForeignKey(
        CaseDiscussion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amendments",
    )
    text = models.TextField(_("amendment"))
    reason = models.TextField(_("why"))
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(section__isnull=False, case_discussion__isnull=False),
                name="amendment_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SessionEvent(models.Model):
    """The history of a session: planned, moved, held, signed, edits asked
    for, disagreements and amendments, each with who and when."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
