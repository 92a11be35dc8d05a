"""The authorization matrix (issue 5, item 6): every URL pattern, visited as
every login of the permission world and anonymously, on each record it
takes an id of (mine / other team / other organisation).

The expected outcomes are read from the rules as written (the docstring of
`privacy.rules`) and, for pages without an id, from each view: they are not
recorded from running the code. A page somebody may not see answers 404,
exactly like a record that is not there; anonymous visitors are sent to sign
in. Pages that change a record are for its parties only: everyone else gets
404 on GET, or on POST with an empty body for POST-only views (they answer
405 to GET). Every request runs in a savepoint rolled back afterwards, so one
actor's POST (signing, removing a case...) never changes what the next sees.

A new URL pattern without a row here fails `test_every_url_pattern_has_a_row`.
The records are built by `matrix_scenario.build_scenario` on the permission
world, once for the module (inside a transaction rolled back at its end;
each test runs in a savepoint of it): built per test, the world and the
scenario alone would take half a minute over the ninety-odd rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, NeedToKnowAccess
from supervisiondesk.privacy.services import NotAllowed, need_to_know_close, need_to_know_open
from supervisiondesk.quality.models import AuditSample
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.tests.matrix_scenario import (
    NEED_TO_KNOW_DETAILS,
    PERSONAL_MARKER,
    SIDES,
    WORKLOAD_TEXT,
    Scenario,
)

ANONYMOUS = "anonymous"
ACTORS = (*ROLES, ANONYMOUS)


@dataclass(frozen=True)
class To:
    """A redirect (302) to this page: the Location's path is its address."""

    url_name: str

    def __str__(self) -> str:
        return f"302 to {self.url_name}"


LOGIN = To("accounts:login")  # anonymous visitors are sent to sign in
ADMIN_LOGIN = To("admin:login")  # the admin's sign-in (which sends to ours)

Expect = dict[str, int | To]  # actor -> outcome
Builder = Callable[[str, Scenario], str]  # (url name, scenario) -> URL


def only(*allowed: str, ok: int | To = 200, others: int | To = 404, anonymous=LOGIN) -> Expect:
    """`ok` for the logins named, `others` for every other login."""
    unknown = set(allowed) - set(ROLES)
    assert not unknown, f"not logins of the world: {unknown}"
    return {actor: ok if actor in allowed else others for actor in ROLES} | {ANONYMOUS: anonymous}


EVERYONE = tuple(ROLES)
# Every login with a staff record (config_only has none: no organisation).
WITH_STAFF = tuple(r for r in ROLES if r != "config_only")
PARTIES = ("practitioner", "supervisor")  # of every record on the "mine" side
NOBODY: tuple[str, ...] = ()  # the other team's parties have no logins

# Who reads each side's one-to-one record, its discussion and its case
# (privacy.rules): the parties; the supervisor's line manager (manager); the
# senior manager of the service (senior, who also covers the south team);
# the auditor, whose open sample holds this session; the director only
# where a need-to-know access names the worker (colleague).
READ = {
    "mine": only(*PARTIES, "manager", "senior", "auditor"),
    "other_team": only("senior", "director"),
    "other_org": only("stranger_boss"),
}
# Changing a record: its parties only (stranger_boss supervises the other
# organisation's pair; the other team's pair has no logins).
PARTIES_ONLY = {
    "mine": only(*PARTIES),
    "other_team": only(*NOBODY),
    "other_org": only("stranger_boss"),
}
# The same for POST-only views with an empty body: the view runs, refuses
# or does nothing with a message, and redirects back to the record.
PARTIES_POST = {
    "mine": only(*PARTIES, ok=302),
    "other_team": only(*NOBODY, ok=302),
    "other_org": only("stranger_boss", ok=302),
}


# ---------------------------------------------------------------- URL builders


def page(name: str, scenario: Scenario) -> str:
    return reverse(name)


PAGE: dict[str, Builder] = {"-": page}
# An unnamed pattern: its row is named by its route.
ROUTE: dict[str, Builder] = {"-": lambda route, s: f"/{route}"}


