"""Subject access (UK GDPR Article 15): everything Supervision Desk holds
about one staff member, as `data.json` (for machines) and `report.pdf` (for
the person), in one zip (docs/privacy.md, "Subject access").

What is held about them: their staff record and login, team memberships,
categories, supervisory relationships on both sides, absences, the case
periods they held (case ids only, never the child's details), supervision
groups, agreements they are party to with every version and signature, every
session they attended or led with its whole record, the actions they own,
the management decisions they made or were consulted on, need-to-know
accesses to their records and the access log entries about them; their
quality records (subject_access_quality.py: feedback they gave, what they
may read of the feedback on their supervision, their self-assessments, the
audits of their records) and development records
(subject_access_development.py).

Third parties' personal notes stay out: a personal record section (the
worker's check-in and wellbeing), the agenda items under it and the
amendments to it are another worker's when the subject led the session for
someone else; the export says a personal section was withheld instead. A
supervisee's own export holds them.
"""

from __future__ import annotations

import io
import json
import logging
import re
import zipfile
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.people.models import (
    Absence,
    CasePeriod,
    CategoryPeriod,
    StaffMember,
    SupervisoryRelationship,
    TeamMembership,
)
from supervisiondesk.privacy.models import (
    AccessEvent,
    AccessLogEntry,
    Channel,
    NeedToKnowAccess,
)
from supervisiondesk.privacy.services import access_log_add
from supervisiondesk.privacy.subject_access_common import _Clock, _dash, _label, _table, _who
from supervisiondesk.privacy.subject_access_development import (
    development_part,
    development_tables,
)
from supervisiondesk.privacy.subject_access_quality import quality_part, quality_tables
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    AgreementSignature,
    AgreementVersion,
    Amendment,
    CaseDiscussion,
    ManagementDecision,
    RecordSection,
    SessionAttendee,
    SessionEvent,
    SupervisionAgreement,
    SupervisionGroup,
    SupervisionSession,
)
from supervisiondesk.supervision.models.records import GROUP_FIELDS, RECORD_FIELDS

# The agreed text of an agreement version, in the order of its page.
AGREEMENT_FIELDS = (
    "record_keeping",
    "confidentiality",
    "supervisor_expectations",
    "supervisee_expectations",
    "frequency",
    "duration_minutes",
    "cancellation",
    "rearranging",
    "learning_style",
    "external_confidentiality",
)


# ---------------------------------------------------------------- the data


