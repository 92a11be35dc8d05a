"""The PDFs of a session's record and of an agreement, read back with pypdf:
what the page shows the reader, the frame (organisation, "Confidential",
page numbers, when in which zone), never the personal notes for a manager
or an auditor, and the download logged as one."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from pypdf import PdfReader

from supervisiondesk.people.tests.world import build_world
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, Channel
from supervisiondesk.reports import pdf
from supervisiondesk.supervision.models import AgreementVersion, RecordSection
from supervisiondesk.supervision.services import records
from supervisiondesk.supervision.services.agreements import agreement_sign, agreement_version_save
from supervisiondesk.tests.matrix_scenario import (
    PERSONAL_MARKER,
    WORKLOAD_TEXT,
    Scenario,
    build_scenario,
)

DISAGREEMENT = "I do not agree that case-0 can step down yet."
AMENDMENT = "The court date moved to March."
PERSONAL_AMENDMENT = "PERSONAL-AMENDMENT: better after the weekend."
PERSONAL_REASON = "PERSONAL-REASON: said on the Monday."
LEARNING_STYLE = "Talking it through, then reading."


@pytest.fixture(scope="module")
def module_scenario(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Scenario]:
    """The matrix's records, with the practitioner's record signed by both
    (with a disagreement), amended twice (once under the personal check-in)
    and the pair's agreement signed by both."""
    fixed = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("pdf-media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), transaction.atomic(), fixed:
        scenario = build_scenario(build_world())
        users = scenario.world.users
        mine = scenario.side("mine")
        session = mine.session
        records.record_sign_as_supervisor(session=session, by=users["supervisor"])
        records.record_sign_as_supervisee(
            session=session, by=users["practitioner"], disagreement=DISAGREEMENT
        )
        records.record_amend(
            session=session,
            section=RecordSection.objects.get(session=session, key="workload"),
            text=AMENDMENT,
            reason="The listing changed.",
            by=users["supervisor"],
        )
        records.record_amend(
            session=session,
            section=mine.personal_section,
            text=PERSONAL_AMENDMENT,
            reason=PERSONAL_REASON,
            by=users["practitioner"],
        )
        version = AgreementVersion.objects.get(agreement=mine.agreement)
        version = agreement_version_save(
            version=version,
            expected_edit_version=version.edit_version,
            by=users["supervisor"],
            learning_style=LEARNING_STYLE,
        )
        agreement_sign(version=version, by=users["supervisor"])
        agreement_sign(version=version, by=users["practitioner"])
        yield scenario
        transaction.set_rollback(True)


@pytest.fixture
def scenario(module_scenario, db) -> Scenario:
    return module_scenario


def download(scenario: Scenario, who: str, url: str) -> str:
    client = Client()
    client.force_login(scenario.world.users[who])
    response = client.get(url)
    assert response.status_code == 200, (who, url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    return pdf_text(response.content)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The text without its white space: the layout wraps lines, and the
    text extraction splits kerned pairs ("T welve")."""
    return "".join(text.split())


def session_url(scenario: Scenario, side: str = "mine") -> str:
    return reverse("supervision:session_pdf", args=[scenario.side(side).session.pk])


def agreement_url(scenario: Scenario, side: str = "mine") -> str:
    return reverse("supervision:agreement_pdf", args=[scenario.side(side).agreement.pk])


# ---------------------------------------------------------------- the session's record


@pytest.mark.parametrize("who", ["supervisor", "practitioner"])
def test_a_party_reads_the_whole_record(scenario, who: str) -> None:
    mine = scenario.side("mine")
    text = flat(download(scenario, who, session_url(scenario)))
    for expected in [
        "Individual formal supervision",
        WORKLOAD_TEXT,
        PERSONAL_MARKER,  # the worker's check-in: theirs to read
        PERSONAL_AMENDMENT,
        PERSONAL_REASON,  # beside the section, for the parties
        mine.case.case_id,
        mine.action.description,
        DISAGREEMENT,
        "The supervisee's disagreement",
        AMENDMENT,
        "Sam Supervisor",
        "Pat Practitioner",
        "Sign-off",
        "History",
    ]:
        assert flat(expected) in text, expected
    # Signatures with their dates.
    day = mine.session.date.strftime("%-d %b %Y")
    assert text.count(flat(f"signed on {day}")) == 2
    # The amendment beside what it amends: after the workload text, before
    # the next part of the record.
    assert (
        text.index(flat(WORKLOAD_TEXT))
        < text.index(flat(AMENDMENT))
        < text.index(flat("Case discussions"))
    )
    assert flat("are left out") not in text


@pytest.mark.parametrize("who", ["manager", "senior", "auditor"])
def test_a_manager_or_auditor_reads_it_without_the_personal_notes(scenario, who: str) -> None:
    text = flat(download(scenario, who, session_url(scenario)))
    assert flat(WORKLOAD_TEXT) in text and flat(AMENDMENT) in text and flat(DISAGREEMENT) in text
    assert flat(PERSONAL_MARKER) not in text
    assert flat(PERSONAL_AMENDMENT) not in text
    # Nor why it was amended: the history holds no personal section's reason.
    assert flat(PERSONAL_REASON) not in text and flat("The listing changed.") in text
    assert flat("personal sections (check-in and wellbeing) are left out") in text


def test_the_frame_names_the_organisation_confidentiality_pages_and_the_time(scenario) -> None:
    content = Client()
    content.force_login(scenario.world.users["supervisor"])
    raw = content.get(session_url(scenario)).content
    reader = PdfReader(io.BytesIO(raw))
    pages = len(reader.pages)
    first = flat(reader.pages[0].extract_text())
    last = flat(reader.pages[-1].extract_text())
    for text in (first, last):  # on every page, from the page's margins
        assert flat("Riverside") in text
        assert "CONFIDENTIAL" in text.upper()
        assert flat("(Europe/London)") in text
    assert flat(f"Page 1 / {pages}") in first
    assert flat(f"Page {pages} / {pages}") in last
    assert flat("for Sam Supervisor") in first
    assert reader.metadata.title.startswith("Individual formal supervision")


def test_the_download_is_logged_as_a_download_of_the_record(scenario) -> None:
    world = scenario.world
    session = scenario.side("mine").session
    download(scenario, "manager", session_url(scenario))
    entry = AccessLogEntry.objects.filter(
        event=AccessEvent.READ,
        user_id=world.users["manager"].pk,
        object_type="session",
        object_id=str(session.pk),
    ).latest("seq")
    assert entry.channel == Channel.DOWNLOAD
    assert set(entry.subject_ids) == {world.staff["supervisor"].pk, world.staff["practitioner"].pk}


def test_another_teams_record_is_404_and_the_attempt_logged(scenario) -> None:
    client = Client()
    client.force_login(scenario.world.users["practitioner"])
    session = scenario.side("other_team").session
    assert client.get(session_url(scenario, "other_team")).status_code == 404
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.DENIED, object_type="session", object_id=str(session.pk)
    ).exists()


def test_the_session_page_links_to_its_pdf(scenario) -> None:
    client = Client()
    client.force_login(scenario.world.users["manager"])
    session = scenario.side("mine").session
    html = client.get(reverse("supervision:session", args=[session.pk])).content.decode()
    assert f'href="{session_url(scenario)}"' in html
    assert "Download the record (PDF)" in html


# ---------------------------------------------------------------- the agreement


def test_the_agreement_pdf_holds_the_signed_version_signatures_and_review(scenario) -> None:
    mine = scenario.side("mine")
    text = flat(download(scenario, "practitioner", agreement_url(scenario)))
    agreement = mine.agreement
    agreement.refresh_from_db()
    assert flat("Sam Supervisor and Pat Practitioner") in text
    assert flat(LEARNING_STYLE) in text
    assert flat("Agreed by everyone on") in text
    assert flat("Not agreed yet") not in text
    assert text.count(flat("Sam Supervisor")) >= 2 and flat("Signed on (Europe/London)") in text
    assert flat(agreement.signed_on.strftime("%-d %B %Y")) in text
    assert flat("Next review") in text and flat("Once agreed") not in text
    entry = AccessLogEntry.objects.filter(
        event=AccessEvent.READ, object_type="agreement", object_id=str(agreement.pk)
    ).latest("seq")
    assert entry.channel == Channel.DOWNLOAD


def test_a_draft_agreement_says_it_is_not_agreed(scenario) -> None:
    text = flat(download(scenario, "stranger_boss", agreement_url(scenario, "other_org")))
    assert flat("Not agreed yet") in text
    assert flat("Nobody has signed this version yet.") in text
    # A version that is not there is not there.
    client = Client()
    client.force_login(scenario.world.users["stranger_boss"])
    assert client.get(agreement_url(scenario, "other_org") + "?version=9").status_code == 404


def test_the_agreement_page_links_to_its_pdf(scenario) -> None:
    client = Client()
    client.force_login(scenario.world.users["supervisor"])
    agreement = scenario.side("mine").agreement
    html = client.get(reverse("supervision:agreement", args=[agreement.pk])).content.decode()
    assert f'href="{agreement_url(scenario)}"' in html


# ---------------------------------------------------------------- the frame for later reports


def test_render_pdf_fetches_nothing_from_outside(settings, tmp_path, monkeypatch) -> None:
    """A later report's template (the monthly report, the evidence pack)
    gets the frame; an image from the internet is never fetched."""
    template = tmp_path / "reports" / "pdf"
    template.mkdir(parents=True)
    (template / "probe.html").write_text(
        '{% extends "reports/pdf/base.html" %}{% block content %}'
        '<h1>Monthly report</h1><img src="https://example.org/tracker.png" alt="">'
        "{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    class Org:
        name = "Probe Council"
        time_zone = "America/Bogota"

    connections = []

    def connect(self, address):
        connections.append(address)
        raise OSError("no network in a PDF")

    monkeypatch.setattr(socket.socket, "connect", connect)
    text = flat(pdf_text(pdf.render_pdf("reports/pdf/probe.html", {"organisation": Org()})))
    assert connections == []
    assert flat("Monthly report") in text and flat("Probe Council") in text
    assert flat("(America/Bogota)") in text
