"""A policy in words, for its page: what each rule and standard says."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervisiondesk.compliance.formatting import choice_label, how_often, interval_label
from supervisiondesk.people.choices import CaseType, Category, RelationshipKind, Risk, ServiceType
from supervisiondesk.policies.policy import Policy, Rule
from supervisiondesk.supervision.agenda import section_specs
from supervisiondesk.supervision.choices import Function, SessionKind

STANDARD_LABELS = {
    "record_working_days": gettext_lazy("Session recorded within (working days)"),
    "case_record_working_days": gettext_lazy(
        "Case discussion on the child's record within (working days)"
    ),
    "sign_off_working_days": gettext_lazy("Record signed within (working days)"),
    "share_working_days": gettext_lazy("Record shared with the supervisee within (working days)"),
    "rearrange_working_days": gettext_lazy("Cancelled session rearranged within (working days)"),
    "agreement_review": gettext_lazy("Agreement reviewed every"),
    "max_supervisees": gettext_lazy("Most supervisees per supervisor"),
    "min_duration_minutes": gettext_lazy("Shortest formal session (minutes)"),
    "return_grace_days": gettext_lazy("Days after an absence before supervision is due"),
    "balance_window": gettext_lazy("Sessions looked at for the balance of functions"),
}


@dataclass(frozen=True)
class Line:
    subject: str
    rule: str


@dataclass(frozen=True)
class PolicySummary:
    individual: list[Line]
    group: list[Line]
    cases: list[Line]
    standards: list[Line]
    relationships: str
    qualifying: list[Line]
    functions: str
    agenda: list[tuple[str, bool]]  # (title, personal)


def _rule(rule: Rule) -> str:
    return how_often(str(rule.target), str(rule.maximum), rule.first and str(rule.first))


def _ordered(choices: type, values) -> list[str]:
    """Values in the order of their choices, unknown ones last."""
    order = {value: n for n, value in enumerate(choices.values)}
    return sorted(values, key=lambda v: (order.get(v, len(order)), v))


def summarise(policy: Policy) -> PolicySummary:
    individual = []
    for category in _ordered(Category, policy.individual):
        phases = policy.individual[category].phases
        parts = []
        for phase in phases:
            text = _rule(phase.rule)
            if phase.until is not None:
                text = _("%(rule)s until %(until)s") % {
                    "rule": text,
                    "until": interval_label(str(phase.until)),
                }
            parts.append(text)
        individual.append(Line(choice_label(Category, category), _("; then ").join(parts)))

    group = []
    if policy.group is not None:
        members = ", ".join(
            choice_label(Category, c) for c in _ordered(Category, policy.group.categories)
        )
        group.append(Line(_("Who"), members))
        for service in _ordered(ServiceType, policy.group.by_service):
            rule = policy.group.by_service[service]
            group.append(
                Line(choice_label(ServiceType, service), _rule(rule) if rule else _("no rule"))
            )
        other = policy.group.other_teams
        group.append(Line(_("Other teams"), _rule(other) if other else _("no rule")))

    cases = []
    type_order = {value: n for n, value in enumerate(CaseType.values)}
    by_type: dict[str, dict[str, Rule]] = {}
    for (case_type, risk), rule in policy.case.items():
        by_type.setdefault(case_type, {})[risk] = rule
    for case_type in sorted(by_type, key=lambda t: (type_order.get(t, len(type_order)), t)):
        rules = by_type[case_type]
        label = choice_label(CaseType, case_type)
        if len(rules) == len(Risk.values) and len(set(rules.values())) == 1:
            cases.append(Line(label, _rule(next(iter(rules.values())))))  # the same at any risk
            continue
        for risk in _ordered(Risk, rules):
            subject = _("%(type)s, %(risk)s risk") % {
                "type": label,
                "risk": choice_label(Risk, risk).lower(),
            }
            cases.append(Line(subject, _rule(rules[risk])))

    standards = []
    for name, label in STANDARD_LABELS.items():
        value = getattr(policy.standards, name)
        shown = _("not set") if value is None else str(value)
        if name == "agreement_review" and value is not None:
            shown = interval_label(str(value))
        standards.append(Line(str(label), shown))

    def kinds(values) -> str:
        return ", ".join(choice_label(SessionKind, v) for v in _ordered(SessionKind, values))

    return PolicySummary(
        individual=individual,
        group=group,
        cases=cases,
        standards=standards,
        relationships=", ".join(
            choice_label(RelationshipKind, kind)
            for kind in _ordered(RelationshipKind, policy.relationships_that_count)
        ),
        qualifying=[
            Line(_("Individual supervision"), kinds(policy.qualifying_sessions.individual)),
            Line(_("Group supervision"), kinds(policy.qualifying_sessions.group)),
            Line(_("Case supervision"), kinds(policy.qualifying_sessions.case)),
        ],
        functions=", ".join(choice_label(Function, f) for f in policy.functions),
        agenda=[
            (title, personal) for _k, title, _p, personal in section_specs(policy.standing_agenda)
        ],
    )