def side_record(attr: str, sides: tuple[str, ...] = SIDES) -> dict[str, Builder]:
    """The URL on each side's record `attr` (session, discussion, agreement...)."""

    def build(side: str) -> Builder:
        return lambda name, s: reverse(name, args=[getattr(s.side(side), attr).pk])

    return {side: build(side) for side in sides}


def mine(pk: Callable[[Scenario], int]) -> dict[str, Builder]:
    """Records that exist on the "mine" side only (the group, the grant)."""
    return {"mine": lambda name, s: reverse(name, args=[pk(s)])}


def agenda_items() -> dict[str, Builder]:
    def build(side: str) -> Builder:
        return lambda name, s: reverse(
            name, args=[s.side(side).session.pk, s.side(side).agenda_item.pk]
        )

    return {side: build(side) for side in SIDES}


def agreement_new() -> dict[str, Builder]:
    """Bare (whom may I start one with), and naming a supervisee or a group."""

    def with_query(query: Callable[[Scenario], dict[str, int]]) -> Builder:
        return lambda name, s: f"{reverse(name)}?{urlencode(query(s))}"

    return {
        "-": page,
        "mine": with_query(lambda s: {"supervisee": s.side("mine").supervisee.pk}),
        "other_team": with_query(lambda s: {"supervisee": s.side("other_team").supervisee.pk}),
        "other_org": with_query(lambda s: {"supervisee": s.side("other_org").supervisee.pk}),
        "group": with_query(lambda s: {"group": s.group.pk}),
    }


def rearranging() -> dict[str, Builder]:
    """Bare, and rearranging each side's session."""

    def build(side: str) -> Builder:
        return lambda name, s: f"{reverse(name)}?rearranges={s.side(side).session.pk}"

    return {"-": page} | {side: build(side) for side in SIDES}


def policy_versions() -> dict[str, Builder]:
    def build(side: str) -> Builder:
        return lambda name, s: reverse(name, args=[s.policy_versions[side].pk])

    return {side: build(side) for side in ("mine", "other_org")}


# The admin: its staff accounts (admin, config_only); everyone else, signed
# in or not, is sent to the admin's sign-in.
STAFF_ONLY = only("admin", "config_only", others=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)
STAFF_NO_PERMISSION = only(
    "admin", "config_only", ok=403, others=ADMIN_LOGIN, anonymous=ADMIN_LOGIN
)

# Who may read each side's personal record section (the check-in): the
# session's parties. No page may show it to anyone else.
PERSONAL_READERS = {"mine": PARTIES, "other_team": NOBODY, "other_org": ("stranger_boss",)}


# ---------------------------------------------------------------- the matrix
#
# One row per URL name: "urls" (object -> URL; default: the page itself, no
# id), "method" (default GET; POST-only views are posted an empty body, or
# "data") and "expect": actor -> outcome, or object -> (actor -> outcome).
# Pages that read on GET and change on POST also have "post": the same
# URLs posted ("data", "expect"), for the parties only.

