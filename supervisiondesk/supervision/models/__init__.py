"""Supervision: agreements, groups, sessions with their records, case
discussions, actions and management decisions.

The engine's contract lives in a few plain fields (compliance.dataset.Session,
CaseDiscussion, Agreement): a session's `kind`, `status`, `date`,
`duration_minutes`, supervisor, attendees and the four dates of recording,
signing and sharing; a case discussion's `recorded_on`; an agreement's
`signed_on` and `reviewed_on`. The services keep them in step with the
records, so `supervision.loaders` reads them as they are. A new non-null
column needs a `db_default`: the national demo writes rows in bulk
(people.demo.national_supervision) without naming it.
"""

from supervisiondesk.supervision.models.actions import Action, ManagementDecision
from supervisiondesk.supervision.models.agreements import (
    AgreementSignature,
    AgreementVersion,
    SupervisionAgreement,
)
from supervisiondesk.supervision.models.groups import SupervisionGroup
from supervisiondesk.supervision.models.records import (
    AgendaItem,
    Amendment,
    CaseDiscussion,
    RecordSection,
    SessionEvent,
)
from supervisiondesk.supervision.models.sessions import SessionAttendee, SupervisionSession

__all__ = [
    "Action",
    "AgendaItem",
    "AgreementSignature",
    "AgreementVersion",
    "Amendment",
    "CaseDiscussion",
    "ManagementDecision",
    "RecordSection",
    "SessionAttendee",
    "SessionEvent",
    "SupervisionAgreement",
    "SupervisionGroup",
    "SupervisionSession",
]
