"""The closed loop of an audit: its findings and actions go to the next
planned session of the audited pair (or group), now or when it is planned
(docs/quality.md, "The closed loop")."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from supervisiondesk.quality.models import AuditGrade
from supervisiondesk.supervision.choices import ActionStatus, SessionKind, SessionStatus
from supervisiondesk.supervision.models import AgendaItem, SupervisionSession
from supervisiondesk.supervision.services.sessions import sections_ensure

# Formal one-to-one and group records: the records a policy's standards are
# about (informal consultations and peer sessions are not sampled).
AUDITED_KINDS = (SessionKind.INDIVIDUAL_FORMAL, SessionKind.GROUP)
CALLED_OFF = (SessionStatus.CANCELLED, SessionStatus.POSTPONED)


def _pair_sessions(audited: SupervisionSession):
    """Sessions of the same supervisor with the same group, or with one of
    the audited record's supervisees one-to-one."""
    sessions = SupervisionSession.objects.filter(supervisor=audited.supervisor_id)
    if audited.group_id:
        return sessions.filter(group=audited.group_id)
    people = audited.attendees.values("staff")
    return sessions.filter(
        group__isnull=True, kind=SessionKind.INDIVIDUAL_FORMAL, attendees__staff__in=people
    ).distinct()


def _next_planned(audited: SupervisionSession) -> SupervisionSession | None:
    """The pair's earliest session still planned after the audited record."""
    return (
        _pair_sessions(audited)
        .filter(status=SessionStatus.PLANNED, date__gt=audited.date)
        .order_by("date", "start_time", "pk")
        .first()
    )


def _findings_pending(grade: AuditGrade) -> bool:
    """Findings not yet on an agenda, or on one of a session called off."""
    if not grade.findings:
        return False
    item = grade.findings_item
    return item is None or item.session.status in CALLED_OFF


def _land(grade: AuditGrade, session: SupervisionSession) -> None:
    """Put the grade's pending findings and open actions on `session`."""
    if _findings_pending(grade):
        # Sessions from a data folder or the demo come without their agenda.
        sections_ensure(session=session)
        # Under the review of actions, as actions brought forward are; a
        # policy's own agenda without one: its first item that is not personal.
        keys = list(session.sections.order_by("personal", "position").values_list("key", flat=True))
        section = "actions_review" if "actions_review" in keys else next(iter(keys), "")
        text = _("Audit findings (%(sample)s, record of %(day)s): %(findings)s") % {
            "sample": grade.sample.title,
            "day": grade.session.date.isoformat(),
            "findings": grade.findings,
        }
        item = AgendaItem(
            session=session, section_key=section, text=text[:500], added_by=grade.graded_by
        )
        item.full_clean()
        item.save()
        grade.findings_item = item
        grade.save(update_fields=["findings_item"])
    # An open action becomes one of the session's actions: from there it
    # comes back on every later agenda of the pair until done
    # (supervision.services.sessions.actions_bring_forward).
    grade.actions.filter(session__isnull=True, status=ActionStatus.OPEN).update(session=session)


def land_now(grade: AuditGrade) -> None:
    session = _next_planned(grade.session)
    if session is not None:
        _land(grade, session)


def audit_followups_land(*, session: SupervisionSession) -> int:
    """A session has just been planned: the audit findings and actions
    waiting for its pair come onto its agenda. The number of grades landed."""
    if session.status != SessionStatus.PLANNED or session.kind not in AUDITED_KINDS:
        return 0
    waiting = (
        AuditGrade.objects.filter(session__supervisor=session.supervisor_id)
        .filter(
            Q(findings_item__isnull=True)
            | Q(findings_item__session__status__in=CALLED_OFF)
            | Q(actions__session__isnull=True, actions__status=ActionStatus.OPEN)
        )
        .select_related("session", "sample", "findings_item__session", "graded_by")
        .distinct()
    )
    landed = 0
    for grade in waiting:
        if not _pair_sessions(grade.session).filter(pk=session.pk).exists():
            continue
        has_actions = grade.actions.filter(session__isnull=True, status=ActionStatus.OPEN).exists()
        if not (_findings_pending(grade) or has_actions):
            continue
        _land(grade, session)
        landed += 1
    return landed


def session_planned_receiver(sender, *, session: SupervisionSession, **kwargs) -> None:
    """Receives `supervision.services.sessions.session_planned`."""
    audit_followups_land(session=session)
