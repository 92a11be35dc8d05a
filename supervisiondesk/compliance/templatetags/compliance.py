"""Template filters for the engine's words (see compliance/formatting.py)."""

from __future__ import annotations

from typing import Any

from django import template

from supervisiondesk.compliance import formatting
from supervisiondesk.people.choices import CaseType, Category, Risk

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return str(formatting.STATUS_LABELS.get(status, status))


@register.filter
def requirement_label(requirement: str) -> str:
    return str(formatting.REQUIREMENT_LABELS.get(requirement, requirement))


@register.filter
def rule_label(rule: dict[str, Any], requirement: str) -> str:
    return formatting.rule_label(rule, requirement)


@register.filter
def case_type_label(value: str) -> str:
    return formatting.choice_label(CaseType, value)


@register.filter
def category_label(value: str) -> str:
    return formatting.choice_label(Category, value)


@register.filter
def risk_label(value: str) -> str:
    return formatting.choice_label(Risk, value)
