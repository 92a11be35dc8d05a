"""The wording a new supervision agreement starts with, from the policy in
force: how often (the rule for the supervisee's category, or for groups),
how long (the policy's minimum), the timescales to record, share, sign and
rearrange. Stored in the language of whoever starts it; the parties edit it.
A standard the policy does not set is left for the parties to agree."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supervisiondesk.compliance.formatting import how_often
from supervisiondesk.people.models import CategoryPeriod
from supervisiondesk.people.selectors import active_on
from supervisiondesk.policies.policy import PhasedRule, Policy, Rule
from supervisiondesk.policies.selectors import NoPolicyError, policy_timeline
from supervisiondesk.supervision.models import SupervisionAgreement


def default_contents(
    agreement: SupervisionAgreement, *, today: date, external: bool
) -> dict[str, Any]:
    """The contents of a first version, to edit."""
    try:
        policy = policy_timeline(organisation=agreement.supervisor.organisation).at(today)
    except NoPolicyError:
        policy = None
    standards = policy.standards if policy else None
    group = agreement.group_id is not None
    contents: dict[str, Any] = {
        "record_keeping": _record_keeping(policy, group=group),
        "confidentiality": _(
            "Supervision is a private space but not a secret one. What is said stays "
            "between us and in the record, except when a child or adult may be at risk "
            "of harm, when there is a concern about practice or conduct that the "
            "organisation must act on, or when the law requires it. When something has "
            "to be shared, the supervisee is told first wherever it is safe to do so."
        )
        if not group
        else _(
            "What members bring stays in the group and its record, except when a child "
            "or adult may be at risk of harm, when there is a concern about practice or "
            "conduct that the organisation must act on, or when the law requires it."
        ),
        "supervisor_expectations": _(
            "Protected time, held as planned and free from interruptions; an agenda agreed "
            "together; support, challenge and help to reflect on practice; decisions about "
            "children made clear and recorded; the record written and shared on time."
        ),
        "supervisee_expectations": _(
            "Coming prepared, with items for the agenda and updates on cases; being open "
            "about workload, wellbeing and learning needs; carrying out agreed actions, or "
            "saying early when they cannot be done; reading and signing the record."
        ),
        "frequency": _frequency(agreement, policy, today),
        "duration_minutes": standards.min_duration_minutes if standards else None,
        "cancellation": _(
            "Only in exceptional circumstances, such as illness or an emergency on a case. "
            "Whoever cancels tells the other as soon as they can, with the reason, and "
            "offers a new date."
        ),
        "rearranging": _rearranging(standards.rearrange_working_days if standards else None),
        "learning_style": "",
        "external_confidentiality": "",
    }
    if external:
        contents["external_confidentiality"] = _(
            "To agree: how case information stays confidential with an external "
            "supervisor (no names or details that identify a child or family outside "
            "the organisation's systems; where any notes are kept and for how long), "
            "and how a concern about a child's safety is passed to the line manager."
        )
    return contents


def _record_keeping(policy: Policy | None, *, group: bool) -> str:
    standards = policy.standards if policy else None
    if group:
        opening = _(
            "The facilitator, or the member who records, writes the record of each "
            "session in Supervision Desk; members may read it."
        )
    else:
        opening = _(
            "The supervisor writes the record of each session in Supervision Desk, "
            "and both of us sign it."
        )
    parts = [opening]
    if standards is None:
        return opening
    # (days, said when 0 — "N working days after D" is D itself —, said otherwise);
    # each sentence written out whole so that translators see it.
    timescales = [
        (
            standards.case_record_working_days,
            lambda: _("Decisions about a child go on the child's case record the same day."),
            lambda n: ngettext(
                "Decisions about a child go on the child's case record within %(n)d working day.",
                "Decisions about a child go on the child's case record within %(n)d working days.",
                n,
            ),
        )
    ]
    if not group:  # sign-off and sharing are individual formal supervision's
        timescales[:0] = [
            (
                standards.record_working_days,
                lambda: _("It is written on the day of the session."),
                lambda n: ngettext(
                    "It is written within %(n)d working day of the session.",
                    "It is written within %(n)d working days of the session.",
                    n,
                ),
            ),
            (
                standards.share_working_days,
                lambda: _("It is shared with the supervisee on the day of the session."),
                lambda n: ngettext(
                    "It is shared with the supervisee within %(n)d working day.",
                    "It is shared with the supervisee within %(n)d working days.",
                    n,
                ),
            ),
            (
                standards.sign_off_working_days,
                lambda: _("Both of us sign it on the day of the session."),
                lambda n: ngettext(
                    "Both of us sign it within %(n)d working day.",
                    "Both of us sign it within %(n)d working days.",
                    n,
                ),
            ),
        ]
    for days, same_day, within in timescales:
        if days is not None:
            parts.append(same_day() if days == 0 else within(days) % {"n": days})
    return " ".join(parts)


def _rearranging(days: int | None) -> str:
    if days == 0:
        return _("A cancelled or postponed session is rearranged the same day.")
    if days is None:
        return _(
            "A cancelled or postponed session is rearranged as soon as possible, with "
            "the new date agreed when it is cancelled."
        )
    return ngettext(
        "A cancelled or postponed session is rearranged within %(n)d working day.",
        "A cancelled or postponed session is rearranged within %(n)d working days.",
        days,
    ) % {"n": days}


def _rule_words(rule: Rule) -> str:
    return how_often(str(rule.target), str(rule.maximum), str(rule.first) if rule.first else None)


def _phased_words(phased: PhasedRule, category_start: date, today: date) -> str:
    """The phases still to come, with the day each ends: "every 7 days until
    12 February 2025, then every month"."""
    pieces = list(phased.pieces(category_start))
    upcoming = []
    for index, (_begins, _phase, rule) in enumerate(pieces):
        ends = pieces[index + 1][0] if index + 1 < len(pieces) else None
        if ends is None or ends > today:
            upcoming.append((rule, ends))
    words = []
    for rule, ends in upcoming:
        if ends is None:
            words.append(_rule_words(rule))
        else:
            words.append(
                _("%(how_often)s until %(date)s")
                % {"how_often": _rule_words(rule), "date": date_format(ends, "j F Y")}
            )
    text = _(", then ").join(words)
    # The field holds 200 characters; a long schedule keeps the phase in force.
    return text if len(text) <= 200 else words[0][:200]


def _frequency(agreement: SupervisionAgreement, policy: Policy | None, today: date) -> str:
    if policy is None:
        return ""
    if agreement.group_id is not None:
        rules = policy.group
        if rules is None:
            return ""
        team = agreement.group.team
        service = team.service.service_type if team is not None else None
        rule = rules.by_service.get(service, rules.other_teams)
        return _rule_words(rule) if rule is not None else ""
    category = (
        CategoryPeriod.objects.filter(active_on(today), staff=agreement.supervisee)
        .order_by("-start_date")
        .first()
    )
    phased = policy.individual.get(category.category) if category else None
    if phased is None:
        return ""
    return _phased_words(phased, category.start_date, today)
