"""The scheduler: each job once per period in each organisation's own time,
however often it ticks; its tasks run by django-tasks-db's worker; a run
that lost a race to another scheduler leaves no task behind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django_tasks_db.models import DBTaskResult

from supervisiondesk.jobs.models import ScheduledRun
from supervisiondesk.jobs.services import jobs_run, schedule_tick
from supervisiondesk.notifications.models import Notification
from supervisiondesk.people.tests.world import World

pytestmark = pytest.mark.django_db


def runs() -> list[tuple[str, str]]:
    return sorted(ScheduledRun.objects.values_list("job", "period"))


def ours(world: World, enqueued: list[ScheduledRun]) -> set[tuple[str, str]]:
    """The runs of the world's organisation and the site-wide ones (the
    world has a second organisation, in London)."""
    return {
        (r.job, r.period) for r in enqueued if r.organisation_id in (None, world.organisation.pk)
    }


def test_each_job_once_per_period(world: World) -> None:
    world.organisation.time_zone = "America/Bogota"  # UTC-5
    world.organisation.save()
    # 05:30 UTC is 00:30 in Bogotá: the hour's reminders, no figures yet;
    # in UTC it is after three, so the site-wide prune is due.
    first = datetime(2026, 11, 23, 5, 30, tzinfo=UTC)
    assert ours(world, schedule_tick(now=first)) == {
        ("reminders", "2026-11-23T00"),
        ("prune", "2026-11-23"),
    }
    assert schedule_tick(now=first + timedelta(minutes=20)) == []
    later = first + timedelta(hours=1)  # 01:30 in Bogotá
    assert ours(world, schedule_tick(now=later)) == {
        ("reminders", "2026-11-23T01"),
        ("indicators", "2026-11-23"),
    }
    assert schedule_tick(now=later) == []
    assert DBTaskResult.objects.count() == len(runs())


def test_a_scheduler_that_loses_the_race_enqueues_nothing(world: World, monkeypatch) -> None:
    now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    schedule_tick(now=now)
    before = (DBTaskResult.objects.count(), runs())
    # Another scheduler checked before this one wrote: it finds nothing there,
    # enqueues, and the constraint refuses its run, task and all.
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    assert schedule_tick(now=now) == []
    assert (DBTaskResult.objects.count(), runs()) == before


def test_the_worker_runs_the_tasks(world: World, mailoutbox) -> None:
    now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    jobs_run(now=now)
    results = DBTaskResult.objects.all()
    assert {(r.task_path.rsplit(".", 1)[1], r.status) for r in results} == {
        ("indicators", "SUCCESSFUL"),
        ("prune", "SUCCESSFUL"),
        ("reminders", "SUCCESSFUL"),
    }
    made = sum(r.return_value["made"] for r in results if r.task_path.endswith(".reminders"))
    assert made == Notification.objects.count() > 0
    # The next tick in the hour finds nothing to do; the next hour, reminders again.
    assert jobs_run(now=now + timedelta(minutes=59)) == []
    assert {r.job for r in jobs_run(now=now + timedelta(hours=1))} == {"reminders"}


def test_run_jobs_once(world: World, mailoutbox) -> None:
    out = StringIO()
    call_command("run_jobs", once=True, stdout=out)
    text = out.getvalue()
    assert "reminders for" in text and "SUCCESSFUL" in text
    assert "FAILED" not in text