def _people_part(staff: StaffMember, iso: _Clock) -> dict[str, Any]:
    user = staff.user
    login = None
    if user is not None:
        login = {
            "username": user.get_username(),
            "email": getattr(user, "email", ""),
            "first_name": getattr(user, "first_name", ""),
            "last_name": getattr(user, "last_name", ""),
            "is_active": user.is_active,
            "date_joined": iso(getattr(user, "date_joined", None)),
            "last_login": iso(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        }
    return {
        "staff": {
            "staff_id": staff.staff_id,
            "name": staff.name,
            "organisation": staff.organisation.name,
            "country": staff.country,
            "start_date": iso(staff.start_date),
            "end_date": iso(staff.end_date),
        },
        "login": login,
        "team_memberships": [
            {
                "team_code": m.team.code,
                "team": m.team.name,
                "job_title": m.job_title,
                "fte": str(m.fte),
                "start_date": iso(m.start_date),
                "end_date": iso(m.end_date),
            }
            for m in TeamMembership.objects.filter(staff=staff).select_related("team")
        ],
        "categories": [
            {
                "category": c.category,
                "category_label": c.get_category_display(),
                "start_date": iso(c.start_date),
                "end_date": iso(c.end_date),
            }
            for c in CategoryPeriod.objects.filter(staff=staff)
        ],
        "supervised_by": [
            {
                "staff_id": r.supervisor.staff_id,
                "name": r.supervisor.name,
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "start_date": iso(r.start_date),
                "end_date": iso(r.end_date),
            }
            for r in SupervisoryRelationship.objects.filter(supervisee=staff)
            .select_related("supervisor")
            .order_by("start_date", "pk")
        ],
        "supervising": [
            {
                "staff_id": r.supervisee.staff_id,
                "name": r.supervisee.name,
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "start_date": iso(r.start_date),
                "end_date": iso(r.end_date),
            }
            for r in SupervisoryRelationship.objects.filter(supervisor=staff)
            .select_related("supervisee")
            .order_by("start_date", "pk")
        ],
        "absences": [
            {
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
                "start_date": iso(a.start_date),
                "end_date": iso(a.end_date),
            }
            for a in Absence.objects.filter(staff=staff)
        ],
        "case_periods": [
            {
                "case_id": p.case.case_id,
                "case_type": p.case_type,
                "case_type_label": p.get_case_type_display(),
                "risk": p.risk,
                "risk_label": p.get_risk_display(),
                "start_date": iso(p.start_date),
                "end_date": iso(p.end_date),
            }
            for p in CasePeriod.objects.filter(worker=staff)
            .select_related("case")
            .order_by("start_date", "pk")
        ],
        "supervision_groups": [
            {
                "name": g.name,
                "role": "facilitator" if g.facilitator_id == staff.pk else "member",
                "facilitator": g.facilitator.name,
            }
            for g in SupervisionGroup.objects.filter(Q(facilitator=staff) | Q(members=staff))
            .select_related("facilitator")
            .distinct()
        ],
    }


def _agreements(staff: StaffMember, iso: _Clock) -> list[dict[str, Any]]:
    agreements = (
        SupervisionAgreement.objects.filter(
            Q(supervisor=staff) | Q(supervisee=staff) | Q(group__members=staff)
        )
        .distinct()
        .select_related("supervisor", "supervisee", "group")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "signatures",
                        queryset=AgreementSignature.objects.select_related("staff"),
                    )
                ),
            )
        )
        .order_by("pk")
    )
    return [
        {
            "id": a.pk,
            "supervisor": a.supervisor.name,
            "supervisee": a.supervisee.name if a.supervisee_id else None,
            "group": a.group.name if a.group_id else None,
            "signed_on": iso(a.signed_on),
            "reviewed_on": iso(a.reviewed_on),
            "versions": [
                {
                    "number": v.number,
                    "reason": v.reason,
                    "reason_label": v.get_reason_display(),
                    **{name: getattr(v, name) for name in AGREEMENT_FIELDS},
                    "created_at": iso(v.created_at),
                    "agreed_on": iso(v.agreed_on),
                    "signatures": [
                        {"name": s.staff.name, "signed_at": iso(s.signed_at)}
                        for s in v.signatures.all()
                    ],
                }
                for v in a.versions.all()
            ],
        }
        for a in agreements
    ]


def _discussion(d: CaseDiscussion, iso: _Clock) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in RECORD_FIELDS + GROUP_FIELDS:
        value = getattr(d, name)
        fields[name] = iso(value) if isinstance(value, date) else value
    return {
        "case_id": d.case.case_id,
        "presented_by": d.presented_by.name if d.presented_by_id else None,
        "recorded_on": iso(d.recorded_on),
        **fields,
        "genogram": bool(d.genogram),
    }


def _action(a: Action, iso: _Clock) -> dict[str, Any]:
    return {
        "description": a.description,
        "owner": a.owner.name,
        "due_on": iso(a.due_on),
        "status": a.status,
        "status_label": a.get_status_display(),
        "done_on": iso(a.done_on),
        "delay_reason": a.delay_reason,
        "case_id": a.case.case_id if a.case_id else None,
        "session_id": a.session.session_id if a.session_id else None,
    }