ROWS: dict[str, dict] = {
    # ------------------------------------------------------------ people
    "home": {"expect": only(*EVERYONE)},
    "people:my_supervisees": {"expect": only(*WITH_STAFF)},
    "people:my_caseload": {"expect": only(*WITH_STAFF)},
    # TEAM_VIEWING_ROLES: managers, senior managers, directors.
    "people:teams": {"expect": only("manager", "senior", "director", "stranger_boss")},
    # ------------------------------------------------------------ accounts
    # Signed in already: straight home.
    "accounts:login": {"expect": only(others=To("home"), anonymous=200)},
    # POST only (Django's LogoutView); everyone ends on the sign-in page.
    "accounts:logout": {"method": "POST", "expect": only(others=LOGIN)},
    "accounts:password_change": {"expect": only(*EVERYONE)},
    "accounts:password_change_done": {"expect": only(*EVERYONE)},
    # Everyone chooses their own language (issue 9).
    "accounts:language": {"expect": only(*EVERYONE)},
    # With an app: its page; without: the set-up page (both 200).
    "accounts:two_factor": {"expect": only(*EVERYONE)},
    # Verified already, or no second factor to give: on to `next` (home).
    "accounts:two_factor_verify": {"expect": only(others=To("home"))},
    # Only with an authenticator app (force_login gives one to the roles
    # that need two factors); the others are sent to set one up.
    "accounts:recovery_codes": {
        "expect": only(
            "manager",
            "senior",
            "director",
            "admin",
            "config_only",
            "stranger_boss",
            others=To("accounts:two_factor"),
        )
    },
    # Refused with a message for roles that need two factors (back to the
    # two-factor page); switched off for the others (home).
    "accounts:two_factor_off": {
        "method": "POST",
        "expect": only(
            "practitioner",
            "supervisor",
            "auditor",
            ok=To("home"),
            others=To("accounts:two_factor"),
        ),
    },
    # The idle timer: 204 while signed in, 403 once the session has ended.
    "accounts:keepalive": {"expect": only(*EVERYONE, ok=204, anonymous=403)},
    # The admin's sign-in is ours: signed in already, home (with a message).
    "admin/login/": {"urls": ROUTE, "expect": only(others=To("home"))},
    # ------------------------------------------------------------ compliance
    # SUPERVISING_ROLES: supervisors, managers, senior managers.
    "compliance:supervisees": {"expect": only("supervisor", "manager", "senior", "stranger_boss")},
    "compliance:teams": {"expect": only("manager", "senior", "director", "stranger_boss")},
    # ------------------------------------------------------------ policies
    "policies:policy": {"expect": only(*WITH_STAFF)},
    # Administrators of an organisation (config_only has none).
    "policies:version_new": {"expect": only("admin")},
    # POST only (GET is 404); a version of another organisation is not there.
    "policies:version_withdraw": {
        "method": "POST",
        "urls": policy_versions(),
        "expect": {
            "mine": only("admin", ok=To("policies:policy")),
            "other_org": only(),
        },
    },
    # ------------------------------------------------------------ supervision: sessions
    "supervision:overview": {"expect": only(*WITH_STAFF)},
    # Whoever supervises someone today. Rearranging a session
    # (?rearranges=id): that session's parties among them.
    "supervision:session_new": {
        "urls": rearranging(),
        "expect": {
            "-": only("supervisor", "manager", "senior", "stranger_boss"),
            "mine": only("supervisor"),
            "other_team": only(),
            "other_org": only("stranger_boss"),
        },
    },
    "supervision:session": {"urls": side_record("session"), "expect": READ},
    # The supervisor only (the supervisee asks for a change instead).
    "supervision:session_change": {
        "urls": side_record("session"),
        "expect": {
            "mine": only("supervisor"),
            "other_team": only(),
            "other_org": only("stranger_boss"),
        },
    },
    "supervision:session_cancel": {"urls": side_record("session"), "expect": PARTIES_ONLY},
    "supervision:agenda_add": {
        "method": "POST",
        "urls": side_record("session"),
        "expect": PARTIES_POST,
    },
    "supervision:agenda_remove": {"method": "POST", "urls": agenda_items(), "expect": PARTIES_POST},
    # The supervisor writes the record (may_write_record).
    "supervision:record": {
        "urls": side_record("session"),
        "expect": {
            "mine": only("supervisor"),
            "other_team": only(),
            "other_org": only("stranger_boss"),
        },
    },
    "supervision:discussion_add": {
        "method": "POST",
        "urls": side_record("session"),
        "expect": PARTIES_POST,
    },
    "supervision:action_add": {
        "method": "POST",
        "urls": side_record("session"),
        "expect": PARTIES_POST,
    },
    "supervision:sign": {"method": "POST", "urls": side_record("session"), "expect": PARTIES_POST},
    "supervision:request_edits": {
        "method": "POST",
        "urls": side_record("session"),
        "expect": PARTIES_POST,
    },
    "supervision:withdraw": {
        "method": "POST",
        "urls": side_record("session"),
        "expect": PARTIES_POST,
    },
    "supervision:complete": {
        "method": "POST",
        "urls": side_record("session"),
        "expect": PARTIES_POST,
    },
    "supervision:amend": {"urls": side_record("session"), "expect": PARTIES_ONLY},
    "supervision:discussion_edit": {"urls": side_record("discussion"), "expect": PARTIES_ONLY},
    "supervision:discussion_remove": {
        "method": "POST",
        "urls": side_record("discussion"),
        "expect": PARTIES_POST,
    },
    "supervision:actions": {"expect": only(*WITH_STAFF)},
    # Its owner (the supervisee) and the parties of its session.
    "supervision:action_update": {
        "method": "POST",
        "urls": side_record("action"),
        "expect": PARTIES_POST,
    },
    # ------------------------------------------------------------ supervision: agreements
    "supervision:agreements": {"expect": only(*WITH_STAFF)},
    # Bare: whom may I start one with (anyone with a staff record). Naming a
    # supervisee or a group: only their supervisor or facilitator today.
    "supervision:agreement_new": {
        "urls": agreement_new(),
        "expect": {
            "-": only(*WITH_STAFF),
            "mine": only("supervisor"),
            "other_team": only(),
            "other_org": only("stranger_boss"),
            "group": only("supervisor"),  # a member (practitioner) may not
        },
    },
    # An agreement is not in the audit sample (sessions only): no auditor.
    # POST signs or starts a review: its parties only (a review without a
    # reason shows the form again).
    "supervision:agreement": {
        "urls": side_record("agreement"),
        "expect": {
            "mine": only(*PARTIES, "manager", "senior"),
            "other_team": only("senior", "director"),
            "other_org": only("stranger_boss"),
        },
        "post": {"data": {"action": "review"}, "expect": PARTIES_ONLY},
    },
    "supervision:agreement_edit": {"urls": side_record("agreement"), "expect": PARTIES_ONLY},
    # ------------------------------------------------------------ supervision: groups
    # Only "mine": the group of supervisor (facilitator) with practitioner
    # and colleague; its session today, where practitioner brings case-1.
    "supervision:groups": {"expect": only(*WITH_STAFF)},
    # Facilitator, member, the facilitator's line manager, the service's
    # senior manager. A need-to-know access opens records, not the group.
    "supervision:group": {
        "urls": mine(lambda s: s.group.pk),
        "expect": only(*PARTIES, "manager", "senior"),
    },
    # Facilitator only; an empty form comes back with its errors (200).
    "supervision:group_plan": {
        "method": "POST",
        "urls": mine(lambda s: s.group.pk),
        "expect": only("supervisor"),
    },
    "supervision:group_members": {
        "method": "POST",
        "urls": mine(lambda s: s.group.pk),
        "expect": only("supervisor"),
    },
    # Its readers as for any session, and the director too: colleague
    # attends it, and the director's need-to-know access names colleague.
    # The auditor's sample does not hold it.
    "supervision:group_session": {
        "urls": mine(lambda s: s.group_session.pk),
        "expect": only(*PARTIES, "manager", "senior", "director"),
    },
    # The group session's people; an empty form is shown again (200).
    "supervision:group_attendance": {
        "method": "POST",
        "urls": mine(lambda s: s.group_session.pk),
        "expect": only(*PARTIES),
    },
    "supervision:group_case_add": {
        "method": "POST",
        "urls": mine(lambda s: s.group_session.pk),
        "expect": only(*PARTIES),
    },
    "supervision:group_record": {
        "method": "POST",
        "urls": mine(lambda s: s.group_session.pk),
        "expect": only(*PARTIES),
    },
    "supervision:group_action_add": {
        "method": "POST",
        "urls": mine(lambda s: s.group_session.pk),
        "expect": only(*PARTIES),
    },
    # Refused or done, back to the session (302).
    "supervision:group_complete": {
        "method": "POST",
        "urls": mine(lambda s: s.group_session.pk),
        "expect": only(*PARTIES, ok=302),
    },
    "supervision:group_amend": {
        "method": "POST",
        "urls": mine(lambda s: s.group_session.pk),
        "expect": only(*PARTIES),
    },
    # Readable with its session (the director through colleague); written
    # by the session's people (POST: the form comes back with its errors).
    "supervision:group_discussion": {
        "urls": mine(lambda s: s.group_discussion.pk),
        "expect": only(*PARTIES, "manager", "senior", "director"),
        "post": {"expect": only(*PARTIES)},
    },
    "supervision:group_genogram": {
        "urls": mine(lambda s: s.group_discussion.pk),
        "expect": only(*PARTIES, "manager", "senior", "director"),
    },
    # ------------------------------------------------------------ supervision: cases
    # case-0 (practitioner's; its only discussion is in the sampled session),
    # colleague-case, the other organisation's stranger-case: the workers,
    # their supervisors now, and whoever may read one of its discussions.
    # POST adds a management decision: those of its readers who supervise
    # its worker today or are (senior) managers (may_decide; an empty form
    # comes back with its errors).
    "supervision:case": {
        "urls": side_record("case"),
        "expect": READ,
        "post": {
            "expect": {
                "mine": only("supervisor", "manager", "senior"),
                "other_team": only("senior"),
                "other_org": only("stranger_boss"),
            }
        },
    },
    # The discussion's text for the child's record: its readers. POST says
    # when it was written there: the session's parties only.
    "supervision:discussion_copy": {
        "urls": side_record("discussion"),
        "expect": READ,
        "post": {"expect": PARTIES_ONLY},
    },
    # Whoever supervises someone today.
    "supervision:informal_new": {
        "expect": only("supervisor", "manager", "senior", "stranger_boss")
    },
    # ------------------------------------------------------------ privacy
    "privacy:my_reads": {"expect": only(*WITH_STAFF)},
    "privacy:my_data": {"expect": only(*WITH_STAFF)},
    "privacy:need_to_know": {"expect": only("director")},
    # The director who holds the access closes it.
    "privacy:need_to_know_close": {
        "method": "POST",
        "urls": mine(lambda s: s.need_to_know.pk),
        "expect": only("director", ok=To("privacy:need_to_know")),
    },
    # Directors and senior managers (REPORT_ROLES).
    "privacy:access_report": {"expect": only("director", "senior", "stranger_boss")},
    # ------------------------------------------------------------ quality
    # The auditor's samples (the auditor has a staff record in the world).
    "quality:samples": {"expect": only("auditor")},
    # ------------------------------------------------------------ reports
    # SUPERVISING_ROLES (their supervisees) and TEAM_VIEWING_ROLES (their
    # teams' figures), with a staff record.
    "reports:dashboard": {
        "expect": only("supervisor", "manager", "senior", "director", "stranger_boss")
    },
    # ------------------------------------------------------------ i18n: one row
    # Open to everyone, signed in or not: back to the site.
    "set_language": {
        "method": "POST",
        "data": {"language": "en"},
        "expect": only(others=302, anonymous=302),
    },
    # ------------------------------------------------------------ the admin, as a whole
    # Staff accounts only (admin and config_only); the administrator group
    # has the permissions of people, axes, logins and (view, delete) of the
    # two-factor devices (accounts.apps), none of supervision records. The
    # rows are their organisation's only (config_only has none, so empty
    # lists): accounts/tests/test_admin_scope.py checks what each list holds.
    "admin:index": {"expect": STAFF_ONLY},
    "admin:people_staffmember_changelist": {"expect": STAFF_ONLY},
    "admin:people_case_changelist": {"expect": STAFF_ONLY},
    "admin:auth_user_changelist": {"expect": STAFF_ONLY},
    "admin:otp_totp_totpdevice_changelist": {"expect": STAFF_ONLY},
    "admin:axes_accessattempt_changelist": {"expect": STAFF_ONLY},
    # Staff, but no permission on supervision records: 403.
    "admin:supervision_supervisionsession_changelist": {"expect": STAFF_NO_PERMISSION},
    "admin:supervision_supervisionagreement_changelist": {"expect": STAFF_NO_PERMISSION},
}

