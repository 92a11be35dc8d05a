"""Who may read what: the one place the access rules live (docs/privacy.md).

Every page, export, API endpoint and report asks these functions, through
`supervision.access` for a single record (which also logs the read). Each
`visible_*` function answers a queryset of the records a user may read; each
rule is a small function below (a `Q`, or for sessions, cases and case
discussions a set of keys, their union read once), so a rule reads like the
policy's table:

- a party (supervisee, supervisor, group member or facilitator): the
  session, its record, its agreement and actions;
- a supervisor: also their supervisees' agreements and actions, and the
  case discussions of cases their supervisees hold now;
- a worker: the case discussions of cases allocated to them now or when
  discussed;
- a manager (role): the records of the supervisors they line-manage now;
- a senior manager (role): the records of the supervisors in the teams of
  their services now;
- a director (role): only what an open need-to-know access names;
- an auditor (role): the records in their open audit samples;
- an administrator: no record content (configuration only).

Quality (issue 6, docs/quality.md), at the end of this module:

- supervisee feedback: its supervisee; the session's supervisor only if
  shared; the supervisor's line manager and the service's senior managers
  (never about themselves unless shared); aggregated scores over at least
  five responses for the supervisor, their managers and directors;
- a self-assessment of the balance of functions: its supervisor and their
  line manager;
- an audit sample's findings: its auditor and the senior managers of the
  sampled team's service; its counts by team and period: auditors and
  directors (the organisation), senior managers and managers (their teams).

Nothing crosses organisations: every queryset starts from the viewer's own.
Wellbeing and personal notes (personal record sections) are read only by
the session's parties (`may_read_personal`), whoever else reads the record.
Writing is narrower than reading: `editable_sessions` is the parties only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.people.models import (
    Case,
    CasePeriod,
    StaffMember,
    SupervisoryRelationship,
    TeamMembership,
)
from supervisiondesk.people.selectors import active_on
from supervisiondesk.supervision.models import (
    Action,
    CaseDiscussion,
    RecordSection,
    SessionAttendee,
    SupervisionAgreement,
    SupervisionGroup,
    SupervisionSession,
)

AnyUser = AbstractBaseUser | AnonymousUser
LINE = "line"


@dataclass(frozen=True)
class Viewer:
    """The requesting user with what the rules need, read once per request."""

    user: AnyUser
    staff: StaffMember | None
    roles: frozenset[str]
    today: date

    @property
    def organisation_id(self) -> int | None:
        return self.staff.organisation_id if self.staff else None


def viewer_of(user: AnyUser) -> Viewer:
    cached = getattr(user, "_supervisiondesk_viewer", None)
    if cached is not None:
        return cached
    staff = None
    if user.is_authenticated:
        staff = getattr(user, "_supervisiondesk_staff", None)
        if staff is None:
            staff = StaffMember.objects.select_related("organisation").filter(user=user).first()
            user._supervisiondesk_staff = staff
    # The organisation's today: the middleware has activated its time zone.
    viewer = Viewer(user=user, staff=staff, roles=roles_of(user), today=timezone.localdate())
    if user.is_authenticated:
        user._supervisiondesk_viewer = viewer
    return viewer


# ---------------------------------------------------------------- who is whose


def _supervisees_now(viewer: Viewer, *, kind: str | None = None) -> QuerySet:
    relationships = SupervisoryRelationship.objects.filter(
        active_on(viewer.today), supervisor=viewer.staff
    )
    if kind:
        relationships = relationships.filter(kind=kind)
    return relationships.values("supervisee")


def _managed_supervisors(viewer: Viewer) -> QuerySet | None:
    """The supervisors a manager line-manages today (their own line
    supervisees): a manager monitors the quality of their records."""
    if not viewer.roles & {Role.MANAGER, Role.SENIOR_MANAGER}:
        return None
    return _supervisees_now(viewer, kind=LINE)


def _service_staff(viewer: Viewer) -> QuerySet | None:
    """Everyone in a team of a senior manager's services today."""
    if Role.SENIOR_MANAGER not in viewer.roles:
        return None
    services = TeamMembership.objects.filter(active_on(viewer.today), staff=viewer.staff).values(
        "team__service"
    )
    return TeamMembership.objects.filter(
        active_on(viewer.today), team__service__in=services
    ).values("staff")


