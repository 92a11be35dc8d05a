"""Supervisee feedback: who reads which response, whose aggregates, giving
it once, and the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.privacy import rules
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry
from supervisiondesk.quality.arithmetic import quarters_up_to
from supervisiondesk.quality.models import FeedbackResponse
from supervisiondesk.quality.services import NotAllowed, feedback_give
from supervisiondesk.quality.tests.helpers import feedback_row, make_session
from supervisiondesk.supervision.services.common import organisation_today

pytestmark = pytest.mark.django_db
RATINGS = {"preparation": 4, "child_focus": 5, "reflection": 3, "support": 5, "clear_actions": 4}


@pytest.fixture
def today(world):
    return organisation_today(world.organisation)


@pytest.fixture
def responses(world, today) -> dict[str, FeedbackResponse]:
    """practitioner on supervisor (unshared, shared); supervisor on manager
    (unshared); colleague on other_supervisor (south team)."""
    s = world.staff

    def session(supervisor, supervisee, days):
        return make_session(
            supervisor=s[supervisor], attendees=[s[supervisee]], day=today - timedelta(days=days)
        )

    return {
        "unshared": feedback_row(
            session=session("supervisor", "practitioner", 3), respondent=s["practitioner"]
        ),
        "shared": feedback_row(
            session=session("supervisor", "practitioner", 5),
            respondent=s["practitioner"],
            shared=True,
        ),
        "on_manager": feedback_row(
            session=session("manager", "supervisor", 4), respondent=s["supervisor"]
        ),
        "south": feedback_row(
            session=session("other_supervisor", "colleague", 4), respondent=s["colleague"]
        ),
    }


# Who reads which individual response (privacy.rules.visible_feedback).
READS = {
    "practitioner": {"unshared", "shared"},  # their own
    "supervisor": {"shared", "on_manager"},  # shared with them; their own on the manager
    "manager": {"unshared", "shared"},  # their supervisor's; never unshared ones on themselves
    "senior": {"unshared", "shared", "on_manager", "south"},  # the service's supervisors
    "director": set(),  # aggregates only
    "auditor": set(),
    "admin": set(),
    "config_only": set(),
    "stranger_boss": set(),  # another organisation
}


@pytest.mark.parametrize("who", ROLES)
def test_who_reads_which_response(world, responses, who: str) -> None:
    assert set(READS) == set(ROLES)
    visible = set(rules.visible_feedback(world.users[who]).values_list("pk", flat=True))
    assert visible == {responses[name].pk for name in READS[who]}, who


# Whose aggregated scores (rules.feedback_aggregate_supervisors).
AGGREGATES = {
    "practitioner": {"practitioner"},  # their own, were they to lead sessions
    "supervisor": {"supervisor"},
    "manager": {"manager", "supervisor"},
    "senior": {
        "practitioner",
        "supervisor",
        "manager",
        "senior",
        "director",
        "auditor",
        "admin",
        "colleague",
        "other_supervisor",
    },
    "director": {
        "practitioner",
        "supervisor",
        "manager",
        "senior",
        "director",
        "auditor",
        "admin",
        "colleague",
        "other_supervisor",
    },
    "auditor": {"auditor"},
    "admin": {"admin"},
    "config_only": set(),
    "stranger_boss": {"stranger_boss"},
}


@pytest.mark.parametrize("who", ROLES)
def test_whose_aggregates_a_user_sees(world, who: str) -> None:
    seen = set(rules.feedback_aggregate_supervisors(world.users[who]).values_list("pk", flat=True))
    keys = {pk: key for key, pk in ((k, v.pk) for k, v in world.staff.items())}
    if who == "stranger_boss":
        # Their own organisation's service (boss and stranger), nothing of ours.
        assert len(seen) == 2 and seen.isdisjoint(keys)
        return
    assert {keys[pk] for pk in seen} == AGGREGATES[who], who


def test_a_senior_manager_never_reads_unshared_feedback_on_their_own_sessions(world, today) -> None:
    session = make_session(
        supervisor=world.staff["senior"], attendees=[world.staff["manager"]], day=today
    )
    response = feedback_row(session=session, respondent=world.staff["manager"])
    assert not rules.can_view(world.users["senior"], response)
    response.shared_with_supervisor = True
    response.save()
    assert rules.can_view(world.users["senior"], response)


# ---------------------------------------------------------------- giving feedback


def give(world, session, who="practitioner", **kwargs):
    return feedback_give(
        session=session,
        ratings=kwargs.pop("ratings", RATINGS),
        comment=kwargs.pop("comment", "Good session."),
        shared_with_supervisor=kwargs.pop("shared", False),
        by=world.users[who],
        **kwargs,
    )


def test_a_supervisee_gives_feedback_once_and_it_is_not_shared_unless_asked(world, today) -> None:
    session = make_session(
        supervisor=world.staff["supervisor"], attendees=[world.staff["practitioner"]], day=today
    )
    response = give(world, session, ratings={**RATINGS, "reflection": None})
    assert response.shared_with_supervisor is False
    assert response.supervisor == world.staff["supervisor"]
    assert response.given_on == today
    assert {r.statement: r.score for r in response.ratings.all()} == {
        k: v for k, v in RATINGS.items() if k != "reflection"
    }
    with pytest.raises(NotAllowed, match="already"):
        give(world, session)


@pytest.mark.parametrize(
    "case,message",
    [
        ("not_attendee", "Only a supervisee who took part"),
        ("planned", "once the session has been held"),
        ("too_late", "closed on"),
        ("informal", "formal one-to-one and group"),
        ("absent_from_group", "Only a supervisee who took part"),
        ("no_rating", "at least one"),
        ("off_the_scale", "from 1 to 5"),
        ("unknown_statement", "Unknown statements"),
    ],
)
def test_feedback_is_refused(world, today, case: str, message: str) -> None:
    s = world.staff
    kind, status, day, present, who = "individual_formal", "held", today, None, "practitioner"
    ratings = RATINGS
    if case == "not_attendee":
        who = "manager"
    elif case == "planned":
        status, day = "planned", today + timedelta(days=3)
    elif case == "too_late":
        day = today - timedelta(days=31)
    elif case == "informal":
        kind = "individual_informal"
    elif case == "absent_from_group":
        kind, present = "group", False
    elif case == "no_rating":
        ratings = dict.fromkeys(RATINGS)
    elif case == "off_the_scale":
        ratings = {**RATINGS, "support": 6}
    elif case == "unknown_statement":
        ratings = {**RATINGS, "charm": 5}
    session = make_session(
        supervisor=s["supervisor"],
        attendees=[s["practitioner"]],
        day=day,
        kind=kind,
        status=status,
        present=present,
    )
    with pytest.raises(NotAllowed, match=message):
        give(world, session, who=who, ratings=ratings)
    assert not FeedbackResponse.objects.exists()


def test_a_group_member_present_gives_feedback_on_the_facilitator(world, today) -> None:
    session = make_session(
        supervisor=world.staff["supervisor"],
        attendees=[world.staff["practitioner"]],
        day=today,
        kind="group",
        present=True,
    )
    assert give(world, session).supervisor == world.staff["supervisor"]


# ---------------------------------------------------------------- pages


def test_giving_feedback_from_the_session_page(client, world, today) -> None:
    session = make_session(
        supervisor=world.staff["supervisor"], attendees=[world.staff["practitioner"]], day=today
    )
    client.force_login(world.users["practitioner"])
    give_url = reverse("quality:feedback_give", args=[session.pk])
    assert (
        give_url in client.get(reverse("supervision:session", args=[session.pk])).content.decode()
    )
    assert give_url in client.get(reverse("quality:feedback_mine")).content.decode()
    # Nothing rated: the form again.
    page = client.post(give_url, {"comment": "x"})
    assert page.status_code == 200 and "Rate at least one statement" in page.content.decode()
    answer = {f"rate_{k}": str(v) for k, v in RATINGS.items()} | {"comment": "Clear actions."}
    done = client.post(give_url, answer)
    response = FeedbackResponse.objects.get()
    assert done["Location"] == reverse("quality:feedback_response", args=[response.pk])
    assert response.comment == "Clear actions." and not response.shared_with_supervisor
    # The session page now links to it, and the list shows it as given.
    session_page = client.get(reverse("supervision:session", args=[session.pk])).content.decode()
    assert done["Location"] in session_page and give_url not in session_page
    mine = client.get(reverse("quality:feedback_mine")).content.decode()
    assert give_url not in mine and done["Location"] in mine
    # The supervisor sees no link on their own session.
    client.force_login(world.users["supervisor"])
    assert (
        give_url
        not in client.get(reverse("supervision:session", args=[session.pk])).content.decode()
    )


def test_reading_a_response_is_logged_with_its_people(client, world, responses) -> None:
    response = responses["unshared"]
    client.force_login(world.users["manager"])
    assert client.get(reverse("quality:feedback_response", args=[response.pk])).status_code == 200
    entry = AccessLogEntry.objects.get(
        event=AccessEvent.READ, object_type="feedback", object_id=str(response.pk)
    )
    assert set(entry.subject_ids) == {world.staff["practitioner"].pk, world.staff["supervisor"].pk}
    client.force_login(world.users["supervisor"])  # not shared with them
    assert client.get(reverse("quality:feedback_response", args=[response.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.DENIED, object_type="feedback", user_id=world.users["supervisor"].pk
    ).exists()


def closed_quarter(today):
    """A quarter whose feedback has closed, whatever today is."""
    return quarters_up_to(today, 3)[-1]


def fill(world, quarter, supervisor: str, count: int, score: int = 4, shared: bool = False):
    supervisee = {"supervisor": "practitioner", "manager": "supervisor"}[supervisor]
    for n in range(count):
        session = make_session(
            supervisor=world.staff[supervisor],
            attendees=[world.staff[supervisee]],
            day=quarter.start + timedelta(days=n),
        )
        feedback_row(
            session=session, respondent=world.staff[supervisee], score=score, shared=shared
        )


@pytest.mark.parametrize("count,shown", [(4, False), (5, True)])
def test_the_supervisor_sees_averages_over_five_responses_only(
    client, world, today, count, shown
) -> None:
    quarter = closed_quarter(today)
    fill(world, quarter, "supervisor", count - 1, score=4)
    fill(world, quarter, "supervisor", 1, score=2, shared=True)
    client.force_login(world.users["supervisor"])
    html = client.get(reverse("quality:feedback_on_me")).content.decode()
    assert ("3.6" in html) is shown  # (4 * 4 + 2) / 5
    if shown:
        assert "(5 responses)" in html
    else:
        # No partial figure: not the mean of the four, not their count.
        assert "3.5" not in html and "(4 responses)" not in html
        assert "not enough responses to show" in html
    # The shared response is listed for them; the unshared ones are not.
    shared = FeedbackResponse.objects.get(shared_with_supervisor=True)
    assert reverse("quality:feedback_response", args=[shared.pk]) in html
    for other in FeedbackResponse.objects.filter(shared_with_supervisor=False):
        assert reverse("quality:feedback_response", args=[other.pk]) not in html


def test_a_quarter_still_open_to_feedback_shows_no_figure(client, world, today) -> None:
    for n in range(6):
        session = make_session(
            supervisor=world.staff["supervisor"],
            attendees=[world.staff["practitioner"]],
            day=today - timedelta(days=n % 3),
        )
        feedback_row(session=session, respondent=world.staff["practitioner"], score=5)
    client.force_login(world.users["supervisor"])
    html = client.get(reverse("quality:feedback_on_me")).content.decode()
    assert "not final yet" in html and "5.0" not in html


@pytest.mark.parametrize(
    "who,names,individual",
    [
        ("manager", ["Sam Supervisor"], True),
        ("senior", ["Sam Supervisor", "Mo Manager"], True),
        ("director", ["Sam Supervisor", "Mo Manager"], False),
    ],
)
def test_overseers_see_their_supervisors_averages_and_managers_the_responses(
    client, world, today, who, names, individual
) -> None:
    quarter = closed_quarter(today)
    fill(world, quarter, "supervisor", 5, score=5)
    fill(world, quarter, "manager", 2, score=1)
    client.force_login(world.users[who])
    html = client.get(
        reverse("quality:feedback_supervisors"), {"period": quarter.key}
    ).content.decode()
    averages, _sep, individual_part = html.partition('id="responses-h"')
    for name in names:
        assert name in averages
    assert "5.0" in averages  # the supervisor's five responses
    assert "1.0" not in averages  # the manager's two: not enough
    assert bool(individual_part) is individual
    links = [
        reverse("quality:feedback_response", args=[r.pk])
        for r in FeedbackResponse.objects.filter(supervisor=world.staff["supervisor"])
    ]
    assert all((link in html) is individual for link in links)


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "who,name,params",
    [
        ("practitioner", "quality:feedback_mine", None),
        ("supervisor", "quality:feedback_on_me", None),
        ("manager", "quality:feedback_supervisors", "closed"),
    ],
)
def test_list_pages_read_in_a_fixed_number_of_queries(
    client, world, today, django_assert_num_queries, who, name, params
) -> None:
    quarter = closed_quarter(today)
    query = {"period": quarter.key} if params else None
    url = reverse(name)
    client.force_login(world.users[who])
    fill(world, quarter, "supervisor", 2, shared=True)
    for n in range(2):
        make_session(
            supervisor=world.staff["supervisor"],
            attendees=[world.staff["practitioner"]],
            day=today - timedelta(days=n),
        )
    few = queries(client, url, query)
    fill(world, quarter, "supervisor", 6, shared=True)
    for n in range(4):
        make_session(
            supervisor=world.staff["supervisor"],
            attendees=[world.staff["practitioner"]],
            day=today - timedelta(days=n),
        )
    client.force_login(world.users[who])  # a fresh request-level cache
    with django_assert_num_queries(few):
        client.get(url, query or {})
