"""Supervision agreements (issue 4 item 1; Tameside 4.1, Southwark Standard 2,
Inter-agency guidelines on external supervisors).

One agreement per supervisory pair or per group, in versions. The supervisor
(a group's facilitator) starts it, pre-filled from the policy in force so
people edit rather than start from blank; any party edits a version until
every party has signed it; an edit takes away the signatures already given,
since each party must sign what they agreed. A signed version is locked: a
review copies it into the next version. The first agreed version sets the
agreement's `signed_on`, each later one its `reviewed_on`: the two dates
the compliance engine reads.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervisiondesk.people.choices import RelationshipKind
from supervisiondesk.people.models import StaffMember, SupervisoryRelationship
from supervisiondesk.supervision.agreement_selectors import (
    CONTENT_FIELDS,
    active_on,
    is_external,
    missing_contents,
    parties,
)
from supervisiondesk.supervision.choices import ReviewReason
from supervisiondesk.supervision.models import (
    AgreementSignature,
    AgreementVersion,
    SupervisionAgreement,
    SupervisionGroup,
)
from supervisiondesk.supervision.services.agreement_wording import default_contents
from supervisiondesk.supervision.services.common import (
    EditConflict,
    NotAllowed,
    organisation_today,
    staff_of_user,
    version_bump,
)

REVIEW_REASONS = tuple(r for r in ReviewReason.values if r != ReviewReason.FIRST)
LOCKED = gettext_lazy(
    "This version has been signed by everyone and is locked: start a review to change it."
)


def _party_or_refuse(agreement: SupervisionAgreement, by: AbstractBaseUser) -> StaffMember:
    staff = staff_of_user(by, agreement.supervisor.organisation)
    if not any(p.pk == staff.pk for p in parties(agreement)):
        raise NotAllowed(_("Only the parties to this agreement can do this."))
    return staff


def _latest(agreement: SupervisionAgreement) -> AgreementVersion:
    return AgreementVersion.objects.filter(agreement=agreement).order_by("-number").first()


# ---------------------------------------------------------------- starting


@transaction.atomic
def agreement_start(
    *,
    supervisor: StaffMember,
    supervisee: StaffMember | None = None,
    group: SupervisionGroup | None = None,
    by: AbstractBaseUser,
) -> SupervisionAgreement:
    """A new agreement with its first version, worded from today's policy."""
    if (supervisee is None) == (group is None):
        raise NotAllowed(_("Choose either a supervisee or a group."))
    starter = staff_of_user(by, supervisor.organisation)
    if starter.pk != supervisor.pk:
        raise NotAllowed(_("Only the supervisor starts a supervision agreement."))
    today = organisation_today(supervisor.organisation)
    # Two clicks on "start" must not make two agreements for one pair: the
    # lock on the supervisor's row queues the second behind the first.
    StaffMember.objects.select_for_update().filter(pk=supervisor.pk).first()
    external = False
    if group is not None:
        if group.organisation_id != supervisor.organisation_id or (
            group.facilitator_id != supervisor.pk
        ):
            raise NotAllowed(_("A group's agreement is started by the group's facilitator."))
        if SupervisionAgreement.objects.filter(group=group).exists():
            raise NotAllowed(
                _("The group %(group)s already has an agreement: review it instead.")
                % {"group": group.name}
            )
    else:
        if supervisee.pk == supervisor.pk:
            raise NotAllowed(_("Nobody supervises themselves."))
        kinds = set(
            SupervisoryRelationship.objects.filter(
                active_on(today), supervisor=supervisor, supervisee=supervisee
            ).values_list("kind", flat=True)
        )
        if not kinds:
            raise NotAllowed(
                _("%(name)s is not your supervisee today.") % {"name": supervisee.name}
            )
        if SupervisionAgreement.objects.filter(
            supervisor=supervisor, supervisee=supervisee
        ).exists():
            raise NotAllowed(
                _("You already have an agreement with %(name)s: review it instead.")
                % {"name": supervisee.name}
            )
        external = RelationshipKind.EXTERNAL in kinds
    agreement = SupervisionAgreement(supervisor=supervisor, supervisee=supervisee, group=group)
    agreement.full_clean()
    agreement.save()
    version = AgreementVersion(
        agreement=agreement,
        number=1,
        reason=ReviewReason.FIRST,
        created_by=by,
        **default_contents(agreement, today=today, external=external),
    )
    version.full_clean()
    version.save()
    return agreement


# ---------------------------------------------------------------- editing and signing


