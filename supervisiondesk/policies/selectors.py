"""Reads of an organisation's policy over time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from supervisiondesk.people.models import Organisation
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.policies.policy import Policy, PolicyError, PolicyTimeline


class NoPolicyError(PolicyError):
    """An organisation with no policy version: set one before any report."""


def policy_timeline(*, organisation: Organisation) -> PolicyTimeline:
    """The organisation's policy versions, for the compliance engine (one query)."""
    versions = [
        (version.effective_from, version.policy())
        for version in PolicyVersion.objects.filter(organisation=organisation)
    ]
    if not versions:
        raise NoPolicyError(f"{organisation.name} has no supervision policy yet.")
    return PolicyTimeline(tuple(versions))


@dataclass(frozen=True)
class VersionRow:
    version: PolicyVersion
    policy: Policy
    in_force: bool  # on the day asked about
    future: bool


def policy_history(*, organisation: Organisation, on: date) -> list[VersionRow]:
    """Every version, latest first, marking the one in force on `on`."""
    versions = list(
        PolicyVersion.objects.filter(organisation=organisation).select_related("created_by")
    )
    in_force = None
    for version in versions:  # by effective_from; the first covers earlier days too
        if in_force is None or version.effective_from <= on:
            in_force = version
    return [
        VersionRow(
            version=version,
            policy=version.policy(),
            in_force=version is in_force,
            future=version.effective_from > on,
        )
        for version in reversed(versions)
    ]
