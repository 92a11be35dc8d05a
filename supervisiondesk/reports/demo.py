"""The demo's drift signals (`seed_demo` calls `seed_drift` after the
supervision is written): the demo generator writes only what the compliance
engine reads, so every case discussion would lack reflection and no action
would ever be carried over. This writes, for the last year, the risk and
analysis of most case discussions (a few left empty, as happens), and a few
actions brought forward onto later sessions' agendas: some carried over
three times or more without change, one with a reason for delay, one
carried only twice. Generic words only: no child's details.

Data, not application code (like `people/demo`): rows are written with
`full_clean()` rather than through the services, which refuse to change
signed records.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from supervisiondesk.compliance.intervals import add_months
from supervisiondesk.people.models import Organisation, StaffMember
from supervisiondesk.supervision.choices import SessionKind, SessionStatus
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    CaseDiscussion,
    SessionAttendee,
    SupervisionSession,
)

EVERY_NTH_EMPTY = 14  # about 7 % of records left with no reflection
RISKS = (
    "Risks unchanged since the last review; the safety plan is holding.",
    "School attendance has dropped; neglect of health needs is the main worry.",
    "Domestic abuse in the household; the child's bedroom is a safe space.",
    "Parental mental health fluctuating; extended family now more involved.",
    "Missing episodes reduced; exploitation risk still assessed as high.",
)
REFLECTIONS = (
    "Hypothesis: the family engages when plans are short and concrete.",
    "We wondered whether the child's voice is heard apart from the parents'.",
    "Reflected on the worker's worry after the last visit; plan agreed.",
    "Considered what would tell us things are getting better, and by when.",
    "Talked through the dilemma of closing versus stepping down to early help.",
)
ACTIONS = (
    "Request the health assessment and chase the GP",
    "Arrange the family network meeting",
    "Update the chronology before the review",
    "Book the observed visit with the practice lead",
    "Complete the direct work sessions with the child",
    "Send the referral to the parenting programme",
)


@transaction.atomic
def seed_drift(*, organisation: Organisation, today: date) -> dict[str, int]:
    """Write the demo's reflections and carried-over actions; the counts written."""
    since = add_months(today, -12)
    return {
        "reflections": _reflections(organisation, since, today),
        "actions": _carried_actions(organisation, since, today),
    }


def _reflections(organisation: Organisation, since: date, today: date) -> int:
    discussions = list(
        CaseDiscussion.objects.filter(
            session__organisation=organisation,
            session__status=SessionStatus.HELD,
            session__recorded_on__isnull=False,
            session__date__gte=since,
            session__date__lte=today,
        )
        .select_related("session")
        .order_by("pk")
    )
    written = []
    for n, discussion in enumerate(discussions):
        if n % EVERY_NTH_EMPTY == EVERY_NTH_EMPTY - 1:
            continue  # left with no reflection
        risk, reflection = RISKS[n % len(RISKS)], REFLECTIONS[(n // 2) % len(REFLECTIONS)]
        if discussion.session.kind == SessionKind.GROUP:
            discussion.step_actions_risk, discussion.step_reflection = risk, reflection
        else:
            discussion.risks_and_needs, discussion.reflections = risk, reflection
        discussion.clean_fields(exclude=["session", "case", "genogram"])
        written.append(discussion)
    CaseDiscussion.objects.bulk_update(
        written,
        ["risks_and_needs", "reflections", "step_actions_risk", "step_reflection"],
        batch_size=500,
    )
    return len(written)


def _carried_actions(organisation: Organisation, since: date, today: date) -> int:
    """For a few pairs with four or more held formal sessions in the year
    (one per supervisor): an action agreed at an earlier session, brought
    forward onto every session after it, planned ones included (`plans`:
    carried over four times, three times thrice, three times with a
    reason for delay, twice)."""
    sessions = SupervisionSession.objects.filter(
        organisation=organisation,
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date__gte=since,
        status__in=(SessionStatus.HELD, SessionStatus.PLANNED),
    ).order_by("date", "pk")
    attendee = dict(
        SessionAttendee.objects.filter(session__in=sessions).values_list("session_id", "staff_id")
    )
    by_pair: dict[tuple[int, int], list[SupervisionSession]] = defaultdict(list)
    for session in sessions:
        if session.pk in attendee:
            by_pair[(session.supervisor_id, attendee[session.pk])].append(session)
    if Action.objects.filter(organisation=organisation, description__in=ACTIONS).exists():
        return 0  # written already: seeding twice changes nothing
    # (sessions back from the last held one, reason for delay)
    plans = [
        (5, ""),
        (4, ""),
        (4, ""),
        (4, ""),
        (4, "Waiting for the health service to reply."),
        (3, ""),
    ]
    # The demo logins' pairs first, so they have something to see.
    with_login = set(
        StaffMember.objects.filter(organisation=organisation, user__isnull=False).values_list(
            "pk", flat=True
        )
    )
    done, used = 0, set()
    for (supervisor, supervisee), pair_sessions in sorted(
        by_pair.items(), key=lambda item: (item[0][0] not in with_login, item[0])
    ):
        held = [s for s in pair_sessions if s.status == SessionStatus.HELD and s.date <= today]
        if len(held) < 4 or supervisor in used or done >= len(plans):
            continue
        used.add(supervisor)  # one pair per supervisor: spread over the teams
        back, reason = plans[done]
        agreed = held[-back]
        action = Action(
            organisation=organisation,
            session=agreed,
            description=ACTIONS[done % len(ACTIONS)],
            owner_id=supervisee,
            due_on=agreed.date + timedelta(days=14),
            delay_reason=reason,
        )
        action.full_clean(exclude=["created_by"])  # written by no login: demo data
        action.save()
        later = [s for s in pair_sessions if s.date > agreed.date]
        planned = [s for s in later if s.status == SessionStatus.PLANNED][:1]
        for session in [s for s in later if s.status == SessionStatus.HELD] + planned:
            item = AgendaItem(
                session=session,
                section_key="actions_review",
                text=action.description,
                action=action,
            )
            item.full_clean()
            item.save()
        done += 1
    return done