def _need_to_know(viewer: Viewer) -> tuple[QuerySet, QuerySet] | None:
    """The workers and the cases a director's open accesses name."""
    if Role.DIRECTOR not in viewer.roles:
        return None
    from supervisiondesk.privacy.models import NeedToKnowAccess

    now = timezone.now()
    grants = NeedToKnowAccess.objects.filter(
        user=viewer.user,
        organisation_id=viewer.organisation_id,
        opened_at__lte=now,
        expires_at__gt=now,
        closed_at__isnull=True,
    )
    return (
        grants.filter(staff__isnull=False).values("staff"),
        grants.filter(case__isnull=False).values("case"),
    )


def _audit_sessions(viewer: Viewer) -> QuerySet | None:
    if Role.AUDITOR not in viewer.roles:
        return None
    from supervisiondesk.quality.models import AuditSample

    samples = AuditSample.objects.filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=viewer.today),
        auditor=viewer.user,
        organisation_id=viewer.organisation_id,
    )
    return samples.values("sessions")


# ---------------------------------------------------------------- sessions (records)


def _party_sessions(viewer: Viewer) -> list[QuerySet]:
    """The sessions the viewer facilitates and those they attend: two sets
    (session keys), not `supervisor = me OR pk IN (...)`, which PostgreSQL
    answers by reading every session of the organisation."""
    sessions = SupervisionSession.objects.filter(organisation_id=viewer.organisation_id)
    return [
        sessions.filter(supervisor=viewer.staff).values("pk"),
        SessionAttendee.objects.filter(staff=viewer.staff).values("session"),
    ]


def _session_sets(viewer: Viewer) -> list[QuerySet]:
    """Every set of sessions the viewer may read (session keys); the rules
    are their union."""
    sessions = SupervisionSession.objects.filter(organisation_id=viewer.organisation_id)
    sets = _party_sessions(viewer)
    managed = _managed_supervisors(viewer)
    if managed is not None:
        sets.append(sessions.filter(supervisor__in=managed).values("pk"))
    service = _service_staff(viewer)
    if service is not None:
        sets.append(sessions.filter(supervisor__in=service).values("pk"))
    grants = _need_to_know(viewer)
    if grants is not None:
        workers, _cases = grants
        sets.append(sessions.filter(supervisor__in=workers).values("pk"))
        sets.append(SessionAttendee.objects.filter(staff__in=workers).values("session"))
    sampled = _audit_sessions(viewer)
    if sampled is not None:
        sets.append(sampled)
    return sets


def _union(sets: list[QuerySet]) -> QuerySet:
    first, *rest = sets
    return first.union(*rest) if rest else first


def visible_sessions(user: AnyUser) -> QuerySet[SupervisionSession]:
    """The supervision records (sessions) a user may read."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return SupervisionSession.objects.none()
    # One set, the union of the rules' sets, each read once through its
    # index (see `visible_cases`).
    return SupervisionSession.objects.filter(
        pk__in=_union(_session_sets(viewer)), organisation_id=viewer.organisation_id
    )


visible_records = visible_sessions


def editable_sessions(user: AnyUser) -> QuerySet[SupervisionSession]:
    """The sessions a user may change: only their parties (the services
    check the finer rules: who signs, who amends)."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return SupervisionSession.objects.none()
    return SupervisionSession.objects.filter(
        pk__in=_union(_party_sessions(viewer)), organisation_id=viewer.organisation_id
    )


def may_read_personal(user: AnyUser, session: SupervisionSession) -> bool:
    """Wellbeing and personal notes: the session's own parties only."""
    viewer = viewer_of(user)
    if viewer.staff is None or session.organisation_id != viewer.organisation_id:
        return False
    if session.supervisor_id == viewer.staff.pk:
        return True
    return SessionAttendee.objects.filter(session=session, staff=viewer.staff).exists()


# ---------------------------------------------------------------- case discussions and cases


def _supervised_cases(viewer: Viewer) -> QuerySet:
    """The cases the viewer's supervisees hold now (their ids)."""
    return CasePeriod.objects.filter(
        active_on(viewer.today), worker__in=_supervisees_now(viewer)
    ).values("case")


