"""Audits of supervision records: drawing a sample and grading its records
(docs/quality.md); `followups` takes the findings and actions to the next
session of the pair."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.people.models import Organisation, StaffMember, Team, TeamMembership
from supervisiondesk.quality.arithmetic import NotEnoughRecords, draw
from supervisiondesk.quality.models import AuditGrade, AuditSample
from supervisiondesk.quality.services.common import NotAllowed
from supervisiondesk.quality.services.followups import AUDITED_KINDS, land_now
from supervisiondesk.quality.vocabulary import SampleStatus
from supervisiondesk.supervision.choices import SessionStatus
from supervisiondesk.supervision.models import Action, SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today

SAMPLE_OPEN_DAYS = 90
FINDINGS_MAX = 400


@transaction.atomic
def audit_sample_assign(
    *,
    organisation: Organisation,
    auditor: AbstractBaseUser,
    title: str,
    sessions: Iterable[SupervisionSession],
    closes_on: date | None,
    by: AbstractBaseUser,
) -> AuditSample:
    """Give an auditor a sample of one organisation's records to read
    (chosen by hand; `audit_sample_draw` draws one at random)."""
    if Role.AUDITOR not in roles_of(auditor):
        raise NotAllowed(_("Only an auditor can be given an audit sample."))
    sessions = list(sessions)
    if any(session.organisation_id != organisation.pk for session in sessions):
        raise NotAllowed(_("An audit sample holds records of one organisation only."))
    sample = AuditSample(
        organisation=organisation, auditor=auditor, title=title, closes_on=closes_on, created_by=by
    )
    sample.full_clean()
    sample.save()
    sample.sessions.set(sessions)
    return sample


def sample_candidates(*, team: Team, period_start: date, period_end: date):
    """The held formal one-to-one and group records of the period led by a
    member of the team on the session's day, in a stable order (the draw
    depends on it)."""
    member = TeamMembership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("date")),
        staff=OuterRef("supervisor"),
        team=team,
        start_date__lte=OuterRef("date"),
    )
    return (
        SupervisionSession.objects.filter(
            Exists(member),
            organisation=team.organisation_id,
            status=SessionStatus.HELD,
            kind__in=AUDITED_KINDS,
            date__gte=period_start,
            date__lte=period_end,
        )
        .order_by("date", "session_id")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def audit_sample_draw(
    *,
    team: Team,
    period_start: date,
    period_end: date,
    size: int,
    auditor: AbstractBaseUser,
    seed: int | None = None,
    by: AbstractBaseUser,
    title: str = "",
    closes_on: date | None = None,
) -> AuditSample:
    """Draw `size` records of a team's period at random, for `auditor` to
    grade. The seed is stored: the same seed on the same records draws the
    same sample. Auditors draw their own samples."""
    if Role.AUDITOR not in roles_of(auditor):
        raise NotAllowed(_("Only an auditor can be given an audit sample."))
    if by.pk != auditor.pk:
        raise NotAllowed(_("Auditors draw their own samples."))
    staff = StaffMember.objects.filter(user=auditor, organisation=team.organisation_id).first()
    if staff is None:
        raise NotAllowed(_("The team belongs to another organisation."))
    if period_end < period_start:
        raise NotAllowed(_("The period ends before it starts."))
    if size < 1:
        raise NotAllowed(_("Ask for one record at least."))
    seed = secrets.randbelow(2**31) if seed is None else seed
    candidates = list(
        sample_candidates(team=team, period_start=period_start, period_end=period_end)
    )
    try:
        chosen = draw(candidates, size, seed)
    except NotEnoughRecords as short:
        raise NotAllowed(
            _(
                "%(team)s has %(available)s held records between %(start)s and %(end)s: "
                "ask for %(available)s at most, or choose a longer period."
            )
            % {
                "team": team.name,
                "available": short.available,
                "start": period_start.isoformat(),
                "end": period_end.isoformat(),
            }
        ) from short
    today = organisation_today(team.organisation)
    sample = AuditSample(
        organisation=team.organisation,
        auditor=auditor,
        title=title.strip()
        or _("%(team)s, %(start)s to %(end)s")
        % {"team": team.name, "start": period_start.isoformat(), "end": period_end.isoformat()},
        team=team,
        period_start=period_start,
        period_end=period_end,
        size=size,
        seed=seed,
        closes_on=closes_on or today + timedelta(days=SAMPLE_OPEN_DAYS),
        created_by=by,
    )
    sample.full_clean()
    sample.save()
    sample.sessions.set(chosen)
    return sample


def _check_grader(sample: AuditSample, by: AbstractBaseUser) -> None:
    if sample.auditor_id != by.pk:
        raise NotAllowed(_("Only the sample's auditor grades its records."))
    today = organisation_today(sample.organisation)
    if sample.status != SampleStatus.OPEN or (sample.closes_on and sample.closes_on < today):
        raise NotAllowed(_("This sample is closed."))


@transaction.atomic
def audit_grade_save(
    *,
    sample: AuditSample,
    session: SupervisionSession,
    standards: Mapping[str, str],
    domains: Mapping[str, str],
    findings: str,
    by: AbstractBaseUser,
) -> AuditGrade:
    """Grade one record of the sample (again, while the sample is open).
    Findings go to the pair's next planned session, now or when planned."""
    _check_grader(sample, by)
    if not sample.sessions.filter(pk=session.pk).exists():
        raise NotAllowed(_("This record is not in the sample."))
    if len(findings.strip()) > FINDINGS_MAX:
        raise NotAllowed(
            _("Keep the findings to %(count)s characters: they become an agenda item.")
            % {"count": FINDINGS_MAX}
        )
    grade = AuditGrade.objects.filter(sample=sample, session=session).first()
    if grade is None:
        grade = AuditGrade(sample=sample, session=session)
    elif grade.findings_item_id and findings.strip() != grade.findings:
        raise NotAllowed(
            _("The findings are already on the agenda of the next session: add an action instead.")
        )
    grade.standards = dict(standards)
    grade.domains = dict(domains)
    grade.findings = findings.strip()
    grade.graded_by = by
    grade.full_clean()
    grade.save()
    land_now(grade)
    return grade


