"""The only way pages fetch a supervision record: each function asks the
access rules (`privacy.rules`, the one place they live), logs the read in
the access log, and answers 404 alike for "not there" and "not yours", so an
id leaks nothing; a refused attempt is logged too.

`edit=True` asks for the right to change the record (its parties only),
which is narrower than the right to read it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet
from django.http import Http404

from supervisiondesk.accounts.roles import Role
from supervisiondesk.people.models import Case, CasePeriod, StaffMember
from supervisiondesk.privacy import rules
from supervisiondesk.privacy.models import AccessEvent, Channel, NeedToKnowAccess
from supervisiondesk.privacy.services import access_log_add
from supervisiondesk.supervision.models import (
    Action,
    CaseDiscussion,
    SessionAttendee,
    SupervisionAgreement,
    SupervisionGroup,
    SupervisionSession,
)

AnyUser = AbstractBaseUser | AnonymousUser

# The lists: reading a list of dates and names is not reading a record, so
# lists are not logged; opening a record is.
visible_sessions = rules.visible_sessions
visible_discussions = rules.visible_discussions
visible_cases = rules.visible_cases
visible_agreements = rules.visible_agreements
own_agreements = rules.editable_agreements
visible_actions = rules.visible_actions
visible_groups = rules.visible_groups
may_read_personal = rules.may_read_personal


def may_edit_session(user: AnyUser, session: SupervisionSession) -> bool:
    return rules.editable_sessions(user).filter(pk=session.pk).exists()


def staff_of(user: AnyUser) -> StaffMember:
    """The user's staff record; accounts without one see no records."""
    if not user.is_authenticated:
        raise Http404
    staff = rules.viewer_of(user).staff
    if staff is None:
        raise Http404
    return staff


# ---------------------------------------------------------------- logging


def _session_subjects(session_id: int) -> set[int]:
    row = SupervisionSession.objects.filter(pk=session_id).values("supervisor_id").first()
    if row is None:
        return set()
    attendees = SessionAttendee.objects.filter(session_id=session_id).values_list(
        "staff_id", flat=True
    )
    return {row["supervisor_id"], *attendees}


def _need_to_know_reason(user: AnyUser) -> str:
    """A director's open accesses, as the reason for a read."""
    if Role.DIRECTOR not in rules.viewer_of(user).roles:
        return ""
    from django.utils import timezone

    now = timezone.now()
    grants = NeedToKnowAccess.objects.filter(
        user=user,
        organisation_id=rules.viewer_of(user).organisation_id,
        opened_at__lte=now,
        expires_at__gt=now,
        closed_at__isnull=True,
    )
    return "; ".join(
        f"#{g.pk} {g.get_reason_display()}: {g.details}" for g in grants.order_by("pk")
    )


def log_read(
    user: AnyUser,
    *,
    object_type: str,
    object_id: int | str,
    subjects: set[int],
    channel: str = Channel.PAGE,
    event: str = AccessEvent.READ,
) -> None:
    viewer = rules.viewer_of(user)
    access_log_add(
        user=user,
        event=event,
        channel=channel,
        organisation_id=viewer.organisation_id,
        object_type=object_type,
        object_id=object_id,
        subjects=subjects - ({viewer.staff.pk} if viewer.staff else set()),
        reason=_need_to_know_reason(user) if event == AccessEvent.READ else "",
    )


def refuse(
    user: AnyUser,
    *,
    object_type: str,
    object_id: int,
    subjects: set[int],
    channel: str = Channel.PAGE,
) -> Http404:
    """Log a refused attempt and answer 404. The subjects are named only
    when the record is in the user's own organisation."""
    if user.is_authenticated:
        log_read(
            user,
            object_type=object_type,
            object_id=object_id,
            subjects=subjects,
            event=AccessEvent.DENIED,
            channel=channel,
        )
    return Http404()


def record_for(
    user: AnyUser,
    queryset: QuerySet,
    model: type[Model],
    pk: int,
    *,
    object_type: str,
    organisation_path: str,
    subject_fields: tuple[str, ...],
    channel: str = Channel.PAGE,
):
    """One record of another app (quality, development) by its id, from the
    `queryset` of those the user may read (their `privacy` rules): the read
    logged with the staff in `subject_fields` as its subjects, or the refusal
    logged and 404, named alike for "not there" and "not yours". Subjects
    are named only when the record is in the user's own organisation
    (`organisation_path`, read from `model` whatever the user may see)."""
    found = queryset.filter(pk=pk).first()
    row = model.objects.filter(pk=pk).values(organisation_path, *subject_fields).first()
    same = row is not None and _same_organisation(user, row[organisation_path])
    subjects = {row[f] for f in subject_fields if row[f] is not None} if same else set()
    if found is None:
        raise refuse(
            user, object_type=object_type, object_id=pk, subjects=subjects, channel=channel
        )
    log_read(user, object_type=object_type, object_id=pk, subjects=subjects, channel=channel)
    return found


def _same_organisation(user: AnyUser, organisation_id: int | None) -> bool:
    viewer = rules.viewer_of(user) if user.is_authenticated else None
    return viewer is not None and organisation_id == viewer.organisation_id


# ---------------------------------------------------------------- sessions