def visible_discussions(
    user: AnyUser, *, among: Collection[int] | None = None
) -> QuerySet[CaseDiscussion]:
    """Case discussions follow the child's record: readable with their
    session, and by the child's workers and their supervisors.

    `among` (discussion keys): only which of these; each set is narrowed to
    them before the union, where filtering the union would compute a senior
    manager's whole service first."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return CaseDiscussion.objects.none()
    # The union of sets, read once each (see `visible_cases` for why).
    discussions = CaseDiscussion.objects.filter(session__organisation_id=viewer.organisation_id)
    if among is not None:
        discussions = discussions.filter(pk__in=list(among))
    with_session = discussions.filter(session__in=visible_sessions(user)).values("pk")
    held_now = CasePeriod.objects.filter(active_on(viewer.today), worker=viewer.staff)
    allocated_now = discussions.filter(case__in=held_now.values("case")).values("pk")
    # The case was the viewer's on the session's day: one period (a single
    # filter() call, so the three conditions are on the same period).
    allocated_then = discussions.filter(
        Q(case__periods__worker=viewer.staff)
        & Q(case__periods__start_date__lte=F("session__date"))
        & (
            Q(case__periods__end_date__isnull=True)
            | Q(case__periods__end_date__gte=F("session__date"))
        )
    ).values("pk")
    supervised = discussions.filter(case__in=_supervised_cases(viewer)).values("pk")
    sets = [allocated_now, allocated_then, supervised]
    grants = _need_to_know(viewer)
    if grants is not None:
        sets.append(discussions.filter(case__in=grants[1]).values("pk"))
    return CaseDiscussion.objects.filter(
        pk__in=with_session.union(*sets), session__organisation_id=viewer.organisation_id
    )


def visible_cases(user: AnyUser, *, among: Collection[int] | None = None) -> QuerySet[Case]:
    """A case's page: its workers (ever), their supervisors now, and whoever
    may read one of its discussions. `among` (case keys): only which of
    these (see `visible_discussions`)."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return Case.objects.none()
    # One set, the union of four, not a question asked of each case: the
    # database reads the set once and joins, so a list of the organisation's
    # cases costs the set's size, not subqueries for each of 400,000 cases
    # (benchmarks/api_load.py). Not `a OR b OR c` either: PostgreSQL does
    # not hash a subquery bigger than work_mem, and a senior manager's
    # "discussed" set is (a whole service's) -- it would be read once per case.
    # "Whoever may read one of its discussions" is `discussed`: the rest of
    # `visible_discussions` (the case's workers on the day, its workers'
    # supervisors now, need-to-know) is within the other sets already.
    held = CasePeriod.objects.filter(worker=viewer.staff).values("case")
    supervised = _supervised_cases(viewer)
    discussed = CaseDiscussion.objects.filter(session__in=visible_sessions(user)).values("case")
    granted = None
    grants = _need_to_know(viewer)
    if grants is not None:
        granted = Case.objects.filter(pk__in=grants[1]).values("pk")
    if among is not None:
        keys = list(among)
        held, supervised, discussed = (
            rows.filter(case__in=keys) for rows in (held, supervised, discussed)
        )
        granted = granted.filter(pk__in=keys) if granted is not None else None
    sets = [supervised, discussed] + ([granted] if granted is not None else [])
    return Case.objects.filter(pk__in=held.union(*sets), organisation_id=viewer.organisation_id)


# ---------------------------------------------------------------- agreements, actions, groups


def visible_agreements(user: AnyUser) -> QuerySet[SupervisionAgreement]:
    viewer = viewer_of(user)
    if viewer.staff is None:
        return SupervisionAgreement.objects.none()
    rule = _agreement_party(viewer) | Q(supervisee__in=_supervisees_now(viewer))
    managed = _managed_supervisors(viewer)
    if managed is not None:
        rule |= Q(supervisor__in=managed)
    service = _service_staff(viewer)
    if service is not None:
        rule |= Q(supervisor__in=service)
    grants = _need_to_know(viewer)
    if grants is not None:
        rule |= Q(supervisor__in=grants[0]) | Q(supervisee__in=grants[0])
    return SupervisionAgreement.objects.filter(
        rule, supervisor__organisation_id=viewer.organisation_id
    )


def _agreement_party(viewer: Viewer) -> Q:
    staff = viewer.staff
    return (
        Q(supervisor=staff)
        | Q(supervisee=staff)
        | Q(group__facilitator=staff)
        | Q(
            Exists(
                SupervisionGroup.members.through.objects.filter(
                    supervisiongroup=OuterRef("group"), staffmember=staff
                )
            )
        )
    )


