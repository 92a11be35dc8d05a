"""The access log's hash chain (privacy.chain): entries appended by
`access_log_add` verify; the application and the database refuse to change
them; an entry changed, inserted, removed or cut off the end behind the
application's back is found at the right place; each organisation's chain is
its own; `manage.py verify_access_log` says so and exits 1 when one is broken.

The database refuses UPDATE on every backend and DELETE on PostgreSQL (see
migrations/0002). SQLite keeps DELETE open for the test runner, so the
tests that remove or rewrite rows behind the application's back run there.
"""

from __future__ import annotations

import itertools
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from supervisiondesk.privacy.chain import GENESIS, chains, entry_hash, verify
from supervisiondesk.privacy.models import (
    AccessEvent,
    AccessLogEntry,
    AccessLogHead,
    AppendOnlyError,
    Channel,
)
from supervisiondesk.privacy.services import access_log_add, chain_name, chain_names

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="only SQLite lets a test remove rows of the log"
)


def add(world, count: int = 1, *, organisation=None, user="supervisor") -> list[AccessLogEntry]:
    """`count` reads by `user` of the practitioner's records."""
    organisation = organisation or world.organisation
    return [
        access_log_add(
            user=world.users[user],
            event=AccessEvent.READ,
            organisation_id=organisation.pk,
            object_type="session",
            object_id=f"sd-{n}",
            subjects=[world.staff["practitioner"].pk],
            reason="supervision",
        )
        for n in range(count)
    ]


def chain_of(world, organisation=None) -> str:
    return chain_name((organisation or world.organisation).pk)


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def copy(entry: AccessLogEntry, **changes) -> AccessLogEntry:
    """An unsaved copy of `entry` with `changes`, to write past `save()`."""
    fields = {
        f.name: getattr(entry, f.name)
        for f in AccessLogEntry._meta.concrete_fields
        if f.name != "id"
    }
    return AccessLogEntry(**{**fields, **changes})


# ------------------------------------------------------------------ appending


def test_entries_appended_by_the_service_verify(world) -> None:
    entries = add(world, 5)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.entry_hash
    for entry in entries:
        assert entry.entry_hash == entry_hash(AccessLogEntry.objects.get(pk=entry.pk))
    check = verify(chain_of(world))
    assert (check.ok, check.entries, check.broken_at, check.problem) == (True, 5, None, "")
    head = AccessLogHead.objects.get(chain=chain_of(world))
    assert (head.seq, head.last_hash) == (5, entries[-1].entry_hash)
    assert entries[0].subjects == f" {world.staff['practitioner'].pk} "
    assert entries[0].username == "supervisor"


def test_a_read_names_every_subject_however_many(world) -> None:
    # A group session of a large service: 120 members with six-digit keys
    # (once a 400-character column, and a 500 on the read).
    subjects = list(range(900_000, 900_120))
    entry = access_log_add(
        user=world.users["supervisor"],
        event=AccessEvent.READ,
        organisation_id=world.organisation.pk,
        object_type="session",
        object_id="1",
        subjects=subjects,
    )
    stored = AccessLogEntry.objects.get(pk=entry.pk)
    assert stored.subjects.split() == [str(s) for s in subjects]
    assert verify(chain_of(world)).ok
    assert AccessLogEntry.objects.filter(pk=entry.pk, subjects__contains=" 900119 ").exists()


def test_an_empty_chain_verifies() -> None:
    check = verify("org-404")
    assert (check.ok, check.entries) == (True, 0)


# ------------------------------------------------------------------ append-only


def test_the_model_refuses_to_change_or_delete_an_entry(world) -> None:
    entry = add(world)[0]
    entry.reason = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="forged")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).reason == "supervision"
    assert verify(chain_of(world)).ok


def test_the_database_refuses_an_update_through_raw_sql(world) -> None:
    entry = add(world, 2)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE privacy_accesslogentry SET reason = %s WHERE id = %s", ["forged", entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).reason == "supervision"
    assert verify(chain_of(world)).ok


def test_postgresql_refuses_a_delete_through_raw_sql(world) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE open for the test runner (migrations/0002)")
    entry = add(world, 2)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM privacy_accesslogentry WHERE id = %s", [entry.pk])
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
    assert verify(chain_of(world)).ok


# ------------------------------------------------------------------ tampering found