@transaction.atomic
def audit_action_add(
    *,
    grade: AuditGrade,
    description: str,
    owner: StaffMember,
    due_on: date,
    by: AbstractBaseUser,
) -> Action:
    """An action from the audit of a record, owned by its supervisor or a
    supervisee: an ordinary action from now on (on its owner's list,
    updated by them), put on the pair's next planned session."""
    _check_grader(grade.sample, by)
    session = grade.session
    people = {session.supervisor_id, *session.attendees.values_list("staff_id", flat=True)}
    if owner.pk not in people:
        raise NotAllowed(_("An audit action is owned by the supervisor or a supervisee."))
    if not description.strip():
        raise NotAllowed(_("Say what is to be done."))
    action = Action(
        organisation=session.organisation,
        description=_("Audit: %(text)s") % {"text": description.strip()},
        owner=owner,
        due_on=due_on,
        created_by=by,
    )
    action.full_clean()
    action.save()
    grade.actions.add(action)
    land_now(grade)
    action.refresh_from_db(fields=["session"])
    return action


@transaction.atomic
def audit_sample_complete(*, sample: AuditSample, by: AbstractBaseUser) -> AuditSample:
    """Every record graded: the sample is complete and reads as final."""
    _check_grader(sample, by)
    if sample.grades.count() < sample.sessions.count():
        raise NotAllowed(_("Grade every record of the sample first."))
    sample.status = SampleStatus.COMPLETED
    sample.completed_on = organisation_today(sample.organisation)
    sample.full_clean()
    sample.save(update_fields=["status", "completed_on"])
    return sample