def editable_agreements(user: AnyUser) -> QuerySet[SupervisionAgreement]:
    """An agreement is written and signed by its parties only."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return SupervisionAgreement.objects.none()
    return SupervisionAgreement.objects.filter(
        _agreement_party(viewer), supervisor__organisation_id=viewer.organisation_id
    )


def visible_actions(user: AnyUser) -> QuerySet[Action]:
    viewer = viewer_of(user)
    if viewer.staff is None:
        return Action.objects.none()
    rule = (
        Q(owner=viewer.staff)
        | Q(session__in=visible_sessions(user))
        | Q(owner__in=_supervisees_now(viewer))
    )
    grants = _need_to_know(viewer)
    if grants is not None:
        rule |= Q(owner__in=grants[0])
    return Action.objects.filter(rule, organisation_id=viewer.organisation_id)


def editable_actions(user: AnyUser) -> QuerySet[Action]:
    """An action is updated by its owner and the parties of its session."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return Action.objects.none()
    return Action.objects.filter(
        Q(owner=viewer.staff) | Q(session__in=editable_sessions(user)),
        organisation_id=viewer.organisation_id,
    )


def visible_groups(user: AnyUser) -> QuerySet[SupervisionGroup]:
    viewer = viewer_of(user)
    if viewer.staff is None:
        return SupervisionGroup.objects.none()
    rule = Q(facilitator=viewer.staff) | Q(
        Exists(
            SupervisionGroup.members.through.objects.filter(
                supervisiongroup=OuterRef("pk"), staffmember=viewer.staff
            )
        )
    )
    managed = _managed_supervisors(viewer)
    if managed is not None:
        rule |= Q(facilitator__in=managed)
    service = _service_staff(viewer)
    if service is not None:
        rule |= Q(facilitator__in=service)
    return SupervisionGroup.objects.filter(rule, organisation_id=viewer.organisation_id)


def editable_groups(user: AnyUser) -> QuerySet[SupervisionGroup]:
    viewer = viewer_of(user)
    if viewer.staff is None:
        return SupervisionGroup.objects.none()
    return SupervisionGroup.objects.filter(
        Q(facilitator=viewer.staff)
        | Q(
            Exists(
                SupervisionGroup.members.through.objects.filter(
                    supervisiongroup=OuterRef("pk"), staffmember=viewer.staff
                )
            )
        ),
        organisation_id=viewer.organisation_id,
    )


# ---------------------------------------------------------------- one object


def can_view(user: AnyUser, obj: object) -> bool:
    """May `user` read `obj`? One question for any record type."""
    from supervisiondesk.quality.models import AuditSample, FeedbackResponse, SelfAssessment

    match obj:
        case SupervisionSession():
            return visible_sessions(user).filter(pk=obj.pk).exists()
        case RecordSection():
            if not visible_sessions(user).filter(pk=obj.session_id).exists():
                return False
            return not obj.personal or may_read_personal(user, obj.session)
        case CaseDiscussion():
            return visible_discussions(user).filter(pk=obj.pk).exists()
        case Case():
            return visible_cases(user).filter(pk=obj.pk).exists()
        case SupervisionAgreement():
            return visible_agreements(user).filter(pk=obj.pk).exists()
        case Action():
            return visible_actions(user).filter(pk=obj.pk).exists()
        case SupervisionGroup():
            return visible_groups(user).filter(pk=obj.pk).exists()
        case FeedbackResponse():
            return visible_feedback(user).filter(pk=obj.pk).exists()
        case SelfAssessment():
            return visible_self_assessments(user).filter(pk=obj.pk).exists()
        case AuditSample():
            return visible_audit_samples(user).filter(pk=obj.pk).exists()
    raise TypeError(f"No access rule for {type(obj).__name__}")


# ---------------------------------------------------------------- quality (issue 6)
# Supervisee feedback, self-assessments and audits (docs/quality.md).

FEEDBACK_MIN_RESPONSES = 5


def feedback_aggregate_allowed(count: int) -> bool:
    """Aggregated feedback scores are shown over at least five responses;
    below that, nothing (not a count, not a partial figure). Pure."""
    return count >= FEEDBACK_MIN_RESPONSES


def _overseen_supervisors(viewer: Viewer) -> Q | None:
    """Supervisors whose supervision a viewer oversees: those they
    line-manage (managers) and those of their services (senior managers)."""
    rule = None
    for people in (_managed_supervisors(viewer), _service_staff(viewer)):
        if people is not None:
            part = Q(supervisor__in=people)
            rule = part if rule is None else rule | part
    return rule


