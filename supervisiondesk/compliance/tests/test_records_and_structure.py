"""Worked examples: records, case records, rearranging, agreements, ratios, balance
(compliance.md section 4)."""

from __future__ import annotations

import pytest

from supervisiondesk.compliance.tests.builders import World, entry, policy_with, team_of_two

SOUTHWARK, TAMESIDE, INTERAGENCY = "southwark-2021", "tameside-2015", "interagency-cm-2014"


def tameside_records() -> World:
    # Tameside: recorded and signed on the day (0 working days), shared within 7.
    # Thursday 2026-04-02, before Easter: the 7th working day after is 04-15.
    return (
        team_of_two()
        .session(
            "s1",
            "2026-04-02",
            recorded="2026-04-02",
            supervisor_signed="2026-04-02",
            supervisee_signed="2026-04-07",
            shared="2026-04-15",
        )
        .session("s2", "2026-04-02", kind="individual_informal", recorded="2026-04-03")
        .session("s3", "2026-04-20")
    )


def test_recording_sign_off_and_sharing_statuses() -> None:
    report = tameside_records().report(TAMESIDE, "2026-04-14")
    assert entry(report, "records", session_id="s1") == {
        "session_id": "s1",
        "recording": "on_time",
        "supervisor_sign_off": "on_time",
        "supervisee_sign_off": "late",
        # Shared on 04-15, after as_of: not there yet, and still in time.
        "shared": "pending",
        "short": False,
    }
    # Sign-off and sharing are for individual formal sessions only.
    assert entry(report, "records", session_id="s2") == {
        "session_id": "s2",
        "recording": "late",
        "supervisor_sign_off": "not_assessed",
        "supervisee_sign_off": "not_assessed",
        "shared": "not_assessed",
        "short": False,
    }
    # s3 is after as_of: no record yet.
    assert [r["session_id"] for r in report["records"]] == ["s1", "s2"]


def test_a_record_not_made_in_time_is_missing() -> None:
    report = tameside_records().report(TAMESIDE, "2026-04-21")
    s3 = entry(report, "records", session_id="s3")
    assert (s3["recording"], s3["supervisor_sign_off"], s3["shared"]) == (
        "missing",
        "missing",
        "pending",
    )
    assert entry(report, "records", session_id="s1")["shared"] == "on_time"
    assert report["summary"]["records_missing"] == 1


def test_standards_a_policy_does_not_set_are_not_assessed() -> None:
    report = tameside_records().report(SOUTHWARK, "2026-04-21")
    assert {r["recording"] for r in report["records"]} == {"not_assessed"}


def test_a_record_uses_the_working_days_of_the_supervisors_country() -> None:
    # Scotland has no Easter Monday: the 7th working day after 04-02 is 04-14.
    world = tameside_records()
    world.data.staff[0] = type(world.data.staff[0])(
        "m1", "Name m1", "t1", "GB-SCT", world.data.staff[0].start_date
    )
    report = world.report(TAMESIDE, "2026-04-21")
    assert entry(report, "records", session_id="s1")["shared"] == "late"


@pytest.mark.parametrize(
    ("minutes", "kind", "short"),
    [
        (89, "individual_formal", True),
        (90, "individual_formal", False),
        (None, "individual_formal", False),
        (30, "group", False),
    ],
)
def test_short_sessions(minutes, kind, short) -> None:
    world = team_of_two().session("s1", "2026-03-02", minutes=minutes, kind=kind)
    report = world.report(SOUTHWARK, "2026-03-03")
    assert entry(report, "records", session_id="s1")["short"] is short
    assert (
        entry(
            team_of_two().session("s1", "2026-03-02", minutes=1).report(TAMESIDE, "2026-03-03"),
            "records",
            session_id="s1",
        )["short"]
        is False
    )