def test_a_forged_entry_added_past_the_model_is_found_at_its_seq(world) -> None:
    entries = add(world, 3)
    forged = copy(entries[-1], seq=4, prev_hash=entries[-1].entry_hash, reason="forged")
    forged.entry_hash = "f" * 64  # not the hash of its fields
    AccessLogEntry.objects.bulk_create([forged])
    check = verify(chain_of(world))
    assert (check.broken_at, check.entries, check.problem) == (
        4,
        3,
        "it was changed after it was written",
    )


def test_an_entry_that_does_not_follow_its_predecessor_is_found(world) -> None:
    add(world, 3)
    # Its own hash is right, but it chains to nothing in this chain.
    forged = copy(AccessLogEntry.objects.get(chain=chain_of(world), seq=3), seq=4)
    forged.prev_hash = "a" * 64
    forged.entry_hash = entry_hash(forged)
    AccessLogEntry.objects.bulk_create([forged])
    check = verify(chain_of(world))
    assert (check.broken_at, check.problem) == (4, "it does not follow the entry before it")


@sqlite_only
def test_an_entry_rewritten_behind_the_apps_back_is_found_at_its_seq(world) -> None:
    entries = add(world, 4)
    middle = AccessLogEntry.objects.get(pk=entries[1].pk)
    # Removed and written again with another reason, its stored hashes kept.
    raw("DELETE FROM privacy_accesslogentry WHERE id = %s", [middle.pk])
    AccessLogEntry.objects.bulk_create([copy(middle, reason="nobody read this")])
    check = verify(chain_of(world))
    assert (check.broken_at, check.entries, check.problem) == (
        2,
        1,
        "it was changed after it was written",
    )


@sqlite_only
def test_a_middle_entry_removed_is_found(world) -> None:
    entries = add(world, 4)
    raw("DELETE FROM privacy_accesslogentry WHERE id = %s", [entries[2].pk])
    check = verify(chain_of(world))
    assert (check.broken_at, check.entries, check.problem) == (3, 2, "an entry is missing")


@sqlite_only
def test_entries_cut_off_the_end_are_found_by_the_head(world) -> None:
    entries = add(world, 4)
    raw("DELETE FROM privacy_accesslogentry WHERE id IN (%s, %s)", [entries[2].pk, entries[3].pk])
    # What is left is a perfect chain of two; only the head knows of four.
    check = verify(chain_of(world))
    assert (check.broken_at, check.entries, check.problem) == (
        3,
        2,
        "entries at its end are missing",
    )


def test_a_head_longer_than_its_chain_is_reported(world) -> None:
    # Where the database refuses DELETE, the same check from the other side.
    add(world, 3)
    AccessLogHead.objects.filter(chain=chain_of(world)).update(seq=F("seq") + 1)
    check = verify(chain_of(world))
    assert (check.broken_at, check.entries, check.problem) == (
        4,
        3,
        "entries at its end are missing",
    )


# ------------------------------------------------------------------ one chain per organisation


def test_each_organisation_has_its_own_chain(world) -> None:
    here, there = world.organisation, world.other_organisation
    for _round in range(3):
        add(world, organisation=here)
        add(world, organisation=there, user="stranger_boss")
    system = access_log_add(user=None, event=AccessEvent.SIGN_IN_FAILED, username="nobody")
    assert system.chain == "system" and system.seq == 1
    for organisation in (here, there):
        entries = AccessLogEntry.objects.filter(chain=chain_of(world, organisation))
        assert list(entries.values_list("seq", flat=True)) == [1, 2, 3]
        assert set(entries.values_list("organisation_id", flat=True)) == {organisation.pk}
        assert verify(chain_of(world, organisation)).ok
    assert set(chains()) == {chain_of(world, here), chain_of(world, there), "system"}
    # A forged entry in one chain leaves the other intact.
    last = AccessLogEntry.objects.get(chain=chain_of(world, there), seq=3)
    forged = copy(last, seq=4, prev_hash=last.entry_hash, entry_hash="e" * 64)
    AccessLogEntry.objects.bulk_create([forged])
    assert verify(chain_of(world, there)).broken_at == 4
    assert verify(chain_of(world, here)).ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_chain_one_after_the_other(world) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database serialises writers by refusing them, not queueing")
    errors: list[BaseException] = []

    def writer(organisation) -> None:
        try:
            for n in range(10):
                access_log_add(
                    user=None,
                    username="thread",
                    event=AccessEvent.READ,
                    organisation_id=organisation.pk,
                    object_id=n,
                )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=writer, args=(org,))
        for org in (world.organisation, world.organisation, world.other_organisation)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    # Each organisation's entries are in its own chains (more than one when
    # two calls wrote at the same moment), every chain intact.
    for organisation, written in ((world.organisation, 20), (world.other_organisation, 10)):
        names = [n for n in chain_names(organisation.pk) if n in chains()]
        checks = [verify(name) for name in names]
        assert all(check.ok for check in checks), checks
        assert sum(check.entries for check in checks) == written
        assert set(
            AccessLogEntry.objects.filter(chain__in=names).values_list("organisation_id", flat=True)
        ) == {organisation.pk}


