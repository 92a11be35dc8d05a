import pytest


@pytest.fixture(scope="class")
def demo_figures_today(demo_seeded, django_db_blocker):
    """The pages' today (the real clock), with the demo's figures stored
    for it: once per class, inside the class's demo transaction (the demo
    was seeded, and its figures stored, on an earlier day)."""
    from supervisiondesk.people.demo.roster import ORGANISATION
    from supervisiondesk.people.models import Organisation
    from supervisiondesk.reports.services import snapshots_refresh
    from supervisiondesk.supervision.services.common import organisation_today

    with django_db_blocker.unblock():
        organisation = Organisation.objects.get(name=ORGANISATION)
        day = organisation_today(organisation)
        snapshots_refresh(organisation=organisation, today=day)
    return day