def case_record_world(recorded: str | None) -> World:
    # Southwark: the end of the next working day. Friday 03-06 -> Monday 03-09.
    return (
        team_of_two()
        .case("c1", "w1", "cp", "high", "2026-01-01")
        .session("s1", "2026-03-06")
        .discuss("s1", "c1", recorded)
        .session("g1", "2026-03-06", kind="group", supervisees="w1", status="cancelled")
        .discuss("g1", "c1", None)
    )


@pytest.mark.parametrize(
    ("recorded", "as_of", "status"),
    [
        ("2026-03-09", "2026-03-20", "on_time"),
        ("2026-03-10", "2026-03-20", "late"),
        (None, "2026-03-09", "pending"),
        (None, "2026-03-10", "missing"),
        ("2026-03-10", "2026-03-09", "pending"),  # recorded after as_of: not yet
    ],
)
def test_case_records(recorded, as_of, status) -> None:
    report = case_record_world(recorded).report(SOUTHWARK, as_of)
    # The cancelled group session's discussion is not listed.
    assert report["case_records"] == [{"session_id": "s1", "case_id": "c1", "recording": status}]
    assert report["summary"]["case_records_missing"] == (status == "missing")


# ------------------------------------------------------------------ rearranging


def rearranging_world() -> World:
    return (
        team_of_two()
        .person("w2")
        .supervise("w2", "m1")
        .session("x1", "2026-03-02", status="cancelled")  # a Monday
        .session("x2", "2026-03-02", status="postponed", supervisees="w2")
        .session("x3", "2026-03-02", status="planned")
    )


REARRANGE_5 = policy_with(SOUTHWARK, id="rearrange", standards={"rearrange_working_days": 5})


def rearranged(world: World, as_of: str) -> dict[str, str]:
    report = world.report(REARRANGE_5, as_of)
    return {e["session_id"]: e["status"] for e in report["rearranging"]}


def test_rearranging_in_time() -> None:
    # Five working days after 03-02 is 03-09.
    world = rearranging_world().session("h1", "2026-03-09")
    assert rearranged(world, "2026-03-12") == {"x1": "rearranged", "x2": "not_rearranged"}
    assert rearranged(rearranging_world(), "2026-03-09") == {"x1": "pending", "x2": "pending"}


def test_rearranging_needs_the_same_kind_supervisor_and_a_same_supervisee() -> None:
    world = (
        rearranging_world()
        .person("m2", "2020-01-06", category="manager")
        .session("h1", "2026-03-04", kind="individual_informal")
        .session("h2", "2026-03-04", supervisor_id="m2")
        .session("h3", "2026-03-04", supervisees="w2")
        .session("h4", "2026-03-10")  # too late
    )
    assert rearranged(world, "2026-03-12") == {"x1": "not_rearranged", "x2": "rearranged"}


def test_rearranging_is_not_assessed_without_a_standard() -> None:
    report = rearranging_world().report(SOUTHWARK, "2026-03-12")
    assert report["rearranging"] == [
        {"session_id": "x1", "status": "not_assessed"},
        {"session_id": "x2", "status": "not_assessed"},
    ]


# ------------------------------------------------------------------ agreements


def agreement_world() -> World:
    return (
        World()
        .person("m1", "2020-01-06", category="manager")
        .person("w1")
        .person("w2")
        .person("w3")
        .person("w4")
        .supervise("w1", "m1")
        .supervise("w1", "m1", kind="professional")
        .supervise("w2", "m1")
        .supervise("w3", "m1")
        .supervise("w4", "m1", "2025-01-06", "2026-01-31")
        .agreement("w1", "m1", "2025-03-01")
        .agreement("w2", "m1", "2025-01-10", "2026-02-01")
        .agreement("w3", "m1", "2026-07-01")
    )


