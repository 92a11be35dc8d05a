"""Retention: how long each kind of supervision record is kept, what is due
for removal on a given day, and the purge that removes it (docs/privacy.md,
"Retention and purge").

Each record type counts its years (DEFAULT_YEARS, or the organisation's
`RetentionRule`) from one date:

- one-to-one sessions (formal and informal): 6 years from the day the
  supervisee's employment ended (`StaffMember.end_date`; with several
  attendees, the last of them to leave);
- group and peer sessions: 6 years from the session's date;
- agreements: 6 years from the day the supervisee's employment ended (a
  group's agreement: the last of its members to leave; its facilitator when
  it has no members);
- case discussions: 25 years from the day the child's case closed, the
  latest `CasePeriod.end_date` once every period of the case has ended;
- supervisee feedback: 3 years from the session's date;
- audits of records: 6 years from the day the audit ended;
- supervisors' self-assessments of the balance of functions, and the
  development records (learning plans, competency self-assessments, CPD
  logs, observations of practice): 6 years from the day the worker's
  employment ended; wellbeing and self-care plans: 1 year from it.
  (`retention_records.py` finds and removes these.)

Someone still employed, a case with an open period, or a case with no
periods at all is never due. A record is kept up to and including the
anniversary of its date (29 February's is 28 February in a common year) and
is due from the day after. An organisation's `RetentionRule` rows override
the defaults, type by type.

Case discussions follow the child's record, not the worker's: a session that
is due but holds a discussion of a case that is not loses everything that
belongs to the worker and keeps only its row (date, kind, supervisor,
attendees), so the kept discussion still says when, with whom and by whom it
was discussed. `PurgePlan` lists what goes; `purge_run` removes it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.db.models.functions import Now
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supervisiondesk.people.models import Case, CasePeriod, Organisation, StaffMember
from supervisiondesk.privacy.models import AccessEvent, Channel, RecordType, RetentionRule
from supervisiondesk.privacy.services import access_log_add
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    Amendment,
    CaseDiscussion,
    RecordSection,
    SessionAttendee,
    SessionEvent,
    SupervisionAgreement,
    SupervisionSession,
)
from supervisiondesk.supervision.services.common import organisation_today

# The years each record type is kept when the organisation has no rule of
# its own (privacy.RetentionRule), and what they count from (see above).
DEFAULT_YEARS: dict[str, int] = {
    RecordType.ONE_TO_ONE.value: 6,  # after the supervisee's employment ends
    RecordType.GROUP.value: 6,  # after the session's date
    RecordType.AGREEMENT.value: 6,  # after the supervisee's employment ends
    RecordType.CASE_DISCUSSION.value: 25,  # after the child's case closes
    # docs/privacy.md says why each of these is what it is.
    RecordType.FEEDBACK.value: 3,  # after the session
    RecordType.AUDIT.value: 6,  # after the audit ends
    RecordType.SELF_ASSESSMENT.value: 6,  # after the supervisor's employment ends
    RecordType.DEVELOPMENT.value: 6,  # after the worker's employment ends
    RecordType.WELLBEING_PLAN.value: 1,  # after the worker's employment ends
}

# Which record type a session is. A kind missing here is never purged.
SESSION_RECORD_TYPE: dict[str, str] = {
    SessionKind.INDIVIDUAL_FORMAL.value: RecordType.ONE_TO_ONE.value,
    SessionKind.INDIVIDUAL_INFORMAL.value: RecordType.ONE_TO_ONE.value,
    SessionKind.GROUP.value: RecordType.GROUP.value,
    SessionKind.PEER.value: RecordType.GROUP.value,
}

# Deletes and IN lists go in batches: SQLite limits a statement's parameters.
BATCH = 500


class PurgeRefused(Exception):
    """The purge would remove records before their time; nothing was done."""


# ---------------------------------------------------------------- date arithmetic


def kept_until(start: date, years: int) -> date:
    """The last day a record counted from `start` is kept: the anniversary
    `years` later (29 February's falls on 28 February in a common year)."""
    return start + relativedelta(years=years)


def is_due(start: date, years: int, today: date) -> bool:
    """Due from the day after the anniversary, never on it: a record is
    never removed a day early."""
    return today > kept_until(start, years)


def latest_due_start(today: date, years: int) -> date:
    """The latest start date whose record is due on `today`.

    `is_due` only grows with time passed, so `is_due(s, years, today)` holds
    exactly when `s <= latest_due_start(today, years)`: the database filters
    on this one date instead of every row being checked in Python.
    """
    candidate = today - relativedelta(years=years)
    while not is_due(candidate, years, today):
        candidate -= timedelta(days=1)
    while is_due(candidate + timedelta(days=1), years, today):
        candidate += timedelta(days=1)
    return candidate


def retention_years(*, organisation: Organisation) -> dict[str, int]:
    """The organisation's years per record type: its rules over the defaults."""
    years = dict(DEFAULT_YEARS)
    years.update(
        RetentionRule.objects.filter(organisation=organisation).values_list("record_type", "years")
    )
    return years


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class DueSession:
    """A session whose record is due. With `kept_discussions` it is emptied
    (its row and attendees stay for those discussions), else deleted."""

    pk: int
    session_id: str
    date: date
    kind: str
    record_type: str
    whose: str
    reason: str
    kept_discussions: int = 0

    @property
    def deleted(self) -> bool:
        return self.kept_discussions == 0


@dataclass(frozen=True)
class DueAgreement:
    pk: int
    supervisor: str
    party: str
    reason: str


@dataclass(frozen=True)
class DueDiscussion:
    pk: int
    case_id: str
    session_pk: int
    session_id: str
    date: date
    reason: str
    genogram: str = ""


@dataclass(frozen=True)
class DueRecord:
    """A quality or development record that is due (privacy.retention_records):
    `kind` names its model, as in the purge's log entry."""

    kind: str
    record_type: str
    pk: int
    date: date
    what: str
    reason: str


@dataclass
class PurgePlan:
    """What is due on `today`: read by the command to list it, by
    `purge_run` to remove it and by the access log entry to count it."""

    organisation_id: int
    today: date
    years: dict[str, int]
    sessions: list[DueSession] = field(default_factory=list)
    agreements: list[DueAgreement] = field(default_factory=list)
    case_discussions: list[DueDiscussion] = field(default_factory=list)
    records: list[DueRecord] = field(default_factory=list)
    # Sessions past their time, already emptied, that stay for case
    # discussions not yet due: nothing to remove, so not listed.
    held_back: int = 0

    @property
    def deleted_sessions(self) -> list[DueSession]:
        return [s for s in self.sessions if s.deleted]

    @property
    def emptied_sessions(self) -> list[DueSession]:
        return [s for s in self.sessions if not s.deleted]

    def sessions_of(self, record_type: str) -> list[DueSession]:
        return [s for s in self.sessions if s.record_type == record_type]

    def records_of(self, record_type: str) -> list[DueRecord]:
        return [r for r in self.records if r.record_type == record_type]

    @property
    def is_empty(self) -> bool:
        return not (self.sessions or self.agreements or self.case_discussions or self.records)

    def counts(self) -> dict[str, int]:
        return {
            "sessions_deleted": len(self.deleted_sessions),
            "sessions_emptied": len(self.emptied_sessions),
            "agreements": len(self.agreements),
            "case_discussions": len(self.case_discussions),
            **{
                record_type: len(self.records_of(record_type))
                for record_type in _record_types_elsewhere()
            },
        }

    def ids(self) -> dict[str, list]:
        """Sessions by their id in data folders, the rest by primary key."""
        return {
            "sessions_deleted": [s.session_id for s in self.deleted_sessions],
            "sessions_emptied": [s.session_id for s in self.emptied_sessions],
            "agreements": [a.pk for a in self.agreements],
            "case_discussions": [d.pk for d in self.case_discussions],
            **{kind: [r.pk for r in self.records if r.kind == kind] for kind in _kinds_elsewhere()},
        }


def _record_types_elsewhere() -> tuple[str, ...]:
    from supervisiondesk.privacy.retention_records import RECORD_TYPES

    return RECORD_TYPES


def _kinds_elsewhere() -> tuple[str, ...]:
    from supervisiondesk.privacy.retention_records import KINDS

    return tuple(KINDS)


def _kept(years: int) -> str:
    return ngettext("kept %(years)d year", "kept %(years)d years", years) % {"years": years}


def _left(person: StaffMember, years: int) -> str:
    return _("staff %(name)s left on %(date)s; %(kept)s") % {
        "name": person.name,
        "date": person.end_date.isoformat(),
        "kept": _kept(years),
    }


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _due_discussions(organisation: Organisation, today: date, years: int) -> list[DueDiscussion]:
    """Discussions of cases closed long enough ago, wherever they were held."""
    cutoff = latest_due_start(today, years)
    still_open = CasePeriod.objects.filter(case=OuterRef("pk"), end_date__isnull=True)
    closed = dict(
        Case.objects.filter(organisation=organisation)
        .filter(Exists(CaseDiscussion.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(still_open))
        .annotate(closed_on=Max("periods__end_date"))
        .filter(closed_on__lte=cutoff)
        .values_list("pk", "closed_on")
    )
    due = []
    for batch in _batches(closed):
        rows = CaseDiscussion.objects.filter(case_id__in=batch).values_list(
            "pk",
            "case_id",
            "case__case_id",
            "session_id",
            "session__session_id",
            "session__date",
            "genogram",
        )
        for pk, case_pk, case_id, session_pk, session_id, day, genogram in rows:
            reason = _("case %(case)s closed on %(date)s; %(kept)s") % {
                "case": case_id,
                "date": closed[case_pk].isoformat(),
                "kept": _kept(years),
            }
            due.append(
                DueDiscussion(pk, case_id, session_pk, session_id, day, reason, genogram or "")
            )
    due.sort(key=lambda d: (d.date, d.session_id, d.case_id))
    return due


def _due_sessions(
    organisation: Organisation, today: date, years: dict[str, int]
) -> list[tuple[SupervisionSession, str, str]]:
    """(session, record type, reason) of every session whose own record is due."""
    attendees = Prefetch(
        "attendees",
        queryset=SessionAttendee.objects.select_related("staff").order_by("staff__name"),
    )
    one_to_one_years = years[RecordType.ONE_TO_ONE]
    cutoff = latest_due_start(today, one_to_one_years)
    present = SessionAttendee.objects.filter(session=OuterRef("pk"))
    still_employed = present.filter(Q(staff__end_date__isnull=True) | Q(staff__end_date__gt=cutoff))
    kinds = [k for k, t in SESSION_RECORD_TYPE.items() if t == RecordType.ONE_TO_ONE]
    one_to_one = (
        SupervisionSession.objects.filter(organisation=organisation, kind__in=kinds)
        .filter(Exists(present))
        .exclude(Exists(still_employed))
        .prefetch_related(attendees)
    )
    due = []
    for session in one_to_one:
        last = max((a.staff for a in session.attendees.all()), key=lambda s: s.end_date)
        due.append((session, RecordType.ONE_TO_ONE.value, _left(last, one_to_one_years)))

    group_years = years[RecordType.GROUP]
    kinds = [k for k, t in SESSION_RECORD_TYPE.items() if t == RecordType.GROUP]
    groups = (
        SupervisionSession.objects.filter(
            organisation=organisation,
            kind__in=kinds,
            date__lte=latest_due_start(today, group_years),
        )
        .select_related("group")
        .prefetch_related(attendees)
    )
    for session in groups:
        reason = _("session on %(date)s; %(kept)s") % {
            "date": session.date.isoformat(),
            "kept": _kept(group_years),
        }
        due.append((session, RecordType.GROUP.value, reason))
    return due


def _has_worker_content(session_pks: list[int]) -> set[int]:
    """Those of the sessions that still hold something of the worker's
    record (an emptied session has none: it is not listed again)."""
    found: set[int] = set()
    for batch in _batches(session_pks):
        for queryset in (
            RecordSection.objects.filter(session_id__in=batch),
            AgendaItem.objects.filter(session_id__in=batch),
            SessionEvent.objects.filter(session_id__in=batch),
            Action.objects.filter(session_id__in=batch, case_discussion__isnull=True),
            Amendment.objects.filter(session_id__in=batch, case_discussion__isnull=True),
        ):
            found.update(queryset.values_list("session_id", flat=True).distinct())
        found.update(
            SupervisionSession.objects.filter(pk__in=batch)
            .exclude(disagreement="", cancel_reason="", place="", video_link="")
            .values_list("pk", flat=True)
        )
    return found


def _due_agreements(organisation: Organisation, today: date, years: int) -> list[DueAgreement]:
    cutoff = latest_due_start(today, years)
    due = []
    pairs = SupervisionAgreement.objects.filter(
        supervisee__organisation=organisation, supervisee__end_date__lte=cutoff
    ).select_related("supervisor", "supervisee")
    for agreement in pairs:
        due.append(
            DueAgreement(
                agreement.pk,
                agreement.supervisor.name,
                agreement.supervisee.name,
                _left(agreement.supervisee, years),
            )
        )
    groups = SupervisionAgreement.objects.filter(
        group__organisation=organisation, supervisee__isnull=True
    ).select_related("supervisor", "group", "group__facilitator")
    for agreement in groups.prefetch_related("group__members"):
        parties = list(agreement.group.members.all()) or [agreement.group.facilitator]
        if any(p.end_date is None or p.end_date > cutoff for p in parties):
            continue
        last = max(parties, key=lambda p: p.end_date)
        due.append(
            DueAgreement(
                agreement.pk, agreement.supervisor.name, agreement.group.name, _left(last, years)
            )
        )
    due.sort(key=lambda a: a.pk)
    return due


def purge_plan(*, organisation: Organisation, today: date) -> PurgePlan:
    """What is due for removal on `today` (the organisation's day); reads
    only, so the command can show it before anything is removed."""
    years = retention_years(organisation=organisation)
    plan = PurgePlan(organisation_id=organisation.pk, today=today, years=years)
    plan.case_discussions = _due_discussions(organisation, today, years[RecordType.CASE_DISCUSSION])
    due_discussions = {d.pk for d in plan.case_discussions}
    due_sessions = _due_sessions(organisation, today, years)
    kept: dict[int, int] = defaultdict(int)
    for batch in _batches(session.pk for session, _type, _reason in due_sessions):
        for pk, session_pk in CaseDiscussion.objects.filter(session_id__in=batch).values_list(
            "pk", "session_id"
        ):
            if pk not in due_discussions:
                kept[session_pk] += 1
    with_content = _has_worker_content([s.pk for s, _type, _reason in due_sessions if kept[s.pk]])
    for session, record_type, reason in due_sessions:
        if kept[session.pk] and session.pk not in with_content:
            plan.held_back += 1  # nothing of the worker's left; its discussions are not due
            continue
        whose = (
            session.group.name
            if session.group_id
            else ", ".join(a.staff.name for a in session.attendees.all())
        )
        plan.sessions.append(
            DueSession(
                pk=session.pk,
                session_id=session.session_id,
                date=session.date,
                kind=session.kind,
                record_type=record_type,
                whose=whose,
                reason=reason,
                kept_discussions=kept[session.pk],
            )
        )
    plan.sessions.sort(key=lambda s: (s.date, s.session_id))
    plan.agreements = _due_agreements(organisation, today, years[RecordType.AGREEMENT])
    # Imported here: that module builds on this one's arithmetic and DueRecord.
    from supervisiondesk.privacy.retention_records import due_records

    plan.records = due_records(organisation=organisation, today=today, years=years)
    return plan


# ---------------------------------------------------------------- the purge


def _remove(plan: PurgePlan) -> None:
    """Delete what the plan lists, in an order that never cascades into a
    record that is kept."""
    deleted = [s.pk for s in plan.deleted_sessions]
    emptied = [s.pk for s in plan.emptied_sessions]
    discussions = [d.pk for d in plan.case_discussions]
    losing_agenda = set(deleted) | set(emptied)

    # An action brought forward onto a kept session's agenda: the kept item
    # keeps its text and loses the link (a cascade would delete it).
    doomed: set[int] = set()
    for batch in _batches(discussions):
        doomed.update(
            Action.objects.filter(case_discussion_id__in=batch).values_list("pk", flat=True)
        )
    for batch in _batches(deleted):
        doomed.update(Action.objects.filter(session_id__in=batch).values_list("pk", flat=True))
    for batch in _batches(emptied):
        doomed.update(
            Action.objects.filter(session_id__in=batch, case_discussion__isnull=True).values_list(
                "pk", flat=True
            )
        )
    linked = []
    for batch in _batches(doomed):
        linked += [
            pk
            for pk, session_pk in AgendaItem.objects.filter(action_id__in=batch).values_list(
                "pk", "session_id"
            )
            if session_pk not in losing_agenda
        ]
    for batch in _batches(linked):
        AgendaItem.objects.filter(pk__in=batch).update(action=None)

    # Case discussions that are due, with their actions and amendments.
    for batch in _batches(discussions):
        CaseDiscussion.objects.filter(pk__in=batch).delete()
    # Sessions holding nothing that is kept: everything in them.
    for batch in _batches(deleted):
        SupervisionSession.objects.filter(pk__in=batch).delete()
    # Sessions kept for a discussion: everything but their row, attendees and
    # the kept discussions with their own actions and amendments.
    for batch in _batches(emptied):
        RecordSection.objects.filter(session_id__in=batch).delete()  # with their amendments
        Amendment.objects.filter(session_id__in=batch, case_discussion__isnull=True).delete()
        AgendaItem.objects.filter(session_id__in=batch).delete()
        Action.objects.filter(session_id__in=batch, case_discussion__isnull=True).delete()
        SessionEvent.objects.filter(session_id__in=batch).delete()
        SupervisionSession.objects.filter(pk__in=batch).update(
            disagreement="", cancel_reason="", place="", video_link="", updated_at=Now()
        )
    # Agreements, with every version and signature.
    for batch in _batches(a.pk for a in plan.agreements):
        SupervisionAgreement.objects.filter(pk__in=batch).delete()
    # Quality and development records, each with its parts.
    from supervisiondesk.privacy.retention_records import records_remove

    records_remove(plan.records)

    genograms = [d.genogram for d in plan.case_discussions if d.genogram]
    if genograms:
        storage = CaseDiscussion._meta.get_field("genogram").storage

        def delete_files() -> None:
            for name in genograms:
                storage.delete(name)

        # A child's genogram must not outlive its record, but only once the
        # delete is committed (as services.records does).
        transaction.on_commit(delete_files)


def purge_run(
    *,
    organisation: Organisation,
    today: date,
    user: AbstractBaseUser | None = None,
    dry_run: bool,
    channel: str = Channel.COMMAND,
    username: str = "",
) -> PurgePlan:
    """Remove what is due (or, in a dry run, only say so), in one
    transaction with its access log entry: a purge that fails leaves
    everything, the log included, as it was.

    A real run refuses a `today` after the organisation's own: records
    would go before their time.
    """
    if not dry_run and today > organisation_today(organisation):
        raise PurgeRefused(
            _(
                "%(today)s is after today in %(organisation)s: records would be removed "
                "before their time. Use a dry run to look ahead."
            )
            % {"today": today.isoformat(), "organisation": organisation.name}
        )
    with transaction.atomic():
        plan = purge_plan(organisation=organisation, today=today)
        detail = {
            "today": today.isoformat(),
            "years": plan.years,
            "counts": plan.counts(),
            "held_back": plan.held_back,
        }
        if not dry_run:
            _remove(plan)
            detail["ids"] = plan.ids()
        access_log_add(
            user=user,
            username=username,
            event=AccessEvent.PURGE_DRY_RUN if dry_run else AccessEvent.PURGED,
            channel=channel,
            organisation_id=organisation.pk,
            object_type="organisation",
            object_id=organisation.pk,
            reason=_("Retention"),
            detail=json.dumps(detail, sort_keys=True),
        )
    return plan


__all__ = [
    "DEFAULT_YEARS",
    "DueAgreement",
    "DueDiscussion",
    "DueRecord",
    "DueSession",
    "PurgePlan",
    "PurgeRefused",
    "is_due",
    "kept_until",
    "latest_due_start",
    "purge_plan",
    "purge_run",
    "retention_years",
]
