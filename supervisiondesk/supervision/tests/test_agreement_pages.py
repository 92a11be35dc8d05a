"""The agreement pages: who sees them (a role matrix), starting, changing,
signing and reviewing through them, an edit conflict that loses nothing, a
fixed number of queries on the list, and one walk through in Chromium."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import screenshot
from supervisiondesk.accounts.tests.otp import browser_sign_in as sign_in
from supervisiondesk.people import services as people_services
from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.supervision.agreement_selectors import CONTENT_FIELDS
from supervisiondesk.supervision.models import (
    AgreementVersion,
    SupervisionAgreement,
    SupervisionGroup,
)
from supervisiondesk.supervision.services.agreements import (
    agreement_sign,
    agreement_start,
    agreement_version_save,
)
from supervisiondesk.supervision.services.common import organisation_today

# Who gets 200 on each page of the practitioner's agreement with the
# supervisor; everyone else 404 ("not there" and "not yours" alike).
ALLOWED = {
    "list": set(ROLES) - {"config_only"},  # everyone with a staff record: their own list
    "new": {"supervisor"},
    # The supervisor's manager and the senior manager of the service read it
    # (privacy.rules); only its parties change it.
    "detail": {"supervisor", "practitioner", "manager", "senior"},
    "edit": {"supervisor", "practitioner"},
}


def start(world, supervisee: str = "practitioner", supervisor: str = "supervisor"):
    return agreement_start(
        supervisor=world.staff[supervisor],
        supervisee=world.staff[supervisee],
        by=world.users[supervisor],
    )


def url(page: str, world, agreement: SupervisionAgreement | None) -> str:
    if page == "list":
        return reverse("supervision:agreements")
    if page == "new":
        return (
            reverse("supervision:agreement_new") + f"?supervisee={world.staff['practitioner'].pk}"
        )
    return reverse(
        f"supervision:{'agreement' if page == 'detail' else 'agreement_edit'}", args=[agreement.pk]
    )


def latest(agreement: SupervisionAgreement) -> AgreementVersion:
    return agreement.versions.order_by("-number").first()


def form_data(version: AgreementVersion, **changes) -> dict[str, str]:
    data = {name: getattr(version, name) or "" for name in CONTENT_FIELDS}
    data.update(learning_style="Talking it through.", edit_version=str(version.edit_version))
    data.update(changes)
    return {k: str(v) for k, v in data.items()}


@pytest.mark.parametrize("page", sorted(ALLOWED))
@pytest.mark.parametrize("who", ROLES)
def test_role_matrix(client, world, page: str, who: str) -> None:
    agreement = None if page == "new" else start(world)
    client.force_login(world.users[who])
    response = client.get(url(page, world, agreement))
    assert response.status_code == (200 if who in ALLOWED[page] else 404)


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_anonymous_is_sent_to_sign_in(client, world, page: str) -> None:
    agreement = None if page == "new" else start(world)
    response = client.get(url(page, world, agreement))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_shows_only_ones_own_agreements(client, world) -> None:
    start(world)
    client.force_login(world.users["stranger_boss"])
    assert not client.get(reverse("supervision:agreements")).context["states"]
    client.force_login(world.users["manager"])
    assert not client.get(reverse("supervision:agreements")).context["states"]
    client.force_login(world.users["practitioner"])
    (state,) = client.get(reverse("supervision:agreements")).context["states"]
    assert (state.state, [p.name for p in state.waiting_for]) == (
        "draft",
        ["Sam Supervisor", "Pat Practitioner"],
    )


def test_a_supervisor_starts_changes_and_both_sign(client, world) -> None:
    client.force_login(world.users["supervisor"])
    listing = client.get(reverse("supervision:agreements"))
    assert world.staff["practitioner"] in listing.context["startable"].supervisees
    new = url("new", world, None)
    response = client.post(new, {"supervisee": world.staff["practitioner"].pk})
    agreement = SupervisionAgreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:agreement_edit", args=[agreement.pk])
    # Started once: a second POST shows the existing one instead.
    again = client.post(new, {"supervisee": world.staff["practitioner"].pk})
    assert again.status_code == 200 and again.context["existing"] == agreement
    assert SupervisionAgreement.objects.count() == 1

    edit = reverse("supervision:agreement_edit", args=[agreement.pk])
    form = client.get(edit).context["form"]
    assert form["frequency"].value() == "every month"
    response = client.post(edit, form_data(latest(agreement), frequency="every three weeks"))
    assert response.status_code == 302
    detail = reverse("supervision:agreement", args=[agreement.pk])
    response = client.post(detail, {"action": "sign", "version": latest(agreement).pk}, follow=True)
    assert "Signed." in response.content.decode()
    assert response.context["state"].state == "awaiting"
    assert not response.context["may_sign"]

    client.force_login(world.users["practitioner"])
    response = client.post(detail, {"action": "sign", "version": latest(agreement).pk}, follow=True)
    assert response.context["state"].state == "agreed"
    assert "Agreed by everyone on" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.signed_on == organisation_today(world.organisation)
    # Locked: the edit page sends them back with the reason.
    response = client.get(edit, follow=True)
    assert response.redirect_chain[-1][0] == detail
    assert "start a review" in response.content.decode()


def test_signing_twice_is_refused_on_the_page(client, world) -> None:
    agreement = start(world)
    version = latest(agreement)
    client.force_login(world.users["supervisor"])
    client.post(reverse("supervision:agreement_edit", args=[agreement.pk]), form_data(version))
    detail = reverse("supervision:agreement", args=[agreement.pk])
    client.post(detail, {"action": "sign", "version": version.pk})
    response = client.post(detail, {"action": "sign", "version": version.pk})
    assert response.status_code == 200
    assert response.context["errors"] == ["You have already signed this version."]
    assert version.signatures.count() == 1


def test_a_gap_is_named_before_signing(client, world) -> None:
    agreement = start(world)
    client.force_login(world.users["practitioner"])
    response = client.get(reverse("supervision:agreement", args=[agreement.pk]))
    assert response.context["missing"] == ["the supervisee's learning style and needs"]
    assert b'name="action" value="sign"' not in response.content


def test_an_edit_takes_away_a_signature_and_says_so(client, world) -> None:
    agreement = start(world)
    version = agreement_version_save(
        version=latest(agreement),
        expected_edit_version=1,
        by=world.users["supervisor"],
        learning_style="Reading first, then talking.",
    )
    agreement_sign(version=version, by=world.users["supervisor"])
    client.force_login(world.users["practitioner"])
    edit = reverse("supervision:agreement_edit", args=[agreement.pk])
    assert "Saving a change takes these signatures away" in client.get(edit).content.decode()
    response = client.post(edit, form_data(latest(agreement), cancellation="Never."), follow=True)
    assert "signatures given before this change were taken away" in response.content.decode()
    assert not latest(agreement).signatures.exists()


def test_an_edit_conflict_keeps_the_text_and_overwrites_nothing(client, world) -> None:
    agreement = start(world)
    edit = reverse("supervision:agreement_edit", args=[agreement.pk])
    opened = latest(agreement)  # both forms opened at edit version 1
    client.force_login(world.users["supervisor"])
    assert client.get(edit).context["form"]["edit_version"].value() == 1
    client.post(edit, form_data(opened, cancellation="The supervisor's words."))

    client.force_login(world.users["practitioner"])
    response = client.post(edit, form_data(opened, cancellation="The supervisee's words."))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record after you opened it" in page
    assert response.context["form"]["cancellation"].value() == "The supervisee's words."
    assert ("when a session may be cancelled", "The supervisor's words.") in [
        (str(label).lower(), text) for label, text in response.context["saved"]
    ]
    assert latest(agreement).cancellation == "The supervisor's words."
    # Saving again, having seen the other text, goes through.
    assert response.context["form"]["edit_version"].value() == "2"
    again = client.post(edit, form_data(latest(agreement), cancellation="The supervisee's words."))
    assert again.status_code == 302
    assert latest(agreement).cancellation == "The supervisee's words."


def test_a_review_keeps_the_history_readable(client, world) -> None:
    agreement = start(world)
    version = agreement_version_save(
        version=latest(agreement),
        expected_edit_version=1,
        by=world.users["supervisor"],
        learning_style="Reading first, then talking.",
    )
    for who in ("supervisor", "practitioner"):
        agreement_sign(version=version, by=world.users[who])
    client.force_login(world.users["practitioner"])
    detail = reverse("supervision:agreement", args=[agreement.pk])
    assert client.get(detail).context["may_review"]
    response = client.post(detail, {"action": "review", "reason": "needs_changed"})
    assert response["Location"] == reverse("supervision:agreement_edit", args=[agreement.pk])
    second = latest(agreement)
    assert (second.number, second.reason, second.learning_style) == (
        2,
        "needs_changed",
        "Reading first, then talking.",
    )
    page = client.get(detail)
    assert page.context["state"].under_review
    assert [v.number for v in page.context["state"].versions] == [2, 1]
    first = client.get(detail, {"version": 1})
    assert first.context["shown"].number == 1
    assert "from the history" in first.content.decode()
    assert client.get(detail, {"version": 9}).status_code == 404
    # Without a reason the review does not start.
    bad = client.post(detail, {"action": "review"})
    assert bad.status_code == 200 and agreement.versions.count() == 2


def test_a_group_agreement_through_the_pages(client, world) -> None:
    group = SupervisionGroup.objects.create(
        organisation=world.organisation,
        name="Reflective group",
        facilitator=world.staff["supervisor"],
    )
    group.members.add(world.staff["practitioner"], world.staff["auditor"])
    new = reverse("supervision:agreement_new") + f"?group={group.pk}"
    for who in ("practitioner", "manager", "stranger_boss"):  # a member does not start it
        client.force_login(world.users[who])
        assert client.get(new).status_code == 404
    client.force_login(world.users["supervisor"])
    assert group in client.get(reverse("supervision:agreements")).context["startable"].groups
    assert "which you facilitate" in client.get(new).content.decode()
    client.post(new, {"group": group.pk})
    agreement = SupervisionAgreement.objects.get(group=group)
    edit = client.get(reverse("supervision:agreement_edit", args=[agreement.pk]))
    assert edit.context["form"]["learning_style"].label == "The group's learning needs"
    detail = reverse("supervision:agreement", args=[agreement.pk])
    for who in ("auditor", "supervisor", "practitioner"):
        client.force_login(world.users[who])
        response = client.post(
            detail, {"action": "sign", "version": latest(agreement).pk}, follow=True
        )
    state = response.context["state"]
    assert [p.name for p in state.parties] == ["Sam Supervisor", "Ali Auditor", "Pat Practitioner"]
    assert state.state == "agreed" and state.title == "Group: Reflective group"
    # The facilitator's manager reads it, and cannot sign it.
    client.force_login(world.users["manager"])
    page = client.get(detail)
    assert page.status_code == 200 and b'name="action" value="sign"' not in page.content
    post = client.post(detail, {"action": "sign", "version": latest(agreement).pk})
    assert post.status_code == 404


def test_list_queries_do_not_grow_with_the_agreements(
    client, world, django_assert_num_queries
) -> None:
    for key in ("colleague", "auditor"):
        people_services.relationship_add(
            supervisee=world.staff[key],
            supervisor=world.staff["supervisor"],
            kind="professional",
            start_date=date(2024, 1, 1),
        )
    start(world)
    client.force_login(world.users["supervisor"])
    listing = reverse("supervision:agreements")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(listing).context["states"]) == 1
    start(world, "colleague")
    agreement = start(world, "auditor")
    agreement_sign(
        version=agreement_version_save(
            version=latest(agreement),
            expected_edit_version=1,
            by=world.users["supervisor"],
            learning_style="x",
        ),
        by=world.users["supervisor"],
    )
    with django_assert_num_queries(len(one)):
        response = client.get(listing)
    assert len(response.context["states"]) == 3
    # Of which 4 are the account's: the two-factor check and the session
    # saved on every request (the idle timeout, docs/accounts.md).
    assert len(one) <= 14


# ---------------------------------------------------------------- in Chromium


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_agreement_from_start_to_agreed_in_the_browser(page, live_server, world) -> None:
    sign_in(page, live_server, "supervisor")
    page.goto(f"{live_server.url}{reverse('supervision:agreements')}")
    page.get_by_role("link", name="With Pat Practitioner").click()
    page.get_by_role("button", name="Start the agreement").click()
    page.get_by_label("The supervisee's learning style and needs").fill(
        "Learns by talking cases through, with a short written summary afterwards."
    )
    screenshot(page, "agreement-edit")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Sign version 1").click()
    assert "Waiting for: Pat Practitioner" in page.locator(".lead").inner_text()

    sign_in(page, live_server, "practitioner")
    page.goto(f"{live_server.url}{reverse('supervision:agreements')}")
    page.get_by_role("link", name="Sam Supervisor and Pat Practitioner").click()
    page.get_by_role("button", name="Sign version 1").click()
    assert "Agreed" in page.locator(".lead").inner_text()
    assert page.get_by_text("Everyone has signed: the agreement is agreed.").is_visible()
    screenshot(page, "agreement")
    page.goto(f"{live_server.url}{reverse('supervision:agreements')}")
    screenshot(page, "agreement-list")
    page.go_back()
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "agreement-phone")


def test_an_agreement_from_a_data_folder_is_shown_and_reviewed_into_text(client, world) -> None:
    imported = SupervisionAgreement.objects.create(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        signed_on=date(2024, 2, 1),
    )
    client.force_login(world.users["practitioner"])
    listing = client.get(reverse("supervision:agreements")).content.decode()
    assert reverse("supervision:agreement", args=[imported.pk]) in listing
    page = client.get(reverse("supervision:agreement", args=[imported.pk])).content.decode()
    assert "recorded in another system" in page and "1 February 2024" in page
    # Its dates download as a PDF too, like any agreement's.
    download = reverse("supervision:agreement_pdf", args=[imported.pk])
    assert f'href="{download}"' in page
    assert client.get(download)["Content-Type"] == "application/pdf"
    response = client.post(
        reverse("supervision:agreement", args=[imported.pk]),
        {"action": "review", "reason": "annual"},
    )
    assert response.status_code == 302
    assert imported.versions.get().number == 1
