"""`rows_in`: the loaders' one way to read rows by key (an IN on SQLite, one
array on PostgreSQL; the suite runs on both)."""

from __future__ import annotations

import pytest

from supervisiondesk.people import loaders
from supervisiondesk.people.models import StaffMember
from supervisiondesk.people.tests.factories import OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("chunk", [2, 5000])
def test_keys_read_exactly_their_rows(monkeypatch, chunk) -> None:
    organisation = OrganisationFactory()
    staff = [StaffFactory(organisation=organisation) for _ in range(7)]
    monkeypatch.setattr(loaders, "CHUNK", chunk)
    chosen = {staff[0].pk, staff[3].pk, staff[6].pk}
    everyone = StaffMember.objects.filter(organisation=organisation)
    by_pk = sorted(loaders.rows_in(everyone, "pk", chosen, "pk", "staff_id"))
    assert by_pk == sorted((s.pk, s.staff_id) for s in staff if s.pk in chosen)
    # A field other than the key, and a key nobody has.
    by_organisation = list(
        loaders.rows_in(everyone, "organisation_id", {organisation.pk, -1}, "pk")
    )
    assert sorted(pk for (pk,) in by_organisation) == sorted(s.pk for s in staff)
    assert list(loaders.rows_in(everyone, "pk", set(), "pk")) == []
    assert len(list(loaders.rows_in(everyone, "pk", None, "pk"))) == 7