def _sessions(staff: StaffMember, iso: _Clock) -> tuple[list[dict[str, Any]], int]:
    """Every session the subject led or attended, with its record; and how
    many personal sections of other workers were withheld."""
    sessions = (
        SupervisionSession.objects.filter(
            Q(supervisor=staff)
            | Q(pk__in=SessionAttendee.objects.filter(staff=staff).values("session"))
        )
        .select_related("supervisor", "group")
        .prefetch_related(
            Prefetch("attendees", queryset=SessionAttendee.objects.select_related("staff")),
            Prefetch(
                "sections",
                queryset=RecordSection.objects.select_related("written_by__staff_member"),
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("case", "added_by__staff_member"),
            ),
            Prefetch(
                "case_discussions",
                queryset=CaseDiscussion.objects.select_related("case", "presented_by").order_by(
                    "case__case_id"
                ),
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner", "case", "session"),
            ),
            Prefetch(
                "amendments",
                queryset=Amendment.objects.select_related(
                    "made_by__staff_member", "section", "case_discussion__case"
                ),
            ),
            Prefetch("events", queryset=SessionEvent.objects.select_related("by__staff_member")),
        )
        .order_by("date", "pk")
    )
    withheld_total = 0
    out = []
    for s in sessions:
        attendees = list(s.attendees.all())
        attended = any(a.staff_id == staff.pk for a in attendees)
        # Personal sections are the supervisee's: the subject who led the
        # session for someone else does not get them.
        withhold = not attended
        personal_keys = {sec.key for sec in s.sections.all() if sec.personal}
        sections = []
        for sec in s.sections.all():
            if sec.personal and withhold:
                withheld_total += 1
                sections.append(
                    {
                        "key": sec.key,
                        "title": sec.title,
                        "personal": True,
                        "withheld": True,
                        "text": _("A personal section of another worker's record was withheld."),
                    }
                )
                continue
            sections.append(
                {
                    "key": sec.key,
                    "title": sec.title,
                    "personal": sec.personal,
                    "withheld": False,
                    "text": sec.text,
                    "written_by": _who(sec.written_by),
                    "written_at": iso(sec.written_at),
                }
            )
        out.append(
            {
                "session_id": s.session_id,
                "subject_role": "attendee" if attended else "supervisor",
                "kind": s.kind,
                "kind_label": s.get_kind_display(),
                "status": s.status,
                "status_label": s.get_status_display(),
                "date": iso(s.date),
                "start_time": iso(s.start_time),
                "planned_minutes": s.planned_minutes,
                "duration_minutes": s.duration_minutes,
                "mode": s.mode,
                "mode_label": s.get_mode_display(),
                "place": s.place,
                "supervisor": s.supervisor.name,
                "group": s.group.name if s.group_id else None,
                "attendees": [
                    {
                        "name": a.staff.name,
                        "role": a.role,
                        "role_label": a.get_role_display(),
                        "present": a.present,
                    }
                    for a in attendees
                ],
                "cancel_reason": s.cancel_reason,
                "functions": list(s.functions or []),
                "recorded_on": iso(s.recorded_on),
                "supervisor_signed_on": iso(s.supervisor_signed_on),
                "supervisee_signed_on": iso(s.supervisee_signed_on),
                "shared_on": iso(s.shared_on),
                "disagreement": s.disagreement,
                "sections": sections,
                "agenda_items": [
                    {
                        "section_key": item.section_key,
                        "text": item.text,
                        "case_id": item.case.case_id if item.case_id else None,
                        "added_by": _who(item.added_by),
                        "added_at": iso(item.added_at),
                    }
                    for item in s.agenda_items.all()
                    if not (withhold and item.section_key in personal_keys)
                ],
                "case_discussions": [_discussion(d, iso) for d in s.case_discussions.all()],
                "actions": [_action(a, iso) for a in s.actions.all()],
                "amendments": [
                    {
                        "section_key": m.section.key if m.section_id else None,
                        "section_title": m.section.title if m.section_id else None,
                        "case_id": m.case_discussion.case.case_id if m.case_discussion_id else None,
                        "text": m.text,
                        "reason": m.reason,
                        "made_by": _who(m.made_by),
                        "made_at": iso(m.made_at),
                    }
                    for m in s.amendments.all()
                    if not (withhold and m.section_id and m.section.personal)
                ],
                "events": [
                    {
                        "kind": e.kind,
                        "kind_label": e.get_kind_display(),
                        "by": _who(e.by),
                        "at": iso(e.at),
                        "text": e.text,
                    }
                    for e in s.events.all()
                ],
            }
        )
    return out, withheld_total


def _oversight(staff: StaffMember, iso: _Clock) -> dict[str, Any]:
    decisions = (
        ManagementDecision.objects.filter(Q(decided_by=staff) | Q(worker=staff))
        .select_related("case", "decided_by", "worker", "session")
        .order_by("decided_on", "pk")
    )
    grants = (
        NeedToKnowAccess.objects.filter(staff=staff)
        .select_related("user__staff_member")
        .order_by("opened_at", "pk")
    )
    log = AccessLogEntry.objects.filter(subjects__contains=f" {staff.pk} ").order_by("at", "pk")
    return {
        "actions_owned": [
            _action(a, iso)
            for a in Action.objects.filter(owner=staff)
            .select_related("owner", "case", "session")
            .order_by("due_on", "pk")
        ],
        "management_decisions": [
            {
                "case_id": d.case.case_id,
                "decided_on": iso(d.decided_on),
                "decided_by": d.decided_by.name,
                "worker_consulted": d.worker.name if d.worker_id else None,
                "decision": d.decision,
                "rationale": d.rationale,
                "session_id": d.session.session_id if d.session_id else None,
            }
            for d in decisions
        ],
        "need_to_know_accesses": [
            {
                "opened_by": _who(g.user),
                "reason": g.reason,
                "reason_label": g.get_reason_display(),
                "details": g.details,
                "opened_at": iso(g.opened_at),
                "expires_at": iso(g.expires_at),
                "closed_at": iso(g.closed_at),
            }
            for g in grants
        ],
        "access_log": [
            {
                "at": iso(e.at),
                "who": e.username,
                "event": e.event,
                "event_label": _label(AccessLogEntry, "event", e.event),
                "channel": e.channel,
                "channel_label": _label(AccessLogEntry, "channel", e.channel),
                "object_type": e.object_type,
                "object_id": e.object_id,
                "reason": e.reason,
                "detail": e.detail,
            }
            for e in log
        ],
    }


