"""The reminder rules on plain rows (no database): who is reminded of what,
on which day, and for which cause."""

from __future__ import annotations

from datetime import date, timedelta

from supervisiondesk.compliance.workdays import is_working_day, working_days_after
from supervisiondesk.notifications.reminders import (
    ActionRow,
    Inputs,
    SessionRow,
    for_today,
    reminders,
)

FRIDAY = date(2026, 11, 20)
MONDAY = date(2026, 11, 23)
SUPERVISOR, SUPERVISEE, MANAGER, OTHER = 1, 2, 3, 4
NAMES = {SUPERVISOR: "Sam", SUPERVISEE: "Pat", MANAGER: "Mo", OTHER: "Oli"}


def after(_staff: int, day: date, n: int) -> date:
    return working_days_after("GB-ENG", day, n)


def working(_staff: int, day: date) -> bool:
    return is_working_day("GB-ENG", day)


def planned(pk: int, day: date, status: str = "planned", **dates) -> SessionRow:
    return SessionRow(pk, "individual_formal", status, day, SUPERVISOR, (SUPERVISEE,), **dates)


def due_on(today: date, **kw) -> set[tuple[str, int, str]]:
    inputs = Inputs(today=today, names=NAMES, **kw)
    return {(d.kind, d.recipient, d.cause) for d in reminders(inputs, after)}


def test_a_session_on_monday_is_tomorrow_on_friday_for_both() -> None:
    session = planned(7, MONDAY)
    assert due_on(FRIDAY, sessions=[session]) == {
        ("session_tomorrow", SUPERVISOR, f"session:7:{MONDAY}"),
        ("session_tomorrow", SUPERVISEE, f"session:7:{MONDAY}"),
    }
    # Thursday: two working days before (Friday, Monday): the agenda prompt.
    assert due_on(FRIDAY - timedelta(1), sessions=[session]) == {
        ("agenda_prompt", SUPERVISOR, f"agenda:7:{MONDAY}"),
        ("agenda_prompt", SUPERVISEE, f"agenda:7:{MONDAY}"),
    }
    # Wednesday: too early for either; the day itself: nothing.
    assert due_on(FRIDAY - timedelta(2), sessions=[session]) == set()
    assert due_on(MONDAY, sessions=[session]) == set()


def test_only_urgent_reminders_go_on_a_day_off() -> None:
    saturday = FRIDAY + timedelta(1)
    sessions = [planned(7, MONDAY), planned(8, saturday + timedelta(1))]  # Monday, Sunday
    inputs = Inputs(today=saturday, sessions=sessions, names=NAMES)
    due = reminders(inputs, after)
    assert {(d.cause, d.urgent) for d in due} == {
        (f"session:7:{MONDAY}", False),
        (f"session:8:{saturday + timedelta(1)}", True),
    }
    # Saturday: only the session on Sunday goes; Monday's went on Friday.
    assert {d.cause for d in for_today(due, saturday, working)} == {
        f"session:8:{saturday + timedelta(1)}"
    }
    assert len(for_today(due, MONDAY, working)) == len(due)


def test_a_moved_session_is_a_new_cause() -> None:
    before = due_on(FRIDAY, sessions=[planned(7, MONDAY)])
    moved = due_on(MONDAY, sessions=[planned(7, MONDAY + timedelta(1))])
    assert {c for _k, _r, c in before}.isdisjoint({c for _k, _r, c in moved})


def test_records_signatures_and_sharing() -> None:
    day = FRIDAY - timedelta(7)
    written = planned(1, day, "held", recorded_on=day)
    signed = planned(2, day, "held", recorded_on=day, supervisor_signed_on=day, shared_on=day)
    done = planned(
        3, day, "held", recorded_on=day, supervisor_signed_on=day, shared_on=day,
        supervisee_signed_on=day,
    )  # fmt: skip
    assert due_on(FRIDAY, sessions=[written, signed, done]) == {
        ("record_not_shared", SUPERVISOR, "share:1"),
        ("signature_pending", SUPERVISEE, "sign:2"),
    }


