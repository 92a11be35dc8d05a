"""The bell, the list and the choices, as a person uses them (who may open
what is in the authorization matrix: matrix_rows.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervisiondesk.notifications.choices import Delivery, Kind
from supervisiondesk.notifications.models import Notification, Preference
from supervisiondesk.people.tests.world import World


def notify(world: World, who: str, n: int, **kw) -> Notification:
    now = timezone.now() - timedelta(minutes=n)
    return Notification.objects.create(
        organisation=world.organisation,
        recipient=world.users[who],
        kind=kw.pop("kind", Kind.ACTION_OVERDUE),
        cause=f"test:{n}",
        params=kw.pop("params", {"description": f"Action {n}", "date": "2026-11-02"}),
        day=now.date(),
        created_at=now,
        delivery=Delivery.APP,
        **kw,
    )


@pytest.mark.django_db
def test_the_bell_counts_unread_and_the_list_shows_only_ones_own(client, world) -> None:
    for n in range(3):
        notify(world, "practitioner", n)
    notify(world, "practitioner", 9, read_at=timezone.now())
    notify(world, "practitioner", 8, resolved_at=timezone.now())  # dealt with: not counted
    notify(world, "supervisor", 7, params={"description": "Not yours", "date": "2026-11-02"})
    client.force_login(world.users["practitioner"])
    home = client.get(reverse("home")).content.decode()
    assert "3 unread" in home
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Action overdue since 2 November 2026: Action 0" in page
    assert page.count('class="notification unread"') == 3
    assert "Not yours" not in page


@pytest.mark.django_db
def test_opening_one_marks_it_read_and_goes_to_what_it_is_about(client, world) -> None:
    one = notify(world, "practitioner", 1, link_name="supervision:actions")
    client.force_login(world.users["practitioner"])
    response = client.post(reverse("notifications:open", args=[one.pk]))
    assert response.status_code == 302 and response.url == reverse("supervision:actions")
    one.refresh_from_db()
    assert one.read_at is not None
    notify(world, "practitioner", 2)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


@pytest.mark.django_db
def test_choices_are_saved_and_only_those_not_the_default(client, world) -> None:
    client.force_login(world.users["supervisor"])
    form = client.get(reverse("notifications:preferences")).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data[Kind.CASE_OVERDUE] = Delivery.OFF
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert list(Preference.objects.values_list("user__username", "kind", "delivery")) == [
        ("supervisor", "case_overdue", "off")
    ]
    data[Kind.CASE_OVERDUE] = "shout"
    page = client.post(reverse("notifications:preferences"), data)
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "offered"),
    [("practitioner", False), ("supervisor", False), ("manager", True), ("director", True)],
)
def test_the_weekly_digest_is_offered_to_managers_only(client, world, who, offered) -> None:
    client.force_login(world.users[who])
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert (Kind.WEEKLY_DIGEST.value in form.fields) is offered


@pytest.mark.django_db
def test_the_list_reads_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.users["practitioner"])
    notify(world, "practitioner", 1)
    client.get(reverse("notifications:list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:list"))
    for n in range(2, 30):
        notify(world, "practitioner", n)
    with django_assert_num_queries(len(one)):
        client.get(reverse("notifications:list"))
