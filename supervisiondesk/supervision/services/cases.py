"""The child's record side of supervision: when a case discussion was written
to the child's record, management decisions on a case, and informal
consultations.

An informal consultation is management oversight on a case, not formal
supervision: it is a held `individual_informal` session, a kind no preset
lists among the qualifying sessions of a case (compliance.md section 3), so
the compliance engine never counts it towards a case's supervision.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.people.models import Case, CasePeriod, StaffMember, SupervisoryRelationship
from supervisiondesk.people.selectors import active_on
from supervisiondesk.supervision.agenda import NOTES_ITEM, NOTES_KEY
from supervisiondesk.supervision.choices import EventKind, SessionKind, SessionStatus
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    ManagementDecision,
    RecordSection,
    SessionAttendee,
    SupervisionSession,
)
from supervisiondesk.supervision.services.common import (
    NotAllowed,
    event_add,
    new_session_id,
    organisation_today,
    staff_of_user,
)

# Managers decide on any case of their organisation (Southwark 1.6: ad hoc
# decisions by the team or service manager), not only their supervisees'.
DECIDING_ROLES = frozenset({Role.MANAGER, Role.SENIOR_MANAGER})


def worker_on(case: Case, day: date) -> StaffMember | None:
    """Who held the case on `day`, if anyone."""
    period = CasePeriod.objects.filter(active_on(day), case=case).select_related("worker").first()
    return period.worker if period else None


def supervises_today(supervisor: StaffMember, supervisee: StaffMember) -> bool:
    """An active relationship of any kind between them on the organisation's today."""
    today = organisation_today(supervisor.organisation)
    return SupervisoryRelationship.objects.filter(
        active_on(today), supervisor=supervisor, supervisee=supervisee
    ).exists()


def may_decide(*, staff: StaffMember, user: AbstractBaseUser, case: Case, on: date) -> bool:
    """May `staff` (logged in as `user`) record a management decision on
    `case` made on `on`? Their supervisee held it that day, or they are a
    manager or senior manager of the case's organisation."""
    if staff.organisation_id != case.organisation_id:
        return False
    if roles_of(user) & DECIDING_ROLES:
        return True
    worker = worker_on(case, on)
    return worker is not None and supervises_today(staff, worker)


# ---------------------------------------------------------------- the child's record


@transaction.atomic
def case_discussion_mark_recorded(
    *, discussion: CaseDiscussion, on: date, by: AbstractBaseUser
) -> CaseDiscussion:
    """Say on which day the discussion was written to the child's record.

    Either party of the session may say so, once the session is held, for a
    day between the session and today. Setting it again corrects it: the old
    date stays in the session's history (an `amended` event), since the
    compliance report reads this date for the timeliness of case records.
    """
    # Locked so that two people marking at once do not lose each other's entry.
    discussion = (
        CaseDiscussion.objects.select_for_update()
        .select_related("session", "session__organisation", "case")
        .get(pk=discussion.pk)
    )
    session = discussion.session
    staff = staff_of_user(by, session.organisation)
    if session.supervisor_id != staff.pk and not session.attendees.filter(staff=staff).exists():
        raise NotAllowed(
            _("Only the supervisor or a supervisee of the session can say this was written.")
        )
    if session.status != SessionStatus.HELD:
        raise NotAllowed(_("The session has not been held: nothing is written to the record yet."))
    if on < session.date:
        raise NotAllowed(
            _("The date is before the session (%(date)s).") % {"date": session.date.isoformat()}
        )
    if on > organisation_today(session.organisation):
        raise NotAllowed(_("The date is in the future: record it once it is written."))
    before = discussion.recorded_on
    if before == on:
        return discussion
    discussion.recorded_on = on
    discussion.authors = {**(discussion.authors or {}), "recorded_on": by.pk}
    # Only these two columns: the discussion's text and version are the record
    # form's, and saving them here could undo an edit made meanwhile.
    discussion.save(update_fields=["recorded_on", "authors"])
    if before is not None:
        event_add(
            session=session,
            kind=EventKind.AMENDED,
            by=by,
            text=_(
                "Date %(case)s was written to the child's record corrected from %(before)s "
                "to %(after)s."
            )
            % {
                "case": discussion.case.case_id,
                "before": before.isoformat(),
                "after": on.isoformat(),
            },
        )
    return discussion


# ---------------------------------------------------------------- decisions