def test_records_from_the_compliance_report() -> None:
    yesterday, long_ago = FRIDAY - timedelta(1), FRIDAY - timedelta(20)
    sessions = [
        planned(1, yesterday, "held"),
        planned(2, long_ago, "held"),
        planned(3, FRIDAY, "held"),
    ]
    report = {
        "records": [
            {"session_id": "s1", "recording": "pending"},
            {"session_id": "s2", "recording": "missing"},
            {"session_id": "s3", "recording": "pending"},  # held today: not yet
        ]
    }
    assert due_on(
        FRIDAY, sessions=sessions, report=report, session_pk={"s1": 1, "s2": 2, "s3": 3}
    ) == {
        ("record_due", SUPERVISOR, "record:1"),
        ("record_missing", SUPERVISOR, "record:2"),
    }


def test_actions_due_within_two_working_days_and_overdue() -> None:
    actions = [
        ActionRow(1, SUPERVISEE, MONDAY, "Chase the GP"),  # Friday: 1 working day
        ActionRow(2, SUPERVISEE, MONDAY + timedelta(1), "Book the visit"),  # 2
        ActionRow(3, SUPERVISEE, MONDAY + timedelta(2), "Update the plan"),  # 3: not yet
        ActionRow(4, SUPERVISEE, FRIDAY - timedelta(1), "Send the referral"),
    ]
    assert due_on(FRIDAY, open_actions=actions) == {
        ("action_due", SUPERVISEE, f"action:1:{MONDAY}"),
        ("action_due", SUPERVISEE, f"action:2:{MONDAY + timedelta(1)}"),
        ("action_overdue", SUPERVISEE, f"action:4:{FRIDAY - timedelta(1)}"),
    }


def test_supervision_overdue_reminds_both_and_escalates_after_the_set_days() -> None:
    def report(days: int) -> dict:
        return {
            "individual": [
                {"staff_id": "pat", "status": "overdue", "overdue_after": "2026-11-01",
                 "days_overdue": days},
                {"staff_id": "sam", "status": "ok", "overdue_after": "2026-12-01",
                 "days_overdue": 0},
            ]
        }  # fmt: skip

    common = {
        "staff_pk": {"pat": SUPERVISEE, "sam": SUPERVISOR},
        "supervisors": {SUPERVISEE: (SUPERVISOR,), SUPERVISOR: (MANAGER,)},
        "escalate_after_days": 14,
    }
    cause = f"supervision:{SUPERVISEE}:2026-11-01"
    assert due_on(FRIDAY, report=report(13), **common) == {
        ("supervision_overdue", SUPERVISEE, cause),
        ("supervision_overdue", SUPERVISOR, cause),
    }
    assert due_on(FRIDAY, report=report(14), **common) == {
        ("supervision_overdue", SUPERVISEE, cause),
        ("supervision_overdue", SUPERVISOR, cause),
        ("supervision_escalated", MANAGER, cause),
    }


def test_case_overdue_reminds_the_worker_and_their_supervisor() -> None:
    report = {
        "cases": [
            {"case_id": "c1", "worker_id": "pat", "status": "overdue",
             "overdue_after": "2026-11-10", "days_overdue": 10},
            {"case_id": "c2", "worker_id": "pat", "status": "due",
             "overdue_after": "2026-11-30", "days_overdue": 0},
        ]
    }  # fmt: skip
    assert due_on(
        FRIDAY,
        report=report,
        staff_pk={"pat": SUPERVISEE},
        case_pk={"c1": 11, "c2": 12},
        supervisors={SUPERVISEE: (SUPERVISOR,)},
    ) == {
        ("case_overdue", SUPERVISEE, "case:11:2026-11-10"),
        ("case_overdue", SUPERVISOR, "case:11:2026-11-10"),
    }