def test_agreements_missing_current_and_review_overdue() -> None:
    report = agreement_world().report(SOUTHWARK, "2026-06-10")
    # One entry per pair, however many relationships; w4's has ended.
    assert report["agreements"] == [
        {
            "supervisee_id": "w1",
            "supervisor_id": "m1",
            "status": "review_overdue",
            "review_due": "2026-03-01",
        },
        # The review on 2026-02-01 restarts the year.
        {
            "supervisee_id": "w2",
            "supervisor_id": "m1",
            "status": "current",
            "review_due": "2027-02-01",
        },
        # Signed after as_of: not there yet.
        {"supervisee_id": "w3", "supervisor_id": "m1", "status": "missing", "review_due": None},
    ]
    assert report["summary"]["agreements_missing"] == 1
    assert agreement_world().report(INTERAGENCY, "2026-06-10")["agreements"] == []


def test_an_agreement_is_current_on_its_review_due_date() -> None:
    report = agreement_world().report(SOUTHWARK, "2026-03-01")
    assert entry(report, "agreements", supervisee_id="w1")["status"] == "current"


# ------------------------------------------------------------------ ratio


def ratio_world(supervisees: int) -> World:
    world = World().person("sv", "2023-01-02", category="manager", country="UG")
    for n in range(supervisees):
        world.person(f"cw{n}", category="caseworker", country="UG").supervise(f"cw{n}", "sv")
    return world


def test_over_ratio_above_the_maximum() -> None:
    assert ratio_world(6).report(INTERAGENCY, "2026-03-01")["supervisors"] == [
        {"staff_id": "sv", "supervisees": 6, "over_ratio": False}
    ]
    seven = ratio_world(7).report(INTERAGENCY, "2026-03-01")
    assert seven["supervisors"] == [{"staff_id": "sv", "supervisees": 7, "over_ratio": True}]
    assert seven["summary"]["over_ratio"] == 1
    assert ratio_world(7).report(SOUTHWARK, "2026-03-01")["supervisors"] == []


def test_external_supervisees_count_for_the_ratio_only_where_they_count() -> None:
    world = (
        ratio_world(6).person("cx", category="caseworker").supervise("cx", "sv", kind="external")
    )
    assert (
        entry(world.report(INTERAGENCY, "2026-03-01"), "supervisors", staff_id="sv")["supervisees"]
        == 7
    )


# ------------------------------------------------------------------ balance


def balance_world(*functions: str) -> World:
    world = ratio_world(1)
    for n, covered in enumerate(functions):
        world.session(
            f"s{n}",
            f"2026-01-{5 + n:02d}",
            supervisor_id="sv",
            supervisees="cw0",
            minutes=60,
            functions=covered,
        )
    return world


def test_balance_needs_three_sessions() -> None:
    two = balance_world("administrative", "supportive").report(INTERAGENCY, "2026-02-01")
    assert two["balance"] == []
    three = balance_world("administrative", "supportive", "supportive")
    assert three.report(INTERAGENCY, "2026-02-01")["balance"] == [
        {
            "supervisee_id": "cw0",
            "supervisor_id": "sv",
            "sessions": 3,
            "functions_missing": ["educational"],
        }
    ]


def test_balance_takes_the_latest_six_by_date_then_session_id() -> None:
    world = balance_world("educational", *["administrative;supportive"] * 6)
    # The educational session (the oldest) falls out of the window of six.
    balance = world.report(INTERAGENCY, "2026-02-01")["balance"]
    assert balance[0]["sessions"] == 6 and balance[0]["functions_missing"] == ["educational"]


def test_session_ids_on_the_same_day_compare_as_strings() -> None:
    # Seven sessions; the two oldest are on the same day. "s10" < "s9" as
    # strings, so s10 is the older and falls out of the window of six.
    world = balance_world(*["administrative;supportive"] * 5)
    world.session("s9", "2026-01-02", supervisor_id="sv", supervisees="cw0", functions="supportive")
    world.session(
        "s10", "2026-01-02", supervisor_id="sv", supervisees="cw0", functions="educational"
    )
    balance = world.report(INTERAGENCY, "2026-02-01")["balance"]
    assert balance[0]["functions_missing"] == ["educational"]
