"""A Primero record to what the sync keeps (pure: no database)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from supervisiondesk.integrations.primero.mapping import (
    RecordError,
    Rule,
    Task,
    ValueMapping,
    case_state,
    sync_fields,
)

ZONE = ZoneInfo("America/Bogota")
MAPPING = ValueMapping(
    rules=(
        Rule("case_type", "protection_concerns", "Trafficking", "cp"),
        Rule("case_type", "service_type", "alternative_care", "cla"),
        Rule("case_type", "protection_concerns", "separated", "cin"),
        Rule("risk", "risk_level", "high", "high"),
    ),
    default_risk="standard",
)


def record(**fields):
    return {
        "id": "b3222e84",
        "case_id_display": "f15a1a9",
        "owned_by": "jdoe",
        "assigned_user_names": ["asmith", "jdoe"],
        "status": "open",
        "last_updated_at": "2026-08-19T03:00:00Z",
    } | fields


def test_first_matching_rule_wins_case_blind_and_inside_lists():
    state = case_state(
        record(protection_concerns=["separated", "trafficking"], service_type="alternative_care"),
        MAPPING,
        ZONE,
    )
    assert (state.case_type, state.risk) == ("cp", "standard")  # risk: the default
    assert state.workers == ("jdoe", "asmith")  # the owner first, each once


def test_no_rule_and_no_default_names_the_values():
    with pytest.raises(RecordError, match=r"case type mapping.*'protection_concerns': \['other'\]"):
        case_state(record(protection_concerns=["other"]), MAPPING, ZONE)


def test_closed_case_needs_no_mapping_and_keeps_its_closure_day():
    state = case_state(record(status="closed", date_closure="2026-08-18"), MAPPING, ZONE)
    assert (state.is_open, state.case_type, state.closed_on) == (False, "", date(2026, 8, 18))


def test_days_are_the_organisations_and_tasks_are_sorted():
    state = case_state(
        record(
            protection_concerns="separated",
            created_at="2026-08-01T02:00:00Z",  # still 31 July in Bogotá
            followup_due_dates=["2026-09-02", "2026-09-01"],
            assessment_due_dates="2026-08-30",
            approval_status_case_plan="requested",
            approval_status_closure="approved",
        ),
        MAPPING,
        ZONE,
    )
    assert state.started_on == date(2026, 7, 31)
    assert state.updated_at == datetime.fromisoformat("2026-08-19T03:00:00+00:00")
    assert state.tasks == (
        Task("assessment", date(2026, 8, 30)),
        Task("followup", date(2026, 9, 1)),
        Task("followup", date(2026, 9, 2)),
    )
    assert state.pending_approvals == ("case_plan",)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": ""}, "no id"),
        ({"status": None}, "no status"),
        ({"last_updated_at": "yesterday"}, "last_updated_at is not a date and time"),
        ({"last_updated_at": "2026-08-19T03:00:00"}, "last_updated_at has no time zone"),
        ({"assigned_user_names": "jdoe"}, "assigned_user_names is not a list"),
        ({"registration_date": "2026-02-30"}, "registration_date is not a date"),
    ],
)
def test_bad_records_say_which_field(fields, message):
    with pytest.raises(RecordError, match=message):
        case_state(record(protection_concerns="separated") | fields, MAPPING, ZONE)


def test_sync_asks_for_the_mapped_fields_once():
    fields = sync_fields(MAPPING)
    assert fields.count("protection_concerns") == 1
    assert {"service_type", "risk_level", "owned_by", "case_plan_due_dates"} <= set(fields)