# Covered as a whole by the rows above that start with their namespace.
WHOLE_NAMESPACES = ("admin",)


# ---------------------------------------------------------------- rows kept by their apps
# An app may keep its rows beside its code: supervisiondesk/<app>/tests/
# matrix_rows.py with ROWS (same form as above, built with this module's
# helpers: only, To, LOGIN, PAGE...) and optionally build(scenario), which
# adds the app's records to scenario.extra (once per module, like the rest).


def app_row_modules() -> list[ModuleType]:
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.matrix_rows"
        ours = config.name.startswith("supervisiondesk.")
        if ours and find_spec(f"{config.name}.tests") and find_spec(name):
            modules.append(import_module(name))
    return modules


APP_ROW_MODULES = app_row_modules()
for _module in APP_ROW_MODULES:
    _clash = set(_module.ROWS) & set(ROWS)
    assert not _clash, f"{_module.__name__}: rows already in the matrix: {_clash}"
    ROWS.update(_module.ROWS)


# ---------------------------------------------------------------- every URL pattern
# (the one test without the database: every other asks for `scenario`)


def url_patterns(resolver=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(key, namespace) of every pattern: "namespace:name" when named, its
    whole route otherwise."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner:
                inner = f"{namespace}:{inner}" if namespace else inner
            yield from url_patterns(pattern, route, inner or namespace)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), namespace
            else:
                yield route, namespace