def visible_feedback(user: AnyUser):
    """The individual feedback responses a user may read: their own; about
    their supervision only if the supervisee shared it; their supervisors'
    (line manager, senior managers of the service), but never unshared
    feedback about themselves. Directors and auditors: none."""
    from supervisiondesk.quality.models import FeedbackResponse

    viewer = viewer_of(user)
    if viewer.staff is None:
        return FeedbackResponse.objects.none()
    staff = viewer.staff
    rule = Q(respondent=staff) | Q(supervisor=staff, shared_with_supervisor=True)
    overseen = _overseen_supervisors(viewer)
    if overseen is not None:
        rule |= overseen & ~Q(supervisor=staff)
    return FeedbackResponse.objects.filter(rule, organisation_id=viewer.organisation_id)


def feedback_aggregate_supervisors(user: AnyUser) -> QuerySet[StaffMember]:
    """The supervisors whose aggregated feedback scores a user may see: their
    own, those they oversee (managers, senior managers) and, for directors,
    everyone's in the organisation (aggregates only)."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return StaffMember.objects.none()
    people = StaffMember.objects.filter(organisation_id=viewer.organisation_id)
    if Role.DIRECTOR in viewer.roles:
        return people
    rule = Q(pk=viewer.staff.pk)
    for overseen in (_managed_supervisors(viewer), _service_staff(viewer)):
        if overseen is not None:
            rule |= Q(pk__in=overseen)
    return people.filter(rule)


def visible_self_assessments(user: AnyUser):
    """A supervisor's self-assessments: theirs and their line manager's."""
    from supervisiondesk.quality.models import SelfAssessment

    viewer = viewer_of(user)
    if viewer.staff is None:
        return SelfAssessment.objects.none()
    rule = Q(supervisor=viewer.staff)
    managed = _managed_supervisors(viewer)
    if managed is not None:
        rule |= Q(supervisor__in=managed)
    return SelfAssessment.objects.filter(rule, supervisor__organisation_id=viewer.organisation_id)


def _service_teams(viewer: Viewer) -> QuerySet | None:
    if Role.SENIOR_MANAGER not in viewer.roles:
        return None
    from supervisiondesk.people.models import Team

    services = TeamMembership.objects.filter(active_on(viewer.today), staff=viewer.staff).values(
        "team__service"
    )
    return Team.objects.filter(service__in=services).values("pk")


def visible_audit_samples(user: AnyUser):
    """An audit sample with its grades and findings: its auditor, and the
    senior managers of the sampled team's service (who read those records)."""
    from supervisiondesk.quality.models import AuditSample

    viewer = viewer_of(user)
    if viewer.staff is None:
        return AuditSample.objects.none()
    rule = Q(auditor=viewer.user) if Role.AUDITOR in viewer.roles else Q(pk__in=[])
    teams = _service_teams(viewer)
    if teams is not None:
        rule |= Q(team__in=teams)
    return AuditSample.objects.filter(rule, organisation_id=viewer.organisation_id)


def editable_audit_samples(user: AnyUser):
    """Grading: the sample's own auditor, while it is open."""
    from supervisiondesk.quality.models import AuditSample

    viewer = viewer_of(user)
    if viewer.staff is None or Role.AUDITOR not in viewer.roles:
        return AuditSample.objects.none()
    return AuditSample.objects.filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=viewer.today),
        auditor=viewer.user,
        organisation_id=viewer.organisation_id,
        status="open",
    )


def audit_result_teams(user: AnyUser):
    """The teams whose audit results (counts of grades, no findings) a user
    sees: auditors and directors, the organisation's; senior managers,
    their services'; managers, the teams of the people they supervise."""
    from supervisiondesk.accounts.roles import team_scope
    from supervisiondesk.people.models import Team
    from supervisiondesk.people.selectors import visible_teams

    viewer = viewer_of(user)
    if viewer.staff is None:
        return Team.objects.none()
    if viewer.roles & {Role.AUDITOR, Role.DIRECTOR}:
        return Team.objects.filter(organisation_id=viewer.organisation_id)
    if not viewer.roles & {Role.MANAGER, Role.SENIOR_MANAGER}:
        return Team.objects.none()
    return visible_teams(staff=viewer.staff, on=viewer.today, scope=team_scope(viewer.roles))