def subject_access_data(*, staff: StaffMember, requested_by_name: str = "") -> dict[str, Any]:
    """Everything held about `staff`, as plain JSON values (reads only)."""
    iso = _Clock(staff.organisation.time_zone)
    sessions, withheld = _sessions(staff, iso)
    return {
        "export": {
            "generated_at": iso(timezone.now()),
            "requested_by": requested_by_name,
            "organisation": staff.organisation.name,
            "time_zone": staff.organisation.time_zone,
            "staff_id": staff.staff_id,
            "personal_sections_withheld": withheld,
        },
        **_people_part(staff, iso),
        "agreements": _agreements(staff, iso),
        "sessions": sessions,
        **_oversight(staff, iso),
        "quality": quality_part(staff, iso),
        "development": development_part(staff, iso),
    }


# ---------------------------------------------------------------- the report


def _report_tables(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The flat parts of the report as tables with translated headings."""
    period = [_("From"), _("To")]
    return [
        _table(
            _("Team memberships"),
            [_("Team"), _("Job title"), _("FTE"), *period],
            (
                (m["team"], m["job_title"], m["fte"], m["start_date"], _dash(m["end_date"]))
                for m in data["team_memberships"]
            ),
        ),
        _table(
            _("Categories"),
            [_("Category"), *period],
            (
                (c["category_label"], c["start_date"], _dash(c["end_date"]))
                for c in data["categories"]
            ),
        ),
        _table(
            _("Supervised by"),
            [_("Name"), _("Kind"), *period],
            (
                (r["name"], r["kind_label"], r["start_date"], _dash(r["end_date"]))
                for r in data["supervised_by"]
            ),
        ),
        _table(
            _("Supervising"),
            [_("Name"), _("Kind"), *period],
            (
                (r["name"], r["kind_label"], r["start_date"], _dash(r["end_date"]))
                for r in data["supervising"]
            ),
        ),
        _table(
            _("Absences"),
            [_("Kind"), *period],
            ((a["kind_label"], a["start_date"], _dash(a["end_date"])) for a in data["absences"]),
        ),
        _table(
            _("Cases held (case ids only)"),
            [_("Case"), _("Case type"), _("Risk"), *period],
            (
                (
                    p["case_id"],
                    p["case_type_label"],
                    p["risk_label"],
                    p["start_date"],
                    _dash(p["end_date"]),
                )
                for p in data["case_periods"]
            ),
        ),
        _table(
            _("Supervision groups"),
            [_("Group"), _("Role"), _("Facilitator")],
            (
                (
                    g["name"],
                    _("Facilitator") if g["role"] == "facilitator" else _("Member"),
                    g["facilitator"],
                )
                for g in data["supervision_groups"]
            ),
        ),
    ]


def _oversight_tables(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        *quality_tables(data["quality"]),
        *development_tables(data["development"]),
        _table(
            _("Actions you own"),
            [_("Action"), _("Due by"), _("Status"), _("Done on"), _("Case"), _("Session")],
            (
                (
                    a["description"],
                    a["due_on"],
                    a["status_label"],
                    _dash(a["done_on"]),
                    _dash(a["case_id"]),
                    _dash(a["session_id"]),
                )
                for a in data["actions_owned"]
            ),
        ),
        _table(
            _("Management decisions"),
            [
                _("Case"),
                _("Decided on"),
                _("Decided by"),
                _("Worker consulted"),
                _("Decision"),
                _("Rationale"),
            ],
            (
                (
                    d["case_id"],
                    d["decided_on"],
                    d["decided_by"],
                    _dash(d["worker_consulted"]),
                    d["decision"],
                    d["rationale"],
                )
                for d in data["management_decisions"]
            ),
        ),
        _table(
            _("Need-to-know access to your records"),
            [_("Opened by"), _("Reason"), _("Why"), _("Opened at"), _("Until"), _("Closed at")],
            (
                (
                    g["opened_by"],
                    g["reason_label"],
                    g["details"],
                    g["opened_at"],
                    g["expires_at"],
                    _dash(g["closed_at"]),
                )
                for g in data["need_to_know_accesses"]
            ),
        ),
        _table(
            _("Who read your records (the access log)"),
            [_("When"), _("Who"), _("What"), _("How"), _("Record"), _("Why")],
            (
                (
                    e["at"],
                    _dash(e["who"]),
                    e["event_label"],
                    e["channel_label"],
                    f"{e['object_type']} {e['object_id']}".strip() or "—",
                    _dash(e["reason"]),
                )
                for e in data["access_log"]
            ),
        ),
    ]


DISCUSSION_LABELS = {
    name: CaseDiscussion._meta.get_field(name).verbose_name for name in RECORD_FIELDS + GROUP_FIELDS
}
AGREEMENT_LABELS = {
    name: AgreementVersion._meta.get_field(name).verbose_name for name in AGREEMENT_FIELDS
}


ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}([+-]\d{2}:\d{2}|Z)?$")


def _readable(value: Any) -> Any:
    """The data with times as "2026-11-23 11:34" for the PDF (its header
    names the time zone); data.json keeps full ISO 8601."""
    if isinstance(value, dict):
        return {key: _readable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_readable(item) for item in value]
    if isinstance(value, str) and (match := ISO_TIME.match(value)):
        return f"{match[1]} {match[2]}"
    return value


def _pdf(data: dict[str, Any]) -> bytes:
    """report.pdf: the same data for a person to read. WeasyPrint fetches
    nothing: every style is in the page and fonts are the system's."""
    # WeasyPrint logs its stylesheets and every page it lays out at INFO:
    # hundreds of lines per report, on import and on rendering.
    progress = logging.getLogger("weasyprint.progress")
    level = progress.level
    progress.setLevel(max(level, logging.WARNING))
    try:
        return _render(_readable(data))
    finally:
        progress.setLevel(level)


def _render(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    sessions = []
    for s in data["sessions"]:
        discussions = [
            {
                **d,
                "answers": [
                    (str(DISCUSSION_LABELS[name]), d[name])
                    for name in RECORD_FIELDS + GROUP_FIELDS
                    if d[name] not in (None, "")
                ],
            }
            for d in s["case_discussions"]
        ]
        detailed = bool(
            s["sections"]
            or s["agenda_items"]
            or s["actions"]
            or s["amendments"]
            or s["events"]
            or s["disagreement"]
            or s["cancel_reason"]
            or any(d["answers"] for d in discussions)
        )
        sessions.append({**s, "case_discussions": discussions, "detailed": detailed})
    agreements = [
        {
            **a,
            "versions": [
                {
                    **v,
                    "answers": [
                        (str(AGREEMENT_LABELS[name]), v[name])
                        for name in AGREEMENT_FIELDS
                        if v[name] not in (None, "")
                    ],
                }
                for v in a["versions"]
            ],
        }
        for a in data["agreements"]
    ]
    html = render_to_string(
        "privacy/subject_access_pdf.html",
        {
            "data": data,
            "tables": _report_tables(data),
            "oversight": _oversight_tables(data),
            "sessions": sessions,
            "agreements": agreements,
        },
    )
    fetcher = URLFetcher(allowed_protocols=())  # nothing outside the page
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


class _Encoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, date | datetime | time):
            return o.isoformat()
        return str(o)  # lazy translations


def subject_access_export(
    *,
    staff: StaffMember,
    requested_by: AbstractBaseUser | None,
    channel: str = Channel.PAGE,
    requested_by_name: str = "",
) -> bytes:
    """The zip of data.json and report.pdf for `staff`, and one access log
    entry saying who exported it: a subject access export is itself a read
    of every record about them. (`requested_by_name` names whoever ran the
    command when there is no user.)"""
    name = _who(requested_by) if requested_by is not None else requested_by_name
    data = subject_access_data(staff=staff, requested_by_name=name or "")
    body = json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2).encode()
    pdf = _pdf(data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", body)
        archive.writestr("report.pdf", pdf)
    with transaction.atomic():
        access_log_add(
            user=requested_by,
            username=requested_by_name,
            event=AccessEvent.SUBJECT_ACCESS,
            channel=channel,
            organisation_id=staff.organisation_id,
            object_type="staff",
            object_id=staff.pk,
            subjects=[staff.pk],
            detail=json.dumps(
                {
                    "sessions": len(data["sessions"]),
                    "agreements": len(data["agreements"]),
                    "access_log": len(data["access_log"]),
                    "personal_sections_withheld": data["export"]["personal_sections_withheld"],
                },
                sort_keys=True,
            ),
        )
    return buffer.getvalue()


__all__ = ["subject_access_data", "subject_access_export"]