def test_every_url_pattern_has_a_row() -> None:
    patterns = dict(url_patterns())
    whole = {ns for ns in WHOLE_NAMESPACES if any(row.startswith(f"{ns}:") for row in ROWS)}
    missing = sorted(
        key
        for key, namespace in patterns.items()
        if key not in ROWS and namespace.split(":")[0] not in whole
    )
    stale = sorted(set(ROWS) - set(patterns))
    assert not (missing or stale), (
        f"URL patterns with no row in the matrix: {missing}; rows naming no URL pattern: {stale}"
    )


# ---------------------------------------------------------------- visiting


def clients_for(scenario: Scenario) -> dict[str, Client]:
    clients = {}
    for actor in ACTORS:
        clients[actor] = Client()
        if actor != ANONYMOUS:
            clients[actor].force_login(scenario.world.users[actor])
    return clients


def visit(client: Client, method: str, url: str, data: dict | None = None) -> tuple[int | str, str]:
    """The outcome of one request and the page's text, inside a savepoint
    rolled back afterwards."""
    text = ""
    with transaction.atomic():
        try:
            response = client.get(url) if method == "GET" else client.post(url, data or {})
        except Exception as error:  # a 500: reported, not raised
            outcome: int | str = f"{type(error).__name__}: {error}"
        else:
            outcome = response.status_code
            if outcome in (301, 302):
                outcome = f"302 to {urlsplit(response['Location']).path}"
            # Read to the end: the test client then closes the response (a
            # second close() would fire request_finished and, on PostgreSQL,
            # close the connection inside the test's transaction).
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            text = content.decode(errors="replace")
        transaction.set_rollback(True)
    return outcome, text


