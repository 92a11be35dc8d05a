"""Reads for the agreement pages: each agreement's state (draft, waiting for
signatures, agreed, review due or overdue), who its parties are, and the
supervisees and groups for which the user may start one.

The state's review date follows the compliance engine (spec 4, "Agreement"):
the latest signature or review plus the policy's `agreement_review`, in the
policy in force on the day asked about. Every read here costs a fixed number
of queries, whatever the number of agreements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from supervisiondesk.compliance.intervals import Interval
from supervisiondesk.people.choices import RelationshipKind
from supervisiondesk.people.models import StaffMember, SupervisoryRelationship
from supervisiondesk.people.selectors import active_on
from supervisiondesk.policies.selectors import NoPolicyError, policy_timeline
from supervisiondesk.supervision import access
from supervisiondesk.supervision.access import AnyUser
from supervisiondesk.supervision.models import (
    AgreementSignature,
    AgreementVersion,
    SupervisionAgreement,
    SupervisionGroup,
)
from supervisiondesk.supervision.services.common import organisation_today

# What a version holds, in the order the policies list it; the form, the
# pages and the review's copy all follow this list.
CONTENT_FIELDS = (
    "record_keeping",
    "confidentiality",
    "supervisor_expectations",
    "supervisee_expectations",
    "frequency",
    "duration_minutes",
    "cancellation",
    "rearranging",
    "learning_style",
    "external_confidentiality",
)

DRAFT = "draft"
AWAITING = "awaiting"
AGREED = "agreed"
STATE_LABELS = {
    DRAFT: _("Draft"),
    AWAITING: _("Waiting for signatures"),
    AGREED: _("Agreed"),
}


# ---------------------------------------------------------------- pure rules


def parties(agreement: SupervisionAgreement) -> list[StaffMember]:
    """Who signs: supervisor and supervisee; for a group, its facilitator
    today and every member (from `group.members` as prefetched, if it was)."""
    if agreement.group_id is None:
        return [agreement.supervisor, agreement.supervisee]
    group = agreement.group
    members = (m for m in group.members.all() if m.pk != group.facilitator_id)
    return [group.facilitator, *sorted(members, key=lambda m: m.name)]


def required_fields(agreement: SupervisionAgreement, *, external: bool) -> list[str]:
    """The contents every policy asks for; the learning style is one person's,
    so a group's agreement may leave it out, and only an external supervisor
    needs the external measures."""
    fields = [f for f in CONTENT_FIELDS if f not in ("learning_style", "external_confidentiality")]
    if agreement.group_id is None:
        fields.append("learning_style")
    if external:
        fields.append("external_confidentiality")
    return fields


def missing_contents(
    version: AgreementVersion, agreement: SupervisionAgreement, *, external: bool
) -> list[str]:
    """The verbose names of required contents still empty: nobody signs a gap."""
    missing = []
    for name in required_fields(agreement, external=external):
        value = getattr(version, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(AgreementVersion._meta.get_field(name).verbose_name))
    return missing


def review_due_on(agreement: SupervisionAgreement, review: Interval | None) -> date | None:
    """The engine's review date: the latest signature or review plus the interval."""
    last = max((d for d in (agreement.signed_on, agreement.reviewed_on) if d), default=None)
    if last is None or review is None:
        return None
    return review.after(last)


def review_interval(organisation, on: date) -> Interval | None:
    try:
        return policy_timeline(organisation=organisation).at(on).standards.agreement_review
    except NoPolicyError:
        return None


def is_external(agreement: SupervisionAgreement, on: date) -> bool:
    """An external supervisor's agreement also says how case information stays
    confidential (Inter-agency guidelines)."""
    if agreement.group_id is not None:
        return False
    return SupervisoryRelationship.objects.filter(
        active_on(on),
        supervisor_id=agreement.supervisor_id,
        supervisee_id=agreement.supervisee_id,
        kind=RelationshipKind.EXTERNAL,
    ).exists()


# ---------------------------------------------------------------- states