def session_for(
    user: AnyUser, pk: int, *, edit: bool = False, channel: str = Channel.PAGE
) -> SupervisionSession:
    queryset = rules.editable_sessions(user) if edit else rules.visible_sessions(user)
    session = queryset.select_related("supervisor", "group", "organisation").filter(pk=pk).first()
    if session is None:
        row = SupervisionSession.objects.filter(pk=pk).values("organisation_id").first()
        same = row is not None and _same_organisation(user, row["organisation_id"])
        raise refuse(
            user,
            object_type="session",
            object_id=pk,
            subjects=_session_subjects(pk) if same else set(),
            channel=channel,
        )
    log_read(
        user, object_type="session", object_id=pk, subjects=_session_subjects(pk), channel=channel
    )
    return session


def discussion_for(
    user: AnyUser, pk: int, *, edit: bool = False, channel: str = Channel.PAGE
) -> CaseDiscussion:
    queryset = (
        CaseDiscussion.objects.filter(session__in=rules.editable_sessions(user))
        if edit
        else rules.visible_discussions(user)
    )
    discussion = (
        queryset.select_related("session", "case", "session__supervisor", "session__organisation")
        .filter(pk=pk)
        .first()
    )
    if discussion is None:
        row = (
            CaseDiscussion.objects.filter(pk=pk)
            .values("session_id", "session__organisation_id")
            .first()
        )
        same = row is not None and _same_organisation(user, row["session__organisation_id"])
        raise refuse(
            user,
            object_type="case_discussion",
            object_id=pk,
            subjects=_session_subjects(row["session_id"]) if same else set(),
            channel=channel,
        )
    log_read(
        user,
        object_type="case_discussion",
        object_id=pk,
        subjects=_session_subjects(discussion.session_id),
        channel=channel,
    )
    return discussion


# ---------------------------------------------------------------- cases


def _case_subjects(case_id: int) -> set[int]:
    return set(CasePeriod.objects.filter(case_id=case_id).values_list("worker_id", flat=True))


def case_for(user: AnyUser, pk: int, *, channel: str = Channel.PAGE) -> Case:
    case = rules.visible_cases(user).filter(pk=pk).first()
    if case is None:
        row = Case.objects.filter(pk=pk).values("organisation_id").first()
        same = row is not None and _same_organisation(user, row["organisation_id"])
        raise refuse(
            user,
            object_type="case",
            object_id=pk,
            subjects=_case_subjects(pk) if same else set(),
            channel=channel,
        )
    log_read(user, object_type="case", object_id=pk, subjects=_case_subjects(pk), channel=channel)
    return case


# ---------------------------------------------------------------- agreements and groups


def _group_subjects(group_id: int | None) -> set[int]:
    if group_id is None:
        return set()
    group = SupervisionGroup.objects.filter(pk=group_id).values("facilitator_id").first()
    members = SupervisionGroup.members.through.objects.filter(
        supervisiongroup_id=group_id
    ).values_list("staffmember_id", flat=True)
    return {group["facilitator_id"], *members} if group else set(members)


def group_for(user: AnyUser, pk: int, *, edit: bool = False) -> SupervisionGroup:
    queryset = rules.editable_groups(user) if edit else rules.visible_groups(user)
    group = queryset.select_related("facilitator", "team").filter(pk=pk).first()
    if group is None:
        row = SupervisionGroup.objects.filter(pk=pk).values("organisation_id").first()
        same = row is not None and _same_organisation(user, row["organisation_id"])
        raise refuse(
            user, object_type="group", object_id=pk, subjects=_group_subjects(pk) if same else set()
        )
    log_read(user, object_type="group", object_id=pk, subjects=_group_subjects(pk))
    return group


def _agreement_subjects(pk: int) -> set[int]:
    row = (
        SupervisionAgreement.objects.filter(pk=pk)
        .values("supervisor_id", "supervisee_id", "group_id")
        .first()
    )
    if row is None:
        return set()
    found = {row["supervisor_id"], row["supervisee_id"]} - {None}
    return found | _group_subjects(row["group_id"])


def agreement_for(
    user: AnyUser, pk: int, *, edit: bool = False, channel: str = Channel.PAGE
) -> SupervisionAgreement:
    queryset = rules.editable_agreements(user) if edit else rules.visible_agreements(user)
    agreement = queryset.select_related("supervisor", "supervisee", "group").filter(pk=pk).first()
    if agreement is None:
        row = (
            SupervisionAgreement.objects.filter(pk=pk).values("supervisor__organisation_id").first()
        )
        same = row is not None and _same_organisation(user, row["supervisor__organisation_id"])
        raise refuse(
            user,
            object_type="agreement",
            object_id=pk,
            subjects=_agreement_subjects(pk) if same else set(),
            channel=channel,
        )
    log_read(
        user,
        object_type="agreement",
        object_id=pk,
        subjects=_agreement_subjects(pk),
        channel=channel,
    )
    return agreement


# ---------------------------------------------------------------- actions


def action_for(
    user: AnyUser, pk: int, *, edit: bool = False, channel: str = Channel.PAGE
) -> Action:
    """An action its owner or the people of its session may see and update."""
    queryset = rules.editable_actions(user) if edit else rules.visible_actions(user)
    action = queryset.select_related("session", "owner", "case").filter(pk=pk).first()
    if action is None:
        row = Action.objects.filter(pk=pk).values("organisation_id", "owner_id").first()
        same = row is not None and _same_organisation(user, row["organisation_id"])
        raise refuse(
            user,
            object_type="action",
            object_id=pk,
            subjects={row["owner_id"]} if same else set(),
            channel=channel,
        )
    subjects = {action.owner_id}
    if action.session_id:
        subjects |= _session_subjects(action.session_id)
    log_read(user, object_type="action", object_id=pk, subjects=subjects, channel=channel)
    return action