def matches(expected: int | To, outcome: int | str) -> bool:
    if isinstance(expected, To):
        return outcome == f"302 to {reverse(expected.url_name)}"
    if expected == 302:
        return isinstance(outcome, str) and outcome.startswith("302 to ")
    return outcome == expected


def expectations(row: dict, label: str) -> Expect:
    expect = row["expect"]
    return expect[label] if set(expect) <= set(row.get("urls", PAGE)) else expect


def personal_leaks(scenario: Scenario, actor: str, text: str) -> list[str]:
    """The sides whose personal section a page shows to someone not its party."""
    return [
        side
        for side, readers in PERSONAL_READERS.items()
        if actor not in readers and scenario.side(side).personal_section.text in text
    ]


@pytest.mark.parametrize("name", sorted(ROWS))
def test_matrix(name: str, scenario: Scenario) -> None:
    row = ROWS[name]
    visits = [(row.get("method", "GET"), row)]
    if "post" in row:
        visits.append(("POST", row["post"]))
    clients = clients_for(scenario)
    mismatches = []
    for label, build in row.get("urls", PAGE).items():
        url = build(name, scenario)
        for method, part in visits:
            expect = expectations({**part, "urls": row.get("urls", PAGE)}, label)
            assert set(expect) == set(ACTORS), f"{name} / {label}: an outcome for every actor"
            for actor in ACTORS:
                outcome, text = visit(clients[actor], method, url, part.get("data"))
                where = f"{name} / {label} / {actor}"
                if not matches(expect[actor], outcome):
                    mismatches.append(
                        f"{where}: expected {expect[actor]} got {outcome}  ({method} {url})"
                    )
                for side in personal_leaks(scenario, actor, text):
                    mismatches.append(f"{where}: shows {side}'s personal notes  ({method} {url})")
    assert not mismatches, "\n" + "\n".join(mismatches)


