"""factory_boy factories for people and structure."""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from supervisiondesk.people import models


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "GB-ENG"
    time_zone = "Europe/London"

    @factory.post_generation
    def policy(obj, create: bool, extracted: str | None, **kwargs) -> None:
        """`OrganisationFactory(policy="tameside-2015")`: the preset it follows."""
        if create:
            from supervisiondesk.policies.models import PolicyVersion

            PolicyVersion.objects.create(
                organisation=obj,
                effective_from=date(2000, 1, 1),
                preset=extracted or "southwark-2021",
            )


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    service_type = "cp"
    start_date = date(2024, 1, 1)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Team

    service = factory.SubFactory(ServiceFactory)
    organisation = factory.SelfAttribute("service.organisation")
    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")
    start_date = date(2024, 1, 1)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffMember

    organisation = factory.SubFactory(OrganisationFactory)
    staff_id = factory.Sequence(lambda n: f"s{n:04d}")
    name = factory.Sequence(lambda n: f"Worker {n}")
    start_date = date(2024, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TeamMembership

    staff = factory.SubFactory(StaffFactory)
    team = factory.SubFactory(
        TeamFactory, service__organisation=factory.SelfAttribute("...staff.organisation")
    )
    start_date = factory.SelfAttribute("staff.start_date")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CategoryPeriod

    staff = factory.SubFactory(StaffFactory)
    category = "qualified"
    start_date = date(2024, 1, 1)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SupervisoryRelationship

    supervisee = factory.SubFactory(StaffFactory)
    supervisor = factory.SubFactory(
        StaffFactory, organisation=factory.SelfAttribute("..supervisee.organisation")
    )
    kind = "line"
    start_date = date(2024, 1, 1)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Case

    organisation = factory.SubFactory(OrganisationFactory)
    case_id = factory.Sequence(lambda n: f"c{n:05d}")


class CasePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CasePeriod

    worker = factory.SubFactory(StaffFactory)
    case = factory.SubFactory(
        CaseFactory, organisation=factory.SelfAttribute("..worker.organisation")
    )
    case_type = "cp"
    risk = "standard"
    start_date = date(2024, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a long test password")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