@transaction.atomic
def management_decision_add(
    *,
    case: Case,
    decided_on: date,
    decision: str,
    rationale: str,
    worker: StaffMember | None = None,
    by: AbstractBaseUser,
) -> ManagementDecision:
    """An ad hoc decision on a case, outside formal supervision: who decided
    (the person recording it), what, why, and the worker consulted."""
    staff = staff_of_user(by, case.organisation)
    if decided_on > organisation_today(case.organisation):
        raise NotAllowed(_("A decision is recorded once it is made: the date is in the future."))
    if not may_decide(staff=staff, user=by, case=case, on=decided_on):
        raise NotAllowed(
            _(
                "Only the supervisor of the worker who held this case on that day, or a "
                "manager, can record a decision on it."
            )
        )
    if worker is not None and worker.organisation_id != case.organisation_id:
        raise NotAllowed(_("The worker belongs to another organisation."))
    made = ManagementDecision(
        case=case,
        decided_on=decided_on,
        decided_by=staff,
        worker=worker,
        decision=decision.strip(),
        rationale=rationale.strip(),
        recorded_by=by,
    )
    made.full_clean()
    made.save()
    return made


def _decision_text(decision: str, rationale: str) -> str:
    return _("Decision: %(decision)s\nRationale: %(rationale)s") % {
        "decision": decision.strip(),
        "rationale": rationale.strip(),
    }


@transaction.atomic
def informal_consultation_record(
    *,
    supervisor: StaffMember,
    supervisee: StaffMember,
    date: date,
    notes: str,
    by: AbstractBaseUser,
    duration_minutes: int | None = None,
    case: Case | None = None,
    decision: str = "",
    rationale: str = "",
) -> SupervisionSession:
    """An unplanned consultation, recorded once it has happened: a held
    informal session with its notes, and, when it settled something on a
    case, the management decision and the case's discussion so that the
    case's history shows it (written to the child's record later, like any
    case discussion)."""
    organisation = supervisor.organisation
    if staff_of_user(by, organisation).pk != supervisor.pk:
        raise NotAllowed(_("Record your own consultations only."))
    if supervisee.pk == supervisor.pk or not supervises_today(supervisor, supervisee):
        raise NotAllowed(_("%(name)s is not your supervisee today.") % {"name": supervisee.name})
    if date > organisation_today(organisation):
        raise NotAllowed(
            _("Record a consultation once it has happened: the date is in the future.")
        )
    if not notes.strip():
        raise NotAllowed(_("Write what was discussed and agreed."))
    if decision.strip() and case is None:
        raise NotAllowed(_("Choose the case the decision is about."))
    if case is not None:
        if not decision.strip():
            raise NotAllowed(_("Write the decision made on the case."))
        if worker_on(case, date) != supervisee:
            raise NotAllowed(
                _("That case was not allocated to %(name)s on %(date)s.")
                % {"name": supervisee.name, "date": date.isoformat()}
            )

    session = SupervisionSession(
        organisation=organisation,
        session_id=new_session_id(),
        kind=SessionKind.INDIVIDUAL_INFORMAL,
        status=SessionStatus.HELD,
        date=date,
        duration_minutes=duration_minutes,
        supervisor=supervisor,
        # Its record is these notes, complete the day they are written (not
        # the consultation's date: a note written a week later is late).
        recorded_on=organisation_today(organisation),
        created_by=by,
    )
    session.full_clean()
    session.save()
    SessionAttendee.objects.create(session=session, staff=supervisee)
    title, prompt = NOTES_ITEM
    RecordSection.objects.create(
        session=session,
        key=NOTES_KEY,
        title=str(title),
        prompt=str(prompt),
        position=0,
        text=notes.strip(),
        written_by=by,
        written_at=timezone.now(),
    )
    event_add(session=session, kind=EventKind.HELD, by=by)
    if case is not None:
        # The decision first: a missing rationale stops everything here, and
        # the transaction takes the session back with it.
        made = ManagementDecision(
            case=case,
            decided_on=date,
            decided_by=supervisor,
            worker=supervisee,
            decision=decision.strip(),
            rationale=rationale.strip(),
            session=session,
            recorded_by=by,
        )
        made.full_clean()
        made.save()
        CaseDiscussion.objects.create(
            session=session,
            case=case,
            presented_by=supervisee,
            decision_rationale=_decision_text(decision, rationale),
            authors={"decision_rationale": by.pk},
        )
    return session