# ---------------------------------------------------------------- refusals and reads are logged


def test_another_practitioners_records_are_404_and_the_attempt_is_logged(scenario) -> None:
    world = scenario.world
    practitioner = world.users["practitioner"]
    colleague = scenario.side("other_team")
    client = Client()
    client.force_login(practitioner)
    for name, object_type, pk in [
        ("supervision:session", "session", colleague.session.pk),
        ("supervision:discussion_copy", "case_discussion", colleague.discussion.pk),
        ("supervision:discussion_edit", "case_discussion", colleague.discussion.pk),
        ("supervision:agreement", "agreement", colleague.agreement.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
        assert AccessLogEntry.objects.filter(
            event=AccessEvent.DENIED,
            user_id=practitioner.pk,
            object_type=object_type,
            object_id=str(pk),
        ).exists(), f"no refusal logged for {name}"
    # Nothing was logged as read.
    assert not AccessLogEntry.objects.filter(
        event=AccessEvent.READ, user_id=practitioner.pk
    ).exists()


@pytest.mark.parametrize(
    "reader,other", [("practitioner", "supervisor"), ("supervisor", "practitioner")]
)
def test_a_partys_read_is_logged_with_the_sessions_people_as_subjects(
    scenario, reader: str, other: str
) -> None:
    world = scenario.world
    session = scenario.side("mine").session
    client = Client()
    client.force_login(world.users[reader])
    assert client.get(reverse("supervision:session", args=[session.pk])).status_code == 200
    entry = AccessLogEntry.objects.get(
        event=AccessEvent.READ,
        user_id=world.users[reader].pk,
        object_type="session",
        object_id=str(session.pk),
    )
    # The people whose record it is, not the reader.
    assert entry.subject_ids == [world.staff[other].pk]
    assert entry.organisation_id == world.organisation.pk


# ---------------------------------------------------------------- personal notes


@pytest.mark.parametrize(
    "who,side,sees",
    [
        ("practitioner", "mine", True),
        ("supervisor", "mine", True),
        ("stranger_boss", "other_org", True),
        ("manager", "mine", False),
        ("senior", "mine", False),
        ("auditor", "mine", False),
        ("senior", "other_team", False),
        ("director", "other_team", False),
    ],
)
def test_only_the_parties_read_the_personal_section(scenario, who: str, side: str, sees: bool):
    client = Client()
    client.force_login(scenario.world.users[who])
    response = client.get(reverse("supervision:session", args=[scenario.side(side).session.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert WORKLOAD_TEXT in html  # they read the record...
    assert (PERSONAL_MARKER in html) is sees  # ...and the check-in only if a party


# ---------------------------------------------------------------- need to know


def test_need_to_know_opens_the_colleagues_records_for_its_time_only(scenario) -> None:
    world = scenario.world
    director = world.users["director"]
    colleague = world.staff["colleague"]
    session = scenario.side("other_team").session
    url = reverse("supervision:session", args=[session.pk])
    # Start from a director without any access (the scenario opened one).
    NeedToKnowAccess.objects.filter(pk=scenario.need_to_know.pk).delete()
    client = Client()
    client.force_login(director)

    def refusals() -> int:
        return AccessLogEntry.objects.filter(
            event=AccessEvent.DENIED, user_id=director.pk, object_id=str(session.pk)
        ).count()

    def open_access() -> NeedToKnowAccess:
        return need_to_know_open(
            user=director,
            organisation=world.organisation,
            reason="conduct",
            details=NEED_TO_KNOW_DETAILS,
            staff=colleague,
        )

    assert client.get(url).status_code == 404  # before opening
    assert refusals() == 1

    grant = open_access()
    assert client.get(url).status_code == 200
    read = AccessLogEntry.objects.get(
        event=AccessEvent.READ,
        user_id=director.pk,
        object_type="session",
        object_id=str(session.pk),
    )
    assert f"#{grant.pk}" in read.reason and NEED_TO_KNOW_DETAILS in read.reason
    assert colleague.pk in read.subject_ids and world.staff["director"].pk not in read.subject_ids

    # Expired (opened_at moves back too: an access must expire after it opens).
    now = timezone.now()
    NeedToKnowAccess.objects.filter(pk=grant.pk).update(
        opened_at=now - timedelta(hours=25), expires_at=now - timedelta(hours=1)
    )
    assert client.get(url).status_code == 404
    assert refusals() == 2

    # Closed by its director before it expires.
    grant = open_access()
    assert client.get(url).status_code == 200
    need_to_know_close(user=director, grant=grant)
    assert client.get(url).status_code == 404
    assert refusals() == 3


@pytest.mark.parametrize("who", [r for r in ROLES if r != "director"])
def test_only_a_director_opens_need_to_know_access(scenario, who: str) -> None:
    world = scenario.world
    before = NeedToKnowAccess.objects.count()
    with pytest.raises(NotAllowed):
        need_to_know_open(
            user=world.users[who],
            organisation=world.organisation,
            reason="conduct",
            details="Curious.",
            staff=world.staff["colleague"],
        )
    assert NeedToKnowAccess.objects.count() == before


# ---------------------------------------------------------------- audit samples


def test_a_closed_audit_sample_reads_nothing(scenario) -> None:
    url = reverse("supervision:session", args=[scenario.side("mine").session.pk])
    client = Client()
    client.force_login(scenario.world.users["auditor"])
    assert client.get(url).status_code == 200
    yesterday = organisation_today(scenario.world.organisation) - timedelta(days=1)
    AuditSample.objects.filter(pk=scenario.sample.pk).update(closes_on=yesterday)
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------- organisations


def record_urls(scenario: Scenario, side: str) -> list[str]:
    """Every page reading one of a side's records (and, on "mine", the group's)."""
    records = scenario.side(side)
    urls = [
        reverse("supervision:session", args=[records.session.pk]),
        reverse("supervision:record", args=[records.session.pk]),
        reverse("supervision:amend", args=[records.session.pk]),
        reverse("supervision:discussion_copy", args=[records.discussion.pk]),
        reverse("supervision:discussion_edit", args=[records.discussion.pk]),
        reverse("supervision:agreement", args=[records.agreement.pk]),
        reverse("supervision:case", args=[records.case.pk]),
    ]
    if side == "mine":
        urls += [
            reverse("supervision:group", args=[scenario.group.pk]),
            reverse("supervision:group_session", args=[scenario.group_session.pk]),
            reverse("supervision:group_discussion", args=[scenario.group_discussion.pk]),
            reverse("supervision:group_genogram", args=[scenario.group_discussion.pk]),
        ]
    return urls


@pytest.mark.parametrize(
    "who,sides",
    [("stranger_boss", ("mine", "other_team")), ("senior", ("other_org",))],
)
def test_nothing_crosses_organisations(scenario, who: str, sides: tuple[str, ...]) -> None:
    """A senior manager of one organisation reads nothing of the other's;
    the refusal is logged without naming the other organisation's people."""
    user = scenario.world.users[who]
    client = Client()
    client.force_login(user)
    seen = [
        (url, status)
        for side in sides
        for url in record_urls(scenario, side)
        if (status := client.get(url).status_code) != 404
    ]
    assert not seen
    denied = AccessLogEntry.objects.filter(event=AccessEvent.DENIED, user_id=user.pk)
    assert denied.exists()
    assert all(entry.subjects == "" for entry in denied)