def test_agreement_review_30_days_before_for_both() -> None:
    def entry(review_due: str | None, status: str = "current") -> dict:
        return {"supervisee_id": "pat", "supervisor_id": "sam", "status": status,
                "review_due": review_due}  # fmt: skip

    common = {"staff_pk": {"pat": SUPERVISEE, "sam": SUPERVISOR}, "agreement_pk": {}}
    in_30 = (FRIDAY + timedelta(30)).isoformat()
    in_31 = (FRIDAY + timedelta(31)).isoformat()
    assert due_on(FRIDAY, report={"agreements": [entry(in_31)]}, **common) == set()
    cause = f"agreement:{SUPERVISEE}:{SUPERVISOR}:{in_30}"
    assert due_on(FRIDAY, report={"agreements": [entry(in_30)]}, **common) == {
        ("agreement_review", SUPERVISEE, cause),
        ("agreement_review", SUPERVISOR, cause),
    }
    assert due_on(FRIDAY, report={"agreements": [entry(None, "missing")]}, **common) == set()


def test_one_reminder_per_kind_recipient_and_cause() -> None:
    # The supervisor is also listed among the attendees: reminded once.
    session = SessionRow(7, "group", "planned", MONDAY, SUPERVISOR, (SUPERVISOR, SUPERVISEE, OTHER))
    due = reminders(Inputs(today=FRIDAY, sessions=[session], names=NAMES), after)
    assert sorted(d.recipient for d in due) == [SUPERVISOR, SUPERVISEE, OTHER]


def test_the_weekly_digest_counts_each_managers_teams() -> None:
    from supervisiondesk.notifications.reminders import DIGEST_TEAMS

    report = {
        "individual": [
            {"staff_id": who, "status": status, "overdue_after": "2026-11-02", "days_overdue": 3}
            for who, status in (("pat", "overdue"), ("oli", "ok"), ("sam", "overdue"))
        ],
        "cases": [
            {
                "case_id": case,
                "worker_id": who,
                "status": status,
                "overdue_after": "2026-11-02",
                "days_overdue": 3,
            }
            for case, who, status in (
                ("c1", "pat", "overdue"),
                ("c2", "pat", "overdue"),
                ("c3", "oli", "ok"),
            )
        ],
        "records": [
            {"session_id": "s1", "recording": "missing"},
            {"session_id": "s2", "recording": "late"},
        ],
    }
    quiet = [(f"Quiet {n:02}", frozenset({100 + n})) for n in range(DIGEST_TEAMS)]
    wednesday = MONDAY + timedelta(2)
    inputs = Inputs(
        today=wednesday,
        report=report,
        staff_pk={"sam": SUPERVISOR, "pat": SUPERVISEE, "oli": OTHER},
        record_supervisor={"s1": SUPERVISOR, "s2": SUPERVISOR},
        managed={
            MANAGER: (
                ("Team Oli", frozenset({OTHER})),
                ("Team Pat", frozenset({SUPERVISEE, SUPERVISOR})),
                ("Team Sam", frozenset({SUPERVISOR})),  # in two teams: counted once
                *quiet,
            )
        },
    )
    (digest,) = [d for d in reminders(inputs, after) if d.kind == "weekly_digest"]
    assert (digest.recipient, digest.cause) == (MANAGER, f"week:{MONDAY}")
    assert digest.params["date"] == MONDAY.isoformat()
    assert (digest.params["overdue"], digest.params["cases"], digest.params["records"]) == (2, 2, 1)
    assert digest.params["teams_count"] == DIGEST_TEAMS + 3
    # The team with most overdue first, then by name; only DIGEST_TEAMS
    # listed (the message says how many more), so Team Oli is left out.
    assert digest.params["teams"] == [["Team Pat", 2, 2, 1], ["Team Sam", 1, 0, 1]] + [
        [name, 0, 0, 0] for name, _members in quiet[: DIGEST_TEAMS - 2]
    ]
    # Not on a day off (made on the week's first working day instead).
    assert not for_today([digest], date(2026, 5, 25), working)  # a bank holiday Monday
    assert for_today([digest], date(2026, 5, 26), working)
