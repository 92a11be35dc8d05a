"""The dataset grouped by staff member, case and session, built once.

The engine never scans a whole table to answer a question about one person:
every question goes through these dictionaries, so a report on 30 staff out
of 30,000 reads only their rows. Build an `Index` once and pass it to every
report over the same data (a page per team, say).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from supervisiondesk.compliance.collector import collector_paused
from supervisiondesk.compliance.dataset import (
    Absence,
    Agreement,
    CaseDiscussion,
    CasePeriod,
    CategoryPeriod,
    Dataset,
    Relationship,
    Session,
    Staff,
)


class Index:
    """Read-only look-ups over a `Dataset`; lists are sorted by date."""

    def __init__(self, dataset: Dataset) -> None:
        with collector_paused():
            self._build(dataset)

    def _build(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.staff: dict[str, Staff] = {s.staff_id: s for s in dataset.staff}
        self.team_service: dict[str, str] = {t.team: t.service for t in dataset.teams}
        self.categories = _grouped(dataset.categories, "staff_id", lambda c: c.start)
        self.relationships_of_supervisee = _grouped(
            dataset.relationships, "supervisee_id", lambda r: r.start
        )
        self.relationships_of_supervisor = _grouped(
            dataset.relationships, "supervisor_id", lambda r: r.start
        )
        self.sessions: dict[str, Session] = {s.session_id: s for s in dataset.sessions}
        self.sessions_of_supervisor = _grouped(dataset.sessions, "supervisor_id", _session_order)
        self.sessions_of_supervisee: dict[str, list[Session]] = defaultdict(list)
        for session in dataset.sessions:
            for supervisee_id in set(session.supervisee_ids):
                self.sessions_of_supervisee[supervisee_id].append(session)
        for sessions in self.sessions_of_supervisee.values():
            sessions.sort(key=_session_order)
        self.case_periods = _grouped(dataset.case_periods, "case_id", lambda p: p.start)
        self.case_periods_of_worker = _grouped(dataset.case_periods, "worker_id", lambda p: p.start)
        self.discussions_of_case = _grouped(dataset.case_discussions, "case_id", None)
        self.discussions_of_session = _grouped(dataset.case_discussions, "session_id", None)
        self.agreements: dict[tuple[str, str], list[Agreement]] = defaultdict(list)
        for agreement in dataset.agreements:
            self.agreements[(agreement.supervisee_id, agreement.supervisor_id)].append(agreement)
        self.absences = _grouped(dataset.absences, "staff_id", lambda a: a.start)

    def in_post(self, staff_id: str, day: date) -> bool:
        staff = self.staff.get(staff_id)
        return staff is not None and _within(day, staff.start_date, staff.end_date)

    def category_periods(self, staff_id: str) -> list[CategoryPeriod]:
        return self.categories.get(staff_id, [])

    def periods_of_case(self, case_id: str) -> list[CasePeriod]:
        return self.case_periods.get(case_id, [])

    def discussions(self, case_id: str) -> list[CaseDiscussion]:
        return self.discussions_of_case.get(case_id, [])

    def absences_of(self, staff_id: str) -> list[Absence]:
        return self.absences.get(staff_id, [])

    def supervising(self, staff_id: str) -> list[Relationship]:
        return self.relationships_of_supervisor.get(staff_id, [])

    def supervised(self, staff_id: str) -> list[Relationship]:
        return self.relationships_of_supervisee.get(staff_id, [])


def _session_order(session: Session) -> tuple[date, str]:
    return (session.date, session.session_id)


def _grouped(rows, attribute, order) -> dict:
    groups: dict = defaultdict(list)
    for row in rows:
        groups[getattr(row, attribute)].append(row)
    if order is not None:
        for group in groups.values():
            group.sort(key=order)
    return dict(groups)


def _within(day: date, first: date, last: date | None) -> bool:
    return first <= day and (last is None or day <= last)