@pytest.mark.django_db(transaction=True)
def test_a_call_takes_the_next_chain_while_the_first_is_being_written(world) -> None:
    """A busy organisation's calls do not queue on one row: while one
    transaction holds `org-N`, another call appends to `org-N.1` at once."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: there is no lock to step past")
    [first] = add(world)  # makes the first chain
    holding, release = threading.Event(), threading.Event()

    def holder() -> None:
        try:
            with transaction.atomic():
                AccessLogHead.objects.select_for_update().get(chain=first.chain)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert holding.wait(10)
        [second] = add(world)
    finally:
        release.set()
        thread.join()
    assert (first.chain, second.chain) == (chain_of(world), chain_of(world) + ".1")
    assert second.seq == 1 and verify(second.chain).ok and verify(first.chain).ok
    assert add(world)[0].chain == first.chain  # free again: the first chain
    assert f"{chain_of(world)}.1 (Riverside): 1 entry, OK" in run().splitlines()


# ------------------------------------------------------------------ the command


def run(*args: str) -> str:
    out = StringIO()
    call_command("verify_access_log", *args, stdout=out)
    return out.getvalue()


def test_the_command_on_an_empty_log() -> None:
    assert run() == "The access log is empty.\n"


def test_the_command_reports_every_chain_ok(world) -> None:
    add(world, 3)
    add(world, 1, organisation=world.other_organisation, user="stranger_boss")
    here, there = world.organisation, world.other_organisation
    assert run().splitlines() == sorted(
        [
            f"org-{here.pk} (Riverside): 3 entries, OK",
            f"org-{there.pk} (Elsewhere): 1 entry, OK",
        ]
    )


def test_the_command_names_the_first_broken_entry_and_exits_1(world) -> None:
    add(world, 2)
    entries = add(world, 2, organisation=world.other_organisation, user="stranger_boss")
    forged = copy(entries[-1], seq=3, prev_hash=entries[-1].entry_hash, entry_hash="d" * 64)
    AccessLogEntry.objects.bulk_create([forged])
    out = StringIO()
    with pytest.raises(CommandError, match="1 chain of the access log is broken") as error:
        call_command("verify_access_log", stdout=out)
    assert error.value.returncode == 1
    lines = dict(line.split(": ", 1) for line in out.getvalue().splitlines())
    here, there = world.organisation, world.other_organisation
    assert lines == {
        f"org-{here.pk} (Riverside)": "2 entries, OK",
        f"org-{there.pk} (Elsewhere)": (
            "2 entries, BROKEN at entry 3: it was changed after it was written"
        ),
    }
    # One chain asked for by name: only it is checked.
    assert run("--chain", chain_name(here.pk)) == f"org-{here.pk} (Riverside): 2 entries, OK\n"


def test_a_chain_emptied_behind_the_apps_back_is_still_checked(world) -> None:
    add(world, 1)
    if connection.vendor == "sqlite":
        raw("DELETE FROM privacy_accesslogentry", [])
    else:  # the database refuses: make the head claim one more instead
        AccessLogHead.objects.update(seq=F("seq") + 1)
    with pytest.raises(CommandError) as error:
        run()
    assert error.value.returncode == 1


def test_every_stored_field_is_in_the_hash(world) -> None:
    entry = add(world)[0]
    assert abs((timezone.now() - entry.at).total_seconds()) < 60
    assert entry.channel == Channel.PAGE
    for change in (
        {"at": entry.at.replace(year=entry.at.year - 1)},
        {"username": "someone else"},
        {"subjects": ""},
        {"reason": "audit"},
        {"object_id": "sd-other"},
        {"event": AccessEvent.EXPORTED},
    ):
        assert entry_hash(copy(entry, **change)) != entry.entry_hash, change
