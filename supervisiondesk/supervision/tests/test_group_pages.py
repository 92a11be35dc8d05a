"""The group pages: who sees which (one matrix for every page), the forms of
a group session, the six steps with their edit conflict, the genogram's
download, and one run in Chromium from planning to a completed record."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.urls import NoReverseMatch, reverse
from pypdf import PdfReader

from conftest import screenshot
from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.supervision.choices import AttendeeRole, SessionKind
from supervisiondesk.supervision.models import CaseDiscussion, SessionAttendee, SupervisionGroup
from supervisiondesk.supervision.services import groups, records
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.services.sessions import session_plan
from supervisiondesk.supervision.tests.test_groups import make_group, plan, png_bytes, upload

# url name -> who gets 200; everyone else signed in gets 404.
MEMBERS = {"supervisor", "practitioner"}
# The facilitator's manager and the service's senior manager read the group
# and its records (privacy.rules), without the forms; only members write.
READERS = MEMBERS | {"manager", "senior"}
ALLOWED = {
    "supervision:groups": set(ROLES) - {"config_only"},
    "supervision:group": READERS,
    "supervision:group_session": READERS,
    "supervision:group_discussion": READERS,
    "supervision:group_genogram": READERS,
}
WRITES = [
    "supervision:group_plan",
    "supervision:group_members",
    "supervision:group_attendance",
    "supervision:group_case_add",
    "supervision:group_record",
    "supervision:group_action_add",
    "supervision:group_complete",
    "supervision:group_amend",
]


@pytest.fixture
def setup(world, settings, tmp_path):
    """A group of the practitioner and the colleague, facilitated by the
    supervisor; a session today with case-0 brought by the practitioner,
    with a genogram."""
    settings.MEDIA_ROOT = tmp_path
    group = make_group(world)
    session = plan(world, group)
    discussion = groups.group_case_bring(
        session=session,
        case=world.organisation.cases.get(case_id="case-0"),
        presented_by=world.staff["practitioner"],
        by=world.users["practitioner"],
    )
    groups.genogram_upload(
        discussion=discussion, file=upload(png_bytes()), by=world.users["practitioner"]
    )
    discussion.refresh_from_db()
    return SimpleNamespace(
        group=group,
        session=session,
        discussion=discussion,
        args={
            "supervision:groups": [],
            "supervision:group": [group.pk],
            "supervision:group_session": [session.pk],
            "supervision:group_discussion": [discussion.pk],
            "supervision:group_genogram": [discussion.pk],
        },
    )


def url(name: str, *args) -> str:
    return reverse(name, args=args)


@pytest.mark.parametrize("url_name", sorted(ALLOWED))
@pytest.mark.parametrize("who", ROLES)
def test_role_matrix(client, world, setup, url_name: str, who: str) -> None:
    client.force_login(world.users[who])
    response = client.get(reverse(url_name, args=setup.args[url_name]))
    assert response.status_code == (200 if who in ALLOWED[url_name] else 404)


@pytest.mark.parametrize("url_name", sorted(ALLOWED))
def test_anonymous_is_sent_to_sign_in(client, setup, url_name: str) -> None:
    response = client.get(reverse(url_name, args=setup.args[url_name]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url_name", WRITES)
def test_writes_are_post_only(client, world, setup, url_name: str) -> None:
    client.force_login(world.users["supervisor"])
    pk = setup.group.pk if url_name in WRITES[:2] else setup.session.pk
    assert client.get(url(url_name, pk)).status_code == 405


@pytest.mark.parametrize("url_name", WRITES)
def test_outsiders_cannot_post(client, world, setup, url_name: str) -> None:
    client.force_login(world.users["manager"])
    pk = setup.group.pk if url_name in WRITES[:2] else setup.session.pk
    assert client.post(url(url_name, pk), {}).status_code == 404


# ---------------------------------------------------------------- genogram


def test_genogram_downloads_as_an_attachment_only_for_the_session(client, world, setup) -> None:
    client.force_login(world.users["practitioner"])
    response = client.get(url("supervision:group_genogram", setup.discussion.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="genogram-case-0.png"'
    assert "no-store" in response["Cache-Control"]
    # Never under a public address: no page names the stored file, no URL serves it.
    stored = setup.discussion.genogram.name
    page = client.get(url("supervision:group_discussion", setup.discussion.pk)).content.decode()
    assert stored not in page
    assert url("supervision:group_genogram", setup.discussion.pk) in page
    assert client.get("/" + stored).status_code == 404
    assert client.get("/media/" + stored).status_code == 404
    client.force_login(world.users["director"])
    assert client.get(url("supervision:group_genogram", setup.discussion.pk)).status_code == 404


def test_no_genogram_is_a_404(client, world, setup) -> None:
    discussion = groups.group_case_bring(
        session=setup.session,
        case=world.organisation.cases.get(case_id="colleague-case"),
        presented_by=world.staff["colleague"],
        by=world.users["supervisor"],
    )
    client.force_login(world.users["supervisor"])
    assert client.get(url("supervision:group_genogram", discussion.pk)).status_code == 404


# ---------------------------------------------------------------- groups and planning


def test_a_supervisor_creates_a_group_a_practitioner_may_not(client, world) -> None:
    client.force_login(world.users["practitioner"])
    page = client.get(url("supervision:groups")).content.decode()
    assert "Start a group" not in page
    assert client.post(url("supervision:groups"), {"name": "Mine"}).status_code == 404

    client.force_login(world.users["supervisor"])
    page = client.get(url("supervision:groups")).content.decode()
    assert "Start a group" in page and "Cas Colleague" in page and "Stella Stranger" not in page
    data = {
        "name": "Thursday group",
        "members": [world.staff["practitioner"].pk, world.staff["colleague"].pk],
    }
    response = client.post(url("supervision:groups"), data)
    group = SupervisionGroup.objects.get(name="Thursday group")
    assert response.status_code == 302
    assert response["Location"] == url("supervision:group", group.pk)
    # The service's refusal shows on the form.
    response = client.post(url("supervision:groups"), data)
    assert response.status_code == 200
    assert "already a group called Thursday group" in response.content.decode()


def test_facilitator_plans_a_session_from_the_group_page(client, world, setup) -> None:
    today = organisation_today(world.organisation)
    client.force_login(world.users["supervisor"])
    page = client.get(url("supervision:group", setup.group.pk)).content.decode()
    assert "Plan a session" in page
    assert "case-0" in page and "Pat Practitioner" in page  # the schedule: case and presenter
    response = client.post(
        url("supervision:group_plan", setup.group.pk),
        {"date": today.isoformat(), "mode": "in_person", "place": "Room 4", "planned_minutes": 90},
    )
    assert response.status_code == 302
    session = setup.group.sessions.get(place="Room 4")
    assert response["Location"] == url("supervision:group_session", session.pk)
    assert set(session.attendees.values_list("staff__staff_id", flat=True)) == {
        "practitioner",
        "colleague",
    }

    client.force_login(world.users["practitioner"])
    page = client.get(url("supervision:group", setup.group.pk)).content.decode()
    assert "Plan a session" not in page
    response = client.post(
        url("supervision:group_plan", setup.group.pk),
        {"date": today.isoformat(), "mode": "in_person"},
    )
    assert response.status_code == 404
    assert setup.group.sessions.count() == 2


def test_individual_sessions_are_not_group_pages(client, world) -> None:
    individual = session_plan(
        kind=SessionKind.INDIVIDUAL_FORMAL,
        supervisee=world.staff["practitioner"],
        supervisor=world.staff["supervisor"],
        date=organisation_today(world.organisation),
        by=world.users["supervisor"],
    )
    client.force_login(world.users["supervisor"])
    response = client.get(url("supervision:group_session", individual.pk))
    assert response.status_code == 302
    assert response["Location"] == url("supervision:session", individual.pk)
    assert client.post(url("supervision:group_attendance", individual.pk)).status_code == 404


# ---------------------------------------------------------------- the session page


def test_attendance_form_saves_roles_and_presence(client, world, setup) -> None:
    pat, cas = world.staff["practitioner"].pk, world.staff["colleague"].pk
    client.force_login(world.users["supervisor"])
    response = client.post(
        url("supervision:group_attendance", setup.session.pk),
        {f"present_{pat}": "on", f"role_{pat}": "presenter", f"role_{cas}": "recorder"},
    )
    assert response.status_code == 302
    assert dict(
        SessionAttendee.objects.filter(session=setup.session).values_list("staff", "present")
    ) == {pat: True, cas: False}
    # Two recorders: refused, the form comes back with the message.
    response = client.post(
        url("supervision:group_attendance", setup.session.pk),
        {
            f"present_{pat}": "on",
            f"present_{cas}": "on",
            f"role_{pat}": "recorder",
            f"role_{cas}": "recorder",
        },
    )
    assert response.status_code == 200
    assert "One person at most is the Recorder." in response.content.decode()
    # The recorder may now write the group's record and attendance; a participant may not.
    client.force_login(world.users["practitioner"])
    page = client.get(url("supervision:group_session", setup.session.pk)).content.decode()
    assert url("supervision:group_attendance", setup.session.pk) not in page
    assert "Sam Supervisor facilitates" in page


def test_cases_offered_are_the_attendees_and_the_presenter_an_attendee(
    client, world, setup
) -> None:
    client.force_login(world.users["supervisor"])
    form = client.get(url("supervision:group_session", setup.session.pk)).context["case_form"]
    assert [c.case_id for c in form.fields["case"].queryset] == ["case-1", "colleague-case"]
    assert {s.staff_id for s in form.fields["presented_by"].queryset} == {
        "practitioner",
        "colleague",
    }
    colleague_case = world.organisation.cases.get(case_id="colleague-case")
    response = client.post(
        url("supervision:group_case_add", setup.session.pk),
        {"case": colleague_case.pk, "presented_by": world.staff["supervisor"].pk},
    )
    assert response.status_code == 200  # the facilitator is no presenter
    response = client.post(
        url("supervision:group_case_add", setup.session.pk),
        {"case": colleague_case.pk, "presented_by": world.staff["colleague"].pk},
    )
    discussion = CaseDiscussion.objects.get(session=setup.session, case=colleague_case)
    assert response["Location"] == url("supervision:group_discussion", discussion.pk)


def test_record_action_complete_and_amend(client, world, setup) -> None:
    session = setup.session
    client.force_login(world.users["supervisor"])
    response = client.post(
        url("supervision:group_record", session.pk),
        {
            "record_version": 1,
            "duration_minutes": 85,
            "section_group_task": "Two cases, roles agreed.",
            "section_group_notes": "Good reflection.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url("supervision:group_action_add", session.pk),
        {
            "description": "Book a strategy meeting",
            "owner": world.staff["practitioner"].pk,
            "due_on": organisation_today(world.organisation).isoformat(),
            "case_discussion": setup.discussion.pk,
        },
    )
    assert response.status_code == 302
    assert client.post(url("supervision:group_complete", session.pk)).status_code == 302
    session.refresh_from_db()
    assert session.is_locked
    page = client.get(url("supervision:group_session", session.pk)).content.decode()
    assert "Book a strategy meeting" in page and "Two cases, roles agreed." in page
    assert "Amend the record" in page
    try:
        copy = reverse("supervision:discussion_copy", args=[setup.discussion.pk])
    except NoReverseMatch:  # another engineer's page, not there yet
        copy = None
    if copy:
        assert copy in page
    response = client.post(
        url("supervision:group_amend", session.pk),
        {"target": f"case-{setup.discussion.pk}", "text": "Meeting moved.", "reason": "Typo."},
    )
    assert response.status_code == 302
    assert setup.discussion.amendments.get().text == "Meeting moved."
    page = client.get(url("supervision:group_session", session.pk)).content.decode()
    amendment = page[page.index('<aside class="amendment">') :]
    assert "Sam Supervisor" in amendment[: amendment.index("</aside>")]
    # Locked: the record's form is gone, and a late post is refused with the reason.
    response = client.post(
        url("supervision:group_record", session.pk), {"record_version": 2, "duration_minutes": 5}
    )
    assert response.status_code == 200
    assert "record_form" not in response.context
    assert "locked: add an amendment instead" in response.content.decode()
    assert session.sections.get(key="group_task").text == "Two cases, roles agreed."
    # The group's record downloads as a PDF with its notes, like any record's,
    # and the session page offers it and the CPD log.
    page = client.get(url("supervision:group_session", session.pk)).content.decode()
    assert url("supervision:session_pdf", session.pk) in page
    assert f"{reverse('development:cpd_new')}?session={session.pk}" in page
    pdf = client.get(url("supervision:session_pdf", session.pk))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(
        "".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Goodreflection." in text and "Bookastrategymeeting" in text


def test_a_record_saved_meanwhile_keeps_my_text(client, world, setup) -> None:
    pat = world.staff["practitioner"].pk
    groups.attendance_record(
        session=setup.session,
        present={pat},
        roles={pat: AttendeeRole.RECORDER},
        by=world.users["supervisor"],
    )
    records.record_save(
        session=setup.session,
        expected_version=1,
        by=world.users["practitioner"],
        sections={"group_notes": "The recorder's notes."},
        duration_minutes=90,
    )
    client.force_login(world.users["supervisor"])
    response = client.post(
        url("supervision:group_record", setup.session.pk),
        {"record_version": 1, "section_group_notes": "My notes.", "duration_minutes": 90},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record" in page
    assert "My notes." in page and "The recorder&#x27;s notes." in page
    assert 'name="record_version" value="2"' in page


# ---------------------------------------------------------------- the six steps


def steps(version: int, **fields) -> dict:
    return {"version": version, **fields}


def test_six_steps_save_with_authors_and_time_guides(client, world, setup) -> None:
    client.force_login(world.users["supervisor"])
    page = client.get(url("supervision:group_discussion", setup.discussion.pk)).content.decode()
    for guide in ("5 to 8 minutes", "Less than 5 minutes", "10 minutes"):
        assert guide in page
    assert 'enctype="multipart/form-data"' in page and 'accept="application/pdf' in page
    assert "Uploaded by Pat Practitioner" in page
    response = client.post(
        url("supervision:group_discussion", setup.discussion.pk),
        steps(
            setup.discussion.version,
            dilemma="Whether to step up to child protection.",
            hypotheses="Mother's new partner.",
            step_reflection="The group wondered about the school's view.",
        ),
    )
    assert response.status_code == 302
    discussion = CaseDiscussion.objects.get(pk=setup.discussion.pk)
    assert discussion.hypotheses == "Mother's new partner."
    page = client.get(url("supervision:group_discussion", discussion.pk)).content.decode()
    assert page.count("Written by Sam Supervisor") == 3


def test_a_discussion_saved_meanwhile_keeps_my_text(client, world, setup) -> None:
    opened = setup.discussion.version
    records.case_discussion_save(
        discussion=setup.discussion,
        expected_version=opened,
        by=world.users["practitioner"],
        dilemma="The presenter's dilemma.",
    )
    client.force_login(world.users["supervisor"])
    response = client.post(
        url("supervision:group_discussion", setup.discussion.pk),
        steps(opened, dilemma="My dilemma.", genogram=upload(png_bytes(4, 4))),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record" in page
    assert "My dilemma." in page and "The presenter&#x27;s dilemma." in page
    assert "choose the file again" in page
    assert f'name="version" value="{opened + 1}"' in page
    assert CaseDiscussion.objects.get(pk=setup.discussion.pk).dilemma == "The presenter's dilemma."


def test_a_wrong_genogram_is_refused_and_nothing_saved(client, world, setup) -> None:
    client.force_login(world.users["practitioner"])
    response = client.post(
        url("supervision:group_discussion", setup.discussion.pk),
        steps(
            setup.discussion.version,
            dilemma="Unsaved.",
            genogram=upload(b"GIF89a fake", "genogram.png"),
        ),
    )
    assert response.status_code == 200
    assert "must be a PDF, PNG or JPEG file" in response.content.decode()
    assert CaseDiscussion.objects.get(pk=setup.discussion.pk).dilemma == ""


def test_a_new_genogram_through_the_page_replaces_the_old(client, world, setup, tmp_path) -> None:
    old = setup.discussion.genogram.name
    client.force_login(world.users["supervisor"])
    response = client.post(
        url("supervision:group_discussion", setup.discussion.pk),
        steps(setup.discussion.version, genogram=upload(b"%PDF-1.7\n", "g.pdf")),
    )
    assert response.status_code == 302
    discussion = CaseDiscussion.objects.get(pk=setup.discussion.pk)
    assert discussion.genogram.name.endswith(".pdf") and discussion.genogram.name != old
    download = client.get(url("supervision:group_genogram", discussion.pk))
    assert download["Content-Type"] == "application/pdf"


# ---------------------------------------------------------------- in Chromium


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_facilitator_runs_a_group_session_in_the_browser(
    page, live_server, world, settings, tmp_path
) -> None:
    from supervisiondesk.people.tests.world import PASSWORD

    settings.MEDIA_ROOT = tmp_path
    group = make_group(world, "Thursday reflective group")
    today = organisation_today(world.organisation)
    pat = world.staff["practitioner"]

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("supervisor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}{url('supervision:group', group.pk)}")
    plan_form = page.get_by_role("region", name="Plan a session")
    plan_form.get_by_label("Date").fill(today.isoformat())
    plan_form.get_by_label("Start time").fill("10:00")
    plan_form.get_by_label("Place").fill("Room 4, Riverside House")
    plan_form.get_by_role("button", name="Plan the session").click()
    page.wait_for_url("**/supervision/groups/sessions/**")

    attendance = page.get_by_role("region", name="Attendees and roles")
    attendance.get_by_label("Pat Practitioner was present").check()
    attendance.get_by_label("Cas Colleague was present").check()
    attendance.get_by_label("Role of Pat Practitioner").select_option("presenter")
    attendance.get_by_label("Role of Cas Colleague").select_option("recorder")
    attendance.get_by_role("button", name="Save attendance and roles").click()
    page.wait_for_url("**#attendance")

    cases = page.get_by_role("region", name="Cases brought")
    cases.get_by_label("Case brought").select_option(label="case-0 (Pat Practitioner)")
    cases.get_by_label("Presented by").select_option(label="Pat Practitioner")
    cases.get_by_role("button", name="Add the case").click()
    page.wait_for_url("**/supervision/groups/discussions/**")

    page.get_by_label("The dilemma brought").fill(
        "Whether the plan is keeping the children safe now that dad has moved back."
    )
    page.get_by_label("Case summary").fill("Two children, 4 and 9. Child in need plan since May.")
    page.get_by_label("Genogram").set_input_files(
        {"name": "genogram.png", "mimeType": "image/png", "buffer": png_bytes(64, 48)}
    )
    page.get_by_label("1. Marking the task").fill("Pat wants help to weigh the risk of escalation.")
    page.get_by_label("2. Presenting the case").fill("Pat outlined the family with the genogram.")
    page.get_by_label("3. Factual questions").fill("School attendance 82%. Last visit 3 days ago.")
    page.get_by_label("4. Reflective team discussion").fill(
        "The group noticed how little we hear from the older child."
    )
    page.get_by_label("Hypotheses").fill("Dad's return may have changed mum's capacity to protect.")
    page.get_by_label("5. Presenter's feedback").fill(
        "Helpful to think about the older child's view."
    )
    page.get_by_label("6. Action points and evaluation of risk").fill(
        "Risk judged increasing; see the action points."
    )
    page.get_by_label("Are the risks changing?").select_option("increasing")
    page.get_by_role("button", name="Save the case discussion").click()
    page.wait_for_url("**/supervision/groups/sessions/**")
    cases = page.get_by_role("region", name="Cases brought")
    assert "genogram attached" in cases.inner_text()
    # Back to the six steps: who wrote each, and the genogram to download.
    cases.get_by_role("link", name="Write the six steps").click()
    page.wait_for_url("**/supervision/groups/discussions/**")
    page.wait_for_load_state("load")
    assert page.get_by_text("Uploaded by Sam Supervisor").is_visible()
    assert page.get_by_role("link", name="Download the current genogram").is_visible()
    screenshot(page, "group-discussion")
    page.get_by_role("link", name="Back to the session").click()

    record = page.get_by_role("region", name="The group's record")
    record.get_by_label("Marking the task").fill("One case brought: case-0 by Pat.")
    record.get_by_label("Notes and agreements of the group").fill("Next time: Cas brings a case.")
    record.get_by_label("How long it lasted (minutes)").fill("60")
    record.get_by_role("button", name="Save the group's record").click()
    page.wait_for_url("**#record")

    actions = page.get_by_role("region", name="Action points")
    actions.get_by_label("Action", exact=True).fill("Speak with the older child alone")
    actions.get_by_label("Who").select_option(label=pat.name)
    actions.get_by_label("For the case").select_option(label="case-0")
    actions.get_by_role("button", name="Add the action point").click()
    page.wait_for_url("**#actions")

    screenshot(page, "group-session-during")
    page.get_by_role("button", name="Complete the record").click()
    page.wait_for_url("**#complete")
    assert "Record completed and locked" in page.get_by_role("status").inner_text()
    screenshot(page, "group-session")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "group-session-phone")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Thursday reflective group").click()
    page.wait_for_url(f"**{url('supervision:group', group.pk)}")
    page.wait_for_load_state("load")
    schedule = page.get_by_role("region", name="Schedule: which cases are brought to which session")
    assert "case-0 — Pat Practitioner" in schedule.inner_text()
    screenshot(page, "group-schedule")

    session = group.sessions.get()
    assert session.is_locked and session.duration_minutes == 60
    discussion = session.case_discussions.get()
    assert discussion.genogram.name.endswith(".png") and discussion.risk_trend == "increasing"
    assert dict(session.attendees.values_list("staff__staff_id", "role")) == {
        "practitioner": "presenter",
        "colleague": "recorder",
    }


def test_a_reader_from_outside_the_group_is_linked_to_what_they_may_read(
    client, world, setup
) -> None:
    session_url = url("supervision:group_session", setup.session.pk)
    client.force_login(world.users["manager"])  # manages the facilitator
    assert session_url in client.get(url("supervision:group", setup.group.pk)).content.decode()
    page = client.get(session_url).content.decode()
    assert "Complete the record" not in page and 'name="record_version"' not in page