@dataclass(frozen=True)
class AgreementState:
    agreement: SupervisionAgreement
    versions: list[AgreementVersion]  # latest first
    parties: list[StaffMember]
    signatures: list[AgreementSignature]  # on the latest version
    waiting_for: list[StaffMember]  # parties who have not signed the latest version
    state: str  # DRAFT, AWAITING or AGREED: of the latest version
    review_due: date | None  # from the agreed versions; None before the first
    review_overdue: bool

    @property
    def latest(self) -> AgreementVersion | None:
        """None for an agreement from a data folder: dates, no text yet."""
        return self.versions[0] if self.versions else None

    @property
    def imported(self) -> bool:
        return not self.versions

    @property
    def in_force(self) -> AgreementVersion | None:
        """The latest version every party signed: what holds during a review."""
        return next((v for v in self.versions if v.agreed_on is not None), None)

    @property
    def under_review(self) -> bool:
        return bool(self.versions) and self.latest.agreed_on is None and self.in_force is not None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def title(self) -> str:
        agreement = self.agreement
        if agreement.group_id is not None:
            return str(_("Group: %(name)s") % {"name": agreement.group.name})
        return str(
            _("%(supervisor)s and %(supervisee)s")
            % {"supervisor": agreement.supervisor.name, "supervisee": agreement.supervisee.name}
        )

    def is_party(self, staff: StaffMember) -> bool:
        return any(p.pk == staff.pk for p in self.parties)

    def has_signed(self, staff: StaffMember) -> bool:
        return any(s.staff_id == staff.pk for s in self.signatures)


def _state(agreement: SupervisionAgreement, review: Interval | None, on: date) -> AgreementState:
    versions = sorted(agreement.versions.all(), key=lambda v: v.number, reverse=True)
    latest = versions[0] if versions else None
    people = parties(agreement)
    signatures = list(latest.signatures.all()) if latest else []
    signed = {s.staff_id for s in signatures}
    if latest is None:
        # From a data folder: signed there (the loader reads only signed ones).
        state = AGREED if agreement.signed_on else DRAFT
    elif latest.agreed_on is not None:
        state = AGREED
    elif signatures:
        state = AWAITING
    else:
        state = DRAFT
    due = review_due_on(agreement, review)
    return AgreementState(
        agreement=agreement,
        versions=versions,
        parties=people,
        signatures=signatures,
        waiting_for=[] if state == AGREED else [p for p in people if p.pk not in signed],
        state=state,
        review_due=due,
        review_overdue=due is not None and on > due,
    )


_SIGNATURES = Prefetch("signatures", queryset=AgreementSignature.objects.select_related("staff"))


def _with_parts(agreements: QuerySet[SupervisionAgreement], *, contents: bool):
    versions = AgreementVersion.objects.prefetch_related(_SIGNATURES)
    if not contents:
        # The list shows states only: the long texts stay in the database.
        versions = versions.only("id", "agreement_id", "number", "reason", "agreed_on")
    return agreements.select_related(
        "supervisor", "supervisee", "group", "group__facilitator"
    ).prefetch_related(Prefetch("versions", queryset=versions), "group__members")


def agreement_states(*, user: AnyUser, on: date | None = None) -> list[AgreementState]:
    """The user's own agreements (those they are a party to: a manager reads
    their supervisors' agreements through `access.agreement_for`, but they are
    not theirs to act on), those needing the
    user's signature first, then by name."""
    staff = access.staff_of(user)
    on = on or organisation_today(staff.organisation)
    review = review_interval(staff.organisation, on)
    agreements = _with_parts(access.own_agreements(user), contents=False)
    states = [_state(a, review, on) for a in agreements]
    states.sort(
        key=lambda s: (
            not any(p.pk == staff.pk for p in s.waiting_for),
            not s.review_overdue,
            s.title.casefold(),
        )
    )
    return states


def agreement_state(*, agreement: SupervisionAgreement, on: date) -> AgreementState:
    """One agreement (already checked through `access.agreement_for`) with every
    version in full and its signatures."""
    agreement = _with_parts(SupervisionAgreement.objects.filter(pk=agreement.pk), contents=True)[0]
    review = review_interval(agreement.supervisor.organisation, on)
    return _state(agreement, review, on)


# ---------------------------------------------------------------- starting one


@dataclass(frozen=True)
class Startable:
    supervisees: list[StaffMember]
    groups: list[SupervisionGroup]


def startable(*, staff: StaffMember, on: date) -> Startable:
    """Those `staff` supervises on `on` (any kind of relationship) and the
    groups they facilitate, that have no agreement with them yet."""
    agreed = SupervisionAgreement.objects.filter(supervisor=staff, supervisee__isnull=False)
    relationships = (
        SupervisoryRelationship.objects.filter(active_on(on), supervisor=staff)
        .filter(active_on(on, "supervisee__"))
        .exclude(supervisee__in=agreed.values("supervisee"))
        .select_related("supervisee")
        .order_by("supervisee__name", "kind")
    )
    supervisees = list({r.supervisee_id: r.supervisee for r in relationships}.values())
    groups = list(
        SupervisionGroup.objects.filter(organisation=staff.organisation, facilitator=staff)
        .exclude(pk__in=SupervisionAgreement.objects.filter(group__isnull=False).values("group"))
        .order_by("name")
    )
    return Startable(supervisees=supervisees, groups=groups)