@transaction.atomic
def agreement_version_save(
    *,
    version: AgreementVersion,
    expected_edit_version: int,
    by: AbstractBaseUser,
    **contents: Any,
) -> AgreementVersion:
    """Save a party's changes to a version not yet agreed. Refused with
    EditConflict when someone saved it since `expected_edit_version`."""
    unknown = set(contents) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"not contents of an agreement: {', '.join(sorted(unknown))}")
    agreement = version.agreement
    _party_or_refuse(agreement, by)
    if version.agreed_on is not None or version.pk != _latest(agreement).pk:
        raise NotAllowed(LOCKED)
    changed = [name for name, value in contents.items() if getattr(version, name) != value]
    if not changed:
        # Nothing to save: keep the signatures, but still tell a stale form.
        if not AgreementVersion.objects.filter(
            pk=version.pk, edit_version=expected_edit_version
        ).exists():
            raise EditConflict()
        return version
    version.edit_version = version_bump(
        model=AgreementVersion, pk=version.pk, field="edit_version", expected=expected_edit_version
    )
    for name in changed:
        setattr(version, name, contents[name])
    version.full_clean()
    version.save(update_fields=[*changed, "edit_version"])
    # Each party signs what they agreed: a change takes every signature away.
    AgreementSignature.objects.filter(version=version).delete()
    return version


@transaction.atomic
def agreement_sign(*, version: AgreementVersion, by: AbstractBaseUser) -> AgreementSignature:
    """A party signs the latest version; the last signature agrees it."""
    # Locked so that two last signatures at once agree the version once.
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    agreement = (
        # of=self: PostgreSQL locks no nullable side of an outer join.
        SupervisionAgreement.objects.select_for_update(of=("self",))
        .select_related("supervisor__organisation", "supervisee", "group__facilitator")
        .get(pk=version.agreement_id)
    )
    staff = _party_or_refuse(agreement, by)
    if version.pk != _latest(agreement).pk:
        raise NotAllowed(_("Only the latest version of an agreement can be signed."))
    if version.agreed_on is not None:
        raise NotAllowed(_("This version has already been agreed by everyone."))
    if AgreementSignature.objects.filter(version=version, staff=staff).exists():
        raise NotAllowed(_("You have already signed this version."))
    today = organisation_today(agreement.supervisor.organisation)
    missing = missing_contents(version, agreement, external=is_external(agreement, today))
    if missing:
        raise NotAllowed(
            _("Fill in every part of the agreement before signing: %(parts)s.")
            % {"parts": ", ".join(missing)}
        )
    signature = AgreementSignature.objects.create(version=version, staff=staff)
    signed = set(
        AgreementSignature.objects.filter(version=version).values_list("staff_id", flat=True)
    )
    if all(p.pk in signed for p in parties(agreement)):
        version.agreed_on = today
        version.save(update_fields=["agreed_on"])
        if agreement.signed_on is None:
            agreement.signed_on = today
        else:
            agreement.reviewed_on = today
        agreement.full_clean()
        agreement.save(update_fields=["signed_on", "reviewed_on"])
    return signature


@transaction.atomic
def agreement_review_start(
    *, agreement: SupervisionAgreement, reason: str, by: AbstractBaseUser
) -> AgreementVersion:
    """The next version, a copy of the agreed one, for the parties to change
    and sign; the agreed one stays in force until then."""
    if reason not in REVIEW_REASONS:
        raise NotAllowed(_("Say why the agreement is being reviewed."))
    agreement = SupervisionAgreement.objects.select_for_update().get(pk=agreement.pk)
    _party_or_refuse(agreement, by)
    latest = _latest(agreement)
    if latest is None:
        # An agreement that came from a data folder has its dates but no
        # text: its review is its first written version.
        today = organisation_today(agreement.supervisor.organisation)
        version = AgreementVersion(
            agreement=agreement,
            number=1,
            reason=reason,
            created_by=by,
            **default_contents(agreement, today=today, external=is_external(agreement, today)),
        )
        version.full_clean()
        version.save()
        return version
    if latest.agreed_on is None:
        raise NotAllowed(
            _("Version %(n)d is still being agreed: change it rather than start a review.")
            % {"n": latest.number}
        )
    if agreement.group_id is not None and agreement.supervisor_id != agreement.group.facilitator_id:
        # A new facilitator takes the agreement over at its review.
        agreement.supervisor = agreement.group.facilitator
        agreement.save(update_fields=["supervisor"])
    version = AgreementVersion(
        agreement=agreement,
        number=latest.number + 1,
        reason=reason,
        created_by=by,
        **{name: getattr(latest, name) for name in CONTENT_FIELDS},
    )
    version.full_clean()
    version.save()
    return version
